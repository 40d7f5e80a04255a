package dev.posbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.sync.OutboxStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Renders the operator's page in headless Chromium, served by {@link OperatorHandler}: the page's
 * numbers are the engine's, its script wires a replay button to every dead letter, and the request
 * the button sends replays it. Skipped only when {@code /usr/bin/chromium} is not installed
 * ({@code .ci/run} installs it).
 */
class OperatorPageChromiumTest extends OperatorFixture {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void chromiumRendersTheEnginesNumbersAndTheReplayButtonReplays() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
    deadLetterAnUnmappedSale();
    pipeline.pause("erp");
    OutboxStatus engine = pipeline.status();

    String dom = dumpDom(url(BASE), dir.resolve("profile-1"));

    assertThat(dom).contains("data-replay-ready=\"2\"");
    assertThat(attr(dom, "id=\"totals\"", "data-backlog")).isEqualTo(String.valueOf(engine.pending()));
    assertThat(attr(dom, "id=\"totals\"", "data-dead")).isEqualTo(String.valueOf(engine.dead()));
    for (SinkState s : page.engine().sinks()) {
      String row = "data-sink=\"" + s.sink() + "\" data-backlog";
      assertThat(attr(dom, row, "data-backlog")).isEqualTo(String.valueOf(s.backlog()));
      assertThat(attr(dom, row, "data-dead")).isEqualTo(String.valueOf(s.deadLetters()));
    }
    assertThat(attr(dom, "data-sink=\"erp\" data-backlog", "data-paused")).isEqualTo("true");
    assertThat(dom).contains("UNMAPPED_SKU").contains("no item for SKU SCONE");

    // What the button's script posts: its data-replay-url, with the operator header.
    Matcher m = Pattern.compile("<tr data-dead-letter=\"(\\d+)\" data-sink=\"books\">.*?data-replay-url=\"([^\"]+)\"",
        Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).isTrue();
    books.know("SCONE");
    assertThat(post(m.group(2), true).statusCode()).isEqualTo(200);

    String after = dumpDom(url(BASE), dir.resolve("profile-2"));
    assertThat(after).doesNotContain("data-dead-letter=\"" + m.group(1) + "\"");
    assertThat(attr(after, "id=\"totals\"", "data-dead")).isEqualTo("1");
    assertThat(attr(after, "id=\"totals\"", "data-backlog")).isEqualTo(String.valueOf(pipeline.status().pending()));
  }

  private static String attr(String dom, String anchor, String name) {
    int at = dom.indexOf(anchor);
    assertThat(at).as("%s in the page", anchor).isNotNegative();
    int tagStart = dom.lastIndexOf('<', at);
    int tagEnd = dom.indexOf('>', at);
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom.substring(tagStart, tagEnd));
    assertThat(m.find()).as("%s on %s", name, anchor).isTrue();
    return m.group(1);
  }

  static String dumpDom(String url, Path profile) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    Path err = profile.resolveSibling(profile.getFileName() + ".err");
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
