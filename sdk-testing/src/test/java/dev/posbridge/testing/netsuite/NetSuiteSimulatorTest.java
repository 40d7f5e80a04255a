package dev.posbridge.testing.netsuite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetSuiteSimulatorTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant NOW = Instant.ofEpochSecond(1767225600L);
  private static final String RECORD = "/services/rest/record/v1/";

  private final HttpClient http = HttpClient.newHttpClient();
  private SimClock clock;
  private NetSuiteSimulator sim;
  private String bearer;
  private String store;
  private String mug;

  @BeforeEach
  void start() {
    clock = SimClock.fixed(NOW);
    sim = NetSuiteSimulator.start(SimulatorConfig.builder().clock(clock).build())
        .tbaToken("ck", "cs", "tk", "ts");
    bearer = sim.issueAccessToken();
    store = sim.seedLocation("Store");
    mug = sim.seedItem("MUG-01", "Mug", null);
    sim.seedStock(mug, store, new BigDecimal("10"));
  }

  @AfterEach
  void stop() {
    sim.assertNoInternalErrors();
    sim.close();
  }

  private HttpResponse<String> send(String method, String pathAndQuery, Object body, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : MAPPER.writeValueAsString(body)))
          .header("Content-Type", "application/json");
      boolean auth = false;
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
        auth |= headers[i].equalsIgnoreCase("Authorization");
      }
      if (!auth) {
        b.header("Authorization", "Bearer " + bearer);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return MAPPER.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(r.body(), e);
    }
  }

  private static void assertEnvelope(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).isEqualTo(status);
    JsonNode b = json(r);
    assertThat(b.path("status").asInt()).isEqualTo(status);
    assertThat(b.path("type").asText()).startsWith("https://");
    assertThat(b.path("title").asText()).isNotBlank();
    assertThat(b.path("o:errorDetails").get(0).path("o:errorCode").asText()).isEqualTo(code);
    assertThat(b.path("o:errorDetails").get(0).path("detail").asText()).isNotBlank();
  }

  // ------------------------------------------------------------------ TBA

  @Test
  void verifierReproducesTheSheetsTestVector() {
    Map<String, String> oauth = new LinkedHashMap<>();
    oauth.put("realm", "1234567_SB1");
    oauth.put("oauth_consumer_key", "5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e");
    oauth.put("oauth_token", "1122334455667788990011223344556677889900aabbccddeeff001122334455");
    oauth.put("oauth_signature_method", "HMAC-SHA256");
    oauth.put("oauth_timestamp", "1767225600");
    oauth.put("oauth_nonce", "Xq3bT9LmP2vR8sYw4KdN");
    oauth.put("oauth_version", "1.0");
    String base = TbaVerifier.baseString("GET", "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/"
        + "record/v1/inventoryItem/42?fields=itemId,displayName&expandSubResources=true", oauth);
    assertThat(base).isEqualTo("GET&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest"
        + "%2Frecord%2Fv1%2FinventoryItem%2F42&expandSubResources%3Dtrue%26fields%3DitemId%252CdisplayName"
        + "%26oauth_consumer_key%3D5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"
        + "%26oauth_nonce%3DXq3bT9LmP2vR8sYw4KdN%26oauth_signature_method%3DHMAC-SHA256"
        + "%26oauth_timestamp%3D1767225600"
        + "%26oauth_token%3D1122334455667788990011223344556677889900aabbccddeeff001122334455"
        + "%26oauth_version%3D1.0");
    assertThat(TbaVerifier.signature(base, "0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9",
        "ffeeddccbbaa00998877665544332211ffeeddccbbaa00998877665544332211"))
        .isEqualTo("6fXf0+SQUiqR83RFSNOunM+yOExUhi42xniagrApenk=");
    Map<String, String> parsed = TbaVerifier.header("OAuth realm=\"1234567_SB1\", "
        + "oauth_signature=\"6fXf0%2BSQUiqR83RFSNOunM%2ByOExUhi42xniagrApenk%3D\"");
    assertThat(parsed).containsEntry("oauth_signature", "6fXf0+SQUiqR83RFSNOunM+yOExUhi42xniagrApenk=");
  }

  private String tba(String method, String pathAndQuery, String nonce, long timestamp, String realm, String secret) {
    Map<String, String> oauth = new LinkedHashMap<>();
    oauth.put("oauth_consumer_key", "ck");
    oauth.put("oauth_token", "tk");
    oauth.put("oauth_signature_method", "HMAC-SHA256");
    oauth.put("oauth_timestamp", Long.toString(timestamp));
    oauth.put("oauth_nonce", nonce);
    oauth.put("oauth_version", "1.0");
    String sig = TbaVerifier.signature(TbaVerifier.baseString(method, sim.baseUrl() + pathAndQuery, oauth), secret, "ts");
    StringBuilder h = new StringBuilder("OAuth realm=\"" + realm + "\"");
    oauth.forEach((k, v) -> h.append(", ").append(k).append("=\"").append(TbaVerifier.percent(v)).append('"'));
    return h.append(", oauth_signature=\"").append(TbaVerifier.percent(sig)).append('"').toString();
  }

  @Test
  void acceptsAValidTbaSignatureAndRejectsBadSignatureReusedNonceStaleTimestampAndWrongRealm() {
    String path = RECORD + "location/" + store + "?fields=name,isInactive";
    long ts = NOW.getEpochSecond();
    assertThat(send("GET", path, null, "Authorization", tba("GET", path, "nonce000001", ts, "1234567_SB1", "cs"))
        .statusCode()).isEqualTo(200);
    assertEnvelope(send("GET", path, null, "Authorization", tba("GET", path, "nonce000001", ts, "1234567_SB1", "cs")),
        401, "INVALID_LOGIN");
    assertEnvelope(send("GET", path, null, "Authorization", tba("GET", path, "nonce000002", ts, "1234567_SB1", "xx")),
        401, "INVALID_LOGIN");
    assertEnvelope(send("GET", path, null, "Authorization",
        tba("GET", path, "nonce000003", ts - 301, "1234567_SB1", "cs")), 401, "INVALID_LOGIN");
    assertEnvelope(send("GET", path, null, "Authorization", tba("GET", path, "nonce000004", ts, "7654321", "cs")),
        401, "INVALID_LOGIN");
    assertEnvelope(send("GET", path, null, "Authorization",
        tba("GET", RECORD + "location/" + store, "nonce000005", ts, "1234567_SB1", "cs")), 401, "INVALID_LOGIN");
    assertEnvelope(send("GET", path, null, "Authorization", "Bearer nope"), 401, "INVALID_LOGIN");
  }

  // ------------------------------------------------------------------ OAuth 2.0

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String assertion(KeyPair keys, String aud, long iat, long exp) throws Exception {
    String header = b64("{\"typ\":\"JWT\",\"alg\":\"PS256\",\"kid\":\"cert\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64(("{\"iss\":\"client\",\"scope\":\"rest_webservices\",\"aud\":\"" + aud + "\",\"iat\":" + iat
        + ",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("RSASSA-PSS");
    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    s.initSign(keys.getPrivate());
    s.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + b64(s.sign());
  }

  private HttpResponse<String> token(String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(sim.tokenUrl()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void tokenEndpointVerifiesTheAssertionsKeyAudienceAndLifetime() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair keys = gen.generateKeyPair();
    sim.registerCertificate("cert", "client", keys.getPublic());
    long iat = NOW.getEpochSecond();
    String prefix = "grant_type=client_credentials&client_assertion_type="
        + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
        + "&client_assertion=";

    HttpResponse<String> ok = token(prefix + assertion(keys, sim.tokenUrl(), iat, iat + 3600));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).path("expires_in").asText()).isEqualTo("3600");
    assertThat(json(ok).path("token_type").asText()).isEqualTo("bearer");
    String at = json(ok).path("access_token").asText();
    assertThat(send("GET", RECORD + "location/" + store, null, "Authorization", "Bearer " + at).statusCode())
        .isEqualTo(200);

    assertThat(token(prefix + assertion(keys, "https://elsewhere", iat, iat + 60)).statusCode()).isEqualTo(400);
    assertThat(token(prefix + assertion(keys, sim.tokenUrl(), iat, iat + 3601)).statusCode()).isEqualTo(400);
    KeyPair other = gen.generateKeyPair();
    assertThat(token(prefix + assertion(other, sim.tokenUrl(), iat, iat + 60)).statusCode()).isEqualTo(400);

    clock.advance(Duration.ofSeconds(3601));
    assertEnvelope(send("GET", RECORD + "location/" + store, null, "Authorization", "Bearer " + at),
        401, "INVALID_LOGIN");
  }

  @Test
  void authorizationCodeAndRefreshGrantsIssueTokens() throws Exception {
    sim.registerClient("app", "secret");
    String code = sim.issueAuthorizationCode("app");
    String basic = "Basic " + Base64.getEncoder().encodeToString("app:secret".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.tokenUrl())).header("Authorization", basic)
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code
            + "&redirect_uri=https%3A%2F%2Fapp")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    String refresh = json(r).path("refresh_token").asText();
    assertThat(refresh).isNotBlank();
    HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(sim.tokenUrl())).header("Authorization", basic)
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + refresh)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(200);
  }

  // ------------------------------------------------------------------ records

  @Test
  void postAnswers204WithLocationAndGetShowsSublistsAsLinksUnlessExpanded() {
    Map<String, Object> body = Map.of("entity", Map.of("id", sim.seedCustomer("A", "B", null, null)),
        "location", Map.of("id", store),
        "item", Map.of("items", java.util.List.of(Map.of("item", Map.of("id", mug), "quantity", 2, "rate", 5))));
    HttpResponse<String> created = send("POST", RECORD + "cashSale", body);
    assertThat(created.statusCode()).isEqualTo(204);
    String location = created.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(sim.baseUrl() + RECORD + "cashSale/");
    String id = location.substring(location.lastIndexOf('/') + 1);

    JsonNode plain = json(send("GET", RECORD + "cashSale/" + id, null));
    assertThat(plain.path("item").has("items")).isFalse();
    assertThat(plain.path("item").path("links").get(0).path("rel").asText()).isEqualTo("self");
    JsonNode expanded = json(send("GET", RECORD + "cashSale/" + id + "?expandSubResources=true", null));
    assertThat(expanded.path("item").path("items")).hasSize(1);
    assertThat(expanded.path("item").path("totalResults").asInt()).isEqualTo(1);
    JsonNode projected = json(send("GET", RECORD + "cashSale/" + id + "?fields=tranId", null));
    assertThat(projected.has("tranId")).isTrue();
    assertThat(projected.has("entity")).isFalse();
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("8");
    assertThat(sim.effects().count("cashSale", "id:" + id)).isEqualTo(1);
  }

  @Test
  void patchAppendsSublistLinesUnlessReplacedAndDeleteRevertsStock() {
    Map<String, Object> line = Map.of("item", Map.of("id", mug), "location", Map.of("id", store), "adjustQtyBy", 3);
    Map<String, Object> adj = Map.of("account", Map.of("id", "214"),
        "inventory", Map.of("items", java.util.List.of(line)));
    assertThat(send("PUT", RECORD + "inventoryAdjustment/eid:ADJ-1", adj).statusCode()).isEqualTo(204);
    String id = sim.recordByExternalId("inventoryAdjustment", "ADJ-1").orElseThrow().path("id").asText();
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("13");

    send("PATCH", RECORD + "inventoryadjustment/" + id, Map.of("inventory", Map.of("items", java.util.List.of(line))));
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("16");
    send("PATCH", RECORD + "inventoryAdjustment/" + id + "?replace=inventory",
        Map.of("inventory", Map.of("items", java.util.List.of(line))));
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("13");
    assertThat(send("PUT", RECORD + "inventoryAdjustment/eid:ADJ-1?replace=inventory", adj).statusCode())
        .isEqualTo(204);
    assertThat(sim.count("inventoryAdjustment")).isEqualTo(1);
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("13");

    JsonNode item = json(send("GET", RECORD + "inventoryItem/" + mug + "?expandSubResources=true", null));
    assertThat(item.path("locations").path("items").get(0).path("quantityOnHand").decimalValue())
        .isEqualByComparingTo("13");

    assertThat(send("DELETE", RECORD + "inventoryAdjustment/" + id, null).statusCode()).isEqualTo(204);
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("10");
    assertEnvelope(send("GET", RECORD + "inventoryAdjustment/" + id, null), 404, "NONEXISTENT_ID");
  }

  @Test
  void rejectsPutWithoutEidDuplicateExternalIdsBadReferencesAndMissingAccounts() {
    assertEnvelope(send("PUT", RECORD + "customer/" + sim.seedCustomer("A", "B", null, null), Map.of()),
        400, "INVALID_PARAMETER");
    assertThat(send("POST", RECORD + "customer", Map.of("externalId", "C1", "lastName", "X")).statusCode())
        .isEqualTo(204);
    assertEnvelope(send("POST", RECORD + "customer", Map.of("externalId", "C1", "lastName", "Y")), 400, "USER_ERROR");
    HttpResponse<String> bad = send("POST", RECORD + "salesOrder", Map.of("entity", Map.of("id", "107"),
        "item", Map.of("items", java.util.List.of(Map.of("item", Map.of("id", "9999"), "amount", 1)))));
    assertEnvelope(bad, 400, "INVALID_CONTENT");
    HttpResponse<String> badItem = send("POST", RECORD + "cashSale", Map.of("entity",
        Map.of("id", sim.seedCustomer("A", "B", null, null)),
        "item", Map.of("items", java.util.List.of(Map.of("item", Map.of("id", "9999"), "amount", 1)))));
    assertThat(json(badItem).path("o:errorDetails").get(0).path("o:errorPath").asText()).isEqualTo("item.items[0].item");
    assertEnvelope(send("POST", RECORD + "inventoryAdjustment", Map.of("inventory", Map.of("items",
        java.util.List.of()))), 400, "USER_ERROR");
    assertEnvelope(send("GET", RECORD + "customer/eid:nope", null), 404, "NONEXISTENT_ID");
  }

  @Test
  void collectionsFilterWithQAndPage() {
    sim.seedCustomer("Jane", "Doe", "jane@example.com", null);
    sim.seedCustomer("John", "Roe", "john@example.com", null);
    sim.seedCustomer("Ann", "Poe", "ann@example.com", null);
    JsonNode page = json(send("GET", RECORD + "customer?q=" + URLEncoder.encode("email START_WITH \"j\"",
        StandardCharsets.UTF_8) + "&limit=1", null));
    assertThat(page.path("totalResults").asInt()).isEqualTo(2);
    assertThat(page.path("count").asInt()).isEqualTo(1);
    assertThat(page.path("hasMore").asBoolean()).isTrue();
    assertThat(page.path("items").get(0).has("email")).isFalse();
    assertThat(page.path("links").findValuesAsText("rel")).contains("self", "next", "last");
  }

  // ------------------------------------------------------------------ SuiteQL

  @Test
  void suiteQlPagesWithLowercaseStringValuesAndFormatsDates() {
    for (int i = 0; i < 4; i++) {
      sim.seedItem("SKU-" + i, "Item " + i, null);
    }
    String q = "{\"q\":\"SELECT id, itemid, TO_CHAR(lastmodifieddate,'YYYY-MM-DD HH24:MI:SS') AS lmd, lastmodifieddate "
        + "FROM item WHERE itemid IN ('SKU-1','SKU-2','SKU-3','MUG-01') ORDER BY id\"}";
    JsonNode first = json(send("POST", "/services/rest/query/v1/suiteql?limit=3&offset=0", q, "Prefer", "transient"));
    assertThat(first.path("count").asInt()).isEqualTo(3);
    assertThat(first.path("hasMore").asBoolean()).isTrue();
    assertThat(first.path("totalResults").asInt()).isEqualTo(4);
    assertThat(first.path("links").findValuesAsText("rel")).contains("self", "next", "last");
    JsonNode row = first.path("items").get(0);
    assertThat(row.path("links").isArray()).isTrue();
    assertThat(row.path("itemid").asText()).isEqualTo("MUG-01");
    assertThat(row.path("id").isTextual()).isTrue();
    assertThat(row.path("lmd").asText()).isEqualTo("2026-01-01 00:00:00");
    assertThat(row.path("lastmodifieddate").asText()).isEqualTo("1/1/2026");
    JsonNode second = json(send("POST", "/services/rest/query/v1/suiteql?limit=3&offset=3", q, "Prefer", "transient"));
    assertThat(second.path("count").asInt()).isEqualTo(1);
    assertThat(second.path("hasMore").asBoolean()).isFalse();
  }

  @Test
  void suiteQlEvaluatesTimestampComparisonsAndRejectsWhatItCannotParse() {
    clock.advance(Duration.ofMinutes(10));
    String later = sim.seedItem("LATER", "Later", null);
    String q = "{\"q\":\"SELECT id FROM item WHERE lastmodifieddate >= TO_TIMESTAMP('2026-01-01 00:05:00',"
        + "'YYYY-MM-DD HH24:MI:SS') ORDER BY lastmodifieddate, id\"}";
    JsonNode r = json(send("POST", "/services/rest/query/v1/suiteql", q, "Prefer", "transient"));
    assertThat(r.path("items")).singleElement().satisfies(i -> assertThat(i.path("id").asText()).isEqualTo(later));

    assertEnvelope(send("POST", "/services/rest/query/v1/suiteql", q), 400, "INVALID_PARAMETER");
    assertEnvelope(send("POST", "/services/rest/query/v1/suiteql?limit=1001", q, "Prefer", "transient"),
        400, "INVALID_PARAMETER");
    assertEnvelope(send("POST", "/services/rest/query/v1/suiteql", "{\"q\":\"SELECT id FROM item WHERE a = 1 OR b = 2\"}",
        "Prefer", "transient"), 400, "INVALID_PARAMETER");
    assertEnvelope(send("POST", "/services/rest/query/v1/suiteql", "{\"q\":\"SELECT id FROM nowhere\"}",
        "Prefer", "transient"), 400, "INVALID_PARAMETER");
  }

  @Test
  void inventoryItemLocationsReflectsSalesAndRefunds() {
    String customer = sim.seedCustomer("A", "B", null, null);
    Map<String, Object> line = Map.of("item", Map.of("id", mug), "quantity", 4);
    send("POST", RECORD + "cashSale", Map.of("entity", Map.of("id", customer), "location", Map.of("id", store),
        "item", Map.of("items", java.util.List.of(line))));
    send("POST", RECORD + "cashRefund", Map.of("entity", Map.of("id", customer), "location", Map.of("id", store),
        "item", Map.of("items", java.util.List.of(Map.of("item", Map.of("id", mug), "quantity", 1)))));
    JsonNode r = json(send("POST", "/services/rest/query/v1/suiteql", "{\"q\":\"SELECT item, location, quantityonhand "
        + "FROM inventoryitemlocations WHERE item = '" + mug + "'\"}", "Prefer", "transient"));
    assertThat(r.path("items").get(0).path("quantityonhand").asText()).isEqualTo("7");
  }

  // ------------------------------------------------------------------ async, concurrency

  @Test
  void asyncRequestsRunAsJobsAndARepeatedIdempotencyKeyIsRejected() {
    Map<String, Object> body = Map.of("lastName", "Async");
    HttpResponse<String> first = send("POST", RECORD + "customer", body, "Prefer", "respond-async",
        "X-NetSuite-Idempotency-Key", "6f1c1c8e-1111-4a4a-9c9c-000000000001");
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.headers().firstValue("Preference-Applied")).contains("respond-async");
    String job = first.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> dup = send("POST", RECORD + "customer", body, "Prefer", "respond-async",
        "X-NetSuite-Idempotency-Key", "6f1c1c8e-1111-4a4a-9c9c-000000000001");
    assertEnvelope(dup, 400, "IDEMPOTENCY_ERROR");
    assertThat(dup.headers().firstValue("Location")).contains(job);
    String jobPath = job.substring(sim.baseUrl().length());
    assertThat(json(send("GET", jobPath, null)).path("progress").asText()).isEqualTo("pending");
    JsonNode done = json(send("GET", jobPath, null));
    assertThat(done.path("completed").asBoolean()).isTrue();
    assertThat(done.path("progress").asText()).isEqualTo("succeeded");
    assertThat(sim.count("customer")).isEqualTo(1);
    assertThat(sim.effects().count("async", "6f1c1c8e-1111-4a4a-9c9c-000000000001")).isEqualTo(1);
  }

  @Test
  void requestsOverTheConcurrencyLimitGet429InTheEnvelope() throws Exception {
    sim.concurrencyLimit(1);
    sim.handlerLatency(Duration.ofMillis(500));
    CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(
        () -> send("GET", RECORD + "location/" + store, null));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (sim.inFlight() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    sim.handlerLatency(Duration.ZERO);
    HttpResponse<String> rejected = send("GET", RECORD + "location/" + store, null);
    assertEnvelope(rejected, 429, "CONCURRENCY_LIMIT_EXCEEDED");
    assertThat(slow.get().statusCode()).isEqualTo(200);
    assertThat(sim.concurrencyRejections()).isEqualTo(1);
    assertThat(sim.maxInFlight()).isEqualTo(1);

    sim.overloadMode(NetSuiteSimulator.OverloadMode.INVALID_LOGIN);
    assertThat(json(send("GET", "/services/rest/system/v1/governanceLimits", null))
        .path("accountConcurrencyLimit").asInt()).isEqualTo(1);
  }

  @Test
  void seedsAndEditsStampTheLastModifiedTime() {
    clock.advance(Duration.ofSeconds(42));
    sim.editRecord("inventoryItem", mug, Map.of("displayName", "Big mug"));
    JsonView rec = sim.record("inventoryItem", mug).orElseThrow();
    assertThat(rec.path("lastModifiedDate").asText()).isEqualTo("2026-01-01T00:00:42Z");
    sim.setLastModified("inventoryItem", mug, NOW.minusSeconds(5));
    assertThat(sim.record("inventoryItem", mug).orElseThrow().path("lastModifiedDate").asText())
        .isEqualTo("2025-12-31T23:59:55Z");
  }

  @Test
  void sendsASignedUserEventHint() throws Exception {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    java.util.concurrent.atomic.AtomicReference<String> got = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<String> sig = new java.util.concurrent.atomic.AtomicReference<>();
    server.createContext("/hints", ex -> {
      got.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      sig.set(ex.getRequestHeaders().getFirst("X-NetSuite-Hint-Signature"));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
    try {
      sim.sendUserEventHint(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hints"), "s3cret",
          "cashSale", "1001", "create");
      JsonNode body = MAPPER.readTree(got.get());
      assertThat(body.path("recordType").asText()).isEqualTo("cashSale");
      assertThat(body.path("type").asText()).isEqualTo("create");
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      assertThat(sig.get()).isEqualTo(Base64.getEncoder().encodeToString(
          mac.doFinal(got.get().getBytes(StandardCharsets.UTF_8))));
    } finally {
      server.stop(0);
    }
  }
}
