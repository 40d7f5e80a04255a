package dev.posbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OperatorHandlerTest extends OperatorFixture {

  @Test
  void statusJsonReportsTheEnginesBacklogPerSinkAndTheDeadLettersWithTheirCode() throws Exception {
    deadLetterAnUnmappedSale();
    pipeline.pause("erp");

    JsonNode status = new ObjectMapper().readTree(get(BASE + "/status.json").body());

    assertThat(status.path("totals").path("backlog").asLong()).isEqualTo(pipeline.status().pending()).isEqualTo(4);
    assertThat(status.path("totals").path("deadLetters").asLong()).isEqualTo(2);
    assertThat(status.path("up").asBoolean()).as("workers are stopped").isFalse();
    JsonNode sinks = status.path("sinks");
    assertThat(sinks).hasSize(2);
    assertThat(sinks.get(0).path("sink").asText()).isEqualTo("books");
    assertThat(sinks.get(0).path("backlog").asLong()).isEqualTo(2);
    assertThat(sinks.get(0).path("deadLetters").asLong()).isEqualTo(1);
    assertThat(sinks.get(1).path("paused").asBoolean()).isTrue();
    assertThat(sinks.get(1).path("pauseReason").asText()).isNotBlank();
    JsonNode dead = status.path("deadLetters").get(0);
    assertThat(dead.path("errorCode").asText()).isEqualTo("UNMAPPED_SKU");
    assertThat(dead.path("error").asText()).contains("SCONE");
    assertThat(dead.path("sourceRef").asText()).contains("S-BAD");
  }

  @Test
  void replayNeedsTheOperatorHeaderAndPostAndThenDeliversTheFixedSale() throws Exception {
    deadLetterAnUnmappedSale();
    long id = page.engine().deadLetters(10).stream().filter(d -> d.sink().equals("books")).findFirst()
        .orElseThrow().id();

    assertThat(post(BASE + "/dead-letters/" + id + "/replay", false).statusCode()).isEqualTo(403);
    assertThat(get(BASE + "/dead-letters/" + id + "/replay").statusCode()).isEqualTo(405);
    assertThat(post(BASE + "/dead-letters/999999/replay", true).statusCode()).isEqualTo(404);
    assertThat(pipeline.status().dead()).isEqualTo(2);

    books.know("SCONE");
    HttpResponse<String> replay = post(BASE + "/dead-letters/" + id + "/replay", true);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).contains("\"replayed\":true");
    pipeline.start();
    TestBooks.await("all delivered to books", () -> books.booked() == 3);
    assertThat(page.engine().deadLetters(10)).extracting(FailedDelivery::sink).containsExactly("erp");
  }

  @Test
  void theLastStockReconciliationIsShownWithItsNumbersAndItsFullReport() throws Exception {
    assertThat(get(BASE + "/reports/stock.html").statusCode()).isEqualTo(404);
    dev.posbridge.core.connect.IdMap ids = dev.posbridge.core.connect.IdMap.inMemory();
    for (String system : List.of("pos", "erp")) {
      ids.put(dev.posbridge.core.connect.IdMap.Kind.LOCATION, "store-1",
          dev.posbridge.core.model.ExternalRef.of(system, "location", "store-1"));
      for (String sku : List.of("LATTE", "MUG")) {
        ids.put(dev.posbridge.core.connect.IdMap.Kind.SKU, sku, dev.posbridge.core.model.ExternalRef.of(system, "item", sku));
      }
    }
    dev.posbridge.core.reconcile.ReconciliationReport report = dev.posbridge.core.reconcile.Reconciler.builder()
        .system(new TestStock("pos", Map.of("LATTE", 10, "MUG", 4)))
        .system(new TestStock("erp", Map.of("LATTE", 10, "MUG", 6)))
        .idMap(ids).build().reconcile();
    board.stock(report);

    JsonNode stock = new ObjectMapper().readTree(get(BASE + "/status.json").body()).path("reconciliations").path("stock");
    assertThat(stock.path("compared").asLong()).isEqualTo(report.summary().compared()).isEqualTo(2);
    assertThat(stock.path("discrepancies").asLong()).isEqualTo(1);
    assertThat(stock.path("discrepancyRate").asDouble()).isEqualTo(0.5);
    assertThat(get(BASE).body()).contains("data-report=\"stock\"").contains("reports/stock.html");
    HttpResponse<String> full = get(BASE + "/reports/stock.html");
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.body()).contains("<html").contains("MUG");
  }

  @Test
  void healthIsDownWhenTheOutboxCannotBeWritten() throws Exception {
    pipeline.start();
    assertThat(page.engine().health().up()).isTrue();
    outbox.close();

    EngineHealth health = page.engine().health();

    assertThat(health.outboxAvailable()).isFalse();
    assertThat(health.up()).isFalse();
    assertThat(health.detail()).contains("the outbox cannot be written");
  }

  @Test
  void pageEscapesWhatItShowsAndAnswersUnknownPathsWith404() throws Exception {
    deadLetterAnUnmappedSale();
    HttpResponse<String> html = get(BASE);
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(html.body()).contains("UNMAPPED_SKU").doesNotContain("<script>alert");
    assertThat(get(BASE + "/nope").statusCode()).isEqualTo(404);
    Matcher m = Pattern.compile("data-replay-url=\"([^\"]+)\"").matcher(html.body());
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).startsWith(BASE + "/dead-letters/");
  }
}
