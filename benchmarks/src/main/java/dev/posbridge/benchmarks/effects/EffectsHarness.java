package dev.posbridge.benchmarks.effects;

import dev.posbridge.benchmarks.Figure;
import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.netsuite.NetSuiteAuth;
import dev.posbridge.netsuite.NetSuiteConnector;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.netsuite.NetSuiteSimulator;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Item 4 (API calls per 1,000 effects, counted in the simulators' request journals) and item 5
 * (throttle adherence against QuickBooks' limits, in the simulator's virtual time).
 *
 * <p>Stock: 1,000 decrements of 1 spread over 50 SKUs at one location, each SKU mapped or
 * resolvable; the run is done twice on one connector, so the second shows the steady state once
 * SKU lookups are cached. Every harness checks the simulator's resulting stock (or booked sales)
 * before it reports a count.
 */
public final class EffectsHarness {

  static final int EFFECTS = 1000;
  static final int SKUS = 50;
  static final BigDecimal START = new BigDecimal("100000");
  static final Instant T0 = Instant.parse("2026-03-02T14:00:00Z");

  private EffectsHarness() {}

  /**
   * Runs items 4 and 5.
   *
   * @param work a scratch directory
   * @return the figures
   * @throws IOException on failure
   */
  public static List<Figure> run(Path work) throws IOException {
    List<Figure> out = new ArrayList<>();
    out.addAll(square());
    out.addAll(ShopifyHarness.run());
    out.addAll(netSuite());
    out.addAll(quickBooks(work));
    return out;
  }

  static String sku(int k) {
    return String.format(Locale.ROOT, "SKU-%03d", k);
  }

  static Figure calls(String name, int calls, int max) {
    return Figure.target("4 Calls / 1,000 effects", name, "calls", List.of((double) calls),
        "≤ " + (int) Math.ceil((double) EFFECTS / max), calls <= Math.ceil((double) EFFECTS / max));
  }

  // ------------------------------------------------------------------ Square

  static List<Figure> square() {
    List<Figure> out = new ArrayList<>();
    try (SquareSimulator sim = SquareSimulator.start()) {
      String loc = sim.seedLocation("Store", "USD");
      List<String> vars = new ArrayList<>();
      for (int k = 0; k < SKUS; k++) {
        String v = sim.seedItem(sku(k), 500);
        sim.seedStock(v, loc, START.toPlainString());
        vars.add(v);
      }
      try (SquareConnector c = SquareConnector.builder().credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN))
          .baseUrl(sim.baseUrl()).build()) {
        int[] calls = new int[2];
        int[] writes = new int[2];
        for (int round = 0; round < 2; round++) {
          sim.journal().clear();
          List<StockChange> changes = new ArrayList<>();
          for (int i = 0; i < EFFECTS; i++) {
            changes.add(StockChange.adjust(sku(i % SKUS), ExternalRef.of(ExternalRef.SQUARE, "location", loc),
                BigDecimal.ONE.negate(), StockChangeReason.SALE, Instant.now().minusSeconds(60), null));
          }
          StockWriteResult r = c.applyStockChanges(changes, RequestOptions.idempotencyKey("bench-dec-" + round));
          calls[round] = sim.journal().count();
          writes[round] = sim.journal().count("POST", "/v2/inventory/changes/batch-create");
          BigDecimal expected = START.subtract(BigDecimal.valueOf((long) (round + 1) * EFFECTS / SKUS));
          for (String v : vars) {
            if (sim.stock(v, loc, "IN_STOCK").compareTo(expected) != 0 || r.applied() != EFFECTS) {
              throw new IllegalStateException("Square stock is wrong after the decrements, stopping");
            }
          }
        }
        out.add(Figure.target("4 Calls / 1,000 effects",
            "Square: 1,000 stock decrements, 50 new SKUs (all calls; 100 changes per call, 100 SKUs per search)",
            "calls", List.of((double) calls[0]), "≤ 11", calls[0] <= 11));
        out.add(Figure.info("4 Calls / 1,000 effects", "  of which BatchChangeInventory (≤ 100 changes each)",
            "calls", List.of((double) writes[0])));
        out.add(calls("Square: the same again (SKU → variation ids now cached)", calls[1], 100));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ NetSuite

  static List<Figure> netSuite() {
    List<Figure> out = new ArrayList<>();
    SimClock clock = SimClock.fixed(T0);
    NetSuiteSimulator sim = NetSuiteSimulator.start(SimulatorConfig.builder().clock(clock).build())
        .tbaToken("ck", "cs", "tok", "ts");
    try {
      String store = sim.seedLocation("Store 9");
      NetSuiteMapping.Builder mapping = NetSuiteMapping.builder().subsidiary("1")
          .location("store-9", store).inventoryAdjustmentAccount("214")
          .defaultCustomer(sim.seedCustomer("Walk-in", "Customer", null, null));
      List<String> items = new ArrayList<>();
      for (int k = 0; k < SKUS; k++) {
        String id = sim.seedItem(sku(k), "Item " + k, null);
        sim.seedStock(id, store, START);
        mapping.item(sku(k), id);
        items.add(id);
      }
      try (NetSuiteConnector c = NetSuiteConnector.builder().accountId("1234567_SB1").baseUrl(sim.baseUrl())
          .credentials(NetSuiteAuth.tokenBased("ck", "cs", "tok", "ts")).mapping(mapping.build()).clock(clock).build()) {
        sim.journal().clear();
        List<StockChange> changes = new ArrayList<>();
        for (int i = 0; i < EFFECTS; i++) {
          changes.add(StockChange.adjust(sku(i % SKUS), ExternalRef.of(ExternalRef.SQUARE, "location", "store-9"),
              BigDecimal.ONE.negate(), StockChangeReason.SALE, T0, null));
        }
        StockWriteResult r = c.applyStockChanges(changes, RequestOptions.idempotencyKey("bench-dec"));
        int calls = sim.journal().count();
        int records = sim.journal().count("PUT", "/services/rest/record/v1/{type}/{id}");
        BigDecimal expected = START.subtract(BigDecimal.valueOf(EFFECTS / SKUS));
        for (String id : items) {
          if (sim.stock(id, store).compareTo(expected) != 0 || r.applied() != EFFECTS) {
            throw new IllegalStateException("NetSuite stock is wrong after the decrements, stopping");
          }
        }
        out.add(Figure.target("4 Calls / 1,000 effects",
            "NetSuite: 1,000 stock decrements (all calls; 100 lines per adjustment + 1 existence query)", "calls",
            List.of((double) calls), "≤ 11", calls <= 11));
        out.add(Figure.info("4 Calls / 1,000 effects", "  of which inventoryAdjustment upserts (PUT eid:)", "calls",
            List.of((double) records)));
        // 1,000 sales booked as cash sales through recordSales (groups of maxBatchSize), as the engine does
        sim.journal().clear();
        List<Sale> sales = new ArrayList<>();
        for (int i = 0; i < EFFECTS; i++) {
          Sale draft = Sale.builder().ref(ExternalRef.of("square", "order", "ORD-" + i))
              .location(ExternalRef.of(ExternalRef.SQUARE, "location", "store-9")).createdAt(T0)
              .currency(java.util.Currency.getInstance("USD"))
              .addLine(SaleLine.of(sku(i % SKUS), "Item", BigDecimal.ONE, Money.of("9.99", "USD")))
              .deriveTotals().build();
          sales.add(draft);
        }
        for (int start = 0; start < sales.size(); start += c.maxBatchSize()) {
          c.recordSales(sales.subList(start, Math.min(sales.size(), start + c.maxBatchSize())),
              RequestOptions.idempotencyKey("bench-sales-" + start));
        }
        int saleCalls = sim.journal().count();
        if (sim.count("cashSale") != EFFECTS) {
          throw new IllegalStateException("NetSuite booked " + sim.count("cashSale") + " cash sales, stopping");
        }
        out.add(Figure.target("4 Calls / 1,000 effects", "NetSuite: 1,000 sales booked as cash sales (all calls)",
            "calls", List.of((double) saleCalls), "≤ 1,100", saleCalls <= 1100));
      }
    } finally {
      sim.close();
    }
    return out;
  }

  // ------------------------------------------------------------------ QuickBooks

  static final String REALM = "9341453050423871";

  static List<Figure> quickBooks(Path work) throws IOException {
    List<Figure> out = new ArrayList<>();
    String item4 = "4 Calls / 1,000 effects";
    for (int batch : new int[] {30}) {
      QboRun r = quickBooksRun(work, batch, EFFECTS, false);
      String cfg = "default batch size 30";
      out.add(calls("QuickBooks: 1,000 sales, " + cfg + " (all calls; QBO batch max 30)", r.calls, 30));
      out.add(Figure.info(item4, "  of which batch calls", "calls", List.of((double) r.batchTimes.size())));
    }
    String item = "5 Throttle";
    QboRun batched = quickBooksRun(work, 30, 3000, false);
    out.add(Figure.target(item, "QuickBooks 3,000 sales in batches of 30: 429s at simulator + errors at caller",
        "count", List.of((double) batched.throttled), "0", batched.throttled == 0));
    out.add(steady(item, "QuickBooks batch calls, steady rate ÷ 40/min limit", batched.batchTimes, 40));
    QboRun singles = quickBooksRun(work, 10, 1500, true);
    out.add(Figure.target(item, "QuickBooks 1,500 single recordSale calls: 429s at simulator + errors at caller",
        "count", List.of((double) singles.throttled), "0", singles.throttled == 0));
    out.add(steady(item, "QuickBooks single writes, steady rate ÷ 500/min limit", singles.writeTimes, 500));
    return out;
  }

  /**
   * The rate once the simulator's bucket (it starts full, one minute's worth) is spent: calls
   * after the first {@code perMinute}, per minute of virtual time, over the limit.
   */
  private static Figure steady(String item, String name, List<Instant> times, int perMinute) {
    if (times.size() < perMinute + 10) {
      throw new IllegalStateException(name + ": too few calls for a steady state");
    }
    Instant a = times.get(perMinute);
    Instant b = times.get(times.size() - 1);
    double minutes = Duration.between(a, b).toNanos() / 60e9;
    double rate = (times.size() - 1 - perMinute) / minutes;
    double share = rate / perMinute;
    return Figure.target(item, name + " (" + Figure.fmt(rate) + "/min over " + Figure.fmt(minutes)
        + " virtual min)", "×", List.of(share), "≥ 0.9", share >= 0.9 - 1e-9);
  }

  private record QboRun(int calls, int throttled, List<Instant> batchTimes, List<Instant> writeTimes) {}

  private static QboRun quickBooksRun(Path work, int batchSize, int count, boolean oneByOne) throws IOException {
    SimClock clock = SimClock.fixed(T0);
    QuickBooksSimulator sim = QuickBooksSimulator.start(SimulatorConfig.builder().clock(clock).build());
    try {
      sim.seedRealm(REALM);
      sim.seedItem(REALM, "Mug", "MUG-01", START, new BigDecimal("9.99"));
      String tipId = sim.seedServiceItem(REALM, "Tips", null);
      Path tokenFile = Files.createTempFile(work, "qbo-token", ".json");
      QuickBooksSimulator.Tokens t = sim.issueTokens();
      TokenStore.file(tokenFile).save(new OAuthToken(t.accessToken(), t.refreshToken(),
          T0.plus(Duration.ofHours(1)), null, "com.intuit.quickbooks.accounting"));
      QuickBooksMapping mapping = QuickBooksMapping.builder()
          .defaultDepositAccount(sim.idOf(REALM, "Account", "Undeposited Funds"))
          .paymentMethod(TenderType.CASH, sim.idOf(REALM, "PaymentMethod", "Cash"))
          .txnTaxCode(sim.idOf(REALM, "TaxCode", "California"))
          .discountAccount(sim.idOf(REALM, "Account", "Discounts given"))
          .chargeItem(tipId)
          .timeZone(ZoneId.of("America/Chicago"))
          .build();
      List<Instant> batchTimes = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Instant> writeTimes = java.util.Collections.synchronizedList(new ArrayList<>());
      okhttp3.OkHttpClient ok = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
        String path = chain.request().url().encodedPath();
        if (path.endsWith("/batch")) {
          batchTimes.add(clock.instant());
        } else if (path.endsWith("/salesreceipt")) {
          writeTimes.add(clock.instant());
        }
        return chain.proceed(chain.request());
      }).build();
      QuickBooksConnector.Builder b = QuickBooksConnector.builder()
          .realmId(REALM)
          .credentials(QuickBooksAuth.oauth2(QuickBooksSimulator.DEFAULT_CLIENT_ID,
              QuickBooksSimulator.DEFAULT_CLIENT_SECRET, TokenStore.file(tokenFile)))
          .baseUrl(sim.baseUrl())
          .tokenEndpoint(sim.tokenEndpoint())
          .okHttpClient(ok)
          .clock(clock)
          .retry(RetrySettings.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(1))
              .maxBackoff(Duration.ofMillis(5)).maxRetryAfter(Duration.ofMinutes(2))
              .maxElapsed(Duration.ofMinutes(30)).build())
          .mapping(mapping)
          .idMap(IdMap.inMemory())
          .batchSize(batchSize);
      // Virtual time: the connector's limiter waits by moving the simulator's clock.
      b.sleeper(d -> clock.advance(d));
      int errors = 0;
      try (QuickBooksConnector qbo = b.build()) {
        List<Sale> sales = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          sales.add(mugSale("bench-" + batchSize + "-" + oneByOne + "-" + i));
        }
        sim.journal().clear();
        if (oneByOne) {
          for (int i = 0; i < count; i++) {
            try {
              qbo.recordSale(sales.get(i), RequestOptions.idempotencyKey("single-" + i));
            } catch (dev.posbridge.core.RateLimitedException e) {
              errors++;
            }
          }
        } else {
          List<WriteResult> results = qbo.recordSales(sales, RequestOptions.idempotencyKey("bench-" + batchSize));
          if (results.size() != count) {
            throw new IllegalStateException("QuickBooks answered " + results.size() + " results, stopping");
          }
        }
        if (sim.records(REALM, "SalesReceipt").size() != count - errors) {
          throw new IllegalStateException("QuickBooks did not book the sales, stopping");
        }
        return new QboRun(sim.journal().count(), sim.throttledCount() + errors, List.copyOf(batchTimes),
            List.copyOf(writeTimes));
      } finally {
        ok.dispatcher().executorService().shutdown();
      }
    } finally {
      sim.close();
    }
  }

  static Sale mugSale(String id) {
    Money price = Money.of("9.99", "USD");
    SaleLine line = new SaleLine("l1", "MUG-01", "Mug", new BigDecimal("2"), price,
        Money.of("19.98", "USD"), List.of(), List.of(TaxLine.additive("Sales tax", new BigDecimal("8.25"),
            Money.of("1.65", "USD"))), Money.of("21.63", "USD"), null);
    return Sale.builder()
        .ref(ExternalRef.of("square", "order", id))
        .number("POS-" + id.hashCode())
        .location(ExternalRef.of("square", "location", "L1"))
        .createdAt(T0)
        .currency(java.util.Currency.getInstance("USD"))
        .addLine(line)
        .addTender(Tender.of(TenderType.CASH, Money.of("21.63", "USD")))
        .deriveTotals()
        .build();
  }

}
