package dev.posbridge.core.reconcile;

/**
 * A correction the plan cannot make, and why.
 *
 * @param sku the canonical SKU
 * @param location the canonical location
 * @param system the target system, or the system of record for {@link Reason#MISSING_IN_RECORD}
 * @param reason why it is skipped
 */
public record SkippedCorrection(String sku, String location, String system, Reason reason) {

  /** Why a correction is skipped. */
  public enum Reason {
    /**
     * The system of record does not carry the SKU at the location. posbridge does not zero other
     * systems on that evidence: add the item to the system of record, or correct by hand.
     */
    MISSING_IN_RECORD,
    /** The id map has no item of the target system for the SKU. */
    ITEM_NOT_MAPPED,
    /** The id map has no location of the target system for the canonical location. */
    LOCATION_NOT_MAPPED
  }

  /**
   * Validates the components.
   *
   * @param sku the SKU
   * @param location the location
   * @param system the system
   * @param reason the reason
   * @throws IllegalArgumentException if a part is null
   */
  public SkippedCorrection {
    if (sku == null || location == null || system == null || reason == null) {
      throw new IllegalArgumentException("sku, location, system and reason are required");
    }
  }
}
