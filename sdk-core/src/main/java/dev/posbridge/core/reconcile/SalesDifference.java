package dev.posbridge.core.reconcile;

/**
 * One way a source document (a sale or a refund) and what the books hold for it disagree, as
 * found by a {@link SalesReconciler}. A {@link SalesReconciliationRow} can carry several.
 */
public enum SalesDifference {
  /**
   * Completed at the source, not in the books at all (e.g. a missed webhook or a clipped export).
   * The only difference a {@link SalesCorrectionPlan} books.
   */
  MISSING_IN_BOOKS,
  /** Booked more than once: more than one completed document in the books for one source document. */
  DOUBLED,
  /** The booked total differs from the source's total (sale total, refund amount). */
  AMOUNT_DIFFERENT,
  /** The booked document is in another currency than the source's. */
  CURRENCY_DIFFERENT,
  /** The booked tax (sale tax total, refund tax amount) differs from the source's. */
  TAX_DIFFERENT,
  /** The books hold another version of the sale than the source's current one (an amendment not booked). */
  VERSION_DIFFERENT,
  /** Completed at the source, but the booked document is voided. */
  VOIDED_IN_BOOKS,
  /** Cancelled, voided or deleted at the source, but still booked as completed. */
  NOT_VOIDED_IN_BOOKS,
  /**
   * Booked from a source document that the sources did not report in the window (sold on another
   * date, deleted at the source, or booked by hand with a posbridge note).
   */
  NOT_IN_SOURCES,
  /** A refund booked against another sale than the one the source says it refunds. */
  REFUND_SALE_DIFFERENT,
  /** A refund whose refunded sale is not in the books. */
  REFUND_SALE_NOT_BOOKED
}
