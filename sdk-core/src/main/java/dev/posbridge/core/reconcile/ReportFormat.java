package dev.posbridge.core.reconcile;

/** The formats a {@link ReconciliationReport} can be written in. */
public enum ReportFormat {
  /**
   * One line per SKU × location (RFC 4180, UTF-8, header line first), streamed: suitable for every
   * row of a large catalog.
   */
  CSV,
  /** A JSON document with the summary, the unmapped levels and every row, streamed. */
  JSON,
  /**
   * A self-contained HTML page (inline CSS, JavaScript and SVG; nothing loaded from elsewhere):
   * summary cards, a bar chart of drift by location and a sortable table of the worst items.
   */
  HTML
}
