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
 * Renders the sales HTML report in headless Chromium and checks the DOM after its script ran.
 * Skipped only when {@code /usr/bin/chromium} is not installed ({@code .ci/run} installs it).
 */
class SalesHtmlReportChromiumTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void chromiumRendersTheCardsAndTheSortScriptSortsTheDifferences(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
    SalesReconciliationReport report = SalesReportExportTest.seededReport();
    Path html = dir.resolve("sales.html");
    report.write(ReportFormat.HTML, html);

    // #sort=1:desc asks the page's script to sort the differences by source ref, descending
    String dom = dumpDom(html.toUri() + "#sort=1:desc", dir.resolve("profile"));

    assertThat(dom).contains("data-sort-ready=\"true\"");
    assertThat(dom).contains("id=\"card-missing\"");
    List<String> refs = new ArrayList<>();
    Matcher m = Pattern.compile("<tr data-ref=\"([^\"]*)\"").matcher(dom);
    while (m.find()) {
      refs.add(m.group(1));
    }
    assertThat(refs).containsExactly("square/order/ODD", "square/order/MISSED", "square/order/DOUBLE",
        "square/order/CURR", "square/order/CENT");
    assertThat(report.rows()).extracting(r -> r.sourceRef().toString()).isNotEqualTo(refs);
    assertThat(dom).containsPattern("<th[^>]*aria-sort=\"descending\"[^>]*>Source ref</th>");
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
