package dev.posbridge.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.model.Sale;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes a seeded sales report in every format and reads each back. */
class SalesReportExportTest {

  static final String ODD_NUMBER = "R-1, \"odd\" <script>alert(1)</script>";

  /** The seeded differences plus a missing sale whose number needs quoting and escaping. */
  static SalesReconciliationReport seededReport() {
    SalesReconcilerTest.Seeded s = new SalesReconcilerTest.Seeded();
    Sale odd = SalesReconcilerTest.sale("ODD", "1.50").toBuilder().number(ODD_NUMBER).build();
    s.square.sell(odd);
    return SalesReconcilerTest.reconciler(s.square, s.books).build().reconcile();
  }

  static String write(SalesReconciliationReport report, ReportFormat format) throws Exception {
    StringWriter out = new StringWriter();
    report.write(format, out);
    return out.toString();
  }

  @Test
  void csvHasAHeaderAndOneQuotedLinePerDifferingDocument() throws Exception {
    SalesReconciliationReport report = seededReport();

    String csv = write(report, ReportFormat.CSV);

    String[] lines = csv.split("\r\n");
    assertThat(lines[0]).isEqualTo("document,source_ref,number,date,source_amount,source_currency,"
        + "booked_amount,booked_currency,amount_difference,source_version,booked_version,booked_count,"
        + "booked_refs,differences");
    assertThat(lines).hasSize(1 + report.rows().size()).hasSize(6);
    assertThat(csv).contains("sale,square/order/CENT,R-CENT,2026-12-05T12:00:00Z,30.00,USD,30.01,USD,0.01,1,1,1,"
        + "quickbooks/salesreceipt/3,amount_different\r\n");
    assertThat(csv).contains("sale,square/order/DOUBLE,R-DOUBLE,2026-12-05T12:00:00Z,20.00,USD,20.00,USD,0.00,1,1,2,"
        + "quickbooks/salesreceipt/1;quickbooks/salesreceipt/2,doubled\r\n");
    assertThat(csv).contains("sale,square/order/MISSED,R-MISSED,2026-12-05T12:00:00Z,10.00,USD,,,,1,,0,,missing_in_books");
    assertThat(csv).contains(",40.00,USD,40.00,EUR,,1,1,1,");
    assertThat(csv).contains("\"R-1, \"\"odd\"\" <script>alert(1)</script>\"");
  }

  @Test
  void jsonCarriesTheSummaryAndEveryRowWithAmountsAsNumbers() throws Exception {
    SalesReconciliationReport report = seededReport();

    JsonNode json = new ObjectMapper().readTree(write(report, ReportFormat.JSON));

    assertThat(json.path("books").asText()).isEqualTo("quickbooks");
    assertThat(json.path("sources").get(0).asText()).isEqualTo("square");
    assertThat(json.path("from").asText()).isEqualTo("2026-12-05T00:00:00Z");
    JsonNode summary = json.path("summary");
    assertThat(summary.path("differing").asLong()).isEqualTo(5);
    assertThat(summary.path("balanced").asBoolean()).isFalse();
    assertThat(summary.path("byDifference").path("missing_in_books").asLong()).isEqualTo(2);
    assertThat(summary.path("byDifference").path("doubled").asLong()).isEqualTo(1);
    assertThat(summary.path("sourceNet").path("USD").decimalValue()).isEqualByComparingTo("146.50");
    JsonNode rows = json.path("rows");
    assertThat(rows).hasSize(5);
    JsonNode cent = null;
    for (JsonNode r : rows) {
      if (r.path("sourceRef").asText().equals("square/order/CENT")) {
        cent = r;
      }
    }
    assertThat(cent).isNotNull();
    assertThat(cent.path("amountDifference").path("amount").isNumber()).isTrue();
    assertThat(cent.path("amountDifference").path("amount").decimalValue()).isEqualByComparingTo("0.01");
    assertThat(cent.path("differences").get(0).asText()).isEqualTo("amount_different");
    assertThat(cent.path("bookedRefs").get(0).asText()).isEqualTo("quickbooks/salesreceipt/3");
  }

  @Test
  void htmlIsSelfContainedEscapedAndBuiltFromTheStockPagesBlocks(@TempDir Path dir) throws Exception {
    SalesReconciliationReport report = seededReport();
    Path file = dir.resolve("sales.html");

    report.write(ReportFormat.HTML, file);
    String html = Files.readString(file);

    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none';");
    assertThat(html).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).containsPattern("id=\"card-missing\"><div class=\"label\">[^<]*</div><div class=\"value\">2<");
    assertThat(html).containsPattern("id=\"card-differing\"><div class=\"label\">[^<]*</div><div class=\"value\">5<");
    assertThat(html).contains("<table id=\"differences\" class=\"sortable\">");
    assertThat(html).contains("data-kind=\"currency_different\"");
    assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
  }

  @Test
  void aBalancedReportSaysSoInEveryFormat() throws Exception {
    FakeSalesSource square = new FakeSalesSource("square");
    FakeBooks books = new FakeBooks("quickbooks");
    Sale sale = SalesReconcilerTest.sale("OK", "2.00");
    square.sell(sale);
    books.put(sale);
    SalesReconciliationReport report = SalesReconcilerTest.reconciler(square, books).build().reconcile();

    assertThat(write(report, ReportFormat.CSV).split("\r\n")).hasSize(1);
    assertThat(new ObjectMapper().readTree(write(report, ReportFormat.JSON)).path("summary")
        .path("balanced").asBoolean()).isTrue();
    assertThat(write(report, ReportFormat.HTML)).contains("class=\"empty good\"")
        .containsPattern("id=\"card-differing\"><div class=\"label\">[^<]*</div><div class=\"value\">0<");
    assertThat(report.rows()).isEmpty();
    assertThat(report.toString()).contains("differing=0");
  }
}
