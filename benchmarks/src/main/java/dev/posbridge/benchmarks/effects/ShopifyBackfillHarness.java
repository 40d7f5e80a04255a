package dev.posbridge.benchmarks.effects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.benchmarks.Figure;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.Sale;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;

/**
 * Item 9: a Shopify backfill of N orders over 28 days, read once page by page and once through a
 * bulk query operation, against the simulator (default bucket: 2,000 points, 100 per second) in
 * virtual time. Calls are counted in the simulator's journal; cost points from each answer's
 * {@code extensions.cost} (an OkHttp interceptor on the connector's client); the virtual time is
 * what the connector slept (cost bucket refills, status-read intervals). The two reads must give
 * identical sales before anything is reported.
 */
public final class ShopifyBackfillHarness {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-02T14:00:00Z");
  private static final String ITEM = "9 Backfill";

  private ShopifyBackfillHarness() {}

  private record Read(List<Sale> sales, int calls, int files, long requested, long actual, Duration slept) {}

  /**
   * Runs item 9.
   *
   * @param orders how many orders to seed
   * @return the figures
   */
  public static List<Figure> run(int orders) {
    SimClock clock = SimClock.fixed(T0);
    ShopifySimulator sim = ShopifySimulator.start(SimulatorConfig.builder().clock(clock).build());
    AtomicLong requested = new AtomicLong();
    AtomicLong actual = new AtomicLong();
    OkHttpClient ok = new OkHttpClient.Builder().addInterceptor(chain -> {
      okhttp3.Response r = chain.proceed(chain.request());
      if (chain.request().url().encodedPath().endsWith("/graphql.json")) {
        JsonNode cost = JSON.readTree(r.peekBody(1L << 24).bytes()).path("extensions").path("cost");
        requested.addAndGet(cost.path("requestedQueryCost").asLong());
        actual.addAndGet(cost.path("actualQueryCost").asLong());
      }
      return r;
    }).build();
    try {
      seed(sim, orders);
      SalesQuery window = SalesQuery.updatedBetween(T0.minus(Duration.ofDays(30)), T0.plusSeconds(1));
      Read paged = read(sim, clock, ok, window, Duration.ofDays(365_000), requested, actual);
      Read bulk = read(sim, clock, ok, window, Duration.ofDays(7), requested, actual);
      if (!paged.sales().equals(bulk.sales()) || paged.sales().size() < orders * 9 / 10) {
        throw new IllegalStateException("Shopify backfill: bulk and paged sales differ, stopping");
      }
      String n = String.format(java.util.Locale.ROOT, "%,d", orders);
      List<Figure> out = new ArrayList<>();
      out.add(Figure.info(ITEM, "Shopify backfill of " + n + " orders, paged: GraphQL calls", "calls",
          List.of((double) paged.calls())));
      out.add(Figure.info(ITEM, "  paged: cost points requested", "points", List.of((double) paged.requested())));
      out.add(Figure.info(ITEM, "  paged: cost points actual", "points", List.of((double) paged.actual())));
      out.add(Figure.info(ITEM, "  paged: virtual time waited (cost bucket)", "s",
          List.of(paged.slept().toMillis() / 1000.0)));
      out.add(Figure.info(ITEM, "Shopify backfill of " + n + " orders, bulk: GraphQL calls", "calls",
          List.of((double) bulk.calls())));
      out.add(Figure.info(ITEM, "  bulk: result file range requests (no cost points)", "calls",
          List.of((double) bulk.files())));
      out.add(Figure.info(ITEM, "  bulk: cost points requested", "points", List.of((double) bulk.requested())));
      out.add(Figure.info(ITEM, "  bulk: cost points actual", "points", List.of((double) bulk.actual())));
      out.add(Figure.info(ITEM, "  bulk: virtual time waited (status reads)", "s",
          List.of(bulk.slept().toMillis() / 1000.0)));
      double share = (double) bulk.calls() / paged.calls();
      out.add(Figure.target(ITEM, "bulk GraphQL calls ÷ paged (same " + paged.sales().size() + " sales)", "×",
          List.of(share), "≤ 0.05", share <= 0.05));
      return out;
    } finally {
      ok.dispatcher().executorService().shutdown();
      sim.close();
    }
  }

  private static Read read(ShopifySimulator sim, SimClock clock, OkHttpClient ok, SalesQuery window,
      Duration threshold, AtomicLong requested, AtomicLong actual) {
    AtomicLong slept = new AtomicLong();
    ShopifyConnector.Builder b = ShopifyConnector.builder()
        .shopDomain(ShopifySimulator.DEFAULT_SHOP)
        .credentials(dev.posbridge.shopify.ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN))
        .baseUrl(sim.baseUrl())
        .okHttpClient(ok)
        .clock(clock)
        .retry(RetrySettings.builder().maxAttempts(5).jitter(0).build())
        .bulkReadThreshold(threshold);
    b.sleeper(d -> {
      slept.addAndGet(d.toNanos());
      clock.advance(d);
    });
    clock.advance(Duration.ofMinutes(1)); // start with a full cost bucket
    sim.journal().clear();
    requested.set(0);
    actual.set(0);
    try (ShopifyConnector shopify = b.build()) {
      List<Sale> sales = shopify.sales(window).stream().toList();
      return new Read(sales, sim.journal().count("POST", "/admin/api/{version}/graphql.json"),
          sim.journal().count("GET", "/bulk-results/{file}"), requested.get(), actual.get(),
          Duration.ofNanos(slept.get()));
    }
  }

  /** Orders of every kind the mapper handles (discounts, shipping, taxes, cards, long orders). */
  private static void seed(ShopifySimulator sim, int count) {
    sim.seedItem("MUG", "Mug", "12.00");
    long step = Duration.ofDays(28).toSeconds() / count;
    for (int i = 0; i < count; i++) {
      OrderSeed seed = OrderSeed.create().at(T0.minus(Duration.ofDays(28)).plusSeconds(step * i))
          .taxesIncluded(i % 2 == 0);
      int lines = i % 50 == 0 ? 12 : 1 + i % 3;
      for (int l = 0; l < lines; l++) {
        seed.line(l == 0 ? "MUG" : "SKU-" + l, "Item " + l, 1 + l % 2, "4.50", "VAT", "0.19");
      }
      if (i % 7 == 0) {
        seed.discountCode("TEN", "10");
      }
      if (i % 5 == 0) {
        seed.shipping("Courier", "4.90", "VAT", "0.19");
      }
      if (i % 3 == 0) {
        seed.cardPayment("Visa", "•••• 4242", null);
      }
      if (i % 41 == 0) {
        seed.cancelled();
      }
      sim.seedOrder(seed);
    }
  }
}
