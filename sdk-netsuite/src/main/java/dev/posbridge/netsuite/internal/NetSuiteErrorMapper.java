package dev.posbridge.netsuite.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.spi.DefaultErrorMapper;
import dev.posbridge.core.spi.ErrorResponse;
import dev.posbridge.core.spi.VendorErrorMapper;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Maps NetSuite's RFC 7807 error envelope ({@code type}, {@code title}, {@code status},
 * {@code o:errorDetails[]} with {@code detail}, {@code o:errorCode}, {@code o:errorPath},
 * {@code o:errorQueryParam}, ...) to the posbridge hierarchy, keeping the first
 * {@code o:errorCode} as the vendor code.
 *
 * <table>
 * <caption>Mapping</caption>
 * <tr><th>HTTP / code</th><th>exception</th></tr>
 * <tr><td>any status with {@code CONCURRENCY_LIMIT_EXCEEDED}, or 429</td><td>RateLimitedException (retried)</td></tr>
 * <tr><td>400/409 {@code IDEMPOTENCY_ERROR}</td><td>ConflictException</td></tr>
 * <tr><td>400 {@code INVALID_CONTENT}, {@code USER_ERROR}, {@code INVALID_PARAMETER}, ...</td><td>ValidationException with one FieldError per detail</td></tr>
 * <tr><td>401 {@code INVALID_LOGIN}</td><td>AuthenticationException</td></tr>
 * <tr><td>403 {@code INSUFFICIENT_PERMISSION}</td><td>ForbiddenException</td></tr>
 * <tr><td>404 {@code NONEXISTENT_ID}</td><td>NotFoundException</td></tr>
 * <tr><td>409</td><td>ConflictException</td></tr>
 * <tr><td>5xx {@code UNEXPECTED_ERROR}</td><td>VendorUnavailableException</td></tr>
 * </table>
 */
public final class NetSuiteErrorMapper implements VendorErrorMapper {

  /** The code NetSuite uses for requests over the account's concurrency limit. */
  public static final String CONCURRENCY_LIMIT_EXCEEDED = "CONCURRENCY_LIMIT_EXCEEDED";

  @Override
  public PosbridgeException map(ErrorResponse response) {
    ErrorContext base = response.context();
    JsonNode body = response.body();
    List<ValidationException.FieldError> fields = new ArrayList<>();
    String code = null;
    JsonNode details = body == null ? null : body.get("o:errorDetails");
    if (details != null && details.isArray()) {
      for (JsonNode d : details) {
        String c = text(d, "o:errorCode");
        String msg = text(d, "detail");
        if (code == null) {
          code = c;
        }
        String path = text(d, "o:errorPath");
        if (path == null) {
          path = text(d, "o:errorQueryParam");
        }
        if (path == null) {
          path = text(d, "o:errorHeader");
        }
        fields.add(new ValidationException.FieldError(path == null ? "" : path,
            c == null ? "" : c, msg == null ? "" : msg));
      }
    }
    ErrorContext ctx = base.withVendorCode(code);
    int status = ctx.status();
    // The detail may quote submitted values (names, emails): it stays in the field errors only.
    String what = ctx.operation() + " failed with HTTP " + status;
    if (status == 429 || CONCURRENCY_LIMIT_EXCEEDED.equals(code)) {
      return new RateLimitedException(
          "NetSuite concurrency limit exceeded", ctx, response.retryAfter(), null);
    }
    if ("IDEMPOTENCY_ERROR".equals(code)) {
      return new ConflictException(what, ctx, null);
    }
    if (status == 400 || status == 422) {
      return new ValidationException(ctx.operation() + " rejected by NetSuite", ctx, fields, null);
    }
    return DefaultErrorMapper.create().map(response, ctx);
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
