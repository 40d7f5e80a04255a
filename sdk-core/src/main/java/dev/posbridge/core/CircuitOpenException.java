package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * The call was not sent: the vendor's circuit breaker is open after repeated failures. Nothing
 * reached the vendor, so a caller that counts attempts should not count this one; the sync
 * pipeline treats it as the sink failing as a whole.
 */
public class CircuitOpenException extends VendorUnavailableException {

  /**
   * Creates the exception.
   *
   * @param message what was refused
   * @param context where
   * @param cause the cause, if any
   */
  public CircuitOpenException(String message, ErrorContext context, @Nullable Throwable cause) {
    super(message, context, cause);
  }
}
