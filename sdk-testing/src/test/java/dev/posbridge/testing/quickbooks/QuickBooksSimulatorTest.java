package dev.posbridge.testing.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.WebhookDelivery;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuickBooksSimulatorTest {

  static final String REALM = "123145";
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  SimClock clock;
  QuickBooksSimulator sim;
  String token;
  String mug;
  boolean tick = true;

  @BeforeEach
  void start() {
    clock = SimClock.fixed(Instant.parse("2026-03-02T14:00:00Z"));
    sim = QuickBooksSimulator.start(SimulatorConfig.builder().clock(clock).build());
    sim.seedRealm(REALM);
    mug = sim.seedItem(REALM, "Mug", "MUG-01", new java.math.BigDecimal("10"), new java.math.BigDecimal("9.99"));
    token = sim.issueTokens().accessToken();
  }

  @AfterEach
  void stop() {
    sim.assertNoInternalErrors();
    sim.close();
  }

  HttpResponse<String> send(String method, String pathAndQuery, byte[] body, String... headers) throws Exception {
    if (tick) {
      clock.advance(Duration.ofMillis(150)); // stay under 10 requests per second
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v3/company/" + REALM + pathAndQuery))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
    return send("POST", pathAndQuery, body.getBytes(StandardCharsets.UTF_8));
  }

  JsonNode query(String q) throws Exception {
    HttpResponse<String> r = send("GET", "/query?minorversion=75&query=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null);
    return JSON.readTree(r.body());
  }

  static String receipt(String itemId, String qty) {
    return "{\"Line\":[{\"Amount\":" + new java.math.BigDecimal(qty).multiply(new java.math.BigDecimal("9.99"))
        + ",\"DetailType\":\"SalesItemLineDetail\",\"SalesItemLineDetail\":{\"ItemRef\":{\"value\":\"" + itemId
        + "\"},\"UnitPrice\":9.99,\"Qty\":" + qty + "}}]}";
  }

  @Test
  void aSaleLowersQuantityOnHandAndTheServerComputesTotals() throws Exception {
    HttpResponse<String> r = post("/salesreceipt?minorversion=75&requestid=r1&", receipt(mug, "2"));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode sr = JSON.readTree(r.body()).path("SalesReceipt");
    assertThat(sr.path("SyncToken").asText()).isEqualTo("0");
    assertThat(sr.path("TotalAmt").decimalValue()).isEqualByComparingTo("19.98");
    assertThat(sr.path("Line").get(1).path("DetailType").asText()).isEqualTo("SubTotalLineDetail");
    assertThat(r.headers().firstValue("intuit_tid")).isPresent();
    assertThat(sim.record(REALM, "Item", mug).orElseThrow().path("QtyOnHand").decimalValue()).isEqualByComparingTo("8");
  }

  @Test
  void aRepeatedRequestIdReplaysTheResponseWithOneEffect() throws Exception {
    HttpResponse<String> a = post("/salesreceipt?minorversion=75&requestid=same", receipt(mug, "1"));
    HttpResponse<String> b = post("/salesreceipt?minorversion=75&requestid=same", receipt(mug, "1"));
    assertThat(b.body()).isEqualTo(a.body());
    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(1);
    assertThat(sim.effects().count("SalesReceipt.save", "same")).isEqualTo(1);
  }

  @Test
  void gzipRequestBodiesAreInflated() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(receipt(mug, "1").getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = send("POST", "/salesreceipt?minorversion=75", out.toByteArray(), "Content-Encoding", "gzip");
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void staleSyncTokenIs5010AndDuplicateNameIs6240() throws Exception {
    HttpResponse<String> stale = post("/item?minorversion=75",
        "{\"Id\":\"" + mug + "\",\"SyncToken\":\"7\",\"sparse\":true,\"QtyOnHand\":3}");
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(stale.body()).path("Fault").path("Error").get(0).path("code").asText()).isEqualTo("5010");
    HttpResponse<String> ok = post("/item?operation=update&minorversion=75",
        "{\"Id\":\"" + mug + "\",\"SyncToken\":\"0\",\"sparse\":true,\"QtyOnHand\":3}");
    assertThat(JSON.readTree(ok.body()).path("Item").path("SyncToken").asText()).isEqualTo("1");
    assertThat(JSON.readTree(ok.body()).path("Item").path("Sku").asText()).isEqualTo("MUG-01");

    sim.seedCustomer(REALM, "Jane Roe", null, null);
    HttpResponse<String> dup = post("/customer?minorversion=75", "{\"DisplayName\":\"jane roe\"}");
    assertThat(JSON.readTree(dup.body()).path("Fault").path("Error").get(0).path("code").asText()).isEqualTo("6240");
    HttpResponse<String> noDate = post("/item?minorversion=75", "{\"Name\":\"Cup\",\"Type\":\"Inventory\",\"QtyOnHand\":1}");
    assertThat(JSON.readTree(noDate.body()).path("Fault").path("Error").get(0).path("Detail").asText())
        .contains("As of date");
  }

  @Test
  void queryParsesFiltersEscapesPagingAndCount() throws Exception {
    for (int i = 0; i < 5; i++) {
      sim.seedItem(REALM, "O'Brien " + i, "OB-" + i, java.math.BigDecimal.ONE, java.math.BigDecimal.ONE);
    }
    assertThat(query("SELECT * FROM Item WHERE Name = 'O\\'Brien 3'").path("QueryResponse").path("Item")).hasSize(1);
    JsonNode page = query("select * from Item where Sku in ('OB-1', 'OB-2', 'OB-3') STARTPOSITION 2 MAXRESULTS 1")
        .path("QueryResponse");
    assertThat(page.path("Item").get(0).path("Sku").asText()).isEqualTo("OB-2");
    assertThat(page.path("startPosition").asInt()).isEqualTo(2);
    assertThat(query("SELECT count(*) FROM Item WHERE Type = 'Inventory'").path("QueryResponse").path("totalCount").asInt())
        .isEqualTo(6);
    assertThat(query("SELECT * FROM Item WHERE Name LIKE 'O%4'").path("QueryResponse").path("Item")).hasSize(1);
    assertThat(query("SELECT * FROM Item WHERE metadata.lastupdatedtime >= '2026-03-02T06:00:00-08:00'")
        .path("QueryResponse").path("Item")).hasSize(6);
    assertThat(query("SELECT * FROM Item WHERE Sku = 'none'").path("QueryResponse").isEmpty()).isTrue();
    assertThat(query("SELECT * FROM item").path("Fault").path("Error").get(0).path("code").asText()).isEqualTo("4000");
    HttpResponse<String> posted = send("POST", "/query?minorversion=75",
        "SELECT * FROM Item WHERE Sku = 'MUG-01'".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/text");
    assertThat(JSON.readTree(posted.body()).path("QueryResponse").path("Item")).hasSize(1);
  }

  @Test
  void cdcKeepsAPlusOffsetAndRejectsMoreThanThirtyDays() throws Exception {
    HttpResponse<String> plus = send("GET", "/cdc?entities=Item&changedSince=2026-03-02T19:00:00+05:30&minorversion=75", null);
    assertThat(plus.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(plus.body()).path("CDCResponse").get(0).path("QueryResponse").get(0).path("Item")).hasSize(1);
    HttpResponse<String> old = send("GET", "/cdc?entities=Item&changedSince=2026-01-01T00:00:00Z&minorversion=75", null);
    assertThat(old.statusCode()).isEqualTo(400);
  }

  @Test
  void batchAnswersPerBidAndRejectsOversizedBatches() throws Exception {
    String items = "{\"BatchItemRequest\":[{\"bId\":\"a\",\"operation\":\"create\",\"SalesReceipt\":" + receipt(mug, "1")
        + "},{\"bId\":\"b\",\"operation\":\"create\",\"SalesReceipt\":" + receipt("999", "1") + "}]}";
    JsonNode r = JSON.readTree(post("/batch?minorversion=75&requestid=bt", items).body()).path("BatchItemResponse");
    assertThat(r.get(0).path("bId").asText()).isEqualTo("a");
    assertThat(r.get(0).has("SalesReceipt")).isTrue();
    assertThat(r.get(1).path("Fault").path("Error").get(0).path("code").asText()).isEqualTo("610");
    StringBuilder big = new StringBuilder("{\"BatchItemRequest\":[");
    for (int i = 0; i < 31; i++) {
      big.append(i == 0 ? "" : ",").append("{\"bId\":\"q").append(i).append("\",\"Query\":\"SELECT * FROM Item\"}");
    }
    assertThat(post("/batch?minorversion=75", big.append("]}").toString()).statusCode()).isEqualTo(400);
  }

  @Test
  void theEleventhRequestInOneSecondIsThrottled() throws Exception {
    int throttled = 0;
    for (int i = 0; i < 11; i++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v3/company/" + REALM
          + "/item/" + mug + "?minorversion=75")).header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 429) {
        throttled++;
        assertThat(JSON.readTree(r.body()).path("Fault").path("Error").get(0).path("code").asText()).isEqualTo("3001");
      }
    }
    assertThat(throttled).isEqualTo(1);
  }

  @Test
  void throttlesPerMinuteAndBatchesPerMinute() throws Exception {
    // QBO's 500 and 40 per minute, scaled down to keep the test fast.
    sim.throttle(10, 100_000, 50, 4);
    tick = false;
    int throttled = 0;
    for (int i = 0; i < 55; i++) {
      if (send("GET", "/item/" + mug + "?minorversion=75", null).statusCode() == 429) {
        throttled++;
      }
    }
    assertThat(throttled).isEqualTo(5);
    clock.advance(Duration.ofMinutes(1));
    int batch429 = 0;
    for (int i = 0; i < 5; i++) {
      if (post("/batch?minorversion=75", "{\"BatchItemRequest\":[{\"bId\":\"q\",\"Query\":\"SELECT * FROM Item\"}]}")
          .statusCode() == 429) {
        batch429++;
      }
    }
    assertThat(batch429).isEqualTo(1);
    assertThat(sim.throttledCount()).isEqualTo(6);
  }

  @Test
  void missingOrExpiredBearerIs401WithTheCamelCaseEnvelope() throws Exception {
    sim.expireAccessTokens();
    HttpResponse<String> r = send("GET", "/item/" + mug + "?minorversion=75", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(r.body()).path("fault").path("error").get(0).path("code").asText()).isEqualTo("3200");
  }

  @Test
  void refreshRotatesAndTheOldRefreshTokenGetsInvalidGrant() throws Exception {
    QuickBooksSimulator.Tokens t = sim.issueTokens();
    String basic = "Basic " + Base64.getEncoder().encodeToString(
        (QuickBooksSimulator.DEFAULT_CLIENT_ID + ":" + QuickBooksSimulator.DEFAULT_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> first = http.send(HttpRequest.newBuilder(sim.tokenEndpoint()).header("Authorization", basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + t.refreshToken())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(first.body()).path("refresh_token").asText()).isNotEqualTo(t.refreshToken());
    HttpResponse<String> again = http.send(HttpRequest.newBuilder(sim.tokenEndpoint())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + t.refreshToken()
            + "&client_id=" + QuickBooksSimulator.DEFAULT_CLIENT_ID + "&client_secret=" + QuickBooksSimulator.DEFAULT_CLIENT_SECRET)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(again.body()).path("error").asText()).isEqualTo("invalid_grant");
    String code = sim.authorizationCode();
    HttpResponse<String> exchange = http.send(HttpRequest.newBuilder(sim.tokenEndpoint()).header("Authorization", basic)
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code + "&redirect_uri=x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(exchange.statusCode()).isEqualTo(200);
  }

  @Test
  void webhooksAreSignedWithTheVerifierToken() throws Exception {
    List<String> signatures = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", ex -> {
      signatures.add(ex.getRequestHeaders().getFirst("intuit-signature"));
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
      byte[] body = QuickBooksSimulator.cloudEventPayload("e1", REALM, "SalesReceipt", "created", "1",
          Instant.parse("2026-03-02T14:05:11Z"));
      WebhookDelivery d = sim.sendWebhook(url, body);
      sim.sendWebhook(url, body, "wrong");
      assertThat(d.status()).isEqualTo(200);
      assertThat(signatures).containsExactly(sim.signWebhook(body), "wrong");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void deleteLeavesATombstoneAndVoidZeroesTheReceipt() throws Exception {
    JsonNode sr = JSON.readTree(post("/salesreceipt?minorversion=75", receipt(mug, "2")).body()).path("SalesReceipt");
    String id = sr.path("Id").asText();
    JsonNode voided = JSON.readTree(post("/salesreceipt?include=void&minorversion=75",
        "{\"Id\":\"" + id + "\",\"SyncToken\":\"0\"}").body()).path("SalesReceipt");
    assertThat(voided.path("TotalAmt").decimalValue()).isEqualByComparingTo("0");
    assertThat(sim.record(REALM, "Item", mug).orElseThrow().path("QtyOnHand").decimalValue()).isEqualByComparingTo("10");
    JsonNode deleted = JSON.readTree(post("/salesreceipt?operation=delete&minorversion=75",
        "{\"Id\":\"" + id + "\",\"SyncToken\":\"1\"}").body()).path("SalesReceipt");
    assertThat(deleted.path("status").asText()).isEqualTo("Deleted");
    JsonNode cdc = JSON.readTree(send("GET", "/cdc?entities=SalesReceipt&changedSince=2026-03-02T00:00:00Z&minorversion=75",
        null).body());
    assertThat(cdc.path("CDCResponse").get(0).path("QueryResponse").get(0).path("SalesReceipt").get(0)
        .path("status").asText()).isEqualTo("Deleted");
  }

  @Test
  void revokeAcceptsFormAndJson() throws Exception {
    QuickBooksSimulator.Tokens a = sim.issueTokens();
    QuickBooksSimulator.Tokens b = sim.issueTokens();
    URI revoke = URI.create(sim.baseUrl() + QuickBooksSimulator.REVOKE_PATH);
    assertThat(http.send(HttpRequest.newBuilder(revoke).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + a.refreshToken())).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(http.send(HttpRequest.newBuilder(revoke).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + b.refreshToken() + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(sim.isRefreshTokenValid(a.refreshToken())).isFalse();
    assertThat(sim.isRefreshTokenValid(b.refreshToken())).isFalse();
  }
}
