package dev.posbridge.core.model;

/** The state of a refund in its source system. */
public enum RefundStatus {
  /** Requested, not yet settled. */
  PENDING,
  /** Money returned. */
  COMPLETED,
  /** Declined or failed; no money returned. */
  FAILED,
  /** A state posbridge does not know; the raw value is kept. */
  OTHER
}
