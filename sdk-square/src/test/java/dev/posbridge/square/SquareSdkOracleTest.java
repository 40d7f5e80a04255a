package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.squareup.square.core.ObjectMappers;
import com.squareup.square.types.BatchChangeInventoryRequest;
import com.squareup.square.types.BatchChangeInventoryResponse;
import com.squareup.square.types.BatchGetCatalogObjectsRequest;
import com.squareup.square.types.BatchGetCatalogObjectsResponse;
import com.squareup.square.types.BatchGetInventoryCountsRequest;
import com.squareup.square.types.BatchGetInventoryCountsResponse;
import com.squareup.square.types.BatchGetOrdersRequest;
import com.squareup.square.types.BatchGetOrdersResponse;
import com.squareup.square.types.CreateCustomerRequest;
import com.squareup.square.types.CreateCustomerResponse;
import com.squareup.square.types.CreateOrderRequest;
import com.squareup.square.types.CreateOrderResponse;
import com.squareup.square.types.CreatePaymentRequest;
import com.squareup.square.types.CreatePaymentResponse;
import com.squareup.square.types.GetCatalogObjectResponse;
import com.squareup.square.types.GetCustomerResponse;
import com.squareup.square.types.GetLocationResponse;
import com.squareup.square.types.GetOrderResponse;
import com.squareup.square.types.GetPaymentRefundResponse;
import com.squareup.square.types.GetPaymentResponse;
import com.squareup.square.types.ListCatalogResponse;
import com.squareup.square.types.ListLocationsResponse;
import com.squareup.square.types.ListPaymentRefundsResponse;
import com.squareup.square.types.ListPaymentsResponse;
import com.squareup.square.types.ObtainTokenRequest;
import com.squareup.square.types.ObtainTokenResponse;
import com.squareup.square.types.OrderUpdatedEvent;
import com.squareup.square.types.RefundPaymentRequest;
import com.squareup.square.types.RefundPaymentResponse;
import com.squareup.square.types.SearchCatalogItemsRequest;
import com.squareup.square.types.SearchCatalogItemsResponse;
import com.squareup.square.types.SearchCatalogObjectsRequest;
import com.squareup.square.types.SearchCatalogObjectsResponse;
import com.squareup.square.types.SearchCustomersRequest;
import com.squareup.square.types.SearchCustomersResponse;
import com.squareup.square.types.SearchOrdersRequest;
import com.squareup.square.types.SearchOrdersResponse;
import com.squareup.square.types.UpdateCustomerRequest;
import com.squareup.square.types.UpdateCustomerResponse;
import com.squareup.square.types.UpdateOrderRequest;
import com.squareup.square.types.UpdateOrderResponse;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundStatus;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks our wire format against Square's official Java SDK (test-scope oracle): every request
 * body the connector sends and every response the simulator returns must deserialize into the
 * SDK's own model with no unknown field.
 */
class SquareSdkOracleTest extends SquareTestSupport {

