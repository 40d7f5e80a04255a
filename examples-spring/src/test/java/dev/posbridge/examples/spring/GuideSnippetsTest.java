package dev.posbridge.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.testing.square.SquareSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code block of the task guides that is marked {@code <!-- snippet: FILE#NAME -->} is,
 * character for character (indentation aside), the region {@code NAME} of that compiled (or, for
 * YAML, tested) file; and the first sync of the guide books a sale against the simulators.
 */
class GuideSnippetsTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern MARKED = Pattern.compile(
      "<!-- snippet: ([^#\\s]+)#([\\w-]+) -->\\s*```[a-z]*\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyMarkedGuideBlockIsTheCompiledRegion() throws IOException {
    List<String> checked = new ArrayList<>();
    List<Path> guides;
    try (Stream<Path> s = Files.list(ROOT.resolve("docs/guides"))) {
      guides = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    assertThat(guides).extracting(p -> p.getFileName().toString()).contains("first-sync.md", "id-map.md",
        "webhooks.md", "production.md", "kafka.md", "sandboxes.md");
    for (Path guide : guides) {
      String text = Files.readString(guide);
      Matcher m = MARKED.matcher(text);
      while (m.find()) {
        String source = Files.readString(ROOT.resolve(m.group(1)));
        Matcher region = Pattern.compile("(?://|#) snippet:" + Pattern.quote(m.group(2)) + "\n(.*?)\n\\s*(?://|#) end-snippet",
            Pattern.DOTALL).matcher(source);
        assertThat(region.find()).as("%s names region %s of %s", guide.getFileName(), m.group(2), m.group(1)).isTrue();
        assertThat(dedent(m.group(3))).as("%s, snippet %s", guide.getFileName(), m.group(2))
            .isEqualTo(dedent(region.group(1)));
        checked.add(m.group(2));
      }
    }
    assertThat(checked).contains("first-sync-plain", "first-sync-spring", "id-map-by-hand", "id-map-from-catalogs",
        "webhooks-plain", "webhooks-spring", "operator-page-plain", "replay-in-code", "kafka-bus", "sandbox-env");
  }

  @Test
  void theGuidesFirstSyncBooksASquareSaleInQuickBooks(@TempDir Path dir) throws Exception {
    try (Simulators sims = Simulators.start()) {
      sims.squareSale("LATTE-12", 1);
      CountDownLatch shutdown = new CountDownLatch(1);
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread app = new Thread(() -> {
        try {
          GuideSnippets.firstSync(sims.square.baseUrl(), SquareSimulator.DEFAULT_TOKEN, sims.quickbooks.baseUrl(),
              Simulators.REALM, sims.quickbooks.issueTokens().accessToken(),
              String.valueOf(sims.properties().get("posbridge.quickbooks.deposit-account")),
              dir.resolve("outbox.db"), shutdown);
        } catch (Throwable t) {
          failed.set(t);
        }
      });
      app.start();
      PosbridgeSpringExampleTest.await("booked", () -> sims.quickBooksReceipts() == 1 || failed.get() != null);
      shutdown.countDown();
      app.join(30_000);
      assertThat(failed.get()).isNull();
      assertThat(sims.quickBooksReceipts()).isEqualTo(1);
    }
  }

  private static List<String> dedent(String text) {
    List<String> lines = Arrays.stream(text.split("\n")).map(String::stripTrailing)
        .filter(l -> !l.isEmpty()).toList();
    int indent = lines.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.substring(indent)).toList();
  }
}
