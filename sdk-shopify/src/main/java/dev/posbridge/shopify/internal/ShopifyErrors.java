package dev.posbridge.shopify.internal;

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
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Shopify's error table: HTTP statuses, top-level GraphQL {@code errors[].extensions.code} and
 * mutation {@code userErrors[].code}, each to one posbridge exception. Vendor codes are kept in
 * {@link ErrorContext#vendorCode()}; messages carry no bodies, tokens or personal data.
 *
 * <table>
 * <caption>HTTP</caption>
 * <tr><td>400</td><td>ValidationException</td></tr>
 * <tr><td>401</td><td>AuthenticationException</td></tr>
 * <tr><td>402 (shop frozen), 403, 423 (shop locked)</td><td>ForbiddenException</td></tr>
 * <tr><td>404</td><td>NotFoundException</td></tr>
 * <tr><td>429</td><td>RateLimitedException (Retry-After, else the cost the body implies)</td></tr>
 * <tr><td>5xx</td><td>VendorUnavailableException</td></tr>
 * </table>
 */
public final class ShopifyErrors implements VendorErrorMapper {

  private static final Set<String> CONFLICT_CODES = Set.of(
      "CHANGE_FROM_QUANTITY_STALE", "COMPARE_QUANTITY_STALE",
      "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED");

  private final CostLimiter limiter;

  /**
   * Creates the mapper.
   *
   * @param limiter turns a throttled body's cost into a wait
   */
  public ShopifyErrors(CostLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public VendorException map(ErrorResponse response) {
    ErrorContext ctx = response.context();
    JsonNode body = response.body();
    String code = body == null ? null : firstCode(body.path("errors"));
    ErrorContext c = ctx.withVendorCode(code != null ? code : httpCode(ctx.status()));
    String what = ctx.operation() + " failed with HTTP " + ctx.status();
    switch (ctx.status()) {
      case 400:
        return new ValidationException(what, c, List.of(), null);
      case 401:
        return new AuthenticationException(what + ": Shopify rejected the access token", c, null);
      case 402:
        return new ForbiddenException(what + ": the shop is frozen (unpaid)", c, null);
      case 403:
        return new ForbiddenException(what + ": missing access scope or protected data", c, null);
      case 404:
        return new NotFoundException(what + ": unknown shop, API version or path", c, null);
      case 423:
        return new ForbiddenException(what + ": the shop is locked", c, null);
      case 429: {
        Duration wait = response.retryAfter();
        if (wait.isZero() && body != null) {
          CostLimiter.Cost cost = ShopifyGraphql.cost(body);
          if (cost != null) {
            wait = limiter.throttledWait(cost);
          }
        }
        return new RateLimitedException(what, c, wait, null);
      }
      default:
        if (ctx.status() >= 500) {
          return new VendorUnavailableException(what, c, null);
        }
        return new InvalidResponseException(what, c, response.bodyExcerpt(), null);
    }
  }

  private static String httpCode(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 401 -> "UNAUTHORIZED";
      case 402 -> "PAYMENT_REQUIRED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 423 -> "LOCKED";
      case 429 -> "THROTTLED";
      default -> "HTTP_" + status;
    };
  }

  /**
   * Returns the first {@code extensions.code} of a GraphQL {@code errors} array.
   *
   * @param errors the array (or anything else)
   * @return the code, or {@code null}
   */
  static @Nullable String firstCode(JsonNode errors) {
    if (!errors.isArray()) {
      return null;
    }
    for (JsonNode e : errors) {
      JsonNode code = e.path("extensions").path("code");
      if (code.isTextual()) {
        return code.asText();
      }
    }
    return null;
  }

  /**
   * Maps top-level GraphQL errors of an HTTP 200 response.
   *
   * @param errors the non-empty {@code errors} array
   * @param ctx system, operation, status and request id
   * @param wait the throttle wait, for {@code THROTTLED}
   * @return the exception to throw
   */
  static VendorException graphqlErrors(JsonNode errors, ErrorContext ctx, Duration wait) {
    String code = firstCode(errors);
    String vendorCode = code != null ? code : "GRAPHQL_ERROR";
    ErrorContext c = ctx.withVendorCode(vendorCode);
    String what = ctx.operation() + " failed: " + vendorCode;
    switch (code == null ? "" : code.toUpperCase(Locale.ROOT)) {
      case "THROTTLED":
        return new RateLimitedException(what + " (query cost bucket empty)", c, wait, null);
      case "ACCESS_DENIED", "FORBIDDEN", "SHOP_INACTIVE":
        return new ForbiddenException(what, c, null);
      case "UNAUTHENTICATED", "UNAUTHORIZED":
        return new AuthenticationException(what, c, null);
      case "NOT_FOUND":
        return new NotFoundException(what, c, null);
      case "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE":
        return new VendorUnavailableException(what, c, null);
      default: {
        List<ValidationException.FieldError> fields = new ArrayList<>();
        for (JsonNode e : errors) {
          fields.add(new ValidationException.FieldError(path(e.path("path")),
              e.path("extensions").path("code").asText(vendorCode), e.path("message").asText("")));
        }
        return new ValidationException(what, c, fields, null);
      }
    }
  }

  /**
   * Maps a mutation's non-empty {@code userErrors}.
   *
   * @param userErrors the array
   * @param ctx system, operation, status and request id
   * @return the exception to throw
   */
  static VendorException userErrors(JsonNode userErrors, ErrorContext ctx) {
    List<ValidationException.FieldError> fields = new ArrayList<>();
    String firstCode = null;
    boolean notFound = false;
    for (JsonNode e : userErrors) {
      String code = e.path("code").isTextual() ? e.path("code").asText() : "INVALID";
      if (firstCode == null) {
        firstCode = code;
      }
      String field = path(e.path("field"));
      String message = e.path("message").asText("");
      if (field.equals("id") && message.toLowerCase(Locale.ROOT).contains("not exist")) {
        notFound = true;
      }
      fields.add(new ValidationException.FieldError(field, code, message));
    }
    ErrorContext c = ctx.withVendorCode(firstCode);
    String what = ctx.operation() + " rejected by Shopify";
    if (firstCode != null && CONFLICT_CODES.contains(firstCode)) {
      return new ConflictException(what + ": " + describe(fields), c, null);
    }
    if ("IDEMPOTENCY_CONCURRENT_REQUEST".equals(firstCode) || "SERVICE_UNAVAILABLE".equals(firstCode)) {
      return new VendorUnavailableException(what + ": " + describe(fields), c, null);
    }
    if (notFound) {
      return new NotFoundException(what + ": " + describe(fields), c, null);
    }
    return new ValidationException(what, c, fields, null);
  }

  private static String describe(List<ValidationException.FieldError> fields) {
    StringBuilder sb = new StringBuilder();
    for (ValidationException.FieldError f : fields) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(f.field().isEmpty() ? f.code() : f.field() + "(" + f.code() + ")");
    }
    return sb.toString();
  }

  private static String path(JsonNode field) {
    if (!field.isArray()) {
      return field.isTextual() ? field.asText() : "";
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode p : field) {
      if (p.isInt()) {
        sb.append('[').append(p.asInt()).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(p.asText());
      }
    }
    return sb.toString();
  }
}
