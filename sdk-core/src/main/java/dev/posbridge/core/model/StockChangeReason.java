package dev.posbridge.core.model;

/** Why stock changed. Vendors map these to their own reason codes or states. */
public enum StockChangeReason {
  /** Units sold. */
  SALE,
  /** Units returned by a customer and put back on hand. */
  RETURN,
  /** Units received from a supplier. */
  RECEIVED,
  /** Units damaged, lost, stolen or expired. */
  SHRINKAGE,
  /** Units moved between locations. */
  TRANSFER,
  /** A physical count replaced the recorded quantity. */
  PHYSICAL_COUNT,
  /** A correction of drift found by reconciliation. */
  CORRECTION,
  /** A reason posbridge does not know; the raw value is kept. */
  OTHER
}
