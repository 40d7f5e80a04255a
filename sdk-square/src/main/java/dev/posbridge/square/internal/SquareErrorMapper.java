package dev.posbridge.square.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Square's error table (docs/vendors/square.md): the first entry of {@code errors[]} decides, by code
 * first, then category, then HTTP status.
 *
 * <table>
 *   <caption>Square error → exception</caption>
 *   <tr><th>code / category / status</th><th>exception</th></tr>
 *   <tr><td>VERSION_MISMATCH, IDEMPOTENCY_KEY_REUSED, CONFLICT, 409</td><td>ConflictException</td></tr>
 *   <tr><td>UNAUTHORIZED, ACCESS_TOKEN_EXPIRED, ACCESS_TOKEN_REVOKED, 401</td><td>AuthenticationException</td></tr>
 *   <tr><td>FORBIDDEN, INSUFFICIENT_SCOPES, MERCHANT_SUBSCRIPTION_ERROR, 403</td><td>ForbiddenException</td></tr>
 *   <tr><td>NOT_FOUND, 404</td><td>NotFoundException</td></tr>
 *   <tr><td>RATE_LIMITED, RATE_LIMIT_ERROR, 429</td><td>RateLimitedException</td></tr>
 *   <tr><td>API_ERROR, EXTERNAL_VENDOR_ERROR, 5xx, 408</td><td>VendorUnavailableException</td></tr>
 *   <tr><td>other INVALID_REQUEST_ERROR, PAYMENT_METHOD_ERROR, REFUND_ERROR, 400</td><td>ValidationException</td></tr>
 * </table>
 */
public final class SquareErrorMapper implements VendorErrorMapper {

  private static final Set<String> CONFLICT_CODES =
      Set.of("VERSION_MISMATCH", "IDEMPOTENCY_KEY_REUSED", "CONFLICT");
  private static final Set<String> AUTH_CODES =
      Set.of("UNAUTHORIZED", "ACCESS_TOKEN_EXPIRED", "ACCESS_TOKEN_REVOKED", "UNAUTHORIZED_CLIENT");
  private static final Set<String> FORBIDDEN_CODES = Set.of("FORBIDDEN", "INSUFFICIENT_SCOPES");
  private static final Set<String> UNAVAILABLE_CODES = Set.of(
      "INTERNAL_SERVER_ERROR", "BAD_GATEWAY", "SERVICE_UNAVAILABLE", "GATEWAY_TIMEOUT");

  @Override
  public VendorException map(ErrorResponse response) {
    List<Dto.SqError> errors = parse(response.body());
    return map(response.context(), errors, response.retryAfter(), response.bodyExcerpt());
  }

  /**
   * Maps Square errors, e.g. the {@code errors[]} of a 2xx response.
   *
   * @param ctx system, operation, status and request id
   * @param errors the errors, possibly empty
   * @param retryAfter the {@code Retry-After} wait, zero if none
   * @param excerpt a body excerpt for {@link InvalidResponseException}
   * @return the exception to throw
   */
  public static VendorException map(
      ErrorContext ctx, List<Dto.SqError> errors, Duration retryAfter, String excerpt) {
    Dto.SqError first = errors.isEmpty() ? null : errors.get(0);
    String code = first == null ? null : first.code();
    String category = first == null ? null : first.category();
    int status = ctx.status();
    ErrorContext c = ctx.withVendorCode(code != null ? code : category);
    String what = "Square " + ctx.operation() + " failed (HTTP " + status
        + (code == null ? "" : ", " + code) + ")";
    if ((code != null && CONFLICT_CODES.contains(code)) || status == 409) {
      return new ConflictException(what, c, null);
    }
    if ((code != null && AUTH_CODES.contains(code)) || status == 401) {
      return new AuthenticationException(what, c, null);
    }
    if ((code != null && FORBIDDEN_CODES.contains(code)) || status == 403
        || "MERCHANT_SUBSCRIPTION_ERROR".equals(category)) {
      return new ForbiddenException(what, c, null);
    }
    if ("NOT_FOUND".equals(code) || status == 404) {
      return new NotFoundException(what, c, null);
    }
    if ("RATE_LIMITED".equals(code) || "RATE_LIMIT_ERROR".equals(category) || status == 429) {
      return new RateLimitedException(what, c, retryAfter, null);
    }
    if (status >= 500 || status == 408 || "API_ERROR".equals(category)
        || "EXTERNAL_VENDOR_ERROR".equals(category)
        || (code != null && UNAVAILABLE_CODES.contains(code))) {
      return new VendorUnavailableException(what, c, null);
    }
    if (status == 400 || status == 422 || category != null) {
      List<ValidationException.FieldError> fields = new ArrayList<>();
      for (Dto.SqError e : errors) {
        fields.add(new ValidationException.FieldError(
            e.field() == null ? "" : e.field(), e.code() == null ? "" : e.code(),
            e.detail() == null ? "" : e.detail()));
      }
      return new ValidationException(what, c, fields, null);
    }
    return new InvalidResponseException("Unexpected response from Square", c, excerpt, null);
  }

  private static List<Dto.SqError> parse(@Nullable JsonNode body) {
    List<Dto.SqError> out = new ArrayList<>();
    if (body == null || !body.path("errors").isArray()) {
      return out;
    }
    for (JsonNode e : body.path("errors")) {
      out.add(new Dto.SqError(text(e, "category"), text(e, "code"), text(e, "detail"), text(e, "field")));
    }
    return out;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
