package dev.posbridge.core.model;

/** The brand of a payment card. Unknown brands map to {@link #OTHER} with the raw value kept. */
public enum CardBrand {
  /** Visa. */
  VISA,
  /** Mastercard. */
  MASTERCARD,
  /** American Express. */
  AMERICAN_EXPRESS,
  /** Discover. */
  DISCOVER,
  /** Diners Club. */
  DINERS_CLUB,
  /** JCB. */
  JCB,
  /** UnionPay. */
  UNIONPAY,
  /** Interac. */
  INTERAC,
  /** eftpos. */
  EFTPOS,
  /** A brand posbridge does not know; the raw value is kept. */
  OTHER
}
