package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.intuit.ipp.data.IntuitResponse;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every response shape the simulator returns is read by Intuit's SDK 6.4.2 (its own
 * JSONSerializer for the envelope, its entity classes with unknown properties failing), and every
 * body the connector sends in a flow round-trips through the SDK classes.
 */
class SimulatorOracleTest extends QboFixture {

  private final HttpClient http = HttpClient.newHttpClient();
  private String token;

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    if (token == null) {
      token = sim.issueTokens().accessToken();
    }
    clock.advance(java.time.Duration.ofMillis(150)); // stay under QBO's 10 requests per second
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v3/company/" + REALM + path))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json")
        .header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String q(String query) {
    return "/query?minorversion=75&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  @Test
  void theStrictOracleRejectsFieldsTheSdkDoesNotKnow() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IntuitOracle.STRICT.treeToValue(
        JSON.readTree("{\"Name\":\"Mug\",\"QtyOnHandd\":1}"), com.intuit.ipp.data.Item.class))
        .hasMessageContaining("QtyOnHandd");
  }

  @Test
  void entityResponsesAreReadByTheSdk() throws Exception {
    String sale = qbo.recordSale(mugSale("o-1"), RequestOptions.idempotencyKey("o-1")).ref().id();
    Map<String, Class<?>> reads = Map.of(
        "/salesreceipt/" + sale, com.intuit.ipp.data.SalesReceipt.class,
        "/item/" + mugId, com.intuit.ipp.data.Item.class,
        "/item/" + tipId, com.intuit.ipp.data.Item.class,
        "/account/" + undeposited, com.intuit.ipp.data.Account.class,
        "/paymentmethod/" + cash, com.intuit.ipp.data.PaymentMethod.class,
        "/taxcode/" + taxCode, com.intuit.ipp.data.TaxCode.class);
    for (Map.Entry<String, Class<?>> e : reads.entrySet()) {
      HttpResponse<String> r = call("GET", e.getKey() + "?minorversion=75", null);
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
      IntuitResponse parsed = IntuitOracle.readResponse(r.body());
      assertThat(parsed.getIntuitObject().getValue()).isInstanceOf(e.getValue());
      JsonNode entity = JSON.readTree(r.body()).get(e.getValue().getSimpleName());
      IntuitOracle.STRICT.treeToValue(entity, e.getValue());
    }
  }

  @Test
  void createResponsesOfEveryWriteAreReadByTheSdk() throws Exception {
    qbo.recordSale(mugSale("w-1"), RequestOptions.idempotencyKey("w-1"));
    qbo.createCustomer(CustomerCatalogContractTest.jane("jane@example.com"), RequestOptions.idempotencyKey("w-2"));
    String customer = sim.records(REALM, "Customer").get(0).path("Id").asText();
    HttpResponse<String> c = call("GET", "/customer/" + customer + "?minorversion=75", null);
    IntuitOracle.STRICT.treeToValue(JSON.readTree(c.body()).get("Customer"), com.intuit.ipp.data.Customer.class);
    for (JsonView receipt : sim.records(REALM, "SalesReceipt")) {
      IntuitOracle.assertEntityRoundTrips(receipt, com.intuit.ipp.data.SalesReceipt.class);
    }
    for (JournalEntry e : sim.journal().matching(x -> x.request().method().equals("POST"))) {
      String path = e.request().path();
      String entity = path.substring(path.lastIndexOf('/') + 1);
      Class<?> type = switch (entity) {
        case "salesreceipt" -> com.intuit.ipp.data.SalesReceipt.class;
        case "customer" -> com.intuit.ipp.data.Customer.class;
        default -> null;
      };
      if (type != null) {
        IntuitOracle.assertEntityRoundTrips(e.request().json(), type);
      }
    }
  }

  @Test
  void queryCountAndEmptyResponsesAreReadByTheSdk() throws Exception {
    IntuitResponse items = IntuitOracle.readResponse(call("GET", q("SELECT * FROM Item WHERE Sku IN ('MUG-01', 'TEA-01')"), null).body());
    assertThat(items.getQueryResponse().getIntuitObject()).hasSize(2);
    assertThat(items.getQueryResponse().getStartPosition()).isEqualTo(1);
    IntuitResponse count = IntuitOracle.readResponse(call("GET", q("SELECT count(*) FROM Item"), null).body());
    assertThat(count.getQueryResponse().getTotalCount()).isEqualTo(3);
    IntuitResponse none = IntuitOracle.readResponse(call("GET", q("SELECT * FROM Customer WHERE DisplayName = 'x'"), null).body());
    assertThat(none.getQueryResponse().getIntuitObject()).isNullOrEmpty();
  }

  @Test
  void batchResponseWithAFaultedItemIsReadByTheSdk() throws Exception {
    String body = "{\"BatchItemRequest\":[{\"bId\":\"b1\",\"operation\":\"create\",\"Customer\":{\"DisplayName\":\"Jane Roe\"}},"
        + "{\"bId\":\"b2\",\"operation\":\"create\",\"Customer\":{\"DisplayName\":\"Jane Roe\"}},"
        + "{\"bId\":\"q1\",\"Query\":\"SELECT * FROM Item WHERE Sku = 'MUG-01'\"}]}";
    HttpResponse<String> r = call("POST", "/batch?minorversion=75&requestid=abc", body);
    IntuitResponse parsed = IntuitOracle.readResponse(r.body());
    assertThat(parsed.getBatchItemResponse()).hasSize(3);
    assertThat(parsed.getBatchItemResponse().get(0).getIntuitObject().getValue())
        .isInstanceOf(com.intuit.ipp.data.Customer.class);
    assertThat(parsed.getBatchItemResponse().get(1).getFault().getError().get(0).getCode()).isEqualTo("6240");
    assertThat(parsed.getBatchItemResponse().get(2).getQueryResponse().getIntuitObject()).hasSize(1);
  }

  @Test
  void cdcResponseIncludingDeletionStubsIsReadByTheSdk() throws Exception {
    String gone = sim.seedCustomer(REALM, "Gone", null, null);
    sim.deleteRecord(REALM, "Customer", gone);
    HttpResponse<String> r = call("GET",
        "/cdc?entities=Item,Customer&changedSince=2026-03-02T05:00:00-08:00&minorversion=75", null);
    assertThat(r.statusCode()).isEqualTo(200);
    IntuitResponse parsed = IntuitOracle.readResponse(r.body());
    assertThat(parsed.getCDCResponse()).hasSize(1);
    assertThat(parsed.getCDCResponse().get(0).getQueryResponse()).hasSize(2);
  }

  @Test
  void faultEnvelopesAreReadByTheSdk() throws Exception {
    HttpResponse<String> missing = call("GET", "/item/4242?minorversion=75", null);
    assertThat(missing.statusCode()).isEqualTo(400);
    IntuitResponse parsed = IntuitOracle.readResponse(missing.body());
    assertThat(parsed.getFault().getError().get(0).getCode()).isEqualTo("610");
    assertThat(parsed.getFault().getType()).isEqualTo("ValidationFault");

    sim.expireAccessTokens();
    HttpResponse<String> unauthorized = call("GET", "/item/" + mugId + "?minorversion=75", null);
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    IntuitResponse auth = IntuitOracle.readResponse(unauthorized.body());
    assertThat(auth.getFault().getError().get(0).getCode()).isEqualTo("3200");
  }

  @Test
  void theSimulatorSignsWebhooksAsTheSdkVerifies() {
    byte[] body = QuickBooksSimulator.legacyPayload(REALM, "SalesReceipt", "1", "Create",
        java.time.Instant.parse("2026-03-02T14:05:11Z"));
    String sig = sim.signWebhook(body);
    assertThat(IntuitOracle.sdkVerifies(QuickBooksSimulator.DEFAULT_VERIFIER_TOKEN,
        new String(body, StandardCharsets.UTF_8), sig)).isTrue();
    assertThat(QuickBooksWebhookVerifier.create(QuickBooksSimulator.DEFAULT_VERIFIER_TOKEN,
            dev.posbridge.core.webhook.EventDeduplicator.inMemory(),
            java.time.Clock.fixed(java.time.Instant.parse("2026-03-02T14:06:00Z"), java.time.ZoneOffset.UTC),
            QuickBooksWebhookVerifier.DEFAULT_REPLAY_WINDOW)
        .verify(dev.posbridge.core.webhook.WebhookRequest.of(Map.of("intuit-signature", sig), body, "u"))
        .changes()).hasSize(1);
    List<?> none = List.of();
    assertThat(none).isEmpty();
  }
}
