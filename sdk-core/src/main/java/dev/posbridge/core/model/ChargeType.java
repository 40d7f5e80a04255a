package dev.posbridge.core.model;

/** The kind of an extra charge on a sale that is neither an item, a tax nor a tip. */
public enum ChargeType {
  /** Shipping or delivery. */
  SHIPPING,
  /** A service charge (e.g. an auto-gratuity or a packaging fee). */
  SERVICE,
  /** Rounding to the smallest cash denomination (may be negative). */
  ROUNDING,
  /** Any other charge; the raw value is kept. */
  OTHER
}
