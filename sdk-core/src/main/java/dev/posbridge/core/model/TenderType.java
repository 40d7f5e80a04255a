package dev.posbridge.core.model;

/** How a sale or refund was paid. The vendor's own value is kept raw beside it in {@link Tender}. */
public enum TenderType {
  /** A payment card (credit, debit, prepaid). */
  CARD,
  /** Cash. */
  CASH,
  /** A digital wallet (Apple Pay, Google Pay, Cash App, …). */
  WALLET,
  /** A gift card or store credit. */
  GIFT_CARD,
  /** A bank transfer or direct debit. */
  BANK_TRANSFER,
  /** A buy-now-pay-later provider. */
  BUY_NOW_PAY_LATER,
  /** A cheque. */
  CHECK,
  /** Paid outside the system that recorded the sale. */
  EXTERNAL,
  /** A method posbridge does not know; the raw value is kept. */
  OTHER
}
