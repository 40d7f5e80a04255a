package dev.posbridge.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the example application against the four simulators, as {@code main} does, and drives it
 * from the outside: webhooks from the vendor simulator, health, metrics and the dead-letter
 * endpoint over HTTP. One application for all tests (its start is the slow part); they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PosbridgeSpringExampleTest {

  @TempDir static Path dir;
  Simulators sims;
  ConfigurableApplicationContext app;
  String base;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void start() {
    sims = Simulators.start();
    app = PosbridgeSpringExample.run(sims, "--server.port=0", "--server.address=127.0.0.1",
        "--posbridge.outbox.path=" + dir.resolve("outbox.db"),
        "--posbridge.outbox.backoff-initial=100ms", "--posbridge.outbox.backoff-max=500ms",
        "--posbridge.outbox.max-attempts=1000", "--posbridge.http.circuit-open-for=1s",
        "--posbridge.health.failing-after=2");
    base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (sims != null) {
      sims.close();
    }
  }

  @Test
  @Order(1)
  void squareWebhookBooksTheSaleInQuickBooksAndNetSuiteAndHealthIsUp() throws Exception {
    int receipts = sims.quickBooksReceipts();
    int cashSales = sims.netSuiteCashSales();
    String order = sims.squareSale("LATTE-12", 2);

    assertThat(sims.squareOrderWebhook(base + "/posbridge/webhooks/square", order)).isEqualTo(200);

    await("booked in QuickBooks and NetSuite",
        () -> sims.quickBooksReceipts() == receipts + 1 && sims.netSuiteCashSales() == cashSales + 1);
    await("health UP", () -> health().path("status").asText().equals("UP"));
    JsonNode posbridge = health().path("components").path("posbridge");
    assertThat(posbridge.path("details").path("workers").asText()).isEqualTo("running");
    assertThat(posbridge.path("details").path("sinks").has("quickbooks")).isTrue();
  }

  @Test
  @Order(2)
  void shopifyWebhookBooksTheOnlineSaleInBothBooks() {
    int receipts = sims.quickBooksReceipts();
    int cashSales = sims.netSuiteCashSales();
    String order = sims.shopifySale("BEANS-1KG", 1);

    assertThat(sims.shopifyOrderWebhook(base + "/posbridge/webhooks/shopify", order)).isEqualTo(200);

    await("booked in QuickBooks and NetSuite",
        () -> sims.quickBooksReceipts() == receipts + 1 && sims.netSuiteCashSales() == cashSales + 1);
  }

  @Test
  @Order(2)
  void aWebhookWithABadSignatureIsRefusedAndStoresNothing() throws Exception {
    dev.posbridge.core.sync.OutboxStatus before = app.getBean(dev.posbridge.core.sync.SyncPipeline.class).status();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/posbridge/webhooks/square"))
        .header("x-square-hmacsha256-signature", "bm90IGEgc2lnbmF0dXJl")
        .POST(HttpRequest.BodyPublishers.ofString("{\"event_id\":\"e1\",\"type\":\"order.updated\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    dev.posbridge.core.sync.OutboxStatus after = app.getBean(dev.posbridge.core.sync.SyncPipeline.class).status();
    assertThat(after.pending() + after.delivered() + after.dead())
        .isEqualTo(before.pending() + before.delivered() + before.dead());
  }

  @Test
  @Order(3)
  void healthGoesDownDuringAQuickBooksOutageAndUpWhenItEnds() throws Exception {
    int receipts = sims.quickBooksReceipts();
    sims.quickbooks().faults().outage(true);
    try {
      String order = sims.squareSale("MUG-RED", 1);
      assertThat(sims.squareOrderWebhook(base + "/posbridge/webhooks/square", order)).isEqualTo(200);
      await("health DOWN", () -> health().path("status").asText().equals("DOWN"));
      JsonNode posbridge = health().path("components").path("posbridge");
      assertThat(posbridge.path("details").path("failing").toString()).contains("quickbooks");
      assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
    } finally {
      sims.quickbooks().faults().outage(false);
    }
    await("health UP again", () -> health().path("status").asText().equals("UP"));
    await("the sale waited in the outbox and is booked", () -> sims.quickBooksReceipts() == receipts + 1);
  }

  @Test
  @Order(4)
  void theDocumentedMetricsExistWithPlausibleValues() throws Exception {
    await("backlog drained", () -> metric("posbridge.sync.backlog", "sink:quickbooks") == 0);
    assertThat(metric("posbridge.sync.backlog", "sink:netsuite")).isZero();
    assertThat(metric("posbridge.sync.lag", "sink:quickbooks")).isGreaterThanOrEqualTo(0);
    assertThat(metric("posbridge.sync.dead.letters", "sink:netsuite")).isZero();
    assertThat(metric("posbridge.sync.delivered", "sink:quickbooks")).isGreaterThanOrEqualTo(2);
    assertThat(metricCount("posbridge.sync.delivery.latency", "sink:netsuite")).isGreaterThanOrEqualTo(2);
    assertThat(metric("posbridge.sync.retries", "sink:quickbooks")).as("retried during the outage").isPositive();
    assertThat(metricCount("posbridge.vendor.calls", "vendor:quickbooks")).isPositive();
    assertThat(metricCount("posbridge.vendor.calls", "vendor:square")).isPositive();
    assertThat(metric("posbridge.vendor.circuit.state", "vendor:netsuite")).isBetween(0.0, 2.0);
    assertThat(metric("posbridge.sync.workers.alive", null)).isEqualTo(1);
  }

  @Test
  @Order(5)
  void aDeadLetterIsListedWithItsCodeAndReplayedThroughTheEndpoint() throws Exception {
    sims.addSku("SCONE", false);   // sold at the store, not yet in NetSuite
    int cashSales = sims.netSuiteCashSales();
    String order = sims.squareSale("SCONE", 1);
    assertThat(sims.squareOrderWebhook(base + "/posbridge/webhooks/square", order)).isEqualTo(200);

    await("a dead letter for netsuite", () -> get("/actuator/posbridge").body().contains("UNMAPPED_SKU"));
    JsonNode dead = null;
    for (JsonNode d : json.readTree(get("/actuator/posbridge").body()).path("deadLetters")) {
      if (d.path("sink").asText().equals("netsuite")) {
        dead = d;
      }
    }
    assertThat(dead).isNotNull();
    assertThat(dead.path("sink").asText()).isEqualTo("netsuite");
    assertThat(dead.path("errorCode").asText()).isEqualTo("UNMAPPED_SKU");
    assertThat(dead.path("error").asText()).contains("SCONE");
    assertThat(get("/posbridge/operator").body()).contains("SCONE").contains("data-replay-url");

    sims.addToNetSuite("SCONE");
    HttpResponse<String> replay = http.send(HttpRequest.newBuilder(
        URI.create(base + "/actuator/posbridge/" + dead.path("id").asLong()))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).contains("\"replayed\":1");
    await("the replayed sale is booked in NetSuite", () -> sims.netSuiteCashSales() == cashSales + 1);
    assertThat(json.readTree(get("/actuator/posbridge").body()).path("deadLetters")).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  JsonNode health() {
    try {
      return json.readTree(get("/actuator/health").body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  double metric(String name, String tag) {
    return measurement(name, tag, "VALUE", "COUNT");
  }

  double metricCount(String name, String tag) {
    return measurement(name, tag, "COUNT");
  }

  private double measurement(String name, String tag, String... statistics) {
    HttpResponse<String> r = get("/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag));
    assertThat(r.statusCode()).as("metric %s %s: %s", name, tag, r.body()).isEqualTo(200);
    try {
      for (JsonNode m : json.readTree(r.body()).path("measurements")) {
        for (String s : statistics) {
          if (m.path("statistic").asText().equals(s)) {
            return m.path("value").asDouble();
          }
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no " + String.join("/", statistics) + " in " + r.body());
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
