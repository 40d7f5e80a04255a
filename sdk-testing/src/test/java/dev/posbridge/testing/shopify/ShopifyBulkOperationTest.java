package dev.posbridge.testing.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's bulk query operations behave as Shopify documents them. */
class ShopifyBulkOperationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2025-11-03T10:00:00Z");
  private static final String RUN = "mutation Run($query: String!, $grouped: Boolean!) { "
      + "bulkOperationRunQuery(query: $query, groupObjects: $grouped) { bulkOperation { id status } "
      + "userErrors { field message code } } }";
  private static final String POLL = "query Poll($id: ID!) { bulkOperation(id: $id) { id status errorCode "
      + "objectCount rootObjectCount fileSize url partialDataUrl } }";
  private static final String NODE = "query Node($id: ID!) { node(id: $id) { ... on BulkOperation { id status url } } }";
  private static final String CANCEL = "mutation Cancel($id: ID!) { bulkOperationCancel(id: $id) { "
      + "bulkOperation { id status } userErrors { field message } } }";
  private static final String ORDERS = "{ orders(query: \"updated_at:>='2025-11-01T00:00:00Z'\", sortKey: UPDATED_AT) "
      + "{ edges { node { id name totalPriceSet { shopMoney { amount } } "
      + "lineItems { edges { node { __typename id sku quantity } } } "
      + "shippingLines { edges { node { id title } } } } } } }";

  private final SimClock clock = SimClock.fixed(T0);
  private final ShopifySimulator sim = ShopifySimulator.start(SimulatorConfig.builder().clock(clock).build());
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    sim.assertNoInternalErrors();
    sim.close();
  }

  private JsonNode graphql(String version, String query, Map<String, ?> variables) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(sim.baseUrl() + "/admin/api/" + version + "/graphql.json"))
        .header("Content-Type", "application/json")
        .header("X-Shopify-Access-Token", ShopifySimulator.DEFAULT_ACCESS_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private JsonNode run(String version, String query, boolean grouped) throws Exception {
    return graphql(version, RUN, Map.of("query", query, "grouped", grouped));
  }

  private JsonNode poll(String id) throws Exception {
    return graphql("2026-10", POLL, Map.of("id", id)).path("data").path("bulkOperation");
  }

  private HttpResponse<String> download(String url, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (range != null) {
      b.header("Range", range);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String seedOrder(int lines, int minutesAgo) {
    OrderSeed seed = OrderSeed.create().at(T0.minus(Duration.ofMinutes(minutesAgo)))
        .shipping("Courier", "4.90", null, null);
    for (int i = 0; i < lines; i++) {
      seed.line("SKU-" + i, "Item " + i, 1, "5.00");
    }
    return sim.seedOrder(seed);
  }

  @Test
  void aBulkQueryRunsCreatedRunningCompletedAndItsJsonlListsEachOrderWithItsItemsAfterIt() throws Exception {
    String a = seedOrder(2, 30);
    String b = seedOrder(1, 20);

    JsonNode created = run("2026-10", ORDERS, true);
    String id = created.path("data").path("bulkOperationRunQuery").path("bulkOperation").path("id").asText();
    JsonNode first = poll(id);
    JsonNode second = poll(id);

    assertThat(created.path("data").path("bulkOperationRunQuery").path("bulkOperation").path("status").asText())
        .isEqualTo("CREATED");
    assertThat(created.path("data").path("bulkOperationRunQuery").path("userErrors")).isEmpty();
    assertThat(first.path("status").asText()).isEqualTo("RUNNING");
    assertThat(first.path("url").isNull()).isTrue();
    assertThat(second.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(second.path("objectCount").asText()).isEqualTo("7");
    assertThat(second.path("rootObjectCount").asText()).isEqualTo("2");
    HttpResponse<String> file = download(second.path("url").asText(), null);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(second.path("fileSize").asText()).isEqualTo(String.valueOf(file.body().getBytes(
        java.nio.charset.StandardCharsets.UTF_8).length));
    List<JsonNode> lines = new ArrayList<>();
    for (String line : file.body().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).extracting(l -> l.path("__parentId").asText(l.path("id").asText()))
        .containsExactly(a, a, a, a, b, b, b);
    assertThat(lines.get(0).has("lineItems")).as("connections are not nested in the order's line").isFalse();
    assertThat(lines.get(0).path("name").asText()).startsWith("#");
    assertThat(lines.get(1).path("__typename").asText()).isEqualTo("LineItem");
    assertThat(lines.get(1).path("sku").asText()).isEqualTo("SKU-0");
    assertThat(lines.get(3).path("title").asText()).as("shipping line after the line items").isEqualTo("Courier");
    assertThat(lines.get(3).has("__typename")).as("not selected for shipping lines").isFalse();
  }

  @Test
  void anOperationAlsoCompletesOnceItsRunTimeHasPassedOnTheSimulatorsClock() throws Exception {
    seedOrder(1, 5);
    sim.bulkOperationTiming(1_000, Duration.ofMinutes(2));
    String id = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery")
        .path("bulkOperation").path("id").asText();

    String before = poll(id).path("status").asText();
    clock.advance(Duration.ofMinutes(2));
    JsonNode after = graphql("2026-10", NODE, Map.of("id", id)).path("data").path("node");

    assertThat(before).isEqualTo("RUNNING");
    assertThat(after.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(after.path("url").asText()).startsWith(sim.baseUrl() + "/bulk-results/");
  }

  @Test
  void beforeApi202601OneBulkQueryRunsAtATimeAndFromItOnFive() throws Exception {
    seedOrder(1, 5);

    run("2025-10", ORDERS, true);
    JsonNode second = run("2025-10", ORDERS, true).path("data").path("bulkOperationRunQuery");
    for (int i = 0; i < 3; i++) {
      run("2026-10", ORDERS, true);
    }
    JsonNode fifth = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery");
    JsonNode sixth = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery");

    assertThat(second.path("bulkOperation").isNull()).isTrue();
    assertThat(second.path("userErrors").get(0).path("code").asText()).isEqualTo("OPERATION_IN_PROGRESS");
    assertThat(fifth.path("userErrors")).isEmpty();
    assertThat(sixth.path("userErrors").get(0).path("code").asText()).isEqualTo("LIMIT_REACHED");
    assertThat(sim.bulkOperationCount()).isEqualTo(5);
  }

  @Test
  void aFinishedOperationFreesItsSlotAndTheLimitCanBeSetToOne() throws Exception {
    seedOrder(1, 5);
    sim.bulkQueryLimit(1);
    String id = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery")
        .path("bulkOperation").path("id").asText();

    JsonNode refused = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery");
    poll(id);
    poll(id);
    JsonNode accepted = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery");

    assertThat(refused.path("userErrors").get(0).path("code").asText()).isEqualTo("OPERATION_IN_PROGRESS");
    assertThat(accepted.path("userErrors")).isEmpty();
  }

  @Test
  void anInjectedFailureEndsFailedWithItsErrorCodeAndPartialData() throws Exception {
    for (int i = 0; i < 4; i++) {
      seedOrder(1, 10 + i);
    }
    sim.failNextBulkOperation("INTERNAL_SERVER_ERROR");
    String failed = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery")
        .path("bulkOperation").path("id").asText();
    poll(failed);
    JsonNode f = poll(failed);
    sim.failNextBulkOperation("ACCESS_DENIED");
    String denied = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery")
        .path("bulkOperation").path("id").asText();
    poll(denied);
    JsonNode d = poll(denied);

    assertThat(f.path("status").asText()).isEqualTo("FAILED");
    assertThat(f.path("errorCode").asText()).isEqualTo("INTERNAL_SERVER_ERROR");
    assertThat(f.path("url").isNull()).isTrue();
    assertThat(download(f.path("partialDataUrl").asText(), null).body().split("\n")).as("half of 12 lines").hasSize(6);
    assertThat(d.path("errorCode").asText()).isEqualTo("ACCESS_DENIED");
    assertThat(d.path("partialDataUrl").isNull()).isTrue();
  }

  @Test
  void theMutationCostsTenPointsAndAStatusReadOne() throws Exception {
    seedOrder(3, 5);

    JsonNode created = run("2026-10", ORDERS, true);
    String id = created.path("data").path("bulkOperationRunQuery").path("bulkOperation").path("id").asText();
    JsonNode polled = graphql("2026-10", POLL, Map.of("id", id));

    assertThat(created.path("extensions").path("cost").path("requestedQueryCost").asInt()).isEqualTo(10);
    assertThat(created.path("extensions").path("cost").path("actualQueryCost").asInt()).isEqualTo(10);
    assertThat(polled.path("extensions").path("cost").path("requestedQueryCost").asInt()).isEqualTo(1);
    assertThat(polled.path("extensions").path("cost").path("actualQueryCost").asInt()).isEqualTo(1);
  }

  @Test
  void theResultUrlNeedsItsSignatureNotATokenAnswersRangesAndExpiresAfterSevenDays() throws Exception {
    seedOrder(2, 5);
    String id = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery")
        .path("bulkOperation").path("id").asText();
    poll(id);
    String url = poll(id).path("url").asText();
    String whole = download(url, null).body();

    HttpResponse<String> tail = download(url, "bytes=10-");
    HttpResponse<String> forged = download(url.replaceAll("sig=.*", "sig=forged"), null);
    HttpResponse<String> past = download(url, "bytes=" + whole.length() + "-");
    clock.advance(Duration.ofDays(7));
    HttpResponse<String> expired = download(url, null);

    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(whole.substring(10));
    assertThat(tail.headers().firstValue("Content-Range")).contains(
        "bytes 10-" + (whole.length() - 1) + "/" + whole.length());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(expired.statusCode()).isEqualTo(403);
    assertThat(poll(id).path("status").asText()).isEqualTo("EXPIRED");
  }

  @Test
  void queriesShopifyRefusesAreAnsweredWithAnInvalidUserError() throws Exception {
    List<String> refused = List.of(
        "query Q($q: String) { orders(query: $q) { edges { node { id } } } }",
        "{ shop { name } }",
        "{ orders { edges { node { name lineItems { edges { node { id } } } } } } }",
        "{ orders { edges { node { id } } } customers { edges { node { id } } } }");

    for (String query : refused) {
      JsonNode payload = run("2026-10", query, true).path("data").path("bulkOperationRunQuery");
      assertThat(payload.path("bulkOperation").isNull()).as(query).isTrue();
      assertThat(payload.path("userErrors").get(0).path("code").asText()).as(query).isEqualTo("INVALID");
    }
    assertThat(sim.bulkOperationCount()).isZero();
  }

  @Test
  void withoutGroupObjectsAnOrdersItemsMayComeAfterLaterOrders() throws Exception {
    String a = seedOrder(1, 40);
    String b = seedOrder(1, 30);
    String c = seedOrder(1, 20);
    String d = seedOrder(1, 10);
    String id = run("2026-10", ORDERS, false).path("data").path("bulkOperationRunQuery")
        .path("bulkOperation").path("id").asText();
    poll(id);

    String body = download(poll(id).path("url").asText(), null).body();

    List<String> owners = new ArrayList<>();
    for (String line : body.split("\n")) {
      JsonNode n = JSON.readTree(line);
      owners.add(n.path("__parentId").asText(n.path("id").asText()));
    }
    assertThat(owners).containsExactly(a, b, c, a, a, b, b, c, c, d, d, d);
  }

  @Test
  void anEmptyResultCompletesWithoutAUrlAndACancelledOperationEndsCanceled() throws Exception {
    String empty = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery")
        .path("bulkOperation").path("id").asText();
    poll(empty);
    JsonNode done = poll(empty);
    seedOrder(1, 5);
    String id = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery")
        .path("bulkOperation").path("id").asText();
    JsonNode cancel = graphql("2026-10", CANCEL, Map.of("id", id)).path("data").path("bulkOperationCancel");

    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("objectCount").asText()).isEqualTo("0");
    assertThat(done.path("url").isNull()).isTrue();
    assertThat(cancel.path("bulkOperation").path("status").asText()).isEqualTo("CANCELING");
    assertThat(poll(id).path("status").asText()).isEqualTo("CANCELED");
  }

  @Test
  void aRewriterPlantsBrokenLinesInTheResult() throws Exception {
    seedOrder(1, 5);
    sim.rewriteBulkResults(line -> line.contains("__parentId") ? "{not json" : line);
    String id = run("2026-10", ORDERS, true).path("data").path("bulkOperationRunQuery")
        .path("bulkOperation").path("id").asText();
    poll(id);

    String body = download(poll(id).path("url").asText(), null).body();

    assertThat(body.split("\n")).hasSize(3).contains("{not json");
  }
}
