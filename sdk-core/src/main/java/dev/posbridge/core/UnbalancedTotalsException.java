package dev.posbridge.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sale or refund whose parts do not add up to its total, rejected before it is booked so that
 * the books never carry a total other than the source's. Not retryable: the source document
 * itself is inconsistent. Each {@link #fieldErrors() field error} names a part that is off (code
 * {@code unbalanced_totals}), with the expected and the reported amount.
 *
 * <p>A {@link LocalValidationException} (component {@value #COMPONENT}): posbridge checks the
 * document against itself, whatever the vendor would say; nothing was sent.
 */
public class UnbalancedTotalsException extends LocalValidationException {

  /** The component that runs the check. */
  public static final String COMPONENT = "totals-check";

  /**
   * Creates the exception.
   *
   * @param message what was rejected, e.g. {@code "sale square/order/A1 does not add up"}
   * @param operation what was checked, e.g. {@code "RecordSale qbo"}
   * @param fieldErrors one per part that is off; copied
   * @param cause the cause, if any
   * @throws IllegalArgumentException if {@code operation} is blank
   */
  public UnbalancedTotalsException(String message, String operation,
      List<ValidationException.FieldError> fieldErrors, @Nullable Throwable cause) {
    super(message, COMPONENT, operation, fieldErrors, cause);
  }
}
