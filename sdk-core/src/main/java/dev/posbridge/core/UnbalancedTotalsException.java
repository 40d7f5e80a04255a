package dev.posbridge.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sale or refund whose parts do not add up to its total, rejected before it is booked so that
 * the books never carry a total other than the source's. Not retryable: the source document
 * itself is inconsistent. Each {@link #fieldErrors() field error} names a part that is off (code
 * {@code unbalanced_totals}), with the expected and the reported amount.
 */
public class UnbalancedTotalsException extends ValidationException {

  /**
   * Creates the exception.
   *
   * @param message what was rejected, e.g. {@code "sale square/order/A1 does not add up"}
   * @param context the system and operation
   * @param fieldErrors one per part that is off
   * @param cause the cause, if any
   */
  public UnbalancedTotalsException(
      String message, ErrorContext context, List<FieldError> fieldErrors, @Nullable Throwable cause) {
    super(message, context, fieldErrors, cause);
  }
}
