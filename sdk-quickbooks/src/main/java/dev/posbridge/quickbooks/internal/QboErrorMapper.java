package dev.posbridge.quickbooks.internal;

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
import dev.posbridge.core.spi.ErrorResponse;
import dev.posbridge.core.spi.VendorErrorMapper;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one QBO error table (docs/vendors/quickbooks.md): branches on {@code Error.code}, not on the fault type,
 * and keeps the code and {@code intuit_tid}.
 *
 * <table>
 *   <caption>QBO error mapping</caption>
 *   <tr><th>code / status</th><th>exception</th></tr>
 *   <tr><td>3200, 100, HTTP 401</td><td>AuthenticationException</td></tr>
 *   <tr><td>3100, 120, HTTP 403</td><td>ForbiddenException</td></tr>
 *   <tr><td>3001, HTTP 429</td><td>RateLimitedException (Retry-After, else 60 s)</td></tr>
 *   <tr><td>5010 stale object, 6240 duplicate name, 6140 duplicate doc number, 6540 deposited</td>
 *       <td>ConflictException</td></tr>
 *   <tr><td>610 object not found, HTTP 404</td><td>NotFoundException</td></tr>
 *   <tr><td>other 4xx codes (2020, 2170, 2500, 6000, 6190, 6210, ...)</td>
 *       <td>ValidationException with one FieldError per Error</td></tr>
 *   <tr><td>HTTP 5xx</td><td>VendorUnavailableException (retryable)</td></tr>
 * </table>
 */
public final class QboErrorMapper implements VendorErrorMapper {

  /** QBO's advice on 429 when it sends no {@code Retry-After}. */
  public static final Duration DEFAULT_THROTTLE_WAIT = Duration.ofSeconds(60);

  private static final Set<String> AUTHENTICATION = Set.of("3200", "100");
  private static final Set<String> AUTHORIZATION = Set.of("3100", "120");
  private static final Set<String> CONFLICT = Set.of("5010", "6240", "6140", "6540");
  private final Duration throttleWait;

  /**
   * Creates the mapper.
   *
   * @param throttleWait the wait on a 429 without {@code Retry-After}
   */
  public QboErrorMapper(Duration throttleWait) {
    this.throttleWait = throttleWait;
  }

  @Override
  public VendorException map(ErrorResponse response) {
    QboFault fault = QboFault.read(response.body());
    int status = response.status();
    ErrorContext ctx = response.context();
    if (fault == null) {
      if (status == 429) {
        return throttled(ctx, response.retryAfter(), "throttled");
      }
      if (status >= 500) {
        return new VendorUnavailableException("QuickBooks Online unavailable", ctx, null);
      }
      if (status == 401) {
        return new AuthenticationException("QuickBooks Online rejected the credentials", ctx, null);
      }
      if (status == 403) {
        return new ForbiddenException("QuickBooks Online refused access", ctx, null);
      }
      if (status == 404) {
        return new NotFoundException("QuickBooks Online object not found", ctx, null);
      }
      return new InvalidResponseException(
          "QuickBooks Online error without a Fault body", ctx, response.bodyExcerpt(), null);
    }
    return map(fault, ctx, response.retryAfter());
  }

  /**
   * Maps a fault (also a batch item's).
   *
   * @param fault the fault
   * @param base the context (status, request id)
   * @param retryAfter the parsed {@code Retry-After}
   * @return the exception
   */
  public VendorException map(QboFault fault, ErrorContext base, Duration retryAfter) {
    String code = fault.firstCode();
    ErrorContext ctx = base.withVendorCode(code == null || code.isEmpty() ? fault.type() : code);
    int status = base.status();
    String summary = "QuickBooks Online fault " + fault.type() + ": " + fault.summary();
    if ((code != null && AUTHENTICATION.contains(code)) || (code == null && status == 401)) {
      return new AuthenticationException(summary, ctx, null);
    }
    if ((code != null && AUTHORIZATION.contains(code)) || (code == null && status == 403)) {
      return new ForbiddenException(summary, ctx, null);
    }
    if ("3001".equals(code) || status == 429) {
      return throttled(ctx, retryAfter, summary);
    }
    if (status >= 500) {
      return new VendorUnavailableException(summary, ctx, null);
    }
    if (code != null && CONFLICT.contains(code)) {
      return new ConflictException(summary, ctx, null);
    }
    if ("610".equals(code) || status == 404) {
      return new NotFoundException(summary, ctx, null);
    }
    List<ValidationException.FieldError> fields = fault.errors().stream()
        .map(e -> new ValidationException.FieldError(
            e.element() == null ? "" : e.element(), e.code(), e.message()))
        .toList();
    return new ValidationException("QuickBooks Online rejected the request", ctx, fields, null);
  }

  private RateLimitedException throttled(ErrorContext ctx, @Nullable Duration retryAfter, String msg) {
    Duration wait = retryAfter == null || retryAfter.isZero() ? throttleWait : retryAfter;
    return new RateLimitedException(msg, ctx.withVendorCode(
        ctx.vendorCode() == null ? "3001" : ctx.vendorCode()), wait, null);
  }
}
