package dev.posbridge.core.reconcile;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headline figures of a sales reconciliation.
 *
 * @param sourceSales completed sales the sources reported in the window
 * @param sourceRefunds completed refunds the sources reported in the window
 * @param voidedAtSource sales the sources reported as cancelled, voided or deleted
 * @param bookedSales completed sales documents the books hold in the window that posbridge
 *     booked from one of the compared sources
 * @param bookedRefunds completed refund documents likewise
 * @param matched source documents whose booking agrees in every compared respect
 * @param differing rows with at least one difference
 * @param byDifference how many rows have each difference (every kind present, zero or more)
 * @param sourceNet per currency code, source sales minus refunds (completed only)
 * @param bookedNet per currency code, booked sales minus refunds (completed only, same documents
 *     as {@code bookedSales} and {@code bookedRefunds})
 * @param notFromSources booked documents in the window that posbridge did not book from one of the
 *     compared sources (booked by hand or from another source); counted, not compared
 * @param outOfScope booked documents not matched to a source document when the sources were
 *     restricted to some locations (the books cannot be filtered by location); not compared
 */
public record SalesReconciliationSummary(
    long sourceSales,
    long sourceRefunds,
    long voidedAtSource,
    long bookedSales,
    long bookedRefunds,
    long matched,
    long differing,
    Map<SalesDifference, Long> byDifference,
    Map<String, BigDecimal> sourceNet,
    Map<String, BigDecimal> bookedNet,
    long notFromSources,
    long outOfScope) {

  /**
   * Validates and copies the components.
   *
   * @param sourceSales source sales
   * @param sourceRefunds source refunds
   * @param voidedAtSource voided source sales
   * @param bookedSales booked sales
   * @param bookedRefunds booked refunds
   * @param matched matched documents
   * @param differing differing rows
   * @param byDifference rows per difference
   * @param sourceNet source net per currency
   * @param bookedNet booked net per currency
   * @param notFromSources booked documents from elsewhere
   * @param outOfScope booked documents outside the locations
   * @throws IllegalArgumentException if a count is negative or a map is missing
   */
  public SalesReconciliationSummary {
    if (sourceSales < 0 || sourceRefunds < 0 || voidedAtSource < 0 || bookedSales < 0
        || bookedRefunds < 0 || matched < 0 || differing < 0 || notFromSources < 0 || outOfScope < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    if (byDifference == null || sourceNet == null || bookedNet == null) {
      throw new IllegalArgumentException("byDifference, sourceNet and bookedNet are required");
    }
    EnumMap<SalesDifference, Long> all = new EnumMap<>(SalesDifference.class);
    for (SalesDifference d : SalesDifference.values()) {
      all.put(d, byDifference.getOrDefault(d, 0L));
    }
    byDifference = Collections.unmodifiableMap(all);
    sourceNet = Collections.unmodifiableMap(new TreeMap<>(sourceNet));
    bookedNet = Collections.unmodifiableMap(new TreeMap<>(bookedNet));
  }

  /**
   * Returns how many rows have a difference.
   *
   * @param difference the difference
   * @return the count
   */
  public long count(SalesDifference difference) {
    return byDifference.getOrDefault(difference, 0L);
  }

  /**
   * Tells whether the books balance with the sources: no row differs.
   *
   * @return {@code true} if there are no differences
   */
  public boolean balanced() {
    return differing == 0;
  }

  /**
   * Returns how many source documents were compared: completed sales and refunds, and voided
   * sales.
   *
   * @return the count
   */
  public long compared() {
    return sourceSales + sourceRefunds + voidedAtSource;
  }
}
