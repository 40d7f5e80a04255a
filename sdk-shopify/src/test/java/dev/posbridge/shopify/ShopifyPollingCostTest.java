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
  void refundsCreatedInTheWindowAreStillReadInFull() {
    try (ShopifyTestSupport t = new ShopifyTestSupport(); ShopifyConnector shopify = t.connector()) {
      t.sim.seedItem("MUG", "Mug", "12.00");
      String refunded = t.sim.seedOrder(OrderSeed.create().line("MUG", "Mug", 2, "12.00")
          .at(ShopifyTestSupport.T0.minusSeconds(900)));
      t.sim.seedOrder(OrderSeed.create().line("MUG", "Mug", 1, "12.00").at(ShopifyTestSupport.T0.minusSeconds(800)));
      t.sim.seedRefund(refunded, 0, 1, true, "broken");
      SalesQuery window = SalesQuery.updatedBetween(ShopifyTestSupport.T0.minus(Duration.ofHours(1)),
          ShopifyTestSupport.T0.plusSeconds(1));
      int before = t.graphqlRequests().size();

      List<Refund> refunds = shopify.refunds(window).stream().toList();

      assertThat(refunds).singleElement().satisfies(r -> {
        assertThat(r.originalSale().id()).isEqualTo(refunded);
        assertThat(r.lines()).singleElement().satisfies(l -> assertThat(l.sku()).isEqualTo("MUG"));
      });
      assertThat(t.graphqlRequests().subList(before, t.graphqlRequests().size()))
          .extracting(ShopifyTestSupport::operation).containsExactly("OrderRefundTimes", "OrderAllRefunds");
    }
  }

  @Test
  void pollingTenOrdersWithoutRefundsStaysInsideTheDefaultBucketWithoutWaiting() {
    try (ShopifyTestSupport t = new ShopifyTestSupport(); ShopifyConnector shopify = t.connector()) {
      for (int i = 0; i < 10; i++) {
        t.sim.seedOrder(OrderSeed.create().line("SKU-" + i, "Item " + i, 1, "5.00")
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
      assertThat(calls).extracting(ShopifyTestSupport::operation)
          .containsExactly("Orders", "Orders", "OrderRefundTimes");
      assertThat(requested).as("requested cost of the whole poll (was 5,714 in 7 calls)")
          .isLessThanOrEqualTo(2_000);
      assertThat(t.sleeps).as("no wait for the bucket to refill (was 12 s)").isEmpty();
    }
  }
}
