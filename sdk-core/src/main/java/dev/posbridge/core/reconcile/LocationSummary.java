package dev.posbridge.core.reconcile;

import java.math.BigDecimal;

/**
 * Reconciliation figures for one canonical location.
 *
 * @param location the canonical location id
 * @param compared how many SKUs were compared there
 * @param discrepancies how many of them are discrepancies (outside tolerance or missing)
 * @param unitsOff the sum of {@link ReconciliationRow#drift()} over its rows
 */
public record LocationSummary(String location, long compared, long discrepancies, BigDecimal unitsOff) {

  /**
   * Validates the components.
   *
   * @param location the location
   * @param compared rows compared
   * @param discrepancies rows with discrepancies
   * @param unitsOff total drift
   * @throws IllegalArgumentException if a count is negative or a part is missing
   */
  public LocationSummary {
    if (location == null || unitsOff == null) {
      throw new IllegalArgumentException("location and unitsOff are required");
    }
    if (compared < 0 || discrepancies < 0 || discrepancies > compared) {
      throw new IllegalArgumentException("bad counts: " + compared + ", " + discrepancies);
    }
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
