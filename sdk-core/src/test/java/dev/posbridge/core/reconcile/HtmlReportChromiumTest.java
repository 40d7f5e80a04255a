package dev.posbridge.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the HTML report in headless Chromium and checks the DOM after its script ran. Skipped
 * only when {@code /usr/bin/chromium} is not installed ({@code .ci/run} installs it).
 */
class HtmlReportChromiumTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void chromiumRendersTheChartAndTableAndTheSortScriptRuns(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
    ReconciliationReport report = ReportExportTest.seededReport("erp");
    Path html = dir.resolve("report.html");
    report.write(ReportFormat.HTML, html);

    // #sort=0:asc asks the page's script to sort the worst-items table by SKU, ascending
    String dom = dumpDom(html.toUri() + "#sort=0:asc", dir.resolve("profile"));

    assertThat(dom).contains("data-sort-ready=\"true\"");
    assertThat(dom).containsPattern("<svg[^>]*id=\"drift-chart\"");
    assertThat(dom).containsPattern("<rect class=\"bar[^\"]*\"[^>]*width=\"[1-9]");
    List<String> skus = new ArrayList<>();
    Matcher m = Pattern.compile("<tr data-sku=\"([^\"]*)\"").matcher(dom);
    while (m.find()) {
      skus.add(m.group(1));
    }
    assertThat(skus).hasSize(report.worst().size()).hasSize(4);
    assertThat(skus).containsExactly("SKU-03", "SKU-05", "SKU-06",
        "TEE, &quot;RED&quot; &lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(report.worst()).extracting(ReconciliationRow::sku).isNotEqualTo(
        List.of("SKU-03", "SKU-05", "SKU-06", ReportExportTest.ODD_SKU));
    assertThat(dom).containsPattern("<th[^>]*aria-sort=\"ascending\"[^>]*>SKU</th>");
  }

  private static String dumpDom(String url, Path profile) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    Path err = profile.resolveSibling("chromium.err");
    Process p = new ProcessBuilder(
            CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", url)
        .redirectError(err.toFile())
        .start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 90 s");
    }
    assertThat(p.exitValue()).as("chromium exit code; stderr: %s", Files.readString(err)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
