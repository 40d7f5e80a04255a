package dev.posbridge.core;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The vendor rejected the request's content (a missing or invalid field, a business rule, a
 * duplicate name), or a connector or the sync mapping refused it before sending because the
 * target vendor cannot take it (an unmapped SKU, a stock change the vendor has no call for, a
 * ref of the wrong type). Either way the content does not fit one named vendor system, so this
 * is a {@link VendorException} whose {@link #system()} is that vendor; {@link #status()} is the
 * vendor's 4xx, or {@code 0} when the request was refused before it was sent. A check of
 * posbridge's own that holds for every vendor (a card number in an identifier, a document whose
 * parts do not add up) is local instead: {@link LocalValidationException}.
 *
 * <p>Not retryable as is. {@link #fieldErrors()} names each offending field as the vendor
 * reported it.
 */
public class ValidationException extends VendorException {

  /** The rejected fields, as the vendor reported them. */
  private final List<FieldError> fieldErrors;

  /**
   * One rejected field.
   *
   * @param field the vendor's path or name of the field, e.g. {@code "order.line_items[0].quantity"};
   *     empty when the vendor named none
   * @param code the vendor's code for the problem, e.g. {@code "INVALID_VALUE"}; may be empty
   * @param message the vendor's human-readable explanation; may be empty
   */
  public record FieldError(String field, String code, String message) {
    /**
     * Validates the components.
     *
     * @param field the field path or name
     * @param code the vendor's code
     * @param message the vendor's explanation
     * @throws IllegalArgumentException if any component is null
     */
    public FieldError {
      if (field == null || code == null || message == null) {
        throw new IllegalArgumentException("field error components must not be null");
      }
    }

    @Override
    public String toString() {
      return (field.isEmpty() ? "" : field + ": ") + code + (message.isEmpty() ? "" : " " + message);
    }
  }

  /**
   * Creates the exception.
   *
   * @param message what was rejected
   * @param context where it happened
   * @param fieldErrors the rejected fields; copied
   * @param cause the underlying cause, if any
   */
  public ValidationException(
      String message, ErrorContext context, List<FieldError> fieldErrors, @Nullable Throwable cause) {
    super(message + describe(fieldErrors), context, false, cause);
    this.fieldErrors = List.copyOf(fieldErrors);
  }

  /**
   * Describes field errors for an exception message.
   *
   * @param errors the field errors
   * @return {@code ": a(code), b(code)"}, or empty if there are none
   */
  static String describe(List<FieldError> errors) {
    if (errors.isEmpty()) {
      return "";
    }
    return errors.stream()
        .map(ValidationException::describe)
        .collect(Collectors.joining(", ", ": ", ""));
  }

  /**
   * Describes one field error for the exception message. The messages of posbridge's own
   * {@link MappingCode mapping codes} are included, since they name the value to map (a SKU, a
   * location id); vendor messages are not, since they may echo personal data.
   */
  private static String describe(FieldError e) {
    String code = MappingCode.isMappingCode(e.code()) && !e.message().isEmpty()
        ? e.code() + ": " + e.message() : e.code();
    return e.field().isEmpty() ? code : e.field() + "(" + code + ")";
  }

  /**
   * Returns the fields the vendor rejected.
   *
   * @return an immutable, possibly empty list
   */
  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }
}
