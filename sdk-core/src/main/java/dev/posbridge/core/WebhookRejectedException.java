package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * A webhook delivery was not accepted. {@link #reason()} tells a receiver what to answer: a
 * {@link Reason#DUPLICATE} was already processed and should be acknowledged with 2xx; the other
 * reasons should be answered with 4xx (the vendor will not be able to fix a bad signature by
 * retrying, but a forged request gets no information either). {@link Reason#STALE} means the
 * signed event is older than the vendor's retry window: a replay of a captured delivery, or a
 * retry so late that its state is obsolete.
 *
 * <p>A {@link LocalException}: posbridge's verifier refused an inbound request; no vendor
 * answered anything. {@link #component()} is {@code "<system>-webhook"}, e.g. {@code
 * "square-webhook"}, and {@link #operation()} is {@code "verify"}.
 */
public class WebhookRejectedException extends LocalException {

  /** Why a delivery was rejected. */
  public enum Reason {
    /** The signature header is absent. */
    MISSING_SIGNATURE,
    /** The signature does not match the body, URL and key. */
    BAD_SIGNATURE,
    /** The body is not the vendor's payload format. */
    MALFORMED,
    /** The event id was already seen: a vendor retry or a replay. */
    DUPLICATE,
    /**
     * The signed event (or delivery) is older than the replay window ({@link
     * dev.posbridge.core.webhook.WebhookVerifier#replayWindow() WebhookVerifier.replayWindow()}): a replay of a captured delivery, or a retry whose state is
     * obsolete.
     */
    STALE
  }

  /** Why the delivery was rejected. */
  private final Reason reason;

  /** The vendor system whose webhook was refused. */
  private final String system;

  /**
   * Creates the exception.
   *
   * @param reason why it was rejected
   * @param message details, without the signature or body
   * @param system the vendor system whose webhook was refused
   * @param cause the underlying cause, e.g. a parse failure
   * @throws IllegalArgumentException if {@code system} is blank
   */
  public WebhookRejectedException(
      Reason reason, String message, String system, @Nullable Throwable cause) {
    super(reason + ": " + message, system + "-webhook", "verify", false, cause);
    this.reason = reason;
    this.system = system;
  }

  /**
   * Returns why the delivery was rejected.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the vendor system whose webhook was refused (the sender it claimed to be).
   *
   * @return the system name, e.g. {@code "square"}
   */
  public String system() {
    return system;
  }
}
