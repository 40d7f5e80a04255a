package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * The vendor rejected the credentials (HTTP 401): the token is missing, expired beyond refresh, or revoked.
 *
 * <p>Not retryable: the caller must re-authorize the connection.
 */
public class AuthenticationException extends VendorException {

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets or personal data
   * @param context where it failed
   * @param cause the underlying cause, if any
   */
  public AuthenticationException(String message, ErrorContext context, @Nullable Throwable cause) {
    super(message, context, false, cause);
  }
}
