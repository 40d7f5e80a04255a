package dev.posbridge.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * posbridge refused input by a check of its own that holds for every vendor: a card number in an
 * identifier, a sale whose parts do not add up ({@link UnbalancedTotalsException}). Nothing was
 * sent. Not retryable as is: fix the input.
 *
 * <p>The local counterpart of {@link ValidationException}, which a vendor (or a connector on the
 * vendor's behalf) raises; a {@code catch (ValidationException e)} does not catch this one.
 * {@link #fieldErrors()} names each offending field.
 */
public class LocalValidationException extends LocalException {

  /** The rejected fields. */
  private final List<ValidationException.FieldError> fieldErrors;

  /**
   * Creates the exception.
   *
   * @param message what was refused, without personal data
   * @param component the component that checked, e.g. {@code "data-guard"}
   * @param operation what was checked, e.g. {@code "validate"}
   * @param fieldErrors the rejected fields; copied
   * @param cause the underlying cause, if any
   * @throws IllegalArgumentException if {@code component} or {@code operation} is blank
   */
  public LocalValidationException(String message, String component, String operation,
      List<ValidationException.FieldError> fieldErrors, @Nullable Throwable cause) {
    super(message + ValidationException.describe(fieldErrors), component, operation, false, cause);
    this.fieldErrors = List.copyOf(fieldErrors);
  }

  /**
   * Returns the rejected fields.
   *
   * @return an immutable, possibly empty list
   */
  public List<ValidationException.FieldError> fieldErrors() {
    return fieldErrors;
  }
}
