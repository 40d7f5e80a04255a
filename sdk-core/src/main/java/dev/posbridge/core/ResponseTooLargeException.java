package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * A vendor answer exceeded a configured bound on what one response may cost: its decompressed
 * size, its number of JSON tokens, its nesting depth, or the length of one string, number or
 * field name (see {@code dev.posbridge.core.http.ResponseLimits}). Reading stopped at the bound,
 * so the answer never occupied more memory than the limits allow.
 *
 * <p>Not retryable: the same request would most likely get the same answer. Raise the limit on
 * the connector's builder if the answer was legitimate, or use a smaller page size.
 */
public class ResponseTooLargeException extends InvalidResponseException {

  /**
   * Creates the exception.
   *
   * @param message which limit was exceeded, e.g. {@code "Response body exceeds 16777216 bytes"}
   * @param context where it happened, including the HTTP status
   * @param cause the parser's or stream's failure, if any
   */
  public ResponseTooLargeException(String message, ErrorContext context, @Nullable Throwable cause) {
    super(message, context, "", cause);
  }
}
