package dev.posbridge.core.reconcile;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One canonical SKU at one canonical location, as every compared system sees it.
 *
 * <p>A system that did not report the SKU at the location is listed in {@link #missingIn()} and
 * counts as 0 in the drift figures; a row missing in some system is always a discrepancy.
 *
 * @param sku the canonical SKU
 * @param location the canonical location id
 * @param quantities each reporting system's quantity, in the reconciler's system order; systems
 *     that did not report the key are absent
 * @param missingIn the systems that did not report the key, in system order
 * @param spread the largest minus the smallest quantity, missing counting as 0
 * @param driftVsRecord the largest absolute difference from the system of record's quantity, or
 *     {@code null} when no system of record is chosen
 * @param allowedDrift how much drift the row's {@link Tolerance} allows
 * @param withinTolerance whether {@link #drift()} is at most {@code allowedDrift}
 */
public record ReconciliationRow(
    String sku,
    String location,
    Map<String, BigDecimal> quantities,
    List<String> missingIn,
    BigDecimal spread,
    @Nullable BigDecimal driftVsRecord,
    BigDecimal allowedDrift,
    boolean withinTolerance) {

  /**
   * Validates and copies the components.
   *
   * @param sku the SKU
   * @param location the location
   * @param quantities the quantities per system
   * @param missingIn the systems without the key
   * @param spread max minus min
   * @param driftVsRecord drift from the system of record, if chosen
   * @param allowedDrift the allowance
   * @param withinTolerance whether the drift is acceptable
   * @throws IllegalArgumentException if a required part is null or blank
   */
  public ReconciliationRow {
    if (sku == null || sku.isBlank()) {
      throw new IllegalArgumentException("sku must not be blank: " + sku);
    }
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("location must not be blank: " + location);
    }
    if (quantities == null || missingIn == null || spread == null || allowedDrift == null) {
      throw new IllegalArgumentException("quantities, missingIn, spread and allowedDrift are required");
    }
    quantities = Collections.unmodifiableMap(new LinkedHashMap<>(quantities));
    missingIn = List.copyOf(missingIn);
  }

  /**
   * Returns one system's quantity, 0 when the system did not report the key.
   *
   * @param system the system's name
   * @return the quantity
   */
  public BigDecimal quantity(String system) {
    return quantities.getOrDefault(system, BigDecimal.ZERO);
  }

  /**
   * Returns the drift tolerance is judged on: {@link #driftVsRecord()} when a system of record is
   * chosen, else {@link #spread()}.
   *
   * @return the drift, zero or more
   */
  public BigDecimal drift() {
    return driftVsRecord != null ? driftVsRecord : spread;
  }

  /**
   * Tells whether some system did not report the key.
   *
   * @return {@code true} if {@link #missingIn()} is not empty
   */
  public boolean missing() {
    return !missingIn.isEmpty();
  }

  /**
   * Tells whether this row is a discrepancy: outside tolerance or missing in some system.
   *
   * @return {@code true} for a discrepancy
   */
  public boolean discrepancy() {
    return !withinTolerance || missing();
  }
}
