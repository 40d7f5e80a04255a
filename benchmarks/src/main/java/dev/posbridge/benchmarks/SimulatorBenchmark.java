package dev.posbridge.benchmarks;

import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeReason;
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
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End to end against the local simulators: each sale is booked in the QuickBooks simulator (batches
 * of 10) and decrements stock in the Shopify simulator (batches of up to 250), once through a
 * {@link SyncPipeline} and once by making the same connector calls directly.
 */
final class SimulatorBenchmark {

  private static final String REALM = "4620816365164436370";
  private static final int SKUS = 50;

  private SimulatorBenchmark() {}

  /** Returns {direct sales/s, pipeline sales/s}. */
  static double[] run(Path dir, int sales, int workers) throws Exception {
    return new double[] {once(dir, sales, workers, false), once(dir, sales, workers, true)};
  }

  private static double once(Path dir, int sales, int workers, boolean pipelined) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (QuickBooksSimulator qboSim = QuickBooksSimulator.start(
            SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
        ShopifySimulator shopifySim = ShopifySimulator.start(
            SimulatorConfig.builder().clock(SimClock.fixed(now)).build())) {
      qboSim.throttling(false);
      qboSim.seedRealm(REALM);
      for (int i = 0; i < SKUS; i++) {
        qboSim.seedItem(REALM, "Item " + i, "SKU-" + i, new BigDecimal("1000000"), new BigDecimal("4.50"));
        ShopifySimulator.Variant v = shopifySim.seedItem("SKU-" + i, "Item " + i, "4.50");
        shopifySim.seedStock(v.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, 1_000_000, 0);
      }
      shopifySim.throttle(1e9, 1e9);
      Path tokens = Files.createTempFile(dir, "qbo", ".json");
      QuickBooksSimulator.Tokens t = qboSim.issueTokens();
      TokenStore.file(tokens).save(new OAuthToken(t.accessToken(), t.refreshToken(),
          Instant.now().plus(Duration.ofHours(1)), null, "com.intuit.quickbooks.accounting"));
      RetrySettings retry = RetrySettings.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1))
          .maxBackoff(Duration.ofMillis(10)).build();
      ExternalRef shopifyLocation = ExternalRef.of("shopify", "location", ShopifySimulator.DEFAULT_LOCATION);
      try (QuickBooksConnector qbo = QuickBooksConnector.builder().realmId(REALM)
              .credentials(QuickBooksAuth.oauth2(QuickBooksSimulator.DEFAULT_CLIENT_ID,
                  QuickBooksSimulator.DEFAULT_CLIENT_SECRET, TokenStore.file(tokens)))
              .baseUrl(qboSim.baseUrl()).tokenEndpoint(qboSim.tokenEndpoint()).retry(retry)
              .rateLimiter(QuickBooksRateLimits.builder().maxConcurrent(8).perSecond(100_000)
                  .perMinute(6_000_000).batchPerMinute(100_000).build())
              .mapping(QuickBooksMapping.builder()
                  .defaultDepositAccount(qboSim.idOf(REALM, "Account", "Undeposited Funds"))
                  .paymentMethod(TenderType.CASH, qboSim.idOf(REALM, "PaymentMethod", "Cash"))
                  .timeZone(ZoneOffset.UTC).build())
              .build();
          ShopifyConnector shopify = ShopifyConnector.builder().shopDomain(ShopifySimulator.DEFAULT_SHOP)
              .credentials(ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN)).baseUrl(shopifySim.baseUrl()).retry(retry)
              .build()) {
        List<Sale> list = sales(sales, now);
        // Warm both connectors (item lookups, connections) outside the measurement.
        qbo.recordSale(warmup(now), RequestOptions.idempotencyKey("warmup"));
        shopify.applyStockChanges(List.of(decrement(warmup(now), shopifyLocation)),
            RequestOptions.idempotencyKey("warmup"));
        long start = System.nanoTime();
        if (pipelined) {
          Path db = dir.resolve("sims-" + System.nanoTime() + ".db");
          try (Outbox outbox = Outbox.sqlite(db)) {
            SyncPipeline p = SyncPipeline.builder().outbox(outbox).salesSink(qbo).inventory(shopify)
                .locationMapping((loc, target) -> shopifyLocation).workers(workers).build().start();
            List<CompletableFuture<Integer>> submitted = new ArrayList<>();
            for (Sale s : list) {
              submitted.add(p.submitAsync(List.of(new ChangeEvent("square", "o-" + s.ref().id(),
                  ChangeType.SALE, "order.updated", s.ref(), false, now, s, null, List.of(), null))));
            }
            submitted.forEach(CompletableFuture::join);
            while (outbox.status().pending() > 0) {
              Thread.sleep(5);
            }
            p.stop(Duration.ofSeconds(10));
          }
        } else {
          ExecutorService pool = Executors.newFixedThreadPool(workers);
          List<Future<?>> futures = new ArrayList<>();
          for (int from = 0; from < list.size(); from += qbo.maxBatchSize()) {
            List<Sale> group = list.subList(from, Math.min(list.size(), from + qbo.maxBatchSize()));
            String key = "direct-sale-" + from;
            futures.add(pool.submit(() -> qbo.recordSales(group, RequestOptions.idempotencyKey(key))));
          }
          for (int from = 0; from < list.size(); from += shopify.maxStockChangesPerCall()) {
            List<StockChange> group = new ArrayList<>();
            for (Sale s : list.subList(from, Math.min(list.size(), from + shopify.maxStockChangesPerCall()))) {
              group.add(decrement(s, shopifyLocation));
            }
            String key = "direct-stock-" + from;
            futures.add(pool.submit(() -> shopify.applyStockChanges(group, RequestOptions.idempotencyKey(key))));
          }
          for (Future<?> f : futures) {
            f.get();
          }
          pool.shutdown();
        }
        double rate = sales / ((System.nanoTime() - start) / 1e9);
        int receipts = qboSim.records(REALM, "SalesReceipt").size() - 1;
        if (receipts != sales) {
          throw new IllegalStateException("expected " + sales + " receipts, found " + receipts);
        }
        return rate;
      }
    }
  }

  private static StockChange decrement(Sale s, ExternalRef location) {
    SaleLine line = s.lines().get(0);
    return StockChange.adjust(Objects.requireNonNull(line.sku(), "generated lines have a SKU"), location, line.quantity().negate(), StockChangeReason.SALE,
        s.createdAt(), s.ref().id());
  }

  private static Sale warmup(Instant now) {
    return sale("warmup", 0, now);
  }

  private static List<Sale> sales(int n, Instant now) {
    List<Sale> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sale("O" + i, i, now));
    }
    return out;
  }

  private static Sale sale(String id, int i, Instant now) {
    return Sale.builder().ref(ExternalRef.of("square", "order", id)).number("R-" + id)
        .location(ExternalRef.of("square", "location", "L1")).createdAt(now.minusSeconds(600))
        .currency(Currency.getInstance("USD"))
        .addLine(SaleLine.of("SKU-" + (i % SKUS), "Item", BigDecimal.ONE, Money.of("4.50", "USD")))
        .addTender(Tender.of(TenderType.CASH, Money.of("4.50", "USD")))
        .deriveTotals().build();
  }
}
