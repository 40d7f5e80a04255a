package dev.posbridge.core.model;

/**
 * Where a sale happened. Vendors' own source names are kept raw beside it in {@link Sale}.
 */
public enum Channel {
  /** At a physical register or POS device. */
  IN_STORE,
  /** On a web shop. */
  ONLINE,
  /** Through a mobile app. */
  MOBILE,
  /** Over the phone or by a sales rep entering the order. */
  PHONE,
  /** Through a third-party marketplace or delivery platform. */
  MARKETPLACE,
  /** Booked directly in the accounting or ERP system. */
  BACK_OFFICE,
  /** A channel posbridge does not know; the raw value is kept. */
  OTHER
}
