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
    return switch (status) {
      case 400, 422 -> new ValidationException(what, ctx, List.of(), null);
      case 401 -> new AuthenticationException(what, ctx, null);
      case 403 -> new ForbiddenException(what, ctx, null);
      case 404 -> new NotFoundException(what, ctx, null);
      case 409, 412 -> new ConflictException(what, ctx, null);
      case 429 -> new RateLimitedException(what, ctx, response.retryAfter(), null);
      default -> status >= 500
          ? new VendorUnavailableException(what, ctx, null)
          : new InvalidResponseException("Unexpected HTTP status", ctx, response.bodyExcerpt(), null);
    };
  }
}
