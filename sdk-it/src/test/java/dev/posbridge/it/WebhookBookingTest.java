package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.core.sync.SyncPipelineBuilder;
import dev.posbridge.core.sync.WebhookIngress;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifier;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.quickbooks.QuickBooksWebhookVerifier;
import dev.posbridge.shopify.ShopifyAuth;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.shopify.ShopifyWebhookVerifier;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.square.SquareWebhookVerifier;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.WebhookDelivery;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks from the outside, over HTTP from the vendor simulators into a {@link WebhookIngress}:
 * summary webhooks are fetched and booked in the QuickBooks simulator exactly once; replays are
 * refused or de-duplicated on what the vendor signs; a delivery the outbox could not store is
 * booked when the vendor retries.
 */
class WebhookBookingTest {

  private static final String REALM = "9130355";
  private static final String SQUARE_KEY = "sqwk_it_key";

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Map<String, WebhookIngress> routes = new ConcurrentHashMap<>();
  private QuickBooksSimulator qboSim;
  private QuickBooksConnector quickbooks;
  private URI base;
  private final RetrySettings retry = RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
      .maxBackoff(Duration.ofMillis(5)).build();

  @BeforeEach
  void start() throws Exception {
    qboSim = QuickBooksSimulator.start();
    open.add(qboSim::close);
    qboSim.throttling(false);
    qboSim.seedRealm(REALM);
    qboSim.seedItem(REALM, "Latte", "LATTE-12", new BigDecimal("100000"), new BigDecimal("4.50"));
    Path tokens = dir.resolve("tokens.json");
    QuickBooksSimulator.Tokens t = qboSim.issueTokens();
    TokenStore.file(tokens).save(new OAuthToken(t.accessToken(), t.refreshToken(),
        Instant.now().plus(Duration.ofHours(1)), null, "com.intuit.quickbooks.accounting"));
    quickbooks = QuickBooksConnector.builder().realmId(REALM)
        .credentials(QuickBooksAuth.oauth2(QuickBooksSimulator.DEFAULT_CLIENT_ID,
            QuickBooksSimulator.DEFAULT_CLIENT_SECRET, TokenStore.file(tokens)))
        .baseUrl(qboSim.baseUrl()).tokenEndpoint(qboSim.tokenEndpoint()).retry(retry)
        .mapping(QuickBooksMapping.builder()
            .defaultDepositAccount(qboSim.idOf(REALM, "Account", "Undeposited Funds"))
            .paymentMethod(TenderType.CASH, qboSim.idOf(REALM, "PaymentMethod", "Cash"))
            .timeZone(ZoneOffset.UTC).build())
        .build();
    open.add(quickbooks);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/webhooks/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach(headers::put);
      String url = base.resolve(exchange.getRequestURI().getPath()).toString();
      WebhookIngress ingress = routes.get(exchange.getRequestURI().getPath());
      int status = ingress == null ? 404 : ingress.handle(new WebhookRequest(headers, body, url));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    open.add(() -> server.stop(0));
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Outbox outbox(String name) {
    Outbox outbox = Outbox.builder().sqlite(dir.resolve(name)).backoff(Duration.ofMillis(5), Duration.ofMillis(50))
        .build();
    open.add(outbox);
    return outbox;
  }

  private SyncPipeline pipeline(Outbox outbox, SyncPipelineBuilder b) {
    SyncPipeline p = b.outbox(outbox).salesSink(quickbooks).idlePoll(Duration.ofMillis(2), Duration.ofMillis(20))
        .build().start();
    open.add(p);
    return p;
  }

  private String route(String path, SyncPipeline pipeline, WebhookVerifier verifier) {
    routes.put(path, WebhookIngress.builder().pipeline(pipeline).verifier(verifier).build());
    return base.resolve(path).toString();
  }

  private int receipts() {
    return qboSim.records(REALM, "SalesReceipt").size();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(5);
    }
  }

