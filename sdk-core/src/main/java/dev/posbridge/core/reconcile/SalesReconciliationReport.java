package dev.posbridge.core.reconcile;

import dev.posbridge.core.internal.reconcile.SalesCsvWriter;
import dev.posbridge.core.internal.reconcile.SalesHtmlWriter;
import dev.posbridge.core.internal.reconcile.SalesJsonWriter;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The result of one {@link SalesReconciler#reconcile()}: the summary and one row per source
 * document that differs from the books (matching documents are only counted).
 *
 * <p>Immutable and safe to read from several threads.
 *
 * <pre>{@code
 * SalesReconciliationReport report = reconciler.reconcile();
 * report.write(ReportFormat.HTML, Path.of("sales.html"));
 * if (report.summary().count(SalesDifference.MISSING_IN_BOOKS) > 0) {
 *   report.correctionPlan().apply(pipeline);
 * }
 * }</pre>
 */
public final class SalesReconciliationReport implements ExportableReport {

  private final Instant generatedAt;
  private final Instant from;
  private final Instant to;
  private final List<String> sources;
  private final String books;
  private final SalesReconciliationSummary summary;
  private final List<SalesReconciliationRow> rows;
  private final Map<ExternalRef, Object> missing;

  SalesReconciliationReport(Instant generatedAt, Instant from, Instant to, List<String> sources,
      String books, SalesReconciliationSummary summary, List<SalesReconciliationRow> rows,
      Map<ExternalRef, Object> missing) {
    this.generatedAt = generatedAt;
    this.from = from;
    this.to = to;
    this.sources = List.copyOf(sources);
    this.books = books;
    this.summary = summary;
    this.rows = List.copyOf(rows);
    this.missing = new LinkedHashMap<>(missing);
  }

  /**
   * Returns when the reconciliation started, by the reconciler's clock.
   *
   * @return the moment
   */
  public Instant generatedAt() {
    return generatedAt;
  }

  /**
   * Returns the window's start, inclusive.
   *
   * @return the start
   */
  public Instant from() {
    return from;
  }

  /**
   * Returns the window's end, exclusive.
   *
   * @return the end
   */
  public Instant to() {
    return to;
  }

  /**
   * Returns the source systems compared, in the order they were added.
   *
   * @return the systems, e.g. {@code [square, shopify]}
   */
  public List<String> sources() {
    return sources;
  }

  /**
   * Returns the books' system.
   *
   * @return e.g. {@code quickbooks}
   */
  public String books() {
    return books;
  }

  /**
   * Returns the headline figures.
   *
   * @return the summary
   */
  public SalesReconciliationSummary summary() {
    return summary;
  }

  /**
   * Returns every differing document: source sales first, then source refunds, each in the
   * sources' order, then booked documents the sources did not report.
   *
   * @return the rows; empty when the books balance
   */
  public List<SalesReconciliationRow> rows() {
    return rows;
  }

  /**
   * Streams the rows that have one difference.
   *
   * @param difference the difference
   * @return the rows that have it
   */
  public Stream<SalesReconciliationRow> rows(SalesDifference difference) {
    return rows.stream().filter(r -> r.has(difference));
  }

  /**
   * Writes the report to a writer, which is flushed but not closed.
   *
   * @param format the format
   * @param out the destination
   * @throws IOException if writing fails
   */
  @Override
  public void write(ReportFormat format, Writer out) throws IOException {
    switch (format) {
      case CSV -> SalesCsvWriter.write(this, out);
      case JSON -> SalesJsonWriter.write(this, out);
      case HTML -> SalesHtmlWriter.write(this, out);
      default -> throw new IllegalArgumentException("unknown format " + format);
    }
    out.flush();
  }


  /**
   * Plans booking the documents that are {@link SalesDifference#MISSING_IN_BOOKS}: a dry run,
   * nothing is booked until {@link SalesCorrectionPlan#apply}. Other differences need a person:
   * they are not corrected.
   *
   * @return the plan, in the rows' order (sales before refunds)
   */
  public SalesCorrectionPlan correctionPlan() {
    List<SalesCorrection> entries = new ArrayList<>();
    for (SalesReconciliationRow row : rows) {
      if (!row.has(SalesDifference.MISSING_IN_BOOKS)) {
        continue;
      }
      Object doc = missing.get(row.sourceRef());
      if (doc instanceof Sale sale) {
        entries.add(SalesCorrection.of(sale));
      } else if (doc instanceof Refund refund) {
        entries.add(SalesCorrection.of(refund));
      }
    }
    return new SalesCorrectionPlan(books, entries);
  }

  @Override
  public String toString() {
    return "SalesReconciliationReport[sources=" + sources + ", books=" + books + ", window=" + from
        + ".." + to + ", compared=" + summary.compared() + ", differing=" + summary.differing() + "]";
  }
}
