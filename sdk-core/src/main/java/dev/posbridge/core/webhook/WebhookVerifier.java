package dev.posbridge.core.webhook;

/**
 * Verifies and parses one vendor's webhook deliveries. Implementations are thread-safe.
 *
 * <pre>{@code
 * WebhookEvent event = verifier.verify(WebhookRequest.of(headers, rawBody, publicUrl));
 * }</pre>
 */
public interface WebhookVerifier {

  /**
   * Verifies a delivery's signature in constant time, rejects duplicates, and parses it.
   *
   * @param request the delivery as received
   * @return the canonical event
   * @throws WebhookRejectedException if the signature is missing or wrong, the body malformed,
   *     or the event a duplicate
   */
  WebhookEvent verify(WebhookRequest request);
}
