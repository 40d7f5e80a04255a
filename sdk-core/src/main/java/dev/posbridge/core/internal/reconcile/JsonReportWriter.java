package dev.posbridge.core.internal.reconcile;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.posbridge.core.reconcile.LocationSummary;
import dev.posbridge.core.reconcile.ReconciliationReport;
import dev.posbridge.core.reconcile.ReconciliationRow;
import dev.posbridge.core.reconcile.ReconciliationSummary;
import dev.posbridge.core.reconcile.UnmappedLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Streams a report as one JSON document with Jackson's generator, so every row can be written
 * without holding them. Quantities are JSON numbers written in plain notation (never exponents).
 *
 * <pre>{@code
 * {"generatedAt":"…","systems":["pos","shop"],"systemOfRecord":"pos",
 *  "summary":{"compared":…,"discrepancies":…,"missing":…,"differences":…,"discrepancyRate":…,
 *             "unitsOff":…,"unmapped":…,"locations":[{"location":…,"compared":…,…}]},
 *  "unmapped":[{"system":…,"item":"square/item/1","location":…,"reportedSku":…,"quantity":…,
 *               "reason":"ITEM"}],
 *  "rows":[{"sku":…,"location":…,"quantities":{"pos":3},"missingIn":["shop"],"spread":3,
 *           "driftVsRecord":3,"allowedDrift":0,"withinTolerance":false,"discrepancy":true}]}
 * }</pre>
 */
public final class JsonReportWriter {

  private JsonReportWriter() {}

  /**
   * Writes the report.
   *
   * @param report the report
   * @param out the destination; not closed
   * @throws IOException if writing fails
   */
  public static void write(ReconciliationReport report, Writer out) throws IOException {
    try (JsonGenerator g = JsonWriting.open(out, report.generatedAt())) {
      JsonWriting.strings(g, "systems", report.systems());
      String sor = report.systemOfRecord();
      if (sor == null) {
        g.writeNullField("systemOfRecord");
      } else {
        g.writeStringField("systemOfRecord", sor);
      }
      ReconciliationSummary s = report.summary();
      g.writeObjectFieldStart("summary");
      g.writeNumberField("compared", s.compared());
      g.writeNumberField("discrepancies", s.discrepancies());
      g.writeNumberField("missing", s.missing());
      g.writeNumberField("differences", s.differences());
      g.writeNumberField("discrepancyRate", s.discrepancyRate());
      number(g, "unitsOff", s.unitsOff());
      g.writeNumberField("unmapped", s.unmapped());
      g.writeArrayFieldStart("locations");
      for (LocationSummary l : s.locations()) {
        g.writeStartObject();
        g.writeStringField("location", l.location());
        g.writeNumberField("compared", l.compared());
        g.writeNumberField("discrepancies", l.discrepancies());
        g.writeNumberField("discrepancyRate", l.discrepancyRate());
        number(g, "unitsOff", l.unitsOff());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeArrayFieldStart("unmapped");
      for (UnmappedLevel u : report.unmapped()) {
        g.writeStartObject();
        g.writeStringField("system", u.system());
        g.writeStringField("item", u.item().toString());
        g.writeStringField("location", u.location().toString());
        if (u.reportedSku() == null) {
          g.writeNullField("reportedSku");
        } else {
          g.writeStringField("reportedSku", u.reportedSku());
        }
        number(g, "quantity", u.quantity());
        g.writeStringField("reason", u.reason().name());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("rows");
      Iterator<ReconciliationRow> rows = report.rows().iterator();
      while (rows.hasNext()) {
        row(g, rows.next());
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void row(JsonGenerator g, ReconciliationRow row) throws IOException {
    g.writeStartObject();
    g.writeStringField("sku", row.sku());
    g.writeStringField("location", row.location());
    g.writeObjectFieldStart("quantities");
    for (Map.Entry<String, BigDecimal> e : row.quantities().entrySet()) {
      number(g, e.getKey(), e.getValue());
    }
    g.writeEndObject();
    JsonWriting.strings(g, "missingIn", row.missingIn());
    number(g, "spread", row.spread());
    number(g, "driftVsRecord", row.driftVsRecord());
    number(g, "allowedDrift", row.allowedDrift());
    g.writeBooleanField("withinTolerance", row.withinTolerance());
    g.writeBooleanField("discrepancy", row.discrepancy());
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String name, @Nullable BigDecimal value)
      throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeNumber(value.toPlainString());
    }
  }
}
