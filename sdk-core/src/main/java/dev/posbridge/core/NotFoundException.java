package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * The addressed object does not exist in the vendor system (HTTP 404 or an empty lookup that had to succeed).
 */
public class NotFoundException extends VendorException {

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets or personal data
   * @param context where it failed
   * @param cause the underlying cause, if any
   */
  public NotFoundException(String message, ErrorContext context, @Nullable Throwable cause) {
    super(message, context, false, cause);
  }
}
