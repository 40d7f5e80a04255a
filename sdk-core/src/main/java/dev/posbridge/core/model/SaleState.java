package dev.posbridge.core.model;

/**
 * Where a sale is in its life at the source. Only {@link #COMPLETED} sales are booked; a sale that
 * becomes {@link #CANCELED}, {@link #VOIDED} or {@link #DELETED} after it was booked has its booked
 * documents voided.
 */
public enum SaleState {
  /** Not finished yet (an open ticket, a draft or an unpaid online order). */
  OPEN,
  /** Finished and paid: the state that is booked. */
  COMPLETED,
  /** Cancelled at the source before or after completion. */
  CANCELED,
  /** Voided at the source (the transaction stands but counts for nothing). */
  VOIDED,
  /** Deleted at the source; the sale carries at least its ref. */
  DELETED;

  /**
   * Tells whether a sale in this state should not be in the books.
   *
   * @return {@code true} for canceled, voided and deleted
   */
  public boolean isVoid() {
    return this == CANCELED || this == VOIDED || this == DELETED;
  }
}
