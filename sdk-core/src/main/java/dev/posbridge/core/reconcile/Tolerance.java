package dev.posbridge.core.reconcile;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How much drift is acceptable for one SKU × location: an absolute number of units, a percentage
 * of the reference quantity, or both (the larger allowance wins).
 *
 * <p>The reference quantity is the system of record's quantity when one is chosen, else the
 * largest quantity of the row. Drift is within tolerance when it is at most
 * {@code max(units, percent / 100 × |reference|)}. Use a tolerance to ignore noise such as sales in
 * flight between systems; {@link #exact()} (the default) flags any difference.
 *
 * @param units the absolute allowance in units, zero or more
 * @param percent the allowance as a percentage of the reference quantity, zero or more
 */
public record Tolerance(BigDecimal units, BigDecimal percent) {

  private static final Tolerance EXACT = new Tolerance(BigDecimal.ZERO, BigDecimal.ZERO);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /**
   * Validates the components.
   *
   * @param units the absolute allowance
   * @param percent the percentage allowance
   * @throws IllegalArgumentException if either is null or negative
   */
  public Tolerance {
    if (units == null || units.signum() < 0) {
      throw new IllegalArgumentException("units must be zero or more: " + units);
    }
    if (percent == null || percent.signum() < 0) {
      throw new IllegalArgumentException("percent must be zero or more: " + percent);
    }
  }

  /**
   * Returns the tolerance that accepts no drift at all.
   *
   * @return the exact tolerance
   */
  public static Tolerance exact() {
    return EXACT;
  }

  /**
   * Returns an absolute tolerance.
   *
   * @param units how many units of drift are acceptable
   * @return the tolerance
   * @throws IllegalArgumentException if {@code units} is negative
   */
  public static Tolerance units(long units) {
    return new Tolerance(BigDecimal.valueOf(units), BigDecimal.ZERO);
  }

  /**
   * Returns a relative tolerance.
   *
   * @param percent how many percent of the reference quantity are acceptable, e.g. {@code 2.5}
   * @return the tolerance
   * @throws IllegalArgumentException if {@code percent} is negative
   */
  public static Tolerance percent(String percent) {
    return new Tolerance(BigDecimal.ZERO, new BigDecimal(percent));
  }

  /**
   * Returns a tolerance with both an absolute and a relative allowance; the larger wins.
   *
   * @param units the absolute allowance
   * @param percent the relative allowance in percent
   * @return the tolerance
   * @throws IllegalArgumentException if either is null or negative
   */
  public static Tolerance of(BigDecimal units, BigDecimal percent) {
    return new Tolerance(units, percent);
  }

  /**
   * Returns the drift this tolerance allows for a reference quantity.
   *
   * @param reference the system of record's quantity, or the row's largest quantity
   * @return the allowed drift, zero or more
   */
  public BigDecimal allowedDrift(BigDecimal reference) {
    if (percent.signum() == 0) {
      return units;
    }
    BigDecimal relative =
        reference.abs().multiply(percent).divide(HUNDRED, 6, RoundingMode.HALF_UP).stripTrailingZeros();
    if (relative.scale() < 0) {
      relative = relative.setScale(0, RoundingMode.UNNECESSARY);
    }
    return relative.compareTo(units) > 0 ? relative : units;
  }
}
