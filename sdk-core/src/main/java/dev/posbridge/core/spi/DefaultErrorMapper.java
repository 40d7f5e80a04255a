package dev.posbridge.core.spi;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import java.util.List;

/** Maps errors by HTTP status only; vendor mappers refine it with vendor codes. */
public final class DefaultErrorMapper implements VendorErrorMapper {

  private static final DefaultErrorMapper INSTANCE = new DefaultErrorMapper();

  private DefaultErrorMapper() {}

  /**
   * Returns the shared instance.
   *
   * @return the mapper
   */
  public static DefaultErrorMapper create() {
    return INSTANCE;
  }

  @Override
  public VendorException map(ErrorResponse response) {
    ErrorContext ctx = response.context();
    return byStatus(response, ctx, ctx.operation() + " failed with HTTP " + ctx.status(), List.of());
  }

  /**
   * Maps an error response by its HTTP status alone, for a vendor mapper that has read the
   * vendor's code and field errors and has no more specific category for them.
   *
   * @param response the response
   * @param ctx the context to report, e.g. the response's with the vendor code added
   * @param rejected the message of a {@link ValidationException} (status 400 or 422)
   * @param fieldErrors the field errors of a {@link ValidationException}
   * @return the exception for the status
   */
  public static VendorException byStatus(ErrorResponse response, ErrorContext ctx, String rejected,
      List<ValidationException.FieldError> fieldErrors) {
    int status = ctx.status();
    String what = ctx.operation() + " failed with HTTP " + status;
    switch (status) {
      case 400, 422:
        return new ValidationException(rejected, ctx, fieldErrors, null);
      case 401:
        return new AuthenticationException(what, ctx, null);
      case 403:
        return new ForbiddenException(what, ctx, null);
      case 404:
        return new NotFoundException(what, ctx, null);
      case 409, 412:
        return new ConflictException(what, ctx, null);
      case 429:
        return new RateLimitedException(what, ctx, response.retryAfter(), null);
      default:
        if (status >= 500) {
          return new VendorUnavailableException(what, ctx, null);
        }
        return new InvalidResponseException("Unexpected HTTP status", ctx, response.bodyExcerpt(), null);
    }
  }
}
