package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * A vendor answered with an error, could not be reached, or sent something posbridge cannot use
 * (or, for a {@link ValidationException}, a connector knows before sending that the vendor would
 * refuse the content). Carries the vendor's {@link ErrorContext}: system, operation, HTTP status,
 * vendor code and request id.
 *
 * <p>Subclasses name the category: {@link AuthenticationException}, {@link ForbiddenException},
 * {@link NotFoundException}, {@link ConflictException}, {@link ValidationException}, {@link
 * RateLimitedException}, {@link VendorUnavailableException}, {@link InvalidResponseException},
 * {@link BatchItemsException}. Failures on this side are {@link LocalException}s instead.
 */
public class VendorException extends PosbridgeException {

  /** Where the failure happened. */
  private final ErrorContext context;

  /**
   * Creates an exception.
   *
   * @param message what failed, without secrets or personal data
   * @param context where it failed
   * @param retryable whether repeating the same call may succeed
   * @param cause the underlying cause, if any
   */
  public VendorException(
      String message, ErrorContext context, boolean retryable, @Nullable Throwable cause) {
    super(message, context.toString(), retryable, cause);
    this.context = context;
  }

  /**
   * Returns where the failure happened.
   *
   * @return the error context
   */
  public ErrorContext context() {
    return context;
  }

  /**
   * Returns the vendor system, e.g. {@code "square"}.
   *
   * @return the system name
   */
  public String system() {
    return context.system();
  }

  /**
   * Returns the logical operation that failed.
   *
   * @return the operation name
   */
  public String operation() {
    return context.operation();
  }

  /**
   * Returns the HTTP status, or {@code 0} if no response was received.
   *
   * @return the HTTP status
   */
  public int status() {
    return context.status();
  }

  /**
   * Returns the vendor's own error code, if the vendor sent one.
   *
   * @return the vendor code or {@code null}
   */
  public @Nullable String vendorCode() {
    return context.vendorCode();
  }

  /**
   * Returns the vendor's request id, if the vendor sent one.
   *
   * @return the request id or {@code null}
   */
  public @Nullable String requestId() {
    return context.requestId();
  }
}
