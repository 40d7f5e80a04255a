package dev.posbridge.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.connect.IdMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportExportTest {

  static final String ODD_SKU = "TEE, \"RED\" <script>alert(1)</script>";

  /** Three systems with drift, a missing key, an unmapped level and a SKU that needs quoting. */
  static ReconciliationReport seededReport(String systemOfRecord) {
    ThreeSystems t = new ThreeSystems(8, "store-1", "store-2");
    t.set(t.shop, "SKU-03", "store-1", 1);
    t.set(t.erp, "SKU-05", "store-2", 40);
    t.remove(t.pos, "SKU-06", "store-2");
    for (FakeInventoryConnector c : List.of(t.pos, t.shop, t.erp)) {
      t.idMap.put(IdMap.Kind.SKU, ODD_SKU, c.itemRef(ThreeSystems.item(c, "odd")));
      c.put(ThreeSystems.item(c, "odd"), ThreeSystems.loc(c, "store-1"), c == t.shop ? 2 : 5);
    }
    t.pos.put("sq-UNKNOWN", "sq@store-1", 3);
    return t.builder().systemOfRecord(systemOfRecord).build().reconcile();
  }

  @Test
  void csvIsRfc4180AndParsesBackToEveryRow() throws IOException {
    ReconciliationReport report = seededReport("erp");
    StringWriter out = new StringWriter();

    report.write(ReportFormat.CSV, out);

    String csv = out.toString();
    assertThat(csv).contains("\r\n").doesNotContain("\n\n");
    List<List<String>> records = parseCsv(csv);
    assertThat(records.get(0)).containsExactly("sku", "location", "pos", "shop", "erp", "missing_in",
        "spread", "drift_vs_record", "allowed_drift", "within_tolerance", "discrepancy");
    assertThat(records).hasSize((int) report.summary().compared() + 1);
    assertThat(records).allSatisfy(r -> assertThat(r).hasSize(11));
    List<String> odd = records.stream().filter(r -> r.get(0).equals(ODD_SKU)).findFirst().orElseThrow();
    assertThat(odd).containsExactly(ODD_SKU, "store-1", "5", "2", "5", "", "3", "3", "0", "false", "true");
    List<String> missing = records.stream()
        .filter(r -> r.get(0).equals("SKU-06") && r.get(1).equals("store-2")).findFirst().orElseThrow();
    assertThat(missing.get(2)).isEmpty();
    assertThat(missing.get(5)).isEqualTo("pos");
    long discrepancies = records.stream().skip(1).filter(r -> r.get(10).equals("true")).count();
    assertThat(discrepancies).isEqualTo(report.summary().discrepancies()).isEqualTo(4);
  }

  @Test
  void jsonParsesBackWithSummaryUnmappedAndRows() throws IOException {
    ReconciliationReport report = seededReport("erp");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    report.write(ReportFormat.JSON, bytes);

    JsonNode json = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
    assertThat(json.get("generatedAt").asText()).isEqualTo("2026-11-29T11:00:00Z");
    assertThat(json.get("systemOfRecord").asText()).isEqualTo("erp");
    assertThat(json.get("systems")).extracting(JsonNode::asText).containsExactly("pos", "shop", "erp");
    JsonNode summary = json.get("summary");
    assertThat(summary.get("compared").asLong()).isEqualTo(report.summary().compared()).isEqualTo(17);
    assertThat(summary.get("discrepancies").asLong()).isEqualTo(4);
    assertThat(summary.get("discrepancyRate").asDouble()).isEqualTo(4.0 / 17);
    assertThat(summary.get("unitsOff").decimalValue()).isEqualByComparingTo(report.summary().unitsOff());
    assertThat(summary.get("unmapped").asLong()).isEqualTo(1);
    assertThat(summary.get("locations")).hasSize(2);
    assertThat(json.get("unmapped").get(0).get("item").asText()).isEqualTo("square/item/sq-UNKNOWN");
    assertThat(json.get("unmapped").get(0).get("reason").asText()).isEqualTo("ITEM");
    JsonNode rows = json.get("rows");
    assertThat(rows).hasSize(17);
    JsonNode odd = null;
    for (JsonNode r : rows) {
      if (r.get("sku").asText().equals(ODD_SKU)) {
        odd = r;
      }
    }
    assertThat(odd).isNotNull();
    assertThat(odd.get("quantities").get("shop").asInt()).isEqualTo(2);
    assertThat(odd.get("driftVsRecord").asInt()).isEqualTo(3);
    assertThat(odd.get("discrepancy").asBoolean()).isTrue();
  }

  @Test
  void jsonWritesNullDriftVsRecordWithoutASystemOfRecord() throws IOException {
    ThreeSystems t = new ThreeSystems(1, "store-1");
    StringWriter out = new StringWriter();
    t.builder().build().reconcile().write(ReportFormat.JSON, out);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("systemOfRecord").isNull()).isTrue();
    assertThat(json.get("rows").get(0).get("driftVsRecord").isNull()).isTrue();
  }

  @Test
  void htmlIsSelfContainedWithChartCardsAndEscapedWorstItems(@TempDir Path dir) throws IOException {
    ReconciliationReport report = seededReport("erp");
    Path file = dir.resolve("report.html");

    report.write(ReportFormat.HTML, file);

    String html = Files.readString(file);
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html).contains("<svg id=\"drift-chart\"", "<rect class=\"bar bad\"", "id=\"card-discrepancies\"",
        "<table id=\"worst\"", "<table id=\"unmapped\"", "<script>", "<style>");
    assertThat(count(html, "<tr data-sku=")).isEqualTo(report.worst().size()).isEqualTo(4);
    assertThat(count(html, "<g class=\"bar-group\"")).isEqualTo(2);
    assertThat(html).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)");
    String withoutXmlns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assertThat(withoutXmlns).doesNotContainPattern("(?i)(src|href)\\s*=|https?://|@import|url\\(");
  }

  @Test
  void htmlSaysSoWhenEverythingMatches() throws IOException {
    ThreeSystems t = new ThreeSystems(3, "store-1");
    StringWriter out = new StringWriter();
    t.builder().build().reconcile().write(ReportFormat.HTML, out);
    assertThat(out.toString()).contains("Every item is within tolerance").doesNotContain("<tr data-sku=");
  }

  private static int count(String s, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** A strict RFC 4180 parser: CRLF records, quoted fields with doubled quotes. */
  static List<List<String>> parseCsv(String csv) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    boolean quoted = false;
    boolean wasQuoted = false;
    while (i < csv.length()) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
        } else {
          field.append(c);
        }
        i++;
        continue;
      }
      if (c == '"') {
        if (field.length() > 0) {
          throw new IllegalArgumentException("quote inside unquoted field at " + i);
        }
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\r') {
        if (i + 1 >= csv.length() || csv.charAt(i + 1) != '\n') {
          throw new IllegalArgumentException("bare CR at " + i);
        }
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        wasQuoted = false;
        i++;
      } else if (c == '\n') {
        throw new IllegalArgumentException("bare LF at " + i);
      } else {
        if (wasQuoted) {
          throw new IllegalArgumentException("text after closing quote at " + i);
        }
        field.append(c);
      }
      i++;
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quote");
    }
    if (field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
