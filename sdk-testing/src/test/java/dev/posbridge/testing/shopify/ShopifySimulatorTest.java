package dev.posbridge.testing.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.spi.Signatures;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShopifySimulatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOCATIONS = "query Locations($first: Int!) { locations(first: $first) "
      + "{ nodes { id name } } }";
  private static final String SET = "mutation S($input: InventorySetQuantitiesInput!, $k: String!) "
      + "{ inventorySetQuantities(input: $input) @idempotent(key: $k) { inventoryAdjustmentGroup "
      + "{ id } userErrors { code field message } } }";
  private static final String SET_WITHOUT_KEY = "mutation S($input: InventorySetQuantitiesInput!) "
      + "{ inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { id } "
      + "userErrors { code field message } } }";

  private final SimClock clock = SimClock.fixed(Instant.parse("2025-11-03T10:00:00Z"));
  private final ShopifySimulator sim =
      ShopifySimulator.start(SimulatorConfig.builder().clock(clock).build());
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    sim.assertNoInternalErrors();
    sim.close();
  }

  private HttpResponse<String> post(String version, String token, String query, Object variables)
      throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create(sim.baseUrl() + "/admin/api/" + version + "/graphql.json"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      b.header("X-Shopify-Access-Token", token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode graphql(String query, Object variables) throws Exception {
    return JSON.readTree(post("2026-10", ShopifySimulator.DEFAULT_ACCESS_TOKEN, query, variables).body());
  }

  private Map<String, Object> setInput(String item, int quantity, Integer changeFrom) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("inventoryItemId", item);
    row.put("locationId", ShopifySimulator.DEFAULT_LOCATION);
    row.put("quantity", quantity);
    row.put("changeFromQuantity", changeFrom);
    return Map.of("name", "available", "reason", "correction",
        "referenceDocumentUri", "gid://posbridge/Count/1", "quantities", List.of(row));
  }

  @Test
  void rejectsMissingOrUnknownTokensWith401() throws Exception {
    HttpResponse<String> none = post("2026-10", null, LOCATIONS, Map.of("first", 5));
    HttpResponse<String> wrong = post("2026-10", "shpat_wrong", LOCATIONS, Map.of("first", 5));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(wrong.body()).path("errors").asText()).startsWith("[API] Invalid API key");
  }

  @Test
  void echoesTheVersionAndFallsForwardFromUnsupportedOnes() throws Exception {
    HttpResponse<String> current = post("2026-10", ShopifySimulator.DEFAULT_ACCESS_TOKEN, LOCATIONS, Map.of("first", 5));
    HttpResponse<String> old = post("2023-01", ShopifySimulator.DEFAULT_ACCESS_TOKEN, LOCATIONS, Map.of("first", 5));

    assertThat(current.headers().firstValue("X-Shopify-API-Version")).contains("2026-10");
    assertThat(old.headers().firstValue("X-Shopify-API-Version")).contains("2025-10");
  }

  @Test
  void reportsCostAndThrottlesWhenTheBucketIsEmpty() throws Exception {
    sim.throttle(30, 10);
    for (int i = 0; i < 9; i++) {
      sim.seedLocation("Store " + i, true); // enough answer for the actual cost to reach the requested
    }
    JsonNode first = graphql(LOCATIONS, Map.of("first", 10));
    assertThat(first.path("extensions").path("cost").path("requestedQueryCost").asInt()).isEqualTo(12);
    assertThat(first.path("extensions").path("cost").path("throttleStatus").path("maximumAvailable").asDouble())
        .isEqualTo(30.0);

    JsonNode second = graphql(LOCATIONS, Map.of("first", 10));
    JsonNode third = graphql(LOCATIONS, Map.of("first", 10));
    assertThat(List.of(second, third)).anySatisfy(r ->
        assertThat(r.path("errors").path(0).path("extensions").path("code").asText()).isEqualTo("THROTTLED"));

    clock.advance(Duration.ofSeconds(3));
    assertThat(graphql(LOCATIONS, Map.of("first", 10)).has("errors")).isFalse();
  }

  @Test
  void refusesQueriesOverTheSingleQueryLimit() throws Exception {
    JsonNode r = graphql("query Big { productVariants(first: 250) { nodes { id product { id "
        + "variants(first: 250) { nodes { id } } } } } }", Map.of());

    assertThat(r.path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("MAX_COST_EXCEEDED");
    assertThat(r.path("errors").get(0).path("extensions").path("maxCost").asInt()).isEqualTo(1000);
  }

  @Test
  void inventoryMutationsNeedTheIdempotentDirectiveFrom202604() throws Exception {
    ShopifySimulator.Variant v = sim.seedItem("A", "A", "1.00");

    JsonNode strict = graphql(SET_WITHOUT_KEY, Map.of("input", setInput(v.inventoryItemId(), 3, null)));
    assertThat(strict.path("errors").get(0).path("message").asText()).contains("@idempotent");

    HttpResponse<String> legacy = post("2025-10", ShopifySimulator.DEFAULT_ACCESS_TOKEN, SET_WITHOUT_KEY,
        Map.of("input", setInput(v.inventoryItemId(), 3, null)));
    assertThat(JSON.readTree(legacy.body()).path("data").path("inventorySetQuantities")
        .path("inventoryAdjustmentGroup").isObject()).isTrue();
  }

  @Test
  void changeFromQuantityMustBePresentOnEveryRowFrom202604() throws Exception {
    ShopifySimulator.Variant v = sim.seedItem("A", "A", "1.00");
    Map<String, Object> row = Map.of("inventoryItemId", v.inventoryItemId(),
        "locationId", ShopifySimulator.DEFAULT_LOCATION, "quantity", 3);
    JsonNode r = graphql(SET, Map.of("k", "k1", "input", Map.of("name", "available",
        "reason", "correction", "quantities", List.of(row))));

    assertThat(r.path("errors").get(0).path("message").asText()).contains("changeFromQuantity");
  }

  @Test
  void aStaleChangeFromQuantityIsRefusedAndAFreshOneApplied() throws Exception {
    ShopifySimulator.Variant v = sim.seedItem("A", "A", "1.00");
    sim.seedStock(v.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, 10, 0);

    JsonNode stale = graphql(SET, Map.of("k", "k1", "input", setInput(v.inventoryItemId(), 3, 9)));
    JsonNode fresh = graphql(SET, Map.of("k", "k2", "input", setInput(v.inventoryItemId(), 3, 10)));

    assertThat(stale.path("data").path("inventorySetQuantities").path("userErrors").get(0)
        .path("code").asText()).isEqualTo("CHANGE_FROM_QUANTITY_STALE");
    assertThat(fresh.path("data").path("inventorySetQuantities").path("userErrors")).isEmpty();
    assertThat(sim.stock(v.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, "available")).isEqualTo(3);
    assertThat(sim.stock(v.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, "on_hand")).isEqualTo(3);
  }

  @Test
  void aRepeatedKeyReplaysAndAReusedKeyWithOtherInputIsAMismatch() throws Exception {
    ShopifySimulator.Variant v = sim.seedItem("A", "A", "1.00");

    JsonNode first = graphql(SET, Map.of("k", "same", "input", setInput(v.inventoryItemId(), 3, null)));
    JsonNode replay = graphql(SET, Map.of("k", "same", "input", setInput(v.inventoryItemId(), 3, null)));
    JsonNode other = graphql(SET, Map.of("k", "same", "input", setInput(v.inventoryItemId(), 4, null)));

    assertThat(replay.path("data")).isEqualTo(first.path("data"));
    assertThat(sim.effects().count("inventorySetQuantities", "same")).isEqualTo(1);
    assertThat(sim.effects().count("inventorySetQuantities:reference", "gid://posbridge/Count/1")).isEqualTo(1);
    assertThat(other.path("data").path("inventorySetQuantities").path("userErrors").get(0)
        .path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
  }

  @Test
  void rejectsShopifyReferenceDocumentsAndUnknownReasons() throws Exception {
    ShopifySimulator.Variant v = sim.seedItem("A", "A", "1.00");
    Map<String, Object> input = new LinkedHashMap<>(setInput(v.inventoryItemId(), 3, null));
    input.put("referenceDocumentUri", "gid://shopify/Order/1");
    input.put("reason", "because");

    JsonNode r = graphql(SET, Map.of("k", "k9", "input", input));

    assertThat(r.path("data").path("inventorySetQuantities").path("userErrors"))
        .extracting(e -> e.path("code").asText())
        .containsExactlyInAnyOrder("INVALID_REASON", "INVALID_REFERENCE_DOCUMENT");
  }

  @Test
  void ordersAreSearchedByWindowAndSource() throws Exception {
    Instant t0 = clock.instant();
    sim.seedOrder(OrderSeed.create().at(t0).source("pos").line("A", "A", 1, "1.00"));
    sim.seedOrder(OrderSeed.create().at(t0.plusSeconds(60)).source("web").line("A", "A", 1, "1.00"));
    String q = "query O($q: String) { orders(first: 10, query: $q, sortKey: UPDATED_AT) "
        + "{ nodes { id sourceName } } }";

    JsonNode pos = graphql(q, Map.of("q", "updated_at:>='" + t0 + "' AND source_name:pos"));
    JsonNode later = graphql(q, Map.of("q", "updated_at:>'" + t0 + "'"));

    assertThat(pos.path("data").path("orders").path("nodes")).hasSize(1);
    assertThat(later.path("data").path("orders").path("nodes").get(0).path("sourceName").asText())
        .isEqualTo("web");
  }

  @Test
  void customerEmailsAndPhonesAreUnique() throws Exception {
    sim.seedCustomer("Jane", "Doe", "jane@example.com", "+18005550100");
    String create = "mutation C($input: CustomerInput!) { customerCreate(input: $input) "
        + "{ customer { id } userErrors { field message } } }";

    JsonNode r = graphql(create, Map.of("input", Map.of("email", "JANE@example.com", "phone", "+18005550100")));

    assertThat(r.path("data").path("customerCreate").path("userErrors"))
        .extracting(e -> e.path("field").get(0).asText()).containsExactly("email", "phone");
    assertThat(sim.count("customer")).isEqualTo(1);
  }

  @Test
  void theWebhookVectorMatchesTheSigningCode() {
    assertThat(Signatures.hmacSha256Base64(ShopifySimulator.VECTOR_SECRET,
        ShopifySimulator.VECTOR_BODY.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(ShopifySimulator.VECTOR_HMAC);
  }

  @Test
  void orderTotalsFollowShopifysArithmetic() {
    String id = sim.seedOrder(OrderSeed.create().taxesIncluded(false)
        .line("A", "A", 2, "10.00", "Tax", "0.10").discountCode("TEN", "10")
        .shipping("Post", "5.00", null, null).tip("1.00"));
    JsonView o = sim.record("order", id).orElseThrow();

    assertThat(o.path("subtotalPriceSet").path("shopMoney").path("amount").asText()).isEqualTo("18.0");
    assertThat(o.path("totalTaxSet").path("shopMoney").path("amount").asText()).isEqualTo("1.8");
    assertThat(o.path("totalPriceSet").path("shopMoney").path("amount").asText()).isEqualTo("25.8");
  }

  @Test
  void resetRestoresTheDefaultShop() throws Exception {
    sim.seedItem("A", "A", "1.00");
    sim.revokeToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN);

    sim.reset();

    assertThat(graphql(LOCATIONS, Map.of("first", 5)).path("data").path("locations").path("nodes"))
        .hasSize(1);
  }

  @Test
  void theTokenEndpointIssuesExpiringTokensAndRotatesRefreshTokens() throws Exception {
    String code = sim.issueAuthorizationCode();
    JsonNode issued = token(Map.of("client_id", ShopifySimulator.DEFAULT_CLIENT_ID,
        "client_secret", ShopifySimulator.DEFAULT_CLIENT_SECRET, "code", code));
    String access = issued.path("access_token").asText();
    assertThat(issued.path("expires_in").asInt()).isEqualTo(3600);
    assertThat(post("2026-10", access, LOCATIONS, Map.of("first", 5)).statusCode()).isEqualTo(200);

    JsonNode refreshed = token(Map.of("client_id", ShopifySimulator.DEFAULT_CLIENT_ID,
        "client_secret", ShopifySimulator.DEFAULT_CLIENT_SECRET, "grant_type", "refresh_token",
        "refresh_token", issued.path("refresh_token").asText()));
    String next = refreshed.path("access_token").asText();
    assertThat(refreshed.path("refresh_token").asText()).isNotEqualTo(issued.path("refresh_token").asText());
    assertThat(post("2026-10", access, LOCATIONS, Map.of("first", 5)).statusCode()).isEqualTo(401);
    assertThat(post("2026-10", next, LOCATIONS, Map.of("first", 5)).statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(61));
    assertThat(post("2026-10", next, LOCATIONS, Map.of("first", 5)).statusCode()).isEqualTo(401);
    assertThat(token(Map.of("client_id", ShopifySimulator.DEFAULT_CLIENT_ID,
        "client_secret", ShopifySimulator.DEFAULT_CLIENT_SECRET, "code", code)).path("error").asText())
        .isEqualTo("invalid_request");
  }

  private JsonNode token(Map<String, Object> body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(sim.baseUrl() + "/admin/oauth/access_token"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }
}
