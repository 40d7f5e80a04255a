package dev.posbridge.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The vendor throttled the caller (HTTP 429 or a vendor throttling signal) and retries did not
 * get through in time.
 *
 * <p>Retryable after {@link #retryAfter()}.
 */
public class RateLimitedException extends VendorException {

  /** How long the vendor asked to wait. */
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message what was throttled
   * @param context where it happened
   * @param retryAfter how long the vendor asked to wait; {@link Duration#ZERO} if it did not say
   * @param cause the underlying cause, if any
   */
  public RateLimitedException(
      String message, ErrorContext context, Duration retryAfter, @Nullable Throwable cause) {
    super(message, context, true, cause);
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /**
   * Returns how long the vendor asked the caller to wait before trying again.
   *
   * @return the wait, {@link Duration#ZERO} when the vendor gave none
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
