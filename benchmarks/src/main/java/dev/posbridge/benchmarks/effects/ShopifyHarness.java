package dev.posbridge.benchmarks.effects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.benchmarks.Figure;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.shopify.ShopifyAuth;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Shopify parts of items 4 and 5: 1,000 stock decrements counted at the {@link ShopifySimulator},
 * and a burst of 1,000 single-row adjustments against its cost bucket (2,000 points, 100 per
 * second) in the simulator's virtual time. An OkHttp interceptor on the connector's client records
 * each response's cost and any {@code THROTTLED} answer before the connector sees it.
 */
final class ShopifyHarness {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-02T14:00:00Z");
  private static final ExternalRef MAIN = ExternalRef.of(ExternalRef.SHOPIFY, "location",
      ShopifySimulator.DEFAULT_LOCATION);

  private ShopifyHarness() {}

  private record Call(Instant at, int cost, boolean throttled) {}

  static List<Figure> run() throws IOException {
    List<Figure> out = new ArrayList<>();
    SimClock clock = SimClock.fixed(T0);
    ShopifySimulator sim = ShopifySimulator.start(SimulatorConfig.builder().clock(clock).build());
    List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    OkHttpClient ok = new OkHttpClient.Builder().addInterceptor(chain -> {
      okhttp3.Response r = chain.proceed(chain.request());
      JsonNode body = JSON.readTree(r.peekBody(4L << 20).bytes());
      JsonNode cost = body.path("extensions").path("cost");
      int c = cost.path("actualQueryCost").isNumber() ? cost.path("actualQueryCost").asInt()
          : cost.path("requestedQueryCost").asInt();
      boolean throttled = body.path("errors").toString().contains("THROTTLED");
      calls.add(new Call(clock.instant(), c, throttled));
      return r;
    }).build();
    try {
      List<String> inventoryItems = new ArrayList<>();
      for (int k = 0; k < EffectsHarness.SKUS; k++) {
        ShopifySimulator.Variant v = sim.seedItem(EffectsHarness.sku(k), "Item " + k, "5.00");
        sim.seedStock(v.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, 100_000, 0);
        inventoryItems.add(v.inventoryItemId());
      }
      ShopifyConnector.Builder b = ShopifyConnector.builder()
          .shopDomain(ShopifySimulator.DEFAULT_SHOP)
          .credentials(ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN))
          .baseUrl(sim.baseUrl())
          .okHttpClient(ok)
          .clock(clock)
          .retry(RetrySettings.builder().maxAttempts(5).jitter(0).build());
      b.sleeper(d -> clock.advance(d));
      try (ShopifyConnector shopify = b.build()) {
        // Item 4: 1,000 decrements over 50 SKUs, twice (the second with SKUs cached).
        int[] total = new int[2];
        int[] writes = new int[2];
        for (int round = 0; round < 2; round++) {
          sim.journal().clear();
          List<StockChange> changes = new ArrayList<>();
          for (int i = 0; i < EffectsHarness.EFFECTS; i++) {
            changes.add(StockChange.adjust(EffectsHarness.sku(i % EffectsHarness.SKUS), MAIN,
                BigDecimal.ONE.negate(), StockChangeReason.SALE, T0, null));
          }
          StockWriteResult r = shopify.applyStockChanges(changes, RequestOptions.idempotencyKey("bench-dec-" + round));
          total[round] = sim.journal().count();
          writes[round] = r.calls();
          for (String item : inventoryItems) {
            Integer q = sim.stock(item, ShopifySimulator.DEFAULT_LOCATION, "available");
            if (r.applied() != EffectsHarness.EFFECTS || q == null
                || q != 100_000 - (round + 1) * EffectsHarness.EFFECTS / EffectsHarness.SKUS) {
              throw new IllegalStateException("Shopify stock is wrong after the decrements, stopping");
            }
          }
        }
        int max = ShopifyConnector.MAX_CHANGES_PER_CALL;
        out.add(EffectsHarness.calls("Shopify: 1,000 stock decrements (all calls; 250 rows per mutation)",
            total[0], max));
        out.add(Figure.info("4 Calls / 1,000 effects", "  of which inventoryAdjustQuantities mutations", "calls",
            List.of((double) writes[0])));
        out.add(EffectsHarness.calls("Shopify: the same again (SKU → inventory item ids now cached)", total[1],
            max));

        // Item 5: a burst of 1,000 one-row adjustments, each its own call.
        calls.clear();
        int errors = 0;
        for (int i = 0; i < 1000; i++) {
          try {
            shopify.applyStockChanges(List.of(StockChange.adjust(EffectsHarness.sku(i % EffectsHarness.SKUS), MAIN,
                BigDecimal.ONE.negate(), StockChangeReason.SALE, T0, null)),
                RequestOptions.idempotencyKey("burst-" + i));
          } catch (dev.posbridge.core.RateLimitedException e) {
            errors++;
          }
        }
        List<Call> burst = List.copyOf(calls);
        long throttled = burst.stream().filter(Call::throttled).count();
        String item = "5 Throttle";
        out.add(Figure.target(item, "Shopify 1,000 one-row adjustments: THROTTLED answers + errors at caller",
            "count", List.of((double) (throttled + errors)), "0", throttled + errors == 0));
        // Steady state: once the first 2,000 points are spent, points per second over the 100/s restore rate.
        int spent = 0;
        int startIndex = -1;
        for (int i = 0; i < burst.size(); i++) {
          spent += burst.get(i).cost();
          if (spent >= 2000) {
            startIndex = i;
            break;
          }
        }
        if (startIndex < 0 || startIndex > burst.size() - 50) {
          throw new IllegalStateException("Shopify burst too small for a steady state: " + startIndex);
        }
        int points = 0;
        for (int i = startIndex + 1; i < burst.size(); i++) {
          points += burst.get(i).cost();
        }
        double seconds = Duration.between(burst.get(startIndex).at(), burst.get(burst.size() - 1).at()).toNanos() / 1e9;
        double rate = points / seconds;
        out.add(Figure.target(item, "Shopify cost points, steady rate ÷ 100/s restore (" + Figure.fmt(rate)
            + " points/s over " + Figure.fmt(seconds) + " virtual s)", "×", List.of(rate / 100.0), "≥ 0.9",
            rate / 100.0 >= 0.9 - 1e-9));
      }
    } finally {
      ok.dispatcher().executorService().shutdown();
      sim.close();
    }
    return out;
  }
}
