package dev.posbridge.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.ErrorContext;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A non-successful response as a {@link VendorErrorMapper} sees it.
 *
 * @param context system, operation, status and the vendor request id (if the vendor sent one)
 * @param headers the response headers
 * @param body the error body parsed as JSON, or {@code null} if absent or not JSON
 * @param bodyExcerpt the start of the body (redacted, bounded), for {@code InvalidResponseException}
 * @param retryAfter the parsed {@code Retry-After}, {@link Duration#ZERO} if absent
 */
public record ErrorResponse(
    ErrorContext context,
    HttpHeaders headers,
    @Nullable JsonNode body,
    String bodyExcerpt,
    Duration retryAfter) {

  /**
   * Returns the HTTP status.
   *
   * @return the status
   */
  public int status() {
    return context.status();
  }
}
