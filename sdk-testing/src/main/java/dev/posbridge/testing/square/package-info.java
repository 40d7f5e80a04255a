/**
 * A stateful local simulator of Square's Connect API ({@link dev.posbridge.testing.square.SquareSimulator}),
 * for posbridge's tests and yours: locations, catalog, inventory, orders, payments, refunds,
 * customers and signed webhooks, with Square's error envelope, paging and idempotency.
 */
@NullMarked
package dev.posbridge.testing.square;

import org.jspecify.annotations.NullMarked;
