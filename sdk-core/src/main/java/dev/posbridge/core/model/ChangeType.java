package dev.posbridge.core.model;

/** What kind of object a {@link ChangeEvent} is about. */
public enum ChangeType {
  /** A sale or order was created or changed. */
  SALE,
  /** A refund or return was created or changed. */
  REFUND,
  /** A payment was created or changed. */
  PAYMENT,
  /** Stock levels changed. */
  STOCK,
  /** A customer was created, changed, merged or deleted. */
  CUSTOMER,
  /** The catalog changed. */
  CATALOG,
  /** Something posbridge does not model; the raw type is kept. */
  OTHER
}
