package dev.posbridge.ops;

import dev.posbridge.core.reconcile.ReconciliationReport;
import dev.posbridge.core.reconcile.ReconciliationSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The headline of one reconciliation run, as the operator's page and the metrics show it.
 *
 * @param kind what was reconciled: {@code "stock"} or {@code "sales"}
 * @param generatedAt when the run finished
 * @param systems the systems compared
 * @param compared how many keys (SKU × store, or sales) were compared
 * @param discrepancies how many disagree beyond tolerance or are missing somewhere
 * @param unitsOff the total absolute difference (units of stock, or amount for sales)
 */
public record ReportSummary(String kind, Instant generatedAt, List<String> systems, long compared,
    long discrepancies, BigDecimal unitsOff) {

  /**
   * Validates the components.
   *
   * @param kind the kind
   * @param generatedAt when
   * @param systems the systems
   * @param compared keys compared
   * @param discrepancies discrepancies
   * @param unitsOff total difference
   * @throws IllegalArgumentException if a count is negative
   */
  public ReportSummary {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(unitsOff, "unitsOff");
    systems = List.copyOf(systems);
    if (compared < 0 || discrepancies < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * Summarises a stock reconciliation report.
   *
   * @param report the report
   * @return its summary, kind {@code "stock"}
   */
  public static ReportSummary of(ReconciliationReport report) {
    ReconciliationSummary s = report.summary();
    return new ReportSummary("stock", report.generatedAt(), report.systems(), s.compared(),
        s.discrepancies(), s.unitsOff());
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
