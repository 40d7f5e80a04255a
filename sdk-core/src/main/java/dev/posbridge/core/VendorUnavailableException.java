package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * The vendor could not be reached or answered with a server error (5xx, timeout, connection failure) after all retries, or its circuit breaker is open.
 *
 * <p>Retryable later: the same call with the same idempotency key may succeed once the vendor recovers.
 */
public class VendorUnavailableException extends VendorException {

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets or personal data
   * @param context where it failed
   * @param cause the underlying cause, if any
   */
  public VendorUnavailableException(String message, ErrorContext context, @Nullable Throwable cause) {
    super(message, context, true, cause);
  }
}
