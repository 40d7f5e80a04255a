package dev.posbridge.core.model;

/** Whether a {@link StockChange} moves stock by a delta or sets an absolute count. */
public enum StockChangeKind {
  /** Add the (signed) quantity to the current count. */
  ADJUST,
  /** Replace the current count with the quantity (a physical count or a correction). */
  SET
}
