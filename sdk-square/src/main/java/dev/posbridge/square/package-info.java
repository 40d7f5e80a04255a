/**
 * Square connector: sales (Orders API), payment refunds and returns, inventory, catalog,
 * customers, locations and webhook verification, through {@link dev.posbridge.square.SquareConnector}
 * and {@link dev.posbridge.square.SquareWebhookVerifier}.
 */
@NullMarked
package dev.posbridge.square;

import org.jspecify.annotations.NullMarked;