  /** Turns off the SDK's ignoreUnknown and any-setter so that unknown fields fail. */
  static final class Strict extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
      return JsonIgnoreProperties.Value.empty();
    }

    @Override
    public Boolean hasAnySetter(Annotated a) {
      return Boolean.FALSE;
    }
  }

  static final ObjectMapper STRICT = ObjectMappers.JSON_MAPPER.copy()
      .setAnnotationIntrospector(new Strict())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  record Models(Class<?> request, Class<?> response) {}

  static final Map<String, Models> MODELS = Map.ofEntries(
      Map.entry("POST /v2/orders/search", new Models(SearchOrdersRequest.class, SearchOrdersResponse.class)),
      Map.entry("POST /v2/orders", new Models(CreateOrderRequest.class, CreateOrderResponse.class)),
      Map.entry("GET /v2/orders/{id}", new Models(null, GetOrderResponse.class)),
      Map.entry("PUT /v2/orders/{id}", new Models(UpdateOrderRequest.class, UpdateOrderResponse.class)),
      Map.entry("POST /v2/orders/batch-retrieve", new Models(BatchGetOrdersRequest.class, BatchGetOrdersResponse.class)),
      Map.entry("POST /v2/payments", new Models(CreatePaymentRequest.class, CreatePaymentResponse.class)),
      Map.entry("GET /v2/payments", new Models(null, ListPaymentsResponse.class)),
      Map.entry("GET /v2/payments/{id}", new Models(null, GetPaymentResponse.class)),
      Map.entry("POST /v2/refunds", new Models(RefundPaymentRequest.class, RefundPaymentResponse.class)),
      Map.entry("GET /v2/refunds", new Models(null, ListPaymentRefundsResponse.class)),
      Map.entry("GET /v2/refunds/{id}", new Models(null, GetPaymentRefundResponse.class)),
      Map.entry("POST /v2/inventory/changes/batch-create",
          new Models(BatchChangeInventoryRequest.class, BatchChangeInventoryResponse.class)),
      Map.entry("POST /v2/inventory/counts/batch-retrieve",
          new Models(BatchGetInventoryCountsRequest.class, BatchGetInventoryCountsResponse.class)),
      Map.entry("POST /v2/catalog/search",
          new Models(SearchCatalogObjectsRequest.class, SearchCatalogObjectsResponse.class)),
      Map.entry("POST /v2/catalog/search-catalog-items",
          new Models(SearchCatalogItemsRequest.class, SearchCatalogItemsResponse.class)),
      Map.entry("POST /v2/catalog/batch-retrieve",
          new Models(BatchGetCatalogObjectsRequest.class, BatchGetCatalogObjectsResponse.class)),
      Map.entry("GET /v2/catalog/object/{id}", new Models(null, GetCatalogObjectResponse.class)),
      Map.entry("GET /v2/catalog/list", new Models(null, ListCatalogResponse.class)),
      Map.entry("POST /v2/customers/search", new Models(SearchCustomersRequest.class, SearchCustomersResponse.class)),
      Map.entry("POST /v2/customers", new Models(CreateCustomerRequest.class, CreateCustomerResponse.class)),
      Map.entry("GET /v2/customers/{id}", new Models(null, GetCustomerResponse.class)),
      Map.entry("PUT /v2/customers/{id}", new Models(UpdateCustomerRequest.class, UpdateCustomerResponse.class)),
      Map.entry("GET /v2/locations", new Models(null, ListLocationsResponse.class)),
      Map.entry("GET /v2/locations/{id}", new Models(null, GetLocationResponse.class)),
      Map.entry("POST /oauth2/token", new Models(ObtainTokenRequest.class, ObtainTokenResponse.class)));

  @Test
  void theStrictMapperReallyRejectsUnknownFields() throws IOException {
    assertThat(STRICT.readValue("{\"location_ids\":[\"L1\"],\"limit\":10}", SearchOrdersRequest.class)).isNotNull();
    assertThatThrownBy(() -> STRICT.readValue("{\"location_ids\":[\"L1\"],\"bogus\":1}", SearchOrdersRequest.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
    assertThatThrownBy(() -> STRICT.readValue(
        "{\"idempotency_key\":\"k\",\"changes\":[{\"type\":\"ADJUSTMENT\",\"adjustment\":{\"nope\":1}}]}",
        BatchChangeInventoryRequest.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
  }

  @Test
  void everyConnectorRequestAndSimulatorResponseMatchesSquaresModels() throws Exception {
    runEveryCapability();
    exerciseSimulatorOnlyRoutes();

    Set<String> covered = new TreeSet<>();
    for (JournalEntry e : sim.journal().entries()) {
      String route = e.request().method() + " " + e.request().routeTemplate().orElse("?");
      Models m = MODELS.get(route);
      if (m == null) {
        fail("no SDK model registered for " + route);
      }
      String body = e.request().bodyString();
      if (m.request() != null && !body.isEmpty()) {
        assertStrict(body, m.request(), "request of " + route);
      }
      covered.add(route);
    }
    for (SquareSimulator.Exchange x : sim.exchanges()) {
      String route = x.method() + " " + x.routeTemplate();
      assertStrict(x.responseBody(), MODELS.get(route).response(), x.status() + " response of " + route);
    }
    assertThat(covered).containsAll(MODELS.keySet());
  }

  @Test
  void simulatorWebhookEnvelopesMatchSquaresEventModel() throws Exception {
    String id = sim.seedOrder(SquareSalesContractTest.simpleOrder(main, "2025-11-03T08:00:00Z", 100));
    byte[] body = sim.webhookBody("order.updated", "order_updated", id, JsonView.parse(
        "{\"order_updated\":{\"order_id\":\"" + id + "\",\"version\":1,\"location_id\":\"" + main
            + "\",\"state\":\"COMPLETED\",\"created_at\":\"2025-11-03T08:00:00Z\"}}"));
    assertStrict(new String(body, java.nio.charset.StandardCharsets.UTF_8), OrderUpdatedEvent.class, "webhook");
    assertStrict(SquareWebhookVerifierTest.BODY, OrderUpdatedEvent.class, "documented vector");
  }

  @Test
  void aUnitPriceFinerThanACentIsWrittenAsOneUnitAtItsGrossInSquaresOrderModel() throws Exception {
    String latte = sim.seedItem("LATTE-12", 450);
    dev.posbridge.core.model.Sale sale = dev.posbridge.core.model.Sale.builder()
        .ref(ExternalRef.of("shopify", "order", "bulk-1")).location(ExternalRef.of("square", "location", main))
        .createdAt(NOW).currency(Money.currency("USD"))
        .addLine(dev.posbridge.core.model.SaleLine.of("LATTE-12", "Latte", new BigDecimal("250"),
            dev.posbridge.core.model.UnitPrice.of("0.0375", "USD")))
        .deriveTotals().build();

    square.recordSale(sale, RequestOptions.idempotencyKey("fine-1"));

    JournalEntry create = sim.journal().entries().stream()
        .filter(e -> e.request().path().equals("/v2/orders")).findFirst().orElseThrow();
    assertStrict(create.request().bodyString(), CreateOrderRequest.class, "fine unit price order");
    CreateOrderRequest parsed = STRICT.readValue(create.request().bodyString(), CreateOrderRequest.class);
    var line = parsed.getOrder().orElseThrow().getLineItems().orElseThrow().get(0);
    assertThat(line.getQuantity()).isEqualTo("1");
    assertThat(line.getBasePriceMoney().orElseThrow().getAmount().orElseThrow()).isEqualTo(938L);
    assertThat(line.getNote().orElseThrow()).contains("250 × USD 0.0375");
  }

  static void assertStrict(String json, Class<?> type, String what) {
    try {
      STRICT.readValue(json, type);
    } catch (IOException e) {
      fail(what + " does not match " + type.getSimpleName() + ": " + e.getMessage() + "\n" + json, e);
    }
  }

  private void runEveryCapability() {
    String latte = sim.seedItem("LATTE-12", 450);
    sim.seedStock(latte, main, "40");
    String sale = sim.seedOrder(new SquareSalesContractTest().latteOrder(main, latte));
    sim.seedOrder("""
        {"location_id":"%s","returns":[{"uid":"r","source_order_id":"%s","return_line_items":[{"uid":"rl",
          "source_line_item_uid":"li-1","name":"Latte","quantity":"1","catalog_object_id":"%s",
          "base_price_money":{"amount":450,"currency":"USD"},"total_money":{"amount":450,"currency":"USD"}}]}]}
        """.formatted(main, sale, latte));
    Instant from = NOW.minusSeconds(86_400);
    Instant to = NOW.plusSeconds(60);
    square.sales(SalesQuery.updatedBetween(from, to)).stream().toList();
    var recorded = square.recordSale(new SquareSalesSinkContractTest().taxedSaleFor(main, latte),
        RequestOptions.idempotencyKey("oracle-sale"));
    square.recordRefund(new Refund(ExternalRef.of("app", "refund", "1"), recorded.ref(), null, NOW,
        RefundStatus.PENDING, null, List.of(), Money.of("1.00", "USD"), Money.zero(Money.currency("USD")),
        List.of(), "oracle", List.of()), RequestOptions.idempotencyKey("oracle-refund"));
    square.refunds(SalesQuery.updatedBetween(from, to).atLocations(List.of(main))).stream().toList();
    ExternalRef loc = ExternalRef.of("square", "location", main);
    square.applyStockChanges(List.of(
        StockChange.adjust("LATTE-12", loc, new BigDecimal("-2"), StockChangeReason.SALE, NOW, "s"),
        StockChange.adjust("LATTE-12", loc, new BigDecimal("1"), StockChangeReason.RETURN, NOW, "r"),
        StockChange.set("LATTE-12", loc, new BigDecimal("30"), StockChangeReason.PHYSICAL_COUNT, NOW, "c")),
        RequestOptions.idempotencyKey("oracle-inv"));
    square.stockLevels(StockQuery.forSkus(List.of("LATTE-12"))).stream().toList();
    square.findCatalogItemBySku("LATTE-12");
    square.catalogItems().stream().toList();
    square.locations();
    Customer c = square.createCustomer(Customer.builder().givenName("Ann").email("ann@example.com")
        .phone("+14155550100").build(), RequestOptions.idempotencyKey("oracle-cust"));
    square.findCustomerByEmail("ann@example.com");
    square.findCustomerByPhone("+14155550100");
    square.findCustomerByRef(c.refIn("square"));
    square.findCustomerByRef(ExternalRef.of("square", "customer", "MISSING"));
    square.updateCustomer(c.toBuilder().familyName("Lee").build(), RequestOptions.none());
    assertThatThrownBy(() -> square.updateCustomer(c.toBuilder().familyName("Old").build(), RequestOptions.none()))
        .isInstanceOf(ConflictException.class);
    String refresh = sim.seedOAuthClient("sq0idp-app", "sq0csp-secret");
    try (SquareTokenRefresher refresher = SquareTokenRefresher.create("sq0idp-app", "sq0csp-secret", sim.baseUrl(), null)) {
      refresher.refresh(new dev.posbridge.core.auth.OAuthToken("old", refresh, null, null, null));
    }
  }

  private void exerciseSimulatorOnlyRoutes() throws Exception {
    String latte = sim.seedItem("Tea", "TEA-1", 300, "USD");
    String open = sim.seedOrder("""
        {"location_id":"%s","state":"OPEN","line_items":[{"name":"Tea","quantity":"1","catalog_object_id":"%s"}]}
        """.formatted(main, latte));
    String payment = sim.record("order", sim.seedOrder(SquareSalesContractTest.simpleOrder(main,
        "2025-11-03T08:00:00Z", 100))).orElseThrow().path("id").asText();
    HttpClient http = HttpClient.newHttpClient();
    String p = call(http, "GET", "/v2/payments?location_id=" + main, null);
    String paymentId = STRICT.readTree(p).path("payments").path(0).path("id").asText("none");
    call(http, "GET", "/v2/payments/" + paymentId, null);
    String refunds = call(http, "GET", "/v2/refunds", null);
    call(http, "GET", "/v2/refunds/" + STRICT.readTree(refunds).path("refunds").path(0).path("id").asText("none"), null);
    call(http, "POST", "/v2/orders/batch-retrieve", "{\"order_ids\":[\"" + open + "\",\"" + payment + "\"]}");
    call(http, "GET", "/v2/orders/" + open, null);
    call(http, "PUT", "/v2/orders/" + open,
        "{\"order\":{\"version\":1,\"reference_id\":\"updated\"},\"idempotency_key\":\"upd-1\"}");
    call(http, "PUT", "/v2/orders/" + open, "{\"order\":{\"version\":1,\"reference_id\":\"stale\"}}");
    call(http, "GET", "/v2/catalog/object/" + latte, null);
    call(http, "GET", "/v2/catalog/object/NOPE", null);
    call(http, "POST", "/v2/catalog/search-catalog-items", "{\"text_filter\":\"TEA\"}");
    call(http, "GET", "/v2/locations/" + main, null);
    call(http, "POST", "/v2/inventory/changes/batch-create", """
        {"idempotency_key":"ro","changes":[{"type":"ADJUSTMENT","adjustment":{"catalog_object_id":"%s",
          "from_location_id":"%s","to_location_id":"%s","from_state":"IN_STOCK","to_state":"RESERVED_FOR_SALE","quantity":"1",
          "occurred_at":"2025-11-03T11:00:00Z"}}]}""".formatted(latte, main, main));
    call(http, "POST", "/v2/customers/search", "{\"limit\":0}");
  }

  private String call(HttpClient http, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
        .header("Authorization", "Bearer " + SquareSimulator.DEFAULT_TOKEN)
        .header("Square-Version", "2026-08-19")
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
