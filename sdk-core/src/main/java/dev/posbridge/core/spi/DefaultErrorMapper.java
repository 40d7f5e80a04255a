package dev.posbridge.core.spi;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ValidationException;
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
  public PosbridgeException map(ErrorResponse response) {
    ErrorContext ctx = response.context();
    int status = ctx.status();
    String what = ctx.operation() + " failed with HTTP " + status;
    switch (status) {
      case 400, 422:
        return new ValidationException(what, ctx, List.of(), null);
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
