package dev.posbridge.core.reconcile;

/** The formats a {@link ReconciliationReport} or a {@link SalesReconciliationReport} can be written in. */
public enum ReportFormat {
  /**
   * One line per SKU × location, or per differing sales document (RFC 4180, UTF-8, header line
   * first), streamed: suitable for every row of a large catalog.
   */
  CSV,
  /** A JSON document with the summary and every row (stock: also the unmapped levels), streamed. */
  JSON,
  /**
   * A self-contained HTML page (inline CSS, JavaScript and SVG; nothing loaded from elsewhere):
   * summary cards and a sortable table (stock: a bar chart of drift by location and the worst
   * items; sales: net sold and booked per currency and the differing documents).
   */
  HTML
}
