package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * The vendor answered with something posbridge cannot interpret: malformed JSON, a missing
 * required field, an unexpected status, or a value the canonical model rejects.
 *
 * <p>Carries a bounded excerpt of the body (at most {@value #MAX_EXCERPT} characters) for
 * diagnosis. The excerpt is for debugging only and is deliberately left out of
 * {@link #getMessage()}, because bodies may contain personal data.
 */
public class InvalidResponseException extends VendorException {

  /** The maximum length of {@link #bodyExcerpt()}. */
  public static final int MAX_EXCERPT = 512;

  /** The bounded start of the body that could not be interpreted. */
  private final String bodyExcerpt;

  /**
   * Creates the exception.
   *
   * @param message what could not be interpreted
   * @param context where it happened, including the HTTP status
   * @param bodyExcerpt the start of the body; truncated to {@value #MAX_EXCERPT} characters
   * @param cause the parsing or validation failure, if any
   */
  public InvalidResponseException(
      String message, ErrorContext context, String bodyExcerpt, @Nullable Throwable cause) {
    super(message, context, false, cause);
    this.bodyExcerpt =
        bodyExcerpt.length() <= MAX_EXCERPT ? bodyExcerpt : bodyExcerpt.substring(0, MAX_EXCERPT);
  }

  /**
   * Returns the start of the response body that could not be interpreted.
   *
   * @return at most {@value #MAX_EXCERPT} characters of the body, possibly empty
   */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }
}
