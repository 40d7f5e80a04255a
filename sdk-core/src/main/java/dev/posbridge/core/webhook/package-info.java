/**
 * Framework-agnostic webhook verification: raw request in, canonical event or typed rejection out.
 *
 * <p>Each vendor module provides a {@link dev.posbridge.core.webhook.WebhookVerifier}
 * ({@code SquareWebhookVerifier}, {@code ShopifyWebhookVerifier}, {@code QuickBooksWebhookVerifier})
 * that checks the signature in constant time over the raw body bytes exactly as received,
 * rejects signed events older than the vendor's retry window, de-duplicates by what the signature
 * covers (the signed event id, or a digest of the signed body) through an
 * {@link dev.posbridge.core.webhook.EventDeduplicator}, and parses the payload into
 * {@link dev.posbridge.core.model.ChangeEvent}s. An event is marked seen only once it is durable
 * ({@link dev.posbridge.core.webhook.WebhookVerifier#accepted}). Hand it the body before any JSON
 * parsing or re-encoding by your web framework.
 */
@NullMarked
package dev.posbridge.core.webhook;

import org.jspecify.annotations.NullMarked;
