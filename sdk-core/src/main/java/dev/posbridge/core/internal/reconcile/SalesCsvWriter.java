package dev.posbridge.core.internal.reconcile;

import static dev.posbridge.core.internal.reconcile.CsvReportWriter.field;

import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.reconcile.SalesDifference;
import dev.posbridge.core.reconcile.SalesReconciliationReport;
import dev.posbridge.core.reconcile.SalesReconciliationRow;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes a sales report's rows as RFC 4180 CSV, quoted as {@link CsvReportWriter} does. Columns:
 * {@code document} ({@code sale}/{@code refund}), {@code source_ref}, {@code number}, {@code date}
 * (ISO-8601), {@code source_amount}, {@code source_currency}, {@code booked_amount},
 * {@code booked_currency}, {@code amount_difference} (booked − source, empty unless both are in one
 * currency), {@code source_version}, {@code booked_version}, {@code booked_count},
 * {@code booked_refs} and {@code differences} (lower-case names joined by {@code ;}).
 */
public final class SalesCsvWriter {

  private SalesCsvWriter() {}

  /**
   * Writes every row of the report.
   *
   * @param report the report
   * @param out the destination
   * @throws IOException if writing fails
   */
  public static void write(SalesReconciliationReport report, Writer out) throws IOException {
    out.write("document,source_ref,number,date,source_amount,source_currency,booked_amount,"
        + "booked_currency,amount_difference,source_version,booked_version,booked_count,booked_refs,"
        + "differences\r\n");
    StringBuilder line = new StringBuilder(256);
    for (SalesReconciliationRow r : report.rows()) {
      line.setLength(0);
      line.append(r.document().name().toLowerCase(Locale.ROOT)).append(',')
          .append(field(r.sourceRef().toString())).append(',')
          .append(text(r.number())).append(',')
          .append(r.date() == null ? "" : r.date().toString()).append(',');
      money(line, r.sourceAmount());
      money(line, r.bookedAmount());
      Money diff = r.amountDifference();
      line.append(diff == null ? "" : diff.amount().toPlainString()).append(',')
          .append(text(r.sourceVersion())).append(',')
          .append(text(r.bookedVersion())).append(',')
          .append(r.bookedCount()).append(',');
      List<String> refs = new ArrayList<>(r.bookedRefs().size());
      for (ExternalRef ref : r.bookedRefs()) {
        refs.add(ref.withVersion(null).toString());
      }
      line.append(field(String.join(";", refs))).append(',')
          .append(field(names(r.differences()))).append("\r\n");
      out.append(line);
    }
  }

  /**
   * Names differences in lower case, joined by {@code ;}.
   *
   * @param differences the differences
   * @return e.g. {@code doubled;amount_different}
   */
  static String names(List<SalesDifference> differences) {
    List<String> names = new ArrayList<>(differences.size());
    for (SalesDifference d : differences) {
      names.add(d.name().toLowerCase(Locale.ROOT));
    }
    return String.join(";", names);
  }

  private static void money(StringBuilder line, @Nullable Money m) {
    if (m == null) {
      line.append(",,");
    } else {
      line.append(m.amount().toPlainString()).append(',').append(m.currency().getCurrencyCode()).append(',');
    }
  }

  private static String text(@Nullable String s) {
    return s == null ? "" : field(s);
  }
}
