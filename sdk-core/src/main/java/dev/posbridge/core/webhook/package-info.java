/**
 * Framework-agnostic webhook verification: raw request in, canonical event or typed rejection out.
 *
 * <p>Each vendor module provides a {@link dev.posbridge.core.webhook.WebhookVerifier}
 * ({@code SquareWebhookVerifier}, {@code ShopifyWebhookVerifier}, {@code QuickBooksWebhookVerifier})
 * that checks the signature in constant time over the raw body bytes exactly as received,
 * de-duplicates by the vendor's event id through an
 * {@link dev.posbridge.core.webhook.EventDeduplicator}, and parses the payload into
 * {@link dev.posbridge.core.model.ChangeEvent}s. Hand it the body before any JSON parsing or
 * re-encoding by your web framework.
 */
@NullMarked
package dev.posbridge.core.webhook;

import org.jspecify.annotations.NullMarked;
