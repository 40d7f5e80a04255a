package dev.posbridge.core.reconcile;

import java.math.BigDecimal;
import java.util.List;

/**
 * The headline figures of a reconciliation.
 *
 * @param compared how many SKU × location keys were compared
 * @param discrepancies how many keys are discrepancies: outside tolerance or missing in a system
 * @param missing how many keys are missing in at least one system
 * @param differences how many keys differ at all, including those within tolerance
 * @param unitsOff the sum of {@link ReconciliationRow#drift()} over all keys
 * @param unmapped how many stock levels could not be mapped to a SKU or location
 * @param locations the figures per canonical location, in first-seen order
 */
public record ReconciliationSummary(
    long compared,
    long discrepancies,
    long missing,
    long differences,
    BigDecimal unitsOff,
    long unmapped,
    List<LocationSummary> locations) {

  /**
   * Validates the components.
   *
   * @param compared keys compared
   * @param discrepancies keys with discrepancies
   * @param missing keys missing somewhere
   * @param differences keys that differ at all
   * @param unitsOff total drift
   * @param unmapped unmapped levels
   * @param locations per-location figures
   * @throws IllegalArgumentException if a count is negative or a part is missing
   */
  public ReconciliationSummary {
    if (compared < 0 || discrepancies < 0 || missing < 0 || differences < 0 || unmapped < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    if (unitsOff == null || locations == null) {
      throw new IllegalArgumentException("unitsOff and locations are required");
    }
    locations = List.copyOf(locations);
  }

  /**
   * Returns {@code discrepancies / compared}, or 0 when nothing was compared.
   *
   * @return the discrepancy rate between 0 and 1
   */
  public double discrepancyRate() {
    return compared == 0 ? 0 : (double) discrepancies / compared;
  }
}
