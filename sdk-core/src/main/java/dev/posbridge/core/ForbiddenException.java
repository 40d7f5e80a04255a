package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * The credentials are valid but lack permission for the operation (HTTP 403, e.g. a missing scope).
 *
 * <p>Not retryable: grant the scope or permission, then try again.
 */
public class ForbiddenException extends VendorException {

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets or personal data
   * @param context where it failed
   * @param cause the underlying cause, if any
   */
  public ForbiddenException(String message, ErrorContext context, @Nullable Throwable cause) {
    super(message, context, false, cause);
  }
}