  private SquareSimulator squareWithOrder(String[] order) {
    SquareSimulator sim = SquareSimulator.start();
    open.add(sim::close);
    String location = sim.seedLocation("Main Street", "USD");
    String variation = sim.seedItem("LATTE-12", 450);
    order[0] = sim.seedOrder("""
        {"location_id":"%s","source":{"name":"Square Point of Sale"},
         "line_items":[{"catalog_object_id":"%s","quantity":"2"}],
         "tenders":[{"id":"t1","type":"CASH","amount_money":{"amount":900,"currency":"USD"}}]}
        """.formatted(location, variation));
    return sim;
  }

  private SquareConnector square(SquareSimulator sim) {
    SquareConnector c = SquareConnector.builder().credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN))
        .baseUrl(sim.baseUrl()).retry(retry).build();
    open.add(c);
    return c;
  }

  @Test
  void aSquareOrderUpdatedWebhookIsFetchedAndBookedInQuickBooksOnce() throws Exception {
    String[] order = new String[1];
    SquareSimulator sim = squareWithOrder(order);
    Outbox outbox = outbox("square.db");
    SyncPipeline pipeline = pipeline(outbox, SyncPipeline.builder().salesSource(square(sim)));
    String url = route("/webhooks/square", pipeline, SquareWebhookVerifier.builder().signatureKey(SQUARE_KEY)
        .notificationUrl(base.resolve("/webhooks/square").toString()).build());

    WebhookDelivery first = sim.sendOrderUpdated(url, SQUARE_KEY, order[0]);
    WebhookDelivery second = sim.sendOrderUpdated(url, SQUARE_KEY, order[0]);
    WebhookDelivery retry = sim.sendWebhook(url, SQUARE_KEY, first.body(), 1);

    assertThat(List.of(first.status(), second.status(), retry.status())).containsOnly(200);
    await("booked", () -> receipts() == 1 && pipeline.status().pending() == 0);
    assertThat(receipts()).as("two events and a retry for one order: one sales receipt").isEqualTo(1);
    assertThat(qboSim.records(REALM, "SalesReceipt").get(0).path("TotalAmt").decimalValue())
        .isEqualByComparingTo("9.00");
    assertThat(pipeline.status().unrouted()).isZero();
  }

  @Test
  void aSquarePaymentWebhookIsFetchedThroughItsOrderAndBookedOnce() throws Exception {
    SquareSimulator sim = SquareSimulator.start();
    open.add(sim::close);
    String location = sim.seedLocation("Main Street", "USD");
    String variation = sim.seedItem("LATTE-12", 450);
    String order = sim.seedOrder("""
        {"location_id":"%s","state":"OPEN","line_items":[{"catalog_object_id":"%s","quantity":"2"}]}
        """.formatted(location, variation));
    java.net.http.HttpResponse<String> paid = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v2/payments"))
            .header("Authorization", "Bearer " + SquareSimulator.DEFAULT_TOKEN)
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                {"source_id":"CASH","idempotency_key":"pay-1","order_id":"%s",
                 "amount_money":{"amount":900,"currency":"USD"},
                 "cash_details":{"buyer_supplied_money":{"amount":900,"currency":"USD"}}}
                """.formatted(order))).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
    String payment = new com.fasterxml.jackson.databind.ObjectMapper().readTree(paid.body())
        .path("payment").path("id").asText();
    Outbox outbox = outbox("payment.db");
    SyncPipeline pipeline = pipeline(outbox, SyncPipeline.builder().inventory(square(sim)));
    String path = "/webhooks/square-payment";
    String url = route(path, pipeline, SquareWebhookVerifier.builder().signatureKey(SQUARE_KEY)
        .notificationUrl(base.resolve(path).toString()).build());
    JsonView object = JsonView.of(Map.of("payment", Map.of("id", payment, "order_id", order, "status", "COMPLETED")));

    WebhookDelivery created = sim.sendWebhook(url, SQUARE_KEY,
        sim.webhookBody("payment.created", "payment", payment, object), 0);
    WebhookDelivery updated = sim.sendWebhook(url, SQUARE_KEY,
        sim.webhookBody("payment.updated", "payment", payment, object), 0);

    assertThat(List.of(created.status(), updated.status())).containsOnly(200);
    await("booked", () -> receipts() == 1 && pipeline.status().pending() == 0);
    assertThat(receipts()).as("a Square inventory connector is also its sales source").isEqualTo(1);
    assertThat(qboSim.records(REALM, "SalesReceipt").get(0).path("TotalAmt").decimalValue())
        .isEqualByComparingTo("9.00");
  }

  @Test
  void aShopifyOrdersCreateWebhookIsFetchedAndBookedAndAReplayWithNewHeadersIsADuplicate() throws Exception {
    ShopifySimulator sim = ShopifySimulator.start().shopCurrency("USD"); // the books are in USD: no exchange rate needed
    open.add(sim::close);
    sim.seedItem("LATTE-12", "Latte", "4.50");
    String order = sim.seedOrder(OrderSeed.create().line("LATTE-12", "Latte", 2, "4.50")
        .transaction("SALE", "SUCCESS", "cash", "9.00"));
    ShopifyConnector shopify = ShopifyConnector.builder().shopDomain(ShopifySimulator.DEFAULT_SHOP)
        .credentials(ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN)).baseUrl(sim.baseUrl()).retry(retry).build();
    open.add(shopify);
    Outbox outbox = outbox("shopify.db");
    SyncPipeline pipeline = pipeline(outbox, SyncPipeline.builder().salesSource(shopify));
    String url = route("/webhooks/shopify", pipeline,
        ShopifyWebhookVerifier.builder().clientSecret(ShopifySimulator.DEFAULT_CLIENT_SECRET).build());

    WebhookDelivery created = sim.sendWebhook(URI.create(url), "orders/create", sim.orderPayload(order));
    await("booked", () -> receipts() == 1 && pipeline.status().pending() == 0);
    long stored = outbox.status().delivered();
    WebhookDelivery replay = sim.sendWebhook(URI.create(url), "orders/updated", created.body());

    assertThat(created.status()).isEqualTo(200);
    assertThat(replay.headers().get("X-Shopify-Event-Id")).isNotEqualTo(created.headers().get("X-Shopify-Event-Id"));
    assertThat(replay.status()).as("a duplicate is acknowledged").isEqualTo(200);
    assertThat(outbox.status().delivered()).as("nothing stored for the replay").isEqualTo(stored);
    assertThat(receipts()).isEqualTo(1);
  }

  @Test
  void aShopifyRefundsCreateWebhookReadsTheOrdersRefundsAndBooksTheRefundOnce() throws Exception {
    ShopifySimulator sim = ShopifySimulator.start().shopCurrency("USD");
    open.add(sim::close);
    sim.seedItem("LATTE-12", "Latte", "4.50");
    String order = sim.seedOrder(OrderSeed.create().line("LATTE-12", "Latte", 2, "4.50")
        .transaction("SALE", "SUCCESS", "cash", "9.00"));
    ShopifyConnector shopify = ShopifyConnector.builder().shopDomain(ShopifySimulator.DEFAULT_SHOP)
        .credentials(ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN)).baseUrl(sim.baseUrl()).retry(retry).build();
    open.add(shopify);
    Outbox outbox = outbox("refund.db");
    SyncPipeline pipeline = pipeline(outbox, SyncPipeline.builder().salesSource(shopify));
    String url = route("/webhooks/shopify-refund", pipeline,
        ShopifyWebhookVerifier.builder().clientSecret(ShopifySimulator.DEFAULT_CLIENT_SECRET).build());
    sim.sendWebhook(URI.create(url), "orders/create", sim.orderPayload(order));
    await("sale booked", () -> receipts() == 1 && pipeline.status().pending() == 0);

    String refund = sim.seedRefund(order, 0, 1, false, "broken");
    Map<String, Object> payload = new java.util.LinkedHashMap<>();
    payload.put("id", Long.parseLong(refund.substring(refund.lastIndexOf('/') + 1)));
    payload.put("order_id", sim.orderPayload(order).get("id"));
    payload.put("created_at", Instant.now().toString());
    payload.put("admin_graphql_api_id", refund);
    WebhookDelivery first = sim.sendWebhook(URI.create(url), "refunds/create", payload);
    WebhookDelivery retry = sim.redeliver(first);

    assertThat(List.of(first.status(), retry.status())).containsOnly(200);
    await("refund booked", () -> qboSim.records(REALM, "RefundReceipt").size() == 1
        && pipeline.status().pending() == 0);
    assertThat(qboSim.records(REALM, "RefundReceipt")).hasSize(1);
    assertThat(receipts()).isEqualTo(1);
  }

  @Test
  void aShopifyStockLevelReplayedTwoHoursLaterWithFreshHeadersIsNotAppliedAgain() throws Exception {
    ShopifySimulator sim = ShopifySimulator.start();
    open.add(sim::close);
    ShopifySimulator.Variant latte = sim.seedItem("LATTE-12", "Latte", "4.50");
    sim.seedStock(latte.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, 40, 0);
    SquareSimulator squareSim = SquareSimulator.start();
    open.add(squareSim::close);
    String squareLocation = squareSim.seedLocation("Main Street", "USD");
    squareSim.seedItem("LATTE-12", 450);
    IdMap ids = IdMap.inMemory();
    ids.put(IdMap.Kind.SKU, "LATTE-12", ExternalRef.of("shopify", "inventory_item", latte.inventoryItemId()));
    Outbox outbox = outbox("stock.db");
    SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).inventory(square(squareSim)).idMap(ids)
        .locationMapping((loc, target) -> ExternalRef.of("square", "location", squareLocation)).build();
    open.add(pipeline);
    Instant now = Instant.now();
    SimClock clock = SimClock.fixed(now);
    String url = route("/webhooks/shopify-stock", pipeline, ShopifyWebhookVerifier.builder()
        .clientSecret(ShopifySimulator.DEFAULT_CLIENT_SECRET).clock(clock).build());

    WebhookDelivery level = sim.sendWebhook(URI.create(url), "inventory_levels/update",
        sim.inventoryLevelPayload(latte.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION));
    long pending = outbox.status().pending();
    clock.set(now.plus(Duration.ofHours(2)));
    WebhookDelivery replay = sim.sendWebhook(URI.create(url), "inventory_levels/update", level.body());
    clock.set(now.plus(Duration.ofHours(6)));
    WebhookDelivery late = sim.sendWebhook(URI.create(url), "inventory_levels/update", level.body());

    assertThat(level.status()).isEqualTo(200);
    assertThat(pending).as("one SET for Square").isEqualTo(1);
    assertThat(replay.status()).as("same signed body: a duplicate").isEqualTo(200);
    assertThat(late.status()).as("signed updated_at beyond the 5-hour window").isEqualTo(401);
    assertThat(outbox.status().pending()).as("the level is not applied a second time").isEqualTo(1);
  }

  @Test
  void aSquareDeliveryReplayedEightDaysLaterIsRefusedEvenAfterItsReceiptIsPurged() throws Exception {
    String[] order = new String[1];
    SquareSimulator sim = squareWithOrder(order);
    Instant now = Instant.now();
    SimClock clock = SimClock.fixed(now);
    Outbox outbox = Outbox.builder().sqlite(dir.resolve("replay.db")).clock(clock).build();
    open.add(outbox);
    SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).salesSink(quickbooks)
        .salesSource(square(sim)).build();
    open.add(pipeline);
    String path = "/webhooks/square-replay";
    String url = route(path, pipeline, SquareWebhookVerifier.builder().signatureKey(SQUARE_KEY)
        .notificationUrl(base.resolve(path).toString()).clock(clock).build());

    WebhookDelivery original = sim.sendOrderUpdated(url, SQUARE_KEY, order[0]);
    clock.set(now.plus(Duration.ofDays(8)));
    int purged = outbox.purgeDelivered();
    long pending = outbox.status().pending();
    WebhookDelivery replay = sim.sendWebhook(url, SQUARE_KEY, original.body(), 0);

    assertThat(original.status()).isEqualTo(200);
    assertThat(purged).as("the receipt is gone").isPositive();
    assertThat(replay.status()).as("signed created_at is 8 days old").isEqualTo(401);
    assertThat(outbox.status().pending()).isEqualTo(pending);
  }

  @Test
  void quickBooksDeliveriesOlderThanTheReplayWindowAreRefusedInBothFormats() throws Exception {
    Outbox outbox = outbox("qbo.db");
    SyncPipeline pipeline = pipeline(outbox, SyncPipeline.builder());
    Instant now = Instant.now();
    SimClock clock = SimClock.fixed(now);
    String url = route("/webhooks/quickbooks", pipeline, QuickBooksWebhookVerifier.create(
        QuickBooksSimulator.DEFAULT_VERIFIER_TOKEN, dev.posbridge.core.webhook.EventDeduplicator.inMemory(), clock,
        QuickBooksWebhookVerifier.DEFAULT_REPLAY_WINDOW));
    byte[] legacy = QuickBooksSimulator.legacyPayload(REALM, "Customer", "7", "Update", now.minusSeconds(60));
    byte[] cloud = QuickBooksSimulator.cloudEventPayload("5b0e6c2a-3f1d-4e8b-9c7a-1d2e3f4a5b6c", REALM,
        "Customer", "updated", "7", now.minusSeconds(60));

    assertThat(qboSim.sendWebhook(URI.create(url), legacy).status()).isEqualTo(200);
    assertThat(qboSim.sendWebhook(URI.create(url), cloud).status()).isEqualTo(200);
    clock.set(now.plus(Duration.ofDays(8)));
    assertThat(qboSim.sendWebhook(URI.create(url), legacy).status()).isEqualTo(401);
    assertThat(qboSim.sendWebhook(URI.create(url), cloud).status()).isEqualTo(401);
    assertThat(pipeline.status().unrouted()).as("customer events without a customer source are counted")
        .isEqualTo(2);
  }

  @Test
  void aDeliveryTheOutboxCouldNotStoreIsBookedWhenTheVendorRetries() throws Exception {
    String[] order = new String[1];
    SquareSimulator sim = squareWithOrder(order);
    SquareConnector square = square(sim);
    String path = "/webhooks/square-disk";
    SquareWebhookVerifier verifier = SquareWebhookVerifier.builder().signatureKey(SQUARE_KEY)
        .notificationUrl(base.resolve(path).toString()).build();
    Outbox broken = Outbox.builder().sqlite(dir.resolve("disk.db")).build();
    SyncPipeline down = SyncPipeline.builder().outbox(broken).salesSink(quickbooks).salesSource(square).build();
    String url = route(path, down, verifier);
    broken.close(); // the database is gone (disk full, closed DataSource)

    WebhookDelivery first = sim.sendOrderUpdated(url, SQUARE_KEY, order[0]);
    Outbox outbox = outbox("disk.db");
    SyncPipeline pipeline = pipeline(outbox, SyncPipeline.builder().salesSource(square));
    route(path, pipeline, verifier);
    WebhookDelivery retry = sim.sendWebhook(url, SQUARE_KEY, first.body(), 1);

    assertThat(first.status()).isEqualTo(503);
    assertThat(retry.status()).isEqualTo(200);
    await("booked", () -> receipts() == 1 && pipeline.status().pending() == 0);
    assertThat(receipts()).isEqualTo(1);
  }
}
