package dev.posbridge.core.webhook;

import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.WebhookRejectedException.Reason;
import dev.posbridge.core.spi.Signatures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The base of the vendors' HMAC-signed webhook verifiers: it holds the system name, the
 * de-duplicator, the clock and the replay window, and offers the checks every verifier makes in
 * the same order: a signature header is present, the HMAC matches in constant time, the signed
 * time is within the replay window, the event was not accepted before.
 *
 * <p>Subclasses are thread-safe when their own state is; this class's state is immutable.
 */
public abstract class SignedWebhookVerifier implements WebhookVerifier {

  private final String system;
  private final EventDeduplicator deduplicator;
  private final Clock clock;
  private final Duration replayWindow;

  /**
   * Creates the shared part of a verifier.
   *
   * @param system the vendor's system name, as in {@link dev.posbridge.core.model.ExternalRef}
   * @param settings the de-duplicator, clock and replay window
   */
  protected SignedWebhookVerifier(String system, WebhookVerifierBuilder<?> settings) {
    this.system = Objects.requireNonNull(system, "system");
    this.deduplicator = settings.deduplicator();
    this.clock = settings.clock();
    this.replayWindow = settings.replayWindow();
  }

  /** Marks the event's id seen; call once it is durable. */
  @Override
  public void accepted(WebhookEvent event) {
    deduplicator.markSeen(system, event.eventId());
  }

  @Override
  public final Duration replayWindow() {
    return replayWindow;
  }

  /**
   * Returns the signature header of a delivery.
   *
   * @param request the delivery
   * @param header the header's name
   * @return the header's value, not blank
   * @throws WebhookRejectedException ({@code MISSING_SIGNATURE}) if the header is missing or blank
   */
  protected final String signature(WebhookRequest request, String header) {
    String signature = request.header(header);
    if (signature == null || signature.isBlank()) {
      throw reject(Reason.MISSING_SIGNATURE, "no " + header + " header", null);
    }
    return signature;
  }

  /**
   * Compares an HMAC with the Base64 signature a delivery carries, in constant time.
   *
   * @param expected the HMAC computed over the signed parts
   * @param signature the Base64 signature from the request
   * @param message what the rejection says
   * @throws WebhookRejectedException ({@code BAD_SIGNATURE}) if they differ
   */
  protected final void checkSignature(byte[] expected, String signature, String message) {
    if (!Signatures.matchesBase64(expected, signature)) {
      throw reject(Reason.BAD_SIGNATURE, message, null);
    }
  }

  /**
   * Returns the current time of the verifier's clock.
   *
   * @return now
   */
  protected final Instant now() {
    return clock.instant();
  }

  /**
   * Tells whether a signed time lies further back than the replay window.
   *
   * @param signedAt the time the delivery or event was signed with
   * @param now the current time
   * @return {@code true} if the event must be rejected as {@code STALE}
   */
  protected final boolean stale(Instant signedAt, Instant now) {
    return signedAt.plus(replayWindow).isBefore(now);
  }

  /**
   * Tells whether an event id was accepted before.
   *
   * @param eventId the id
   * @return {@code true} if the de-duplicator has seen it
   */
  protected final boolean seen(String eventId) {
    return deduplicator.seen(system, eventId);
  }

  /**
   * Marks an event id seen.
   *
   * @param eventId the id
   */
  protected final void markSeen(String eventId) {
    deduplicator.markSeen(system, eventId);
  }

  /**
   * Creates the rejection of a delivery, naming this verifier's system.
   *
   * @param reason why it is rejected
   * @param message what is wrong, without secrets
   * @param cause the underlying failure, or {@code null}
   * @return the exception, to throw
   */
  protected final WebhookRejectedException reject(
      Reason reason, String message, @Nullable Throwable cause) {
    return new WebhookRejectedException(reason, message, system, cause);
  }
}
