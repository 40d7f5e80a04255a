package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.quickbooks.QuickBooksRateLimits;
import dev.posbridge.shopify.ShopifyAuth;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QuickBooks answers 503 for a stretch: sales keep being accepted, Shopify keeps receiving its
 * stock decrements, and after recovery every sale is booked once.
 */
class VendorOutageTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String REALM = "193514801242715";
  private static final int SALES = 200;

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void salesAreAcceptedDuringAnAccountingOutageAndBookedOnceAfterIt() throws Exception {
    QuickBooksSimulator qboSim = QuickBooksSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(NOW)).build());
    open.add(qboSim::close);
    qboSim.throttling(false);
    qboSim.seedRealm(REALM);
    qboSim.seedItem(REALM, "Latte", "LATTE-12", new BigDecimal("100000"), new BigDecimal("4.50"));
    Path tokens = dir.resolve("tokens.json");
    QuickBooksSimulator.Tokens t = qboSim.issueTokens();
    TokenStore.file(tokens).save(new OAuthToken(t.accessToken(), t.refreshToken(),
        Instant.now().plus(Duration.ofHours(1)), null, "com.intuit.quickbooks.accounting"));
    ShopifySimulator shopifySim = ShopifySimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(NOW)).build());
    open.add(shopifySim::close);
    ShopifySimulator.Variant latte = shopifySim.seedItem("LATTE-12", "Latte", "4.50");
    shopifySim.seedStock(latte.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, 1000, 0);

    RetrySettings retry = RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5)).build();
    QuickBooksConnector quickbooks = QuickBooksConnector.builder().realmId(REALM)
        .credentials(QuickBooksAuth.oauth2(QuickBooksSimulator.DEFAULT_CLIENT_ID,
            QuickBooksSimulator.DEFAULT_CLIENT_SECRET, TokenStore.file(tokens)))
        .baseUrl(qboSim.baseUrl()).tokenEndpoint(qboSim.tokenEndpoint()).retry(retry)
        .circuitBreaker(CircuitBreakerSettings.builder().failureThreshold(5).delay(Duration.ofMillis(500)).build())
        .rateLimiter(QuickBooksRateLimits.builder().maxConcurrent(4).perSecond(200)
            .perMinute(12_000).batchPerMinute(400).build())
        .mapping(QuickBooksMapping.builder()
            .defaultDepositAccount(qboSim.idOf(REALM, "Account", "Undeposited Funds"))
            .paymentMethod(TenderType.CASH, qboSim.idOf(REALM, "PaymentMethod", "Cash"))
            .timeZone(ZoneOffset.UTC).build())
        .build();
    open.add(quickbooks);
    ShopifyConnector shopify = ShopifyConnector.builder().shopDomain(ShopifySimulator.DEFAULT_SHOP)
        .credentials(ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN)).baseUrl(shopifySim.baseUrl()).retry(retry)
        .build();
    open.add(shopify);
    Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db")).maxAttempts(10_000)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(100)).build();
    open.add(outbox);
    ExternalRef shopifyLocation = ExternalRef.of("shopify", "location", ShopifySimulator.DEFAULT_LOCATION);
    SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).salesSink(quickbooks).inventory(shopify)
        .locationMapping((loc, target) -> shopifyLocation)
        // The outage suspends QuickBooks; probe it often so that the drain does not wait for the
        // default probe interval (up to a minute).
        .probeInterval(Duration.ofMillis(100), Duration.ofSeconds(1))
        .idlePoll(Duration.ofMillis(2), Duration.ofMillis(20)).build().start();
    open.add(pipeline);
    statusOf = () -> outbox.status() + " receipts=" + qboSim.records(REALM, "SalesReceipt").size()
        + " dead=" + outbox.deadLetters(3);

    qboSim.faults().outage(true);
    List<ChangeEvent> events = new ArrayList<>();
    for (int i = 0; i < SALES; i++) {
      Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "O" + i)).number("R-" + i)
          .location(ExternalRef.of("square", "location", "L1")).createdAt(NOW.minusSeconds(600))
          .currency(Currency.getInstance("USD"))
          .addLine(SaleLine.of("LATTE-12", "Latte", BigDecimal.ONE, Money.of("4.50", "USD")))
          .addTender(Tender.of(TenderType.CASH, Money.of("4.50", "USD")))
          .deriveTotals().build();
      assertThat(pipeline.submit(List.of(new ChangeEvent("square", "o-" + i, ChangeType.SALE,
          "order.updated", sale.ref(), false, NOW, sale, null, List.of(), null))))
          .as("accepted during the outage").isEqualTo(2);
    }
    await("Shopify receives every decrement during the outage", () ->
        shopifySim.stock(latte.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, "available")
            == 1000 - SALES);
    assertThat(qboSim.records(REALM, "SalesReceipt")).isEmpty();
    await("only the bookings wait", () -> outbox.status().pending() == SALES);

    qboSim.faults().outage(false);
    // The connector's circuit breaker opened during the outage; after its delay a trial call
    // goes through and closes it.
    await("drained", () -> outbox.status().pending() == 0);

    Map<String, Integer> booked = new HashMap<>();
    for (JsonView receipt : qboSim.records(REALM, "SalesReceipt")) {
      booked.merge(receipt.path("DocNumber").asText(), 1, Integer::sum);
    }
    assertThat(booked).hasSize(SALES).allSatisfy((doc, n) -> assertThat(n).isEqualTo(1));
    assertThat(outbox.status().dead()).isZero();
  }

  private java.util.function.Supplier<String> statusOf = () -> "";

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what + " " + statusOf.get());
      }
      Thread.sleep(10);
    }
  }
}
