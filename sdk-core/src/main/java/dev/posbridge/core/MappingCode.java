package dev.posbridge.core;

/**
 * The codes every connector and the sync engine use, in {@link ValidationException.FieldError#code()},
 * when a canonical value has no counterpart in the target system: one set across vendors, so that
 * an alert, a dashboard or a dead-letter filter needs no per-vendor table. The field error's message
 * names the offending value (the SKU, the location id, the customer reference), and
 * {@link ValidationException#getMessage()} repeats it, e.g.
 * {@code lines[0].sku(UNMAPPED_SKU: no QuickBooks Item for SKU LATTE-12)}.
 *
 * <p>Such a failure is not retryable: fill the mapping (the {@code IdMap} or the connector's
 * mapping settings), then replay the dead letter.
 */
public enum MappingCode {
  /** A SKU (or a line without a SKU) has no item in the target system. */
  UNMAPPED_SKU,
  /** A location has no counterpart in the target system. */
  UNMAPPED_LOCATION,
  /** A customer has no counterpart in the target system and none can be chosen. */
  UNMAPPED_CUSTOMER,
  /** A ledger account the target needs (deposit, adjustment) is not configured. */
  UNMAPPED_ACCOUNT,
  /** A payment method or tender type has no counterpart in the target system. */
  UNMAPPED_PAYMENT_METHOD,
  /** A discount has no discount item in the target system. */
  UNMAPPED_DISCOUNT,
  /** A charge or tip has no item in the target system. */
  UNMAPPED_CHARGE,
  /** A tax has no tax code in the target system. */
  UNMAPPED_TAX,
  /** A refund without lines has no refund item in the target system. */
  UNMAPPED_REFUND_ITEM,
  /** A document's currency has no currency record in the target system. */
  UNMAPPED_CURRENCY,
  /** A SKU matches several items in the target system. */
  AMBIGUOUS_SKU;

  /**
   * Creates the field error for this code.
   *
   * @param field the path of the offending field, e.g. {@code "lines[0].sku"}
   * @param message what is missing, naming the offending value, e.g.
   *     {@code "no QuickBooks Item for SKU LATTE-12"}
   * @return the field error
   */
  public ValidationException.FieldError error(String field, String message) {
    return new ValidationException.FieldError(field, name(), message);
  }

  /**
   * Tells whether a field error's code is one of these mapping codes.
   *
   * @param code a field error's code
   * @return {@code true} for a mapping code
   */
  public static boolean isMappingCode(String code) {
    for (MappingCode c : values()) {
      if (c.name().equals(code)) {
        return true;
      }
    }
    return false;
  }
}
