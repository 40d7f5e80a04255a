package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * The write lost a concurrency check: the object changed since it was read (stale version, sync token, or compare quantity), or the idempotency key was reused with a different request.
 *
 * <p>Not retryable as is: re-read the object, then write again with a fresh version.
 */
public class ConflictException extends VendorException {

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets or personal data
   * @param context where it failed
   * @param cause the underlying cause, if any
   */
  public ConflictException(String message, ErrorContext context, @Nullable Throwable cause) {
    super(message, context, false, cause);
  }
}
