package dev.posbridge.ops;

import dev.posbridge.core.reconcile.ReconciliationReport;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the latest reconciliation of each kind (stock, sales) for the operator's page and the
 * metrics. Thread-safe.
 */
public final class ReconciliationBoard {

  private final Map<String, ReportSummary> latest = new ConcurrentHashMap<>();
  private volatile @Nullable ReconciliationReport lastStock;

  /** Creates an empty board. */
  public ReconciliationBoard() {}

  /**
   * Records a stock reconciliation.
   *
   * @param report the report
   */
  public void stock(ReconciliationReport report) {
    lastStock = Objects.requireNonNull(report, "report");
    latest.put("stock", ReportSummary.of(report));
  }

  /**
   * Records a reconciliation summary of any kind, e.g. a sales reconciliation.
   *
   * @param summary the summary
   */
  public void record(ReportSummary summary) {
    latest.put(summary.kind(), Objects.requireNonNull(summary, "summary"));
  }

  /**
   * Returns the latest summary of each kind.
   *
   * @return summaries by kind, in name order
   */
  public Map<String, ReportSummary> latest() {
    return new TreeMap<>(latest);
  }

  /**
   * Returns the last full stock report, e.g. to serve its HTML.
   *
   * @return the report, if any run yet
   */
  public Optional<ReconciliationReport> lastStockReport() {
    return Optional.ofNullable(lastStock);
  }
}
