package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.reconcile.SalesCorrectionPlan;
import dev.posbridge.core.reconcile.SalesCorrectionResult;
import dev.posbridge.core.reconcile.SalesDifference;
import dev.posbridge.core.reconcile.SalesReconciler;
import dev.posbridge.core.reconcile.SalesReconciliationReport;
import dev.posbridge.core.reconcile.SalesReconciliationRow;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.quickbooks.QuickBooksRateLimits;
import dev.posbridge.shopify.ShopifyAuth;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Square sells, the engine books into the QuickBooks simulator, faults are seeded in the books
 * from the outside (a missed webhook, a second integration that books a sale again, a receipt
 * edited by a cent, a receipt in another currency), and the sales reconciliation reads the books
 * back through QuickBooks' API and finds exactly those; its correction books the missed sale once.
 */
class SalesReconciliationAcrossSimulatorsIT {

  private static final String REALM = "4620816365178592";
  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private SquareSimulator squareSim;
  private QuickBooksSimulator qboSim;
  private SquareConnector square;
  private QuickBooksConnector qbo;
  private String location;
  private String variation;
  private final IdMap idMap = IdMap.inMemory();

  @BeforeEach
  void start() {
    SimulatorConfig config = SimulatorConfig.builder().build();
    squareSim = SquareSimulator.start(config);
    open.add(squareSim);
    qboSim = QuickBooksSimulator.start(config);
    open.add(qboSim);
    qboSim.throttling(false);
    qboSim.seedRealm(REALM);
    qboSim.seedItem(REALM, "Latte", "LATTE-12", new BigDecimal("100000"), new BigDecimal("4.50"));
    location = squareSim.seedLocation("Store 1", "USD", "UTC");
    variation = squareSim.seedItem("Latte", "LATTE-12", 450, "USD");
    RetrySettings retry = RetrySettings.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(50)).build();
    square = SquareConnector.builder().credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN)).baseUrl(squareSim.baseUrl())
        .retry(retry).build();
    open.add(square);
    qbo = quickbooks(idMap);
  }

  private QuickBooksConnector quickbooks(IdMap map) {
    QuickBooksConnector c = QuickBooksConnector.builder().realmId(REALM)
        .credentials(QuickBooksAuth.accessToken(qboSim.issueTokens().accessToken()))
        .baseUrl(qboSim.baseUrl())
        .mapping(QuickBooksMapping.builder()
            .defaultDepositAccount(qboSim.idOf(REALM, "Account", "Undeposited Funds"))
            .paymentMethod(TenderType.CASH, qboSim.idOf(REALM, "PaymentMethod", "Cash"))
            .timeZone(ZoneOffset.UTC).build())
        .idMap(map)
        .rateLimiter(QuickBooksRateLimits.builder().maxConcurrent(4).perSecond(1_000)
            .perMinute(60_000).batchPerMinute(1_000).build())
        .build();
    open.add(c);
    return c;
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private String order(int n, int quantity, int hour) {
    return LatteOrders.seed(squareSim, location, variation, DAY, n, quantity, hour);
  }

  private Sale squareSale(String orderId) {
    for (Sale s : square.sales(window())) {
      if (s.ref().id().equals(orderId)) {
        return s;
      }
    }
    throw new AssertionError("order " + orderId + " not found in Square");
  }

  private static SalesQuery window() {
    return SalesQuery.closedBetween(DAY.atStartOfDay(ZoneOffset.UTC).toInstant(),
        DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private SalesReconciliationReport reconcile() {
    return SalesReconciler.builder().source(square).books(qbo).dates(DAY, DAY, ZoneOffset.UTC).build().reconcile();
  }

  private JsonView receiptOf(String orderId) {
    List<JsonView> found = receiptsOf(orderId);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private List<JsonView> receiptsOf(String orderId) {
    List<JsonView> found = new ArrayList<>();
    for (JsonView r : qboSim.records(REALM, "SalesReceipt")) {
      if (r.path("PrivateNote").asText().contains("square/order/" + orderId + "@")) {
        found.add(r);
      }
    }
    return found;
  }

  private static Map<String, List<SalesDifference>> byOrder(SalesReconciliationReport report) {
    Map<String, List<SalesDifference>> m = new TreeMap<>();
    for (SalesReconciliationRow r : report.rows()) {
      m.put(r.sourceRef().id(), r.differences());
    }
    return m;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void seededFaultsInTheBooksAreFoundExactlyAndTheMissedSaleIsBookedOnce() throws Exception {
    String fine = order(1, 1, 9);
    String missed = order(2, 2, 10);
    String doubled = order(3, 1, 11);
    String cent = order(4, 3, 12);
    String currency = order(5, 1, 13);
    try (Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db"))
            .backoff(Duration.ofMillis(5), Duration.ofMillis(100)).build();
        SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).salesSink(qbo).idMap(idMap)
            .idlePoll(Duration.ofMillis(2), Duration.ofMillis(20)).build().start()) {
      // The webhook of order 2 never arrives: every other sale reaches the engine.
      for (String id : List.of(fine, doubled, cent, currency)) {
        pipeline.submitSale(squareSale(id));
      }
      await("four receipts", () -> qboSim.records(REALM, "SalesReceipt").size() == 4
          && outbox.status().pending() == 0 && outbox.status().inFlight() == 0);

      // A second integration, without posbridge's id map, books order 3 again under its own number.
      quickbooks(IdMap.inMemory()).recordSale(squareSale(doubled).toBuilder().number("DUP-3").build(),
          dev.posbridge.core.connect.RequestOptions.idempotencyKey("other-integration-3"));
      // Someone edits receipt 4 by a cent, and receipt 5 into euros, in QuickBooks.
      JsonView centReceipt = receiptOf(cent);
      // (QuickBooks computes TotalAmt from the lines: the cent goes into the line.)
      com.fasterxml.jackson.databind.node.ArrayNode lines = com.fasterxml.jackson.databind.node.JsonNodeFactory
          .instance.arrayNode();
      for (JsonView line : centReceipt.path("Line")) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.toJson());
        if (copy.has("SalesItemLineDetail")) {
          BigDecimal amount = new BigDecimal(copy.path("Amount").asText()).add(new BigDecimal("0.01"));
          copy.put("Amount", amount);
          ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("SalesItemLineDetail"))
              .put("Qty", 1).put("UnitPrice", amount);
        }
        lines.add(copy);
      }
      qboSim.editRecord(REALM, "SalesReceipt", centReceipt.path("Id").asText(), Map.of("Line", lines));
      qboSim.editRecord(REALM, "SalesReceipt", receiptOf(currency).path("Id").asText(),
          Map.of("CurrencyRef", Map.of("value", "EUR", "name", "Euro")));

      SalesReconciliationReport report = reconcile();

      assertThat(byOrder(report)).containsExactlyInAnyOrderEntriesOf(Map.of(
          missed, List.of(SalesDifference.MISSING_IN_BOOKS),
          doubled, List.of(SalesDifference.DOUBLED),
          cent, List.of(SalesDifference.AMOUNT_DIFFERENT),
          currency, List.of(SalesDifference.CURRENCY_DIFFERENT)));
      assertThat(report.rows(SalesDifference.AMOUNT_DIFFERENT).findFirst().orElseThrow().amountDifference())
          .isEqualTo(dev.posbridge.core.model.Money.of("0.01", "USD"));
      assertThat(report.summary().sourceSales()).isEqualTo(5);
      assertThat(report.summary().matched()).isEqualTo(1);

      SalesCorrectionPlan plan = report.correctionPlan();
      assertThat(plan.corrections()).singleElement()
          .satisfies(c -> assertThat(c.sourceRef().id()).isEqualTo(missed));
      assertThat(receiptsOf(missed)).as("a dry run until applied").isEmpty();
      assertThat(plan.apply(pipeline)).isEqualTo(new SalesCorrectionResult(1, 0, 0));
      await("the missed sale booked", () -> receiptsOf(missed).size() == 1
          && outbox.status().pending() == 0 && outbox.status().inFlight() == 0);

      SalesReconciliationReport second = reconcile();
      assertThat(second.rows(SalesDifference.MISSING_IN_BOOKS)).isEmpty();
      assertThat(second.correctionPlan().isEmpty()).isTrue();
      assertThat(second.correctionPlan().apply(pipeline)).isEqualTo(new SalesCorrectionResult(0, 0, 0));
      // A stale plan applied directly through the sink: the engine's key, so QuickBooks books nothing.
      assertThat(report.correctionPlan().apply(qbo)).isEqualTo(new SalesCorrectionResult(0, 1, 0));
      assertThat(receiptsOf(missed)).hasSize(1);
      assertThat(qboSim.effects().duplicates("SalesReceipt.save")).isEmpty();
    }
  }

  @Test
  void aDirectCorrectionThroughTheSinkBooksTheMissedSaleOnceAndTheBooksBalance() {
    String one = order(1, 1, 9);
    String missed = order(2, 2, 17);
    qbo.recordSale(squareSale(one), dev.posbridge.core.connect.RequestOptions.idempotencyKey(
        SyncPipeline.idempotencyKey(squareSale(one), qbo.system())));

    SalesReconciliationReport report = reconcile();
    assertThat(byOrder(report)).containsExactly(Map.entry(missed, List.of(SalesDifference.MISSING_IN_BOOKS)));
    SalesCorrectionResult first = report.correctionPlan().apply(qbo);
    SalesCorrectionResult again = report.correctionPlan().apply(qbo);

    assertThat(first).isEqualTo(new SalesCorrectionResult(1, 0, 0));
    assertThat(again).isEqualTo(new SalesCorrectionResult(0, 1, 0));
    assertThat(receiptsOf(missed)).hasSize(1);
    SalesReconciliationReport after = reconcile();
    assertThat(after.rows()).isEmpty();
    assertThat(after.summary().balanced()).isTrue();
    assertThat(after.summary().bookedNet()).isEqualTo(after.summary().sourceNet());
    assertThat(after.correctionPlan().apply(qbo)).isEqualTo(new SalesCorrectionResult(0, 0, 0));
  }

  @Test
  void aShopifyRefundWhoseWebhookWasLostIsFoundAndBookedOnceAsARefund() throws Exception {
    dev.posbridge.testing.shopify.ShopifySimulator shopifySim = dev.posbridge.testing.shopify.ShopifySimulator.start(
        SimulatorConfig.builder().build());
    open.add(shopifySim);
    shopifySim.shopCurrency("USD");
    shopifySim.seedItem("LATTE-12", "Latte", "4.50");
    dev.posbridge.shopify.ShopifyConnector shopify = dev.posbridge.shopify.ShopifyConnector.builder()
        .shopDomain(dev.posbridge.testing.shopify.ShopifySimulator.DEFAULT_SHOP)
        .credentials(ShopifyAuth.accessToken(dev.posbridge.testing.shopify.ShopifySimulator.DEFAULT_ACCESS_TOKEN))
        .baseUrl(shopifySim.baseUrl()).build();
    open.add(shopify);
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      orders.add(shopifySim.seedOrder(dev.posbridge.testing.shopify.OrderSeed.create().source("web")
          .location(dev.posbridge.testing.shopify.ShopifySimulator.DEFAULT_LOCATION)
          .at(DAY.atTime(10 + i, 0).toInstant(ZoneOffset.UTC)).name("#100" + i)
          .line("LATTE-12", "Latte", 2, "4.50").cardPayment("Visa", "4242", "9.00")));
    }
    Instant refundsFrom = Instant.now().minusSeconds(1);
    shopifySim.seedRefund(orders.get(0), 0, 1, false, "spilled");
    shopifySim.seedRefund(orders.get(1), 0, 1, false, "cold");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    java.util.function.Supplier<SalesReconciliationReport> reconcile = () -> SalesReconciler.builder()
        .source(shopify).books(qbo).dates(DAY, today, ZoneOffset.UTC).build().reconcile();
    try (Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db"))
            .backoff(Duration.ofMillis(5), Duration.ofMillis(100)).build();
        SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).salesSink(qbo).idMap(idMap)
            .idlePoll(Duration.ofMillis(2), Duration.ofMillis(20)).build().start()) {
      for (Sale sale : shopify.sales(SalesQuery.closedBetween(DAY.atStartOfDay(ZoneOffset.UTC).toInstant(),
          today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))) {
        pipeline.submitSale(sale);
      }
      List<dev.posbridge.core.model.Refund> refunds = new ArrayList<>();
      shopify.refunds(SalesQuery.updatedBetween(refundsFrom, Instant.now().plusSeconds(1))).forEach(refunds::add);
      assertThat(refunds).hasSize(2);
      // The second refund's webhook is lost.
      pipeline.submitRefund(refunds.get(0));
      await("two receipts and one refund receipt", () -> qboSim.records(REALM, "SalesReceipt").size() == 2
          && qboSim.records(REALM, "RefundReceipt").size() == 1
          && outbox.status().pending() == 0 && outbox.status().inFlight() == 0);

      SalesReconciliationReport report = reconcile.get();

      assertThat(report.rows()).singleElement().satisfies(r -> {
        assertThat(r.document()).isEqualTo(SalesReconciliationRow.Document.REFUND);
        assertThat(r.sourceRef()).isEqualTo(refunds.get(1).ref().withVersion(null));
        assertThat(r.differences()).containsExactly(SalesDifference.MISSING_IN_BOOKS);
      });
      assertThat(report.summary().sourceRefunds()).isEqualTo(2);
      assertThat(report.correctionPlan().apply(pipeline)).isEqualTo(new SalesCorrectionResult(1, 0, 0));
      await("the lost refund booked", () -> qboSim.records(REALM, "RefundReceipt").size() == 2
          && outbox.status().pending() == 0 && outbox.status().inFlight() == 0);
      SalesReconciliationReport after = reconcile.get();
      assertThat(after.rows()).isEmpty();
      assertThat(after.correctionPlan().apply(qbo)).isEqualTo(new SalesCorrectionResult(0, 0, 0));
      assertThat(report.correctionPlan().apply(qbo)).as("the engine's refund key: a replay")
          .isEqualTo(new SalesCorrectionResult(0, 1, 0));
      assertThat(qboSim.records(REALM, "RefundReceipt")).hasSize(2);
    }
  }
}
