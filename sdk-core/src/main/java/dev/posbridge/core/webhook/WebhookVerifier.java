package dev.posbridge.core.webhook;

import dev.posbridge.core.WebhookRejectedException;
import java.time.Duration;

/**
 * Verifies and parses one vendor's webhook deliveries. Implementations are thread-safe.
 *
 * <p>Two steps: {@link #verify} checks the signature, rejects signed events older than the
 * {@link #replayWindow() replay window} and events already accepted, and parses; once the event
 * is durably stored or processed, {@link #accepted} marks it seen. The sync engine's
 * {@code WebhookIngress} does both; a receiver calling {@code verify} itself calls
 * {@code accepted} after its own commit, so that a failure in between lets the vendor's retry in.
 *
 * <pre>{@code
 * WebhookEvent event = verifier.verify(WebhookRequest.of(headers, rawBody, publicUrl));
 * store(event);                 // your transaction
 * verifier.accepted(event);     // only now is a redelivery a duplicate
 * }</pre>
 */
public interface WebhookVerifier {

  /**
   * Verifies a delivery's signature in constant time, rejects signed events older than the replay
   * window and events already {@linkplain #accepted accepted}, and parses it. Does not mark the
   * event seen.
   *
   * @param request the delivery as received
   * @return the canonical event
   * @throws WebhookRejectedException if the signature is missing or wrong, the body malformed,
   *     the signed event older than the replay window ({@code STALE}), or the event a duplicate
   */
  WebhookEvent verify(WebhookRequest request);

  /**
   * Marks a verified event seen in the verifier's de-duplicator, after it was stored durably. The
   * default does nothing (a verifier without a de-duplicator).
   *
   * @param event an event this verifier returned
   */
  default void accepted(WebhookEvent event) {}

  /**
   * Returns how old a signed event may be and still be accepted: the vendor's retry window plus a
   * tolerance. Receipts and de-duplicated ids must be kept at least this long. The default,
   * for verifiers that do not check, is 73 hours (the longest retry window of the vendors
   * posbridge supports, Square's 72 hours, plus an hour).
   *
   * @return the replay window
   */
  default Duration replayWindow() {
    return Duration.ofHours(73);
  }
}
