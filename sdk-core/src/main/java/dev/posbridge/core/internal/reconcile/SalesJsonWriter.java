package dev.posbridge.core.internal.reconcile;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.reconcile.SalesDifference;
import dev.posbridge.core.reconcile.SalesReconciliationReport;
import dev.posbridge.core.reconcile.SalesReconciliationRow;
import dev.posbridge.core.reconcile.SalesReconciliationSummary;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Streams a sales report as one JSON document with Jackson's generator. Amounts are JSON numbers
 * in plain notation with their currency beside them.
 *
 * <pre>{@code
 * {"generatedAt":"…","from":"…","to":"…","sources":["square"],"books":"quickbooks",
 *  "summary":{"compared":…,"sourceSales":…,"sourceRefunds":…,"voidedAtSource":…,"bookedSales":…,
 *             "bookedRefunds":…,"matched":…,"differing":…,"balanced":false,
 *             "byDifference":{"missing_in_books":1,…},"sourceNet":{"USD":12.5},"bookedNet":{…},
 *             "notFromSources":0,"outOfScope":0},
 *  "rows":[{"document":"sale","sourceRef":"square/order/1","number":…,"date":…,
 *           "sourceAmount":{"amount":12.5,"currency":"USD"},"bookedAmount":null,
 *           "amountDifference":null,"sourceVersion":…,"bookedVersion":…,"bookedCount":0,
 *           "bookedRefs":[],"differences":["missing_in_books"]}]}
 * }</pre>
 */
public final class SalesJsonWriter {

  private SalesJsonWriter() {}

  /**
   * Writes the report.
   *
   * @param report the report
   * @param out the destination; not closed
   * @throws IOException if writing fails
   */
  public static void write(SalesReconciliationReport report, Writer out) throws IOException {
    try (JsonGenerator g = JsonWriting.open(out, report.generatedAt())) {
      g.writeStringField("from", report.from().toString());
      g.writeStringField("to", report.to().toString());
      JsonWriting.strings(g, "sources", report.sources());
      g.writeStringField("books", report.books());
      SalesReconciliationSummary s = report.summary();
      g.writeObjectFieldStart("summary");
      g.writeNumberField("compared", s.compared());
      g.writeNumberField("sourceSales", s.sourceSales());
      g.writeNumberField("sourceRefunds", s.sourceRefunds());
      g.writeNumberField("voidedAtSource", s.voidedAtSource());
      g.writeNumberField("bookedSales", s.bookedSales());
      g.writeNumberField("bookedRefunds", s.bookedRefunds());
      g.writeNumberField("matched", s.matched());
      g.writeNumberField("differing", s.differing());
      g.writeBooleanField("balanced", s.balanced());
      g.writeObjectFieldStart("byDifference");
      for (Map.Entry<SalesDifference, Long> e : s.byDifference().entrySet()) {
        g.writeNumberField(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
      }
      g.writeEndObject();
      amounts(g, "sourceNet", s.sourceNet());
      amounts(g, "bookedNet", s.bookedNet());
      g.writeNumberField("notFromSources", s.notFromSources());
      g.writeNumberField("outOfScope", s.outOfScope());
      g.writeEndObject();
      g.writeArrayFieldStart("rows");
      for (SalesReconciliationRow r : report.rows()) {
        row(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void row(JsonGenerator g, SalesReconciliationRow r) throws IOException {
    g.writeStartObject();
    g.writeStringField("document", r.document().name().toLowerCase(Locale.ROOT));
    g.writeStringField("sourceRef", r.sourceRef().toString());
    text(g, "number", r.number());
    text(g, "date", r.date() == null ? null : r.date().toString());
    money(g, "sourceAmount", r.sourceAmount());
    money(g, "bookedAmount", r.bookedAmount());
    money(g, "amountDifference", r.amountDifference());
    text(g, "sourceVersion", r.sourceVersion());
    text(g, "bookedVersion", r.bookedVersion());
    g.writeNumberField("bookedCount", r.bookedCount());
    g.writeArrayFieldStart("bookedRefs");
    for (ExternalRef ref : r.bookedRefs()) {
      g.writeString(ref.withVersion(null).toString());
    }
    g.writeEndArray();
    g.writeArrayFieldStart("differences");
    for (SalesDifference d : r.differences()) {
      g.writeString(d.name().toLowerCase(Locale.ROOT));
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void amounts(JsonGenerator g, String name, Map<String, BigDecimal> byCurrency)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, BigDecimal> e : byCurrency.entrySet()) {
      g.writeFieldName(e.getKey());
      g.writeNumber(e.getValue().toPlainString());
    }
    g.writeEndObject();
  }

  private static void money(JsonGenerator g, String name, @Nullable Money m) throws IOException {
    g.writeFieldName(name);
    if (m == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeFieldName("amount");
    g.writeNumber(m.amount().toPlainString());
    g.writeStringField("currency", m.currency().getCurrencyCode());
    g.writeEndObject();
  }

  private static void text(JsonGenerator g, String name, @Nullable String value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, value);
    }
  }
}
