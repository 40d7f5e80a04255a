package dev.posbridge.testing.square;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.testing.SimFault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SquareSimulatorTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  SquareSimulator sim;
  String loc;
  String latte;

  record Answer(int status, JsonNode body) {
    String code() {
      return body.path("errors").path(0).path("code").asText();
    }
  }

  @BeforeEach
  void start() {
    sim = SquareSimulator.start();
    loc = sim.seedLocation("Main", "USD");
    latte = sim.seedItem("LATTE-12", 450);
  }

  @AfterEach
  void stop() {
    sim.assertNoInternalErrors();
    sim.close();
  }

  Answer call(String method, String path, String body) throws Exception {
    return call(method, path, body, SquareSimulator.DEFAULT_TOKEN, "2026-08-19");
  }

  Answer call(String method, String path, String body, String token, String version) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (version != null) {
      b.header("Square-Version", version);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
  }

  String order(String key) {
    return """
        {"idempotency_key":"%s","order":{"location_id":"%s","line_items":[
          {"quantity":"2","catalog_object_id":"%s"}],
          "taxes":[{"uid":"t","name":"Tax","percentage":"10","scope":"ORDER"}]}}""".formatted(key, loc, latte);
  }

  @Test
  void rejectsAMissingOrWrongTokenAndABadVersionInSquaresEnvelope() throws Exception {
    Answer none = call("GET", "/v2/locations", null, null, "2026-08-19");
    Answer wrong = call("GET", "/v2/locations", null, "nope", "2026-08-19");
    Answer version = call("GET", "/v2/locations", null, SquareSimulator.DEFAULT_TOKEN, "latest");

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.code()).isEqualTo("UNAUTHORIZED");
    assertThat(none.body().path("errors").path(0).path("category").asText()).isEqualTo("AUTHENTICATION_ERROR");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(version.status()).isEqualTo(400);
    assertThat(version.code()).isEqualTo("INVALID_SQUARE_VERSION_FORMAT");
    assertThat(call("GET", "/v2/locations", null, SquareSimulator.DEFAULT_TOKEN, null).status()).isEqualTo(200);
  }

  @Test
  void pricesOrdersFromTheCatalogAndReplaysOrRejectsIdempotencyKeys() throws Exception {
    Answer first = call("POST", "/v2/orders", order("k1"));
    Answer replay = call("POST", "/v2/orders", order("k1"));
    Answer reused = call("POST", "/v2/orders", order("k1").replace("\"2\"", "\"3\""));

    assertThat(first.status()).isEqualTo(200);
    JsonNode o = first.body().path("order");
    assertThat(o.path("version").asInt()).isEqualTo(1);
    assertThat(o.path("state").asText()).isEqualTo("OPEN");
    assertThat(o.path("total_money").path("amount").asLong()).isEqualTo(990);
    assertThat(o.path("total_tax_money").path("amount").asLong()).isEqualTo(90);
    assertThat(replay.body().path("order").path("id").asText()).isEqualTo(o.path("id").asText());
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(sim.effects().count("CreateOrder", "k1")).isEqualTo(1);
    assertThat(sim.count("order")).isEqualTo(1);
  }

  @Test
  void updatesCheckTheOrderVersion() throws Exception {
    String id = call("POST", "/v2/orders", order("k")).body().path("order").path("id").asText();

    Answer ok = call("PUT", "/v2/orders/" + id, "{\"order\":{\"version\":1,\"reference_id\":\"a\"},\"idempotency_key\":\"u1\"}");
    Answer stale = call("PUT", "/v2/orders/" + id, "{\"order\":{\"version\":1,\"reference_id\":\"b\"},\"idempotency_key\":\"u2\"}");

    assertThat(ok.body().path("order").path("version").asInt()).isEqualTo(2);
    assertThat(stale.status()).isEqualTo(400);
    assertThat(stale.code()).isEqualTo("VERSION_MISMATCH");
  }

  @Test
  void externalPaymentsCompleteTheOrderAndRefundsAreCapped() throws Exception {
    String id = call("POST", "/v2/orders", order("k")).body().path("order").path("id").asText();
    Answer pay = call("POST", "/v2/payments", """
        {"source_id":"EXTERNAL","idempotency_key":"p1","amount_money":{"amount":990,"currency":"USD"},
         "order_id":"%s","external_details":{"type":"CHECK","source":"Test"}}""".formatted(id));
    String payment = pay.body().path("payment").path("id").asText();

    Answer tooMuch = call("POST", "/v2/refunds", """
        {"idempotency_key":"r1","payment_id":"%s","amount_money":{"amount":991,"currency":"USD"}}""".formatted(payment));
    Answer refund = call("POST", "/v2/refunds", """
        {"idempotency_key":"r2","payment_id":"%s","amount_money":{"amount":500,"currency":"USD"}}""".formatted(payment));
    sim.completePendingRefunds();

    assertThat(sim.record("order", id).orElseThrow().path("state").asText()).isEqualTo("COMPLETED");
    assertThat(sim.record("order", id).orElseThrow().path("tenders").get(0).path("payment_id").asText()).isEqualTo(payment);
    assertThat(tooMuch.status()).isEqualTo(400);
    assertThat(tooMuch.code()).isEqualTo("REFUND_AMOUNT_INVALID");
    assertThat(refund.body().path("refund").path("status").asText()).isEqualTo("PENDING");
    assertThat(sim.record("refund", refund.body().path("refund").path("id").asText()).orElseThrow().path("status").asText())
        .isEqualTo("COMPLETED");
    assertThat(sim.record("payment", payment).orElseThrow().path("refund_ids")).hasSize(1);
  }

  @Test
  void inventoryMovesBetweenStatesAndRejectsReadOnlyStatesAndFutureTimes() throws Exception {
    sim.seedStock(latte, loc, "10");
    String adjust = """
        {"idempotency_key":"%s","changes":[{"type":"ADJUSTMENT","adjustment":{"catalog_object_id":"%s",
          "from_location_id":"%s","to_location_id":"%s","from_state":"IN_STOCK","to_state":"%s","quantity":"2",
          "occurred_at":"%s","total_price_money":{"amount":1,"currency":"USD"}}}]}""";
    String now = sim.clock().instant().toString();

    Answer sold = call("POST", "/v2/inventory/changes/batch-create", adjust.formatted("i1", latte, loc, loc, "SOLD", now));
    Answer reserved = call("POST", "/v2/inventory/changes/batch-create",
        adjust.formatted("i2", latte, loc, loc, "RESERVED_FOR_SALE", now));
    Answer future = call("POST", "/v2/inventory/changes/batch-create",
        adjust.formatted("i3", latte, loc, loc, "WASTE", sim.clock().instant().plusSeconds(3600)));

    assertThat(sold.status()).isEqualTo(200);
    assertThat(sold.body().path("changes").get(0).path("adjustment").has("total_price_money")).isFalse();
    assertThat(sim.stock(latte, loc, "IN_STOCK")).isEqualByComparingTo("8");
    assertThat(reserved.status()).isEqualTo(400);
    assertThat(reserved.body().path("errors").get(0).path("field").asText()).endsWith("to_state");
    assertThat(future.status()).isEqualTo(400);
    assertThat(sim.stock(latte, loc, "IN_STOCK")).isEqualByComparingTo("8");
  }

  @Test
  void searchEnforcesLocationLimitSortRuleAndCursorBinding() throws Exception {
    for (int i = 0; i < 3; i++) {
      sim.seedOrder("""
          {"location_id":"%s","updated_at":"2025-11-03T10:0%d:00Z","created_at":"2025-11-03T10:00:00Z",
           "line_items":[{"name":"x","quantity":"1","base_price_money":{"amount":100,"currency":"USD"}}]}
          """.formatted(loc, i));
    }
    String q = """
        {"location_ids":["%s"],"limit":2,"query":{"filter":{"date_time_filter":{"updated_at":{
          "start_at":"2025-11-03T00:00:00Z","end_at":"2025-11-04T00:00:00Z"}}},"sort":{"sort_field":"%s","sort_order":"ASC"}}%s}""";

    Answer page1 = call("POST", "/v2/orders/search", q.formatted(loc, "UPDATED_AT", ""));
    String cursor = page1.body().path("cursor").asText();
    Answer page2 = call("POST", "/v2/orders/search", q.formatted(loc, "UPDATED_AT", ",\"cursor\":\"" + cursor + "\""));
    Answer wrongSort = call("POST", "/v2/orders/search", q.formatted(loc, "CREATED_AT", ""));
    Answer foreignCursor = call("POST", "/v2/orders/search",
        q.formatted(loc, "UPDATED_AT", ",\"limit\":1,\"cursor\":\"" + cursor + "\"").replace("\"limit\":2,", ""));
    Answer tooMany = call("POST", "/v2/orders/search",
        "{\"location_ids\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}");

    assertThat(page1.body().path("orders")).hasSize(2);
    assertThat(page2.body().path("orders")).hasSize(1);
    assertThat(page2.body().has("cursor")).isFalse();
    assertThat(wrongSort.status()).isEqualTo(400);
    assertThat(foreignCursor.code()).isEqualTo("INVALID_CURSOR");
    assertThat(tooMany.status()).isEqualTo(400);
  }

  @Test
  void customersNeedAnIdentityAndUpdatesCheckTheVersion() throws Exception {
    Answer empty = call("POST", "/v2/customers", "{\"note\":\"x\"}");
    String id = sim.seedCustomer("Ann", null, "ann@example.com", null);
    Answer stale = call("PUT", "/v2/customers/" + id, "{\"version\":5,\"family_name\":\"Lee\"}");
    Answer ok = call("PUT", "/v2/customers/" + id, "{\"version\":0,\"family_name\":\"Lee\"}");
    Answer badLimit = call("POST", "/v2/customers/search", "{\"limit\":101}");
    Answer found = call("POST", "/v2/customers/search",
        "{\"query\":{\"filter\":{\"email_address\":{\"exact\":\"ANN@example.com\"}}}}");

    assertThat(empty.code()).isEqualTo("MISSING_REQUIRED_PARAMETER");
    assertThat(stale.code()).isEqualTo("VERSION_MISMATCH");
    assertThat(ok.body().path("customer").path("version").asLong()).isEqualTo(1);
    assertThat(badLimit.code()).isEqualTo("VALUE_TOO_HIGH");
    assertThat(found.body().path("customers")).hasSize(1);
  }

  @Test
  void injectedFaultsAnswerInSquaresEnvelope() throws Exception {
    sim.faults().inject(SimFault.status(429).retryAfter("1").times(1));
    sim.faults().inject(SimFault.status(503).times(1));

    Answer throttled = call("GET", "/v2/locations", null);
    Answer down = call("GET", "/v2/locations", null);

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.code()).isEqualTo("RATE_LIMITED");
    assertThat(down.code()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(down.body().path("errors").path(0).path("category").asText()).isEqualTo("API_ERROR");
    assertThat(call("GET", "/v2/locations", null).status()).isEqualTo(200);
  }

  @Test
  void aPerTokenBucketThrottlesWithRateLimited() throws Exception {
    sim.throttle(2, 0.0001);

    call("GET", "/v2/locations", null);
    call("GET", "/v2/locations", null);
    Answer third = call("GET", "/v2/locations", null);

    assertThat(third.status()).isEqualTo(429);
    assertThat(third.code()).isEqualTo("RATE_LIMITED");
  }

  @Test
  void signaturesMatchTheFactSheetVector() {
    String body = SquareFixtures.WEBHOOK_BODY;

    assertThat(SquareSimulator.signature(SquareFixtures.WEBHOOK_SIGNATURE_KEY,
        SquareFixtures.WEBHOOK_NOTIFICATION_URL, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo(SquareFixtures.WEBHOOK_SIGNATURE);
  }
}
