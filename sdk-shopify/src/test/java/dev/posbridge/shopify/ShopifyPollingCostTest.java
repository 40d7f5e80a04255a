package dev.posbridge.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A poll of Shopify (sales, then refunds of the same window) fits a standard plan's query-cost
 * bucket (the simulator's default: 2,000 points, 100 restored per second): counted in calls and
 * simulated cost, not wall-clock time.
 */
class ShopifyPollingCostTest {

  @Test
  void pollingTenOrdersWithoutRefundsStaysInsideTheDefaultBucketWithoutWaiting() {
    try (ShopifyTestSupport t = new ShopifyTestSupport(); ShopifyConnector shopify = t.connector()) {
      for (int i = 0; i < 10; i++) {
        t.sim.addOrder(OrderSeed.create().line("SKU-" + i, "Item " + i, 1, "5.00")
            .at(ShopifyTestSupport.T0.minusSeconds(600 - i)));
      }
      SalesQuery window = SalesQuery.updatedBetween(ShopifyTestSupport.T0.minus(Duration.ofHours(1)),
          ShopifyTestSupport.T0.plusSeconds(1));
      int before = t.graphqlRequests().size();

      List<Sale> sales = shopify.sales(window).stream().toList();
      List<Refund> refunds = shopify.refunds(window).stream().toList();

      List<JournalEntry> calls = t.graphqlRequests().subList(before, t.graphqlRequests().size());
      int requested = calls.stream().mapToInt(e -> ShopifySimulator.requestedCost(
          e.request().json().path("query").asText(), e.request().json().path("variables"))).sum();
      assertThat(sales).hasSize(10);
      assertThat(refunds).isEmpty();
      System.out.printf("shopify poll: %d calls, %d requested points, %s waited%n", calls.size(), requested,
          t.sleeps.stream().reduce(Duration.ZERO, Duration::plus));
      assertThat(t.sleeps).as("no throttle wait").isEmpty();
      assertThat(requested).as("requested cost of the whole poll").isLessThanOrEqualTo(2_000);
    }
  }
}
