package dev.posbridge.core.internal.reconcile;

import dev.posbridge.core.reconcile.ReconciliationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a report's rows as RFC 4180 CSV: CRLF line ends, a header line, fields quoted when they
 * contain a comma, quote, CR or LF, quotes doubled. Columns: {@code sku, location}, one quantity
 * column per system (empty when the system lacks the key), {@code missing_in} (system names joined
 * by {@code ;}), {@code spread}, {@code drift_vs_record} (empty without a system of record),
 * {@code allowed_drift}, {@code within_tolerance}, {@code discrepancy}.
 */
public final class CsvReportWriter {

  private CsvReportWriter() {}

  /**
   * Streams every row of the report.
   *
   * @param report the report
   * @param out the destination
   * @throws IOException if writing fails
   */
  public static void write(ReconciliationReport report, Writer out) throws IOException {
    List<String> systems = report.systems();
    StringBuilder header = new StringBuilder("sku,location");
    for (String s : systems) {
      header.append(',').append(field(s));
    }
    header.append(",missing_in,spread,drift_vs_record,allowed_drift,within_tolerance,discrepancy\r\n");
    out.write(header.toString());
    StringBuilder line = new StringBuilder(128);
    try {
      report.rows().forEach(row -> {
        line.setLength(0);
        line.append(field(row.sku())).append(',').append(field(row.location()));
        for (String s : systems) {
          line.append(',').append(number(row.quantities().get(s)));
        }
        line.append(',').append(field(String.join(";", row.missingIn())))
            .append(',').append(number(row.spread()))
            .append(',').append(number(row.driftVsRecord()))
            .append(',').append(number(row.allowedDrift()))
            .append(',').append(row.withinTolerance())
            .append(',').append(row.discrepancy())
            .append("\r\n");
        writeUnchecked(out, line);
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Quotes a field as RFC 4180 requires.
   *
   * @param value the raw value
   * @return the field
   */
  public static String field(String value) {
    boolean quote = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        quote = true;
        break;
      }
    }
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  private static String number(@Nullable BigDecimal value) {
    return value == null ? "" : value.toPlainString();
  }

  private static void writeUnchecked(Writer out, CharSequence s) {
    try {
      out.append(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
