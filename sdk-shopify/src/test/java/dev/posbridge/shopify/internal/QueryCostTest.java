package dev.posbridge.shopify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every document stays under Shopify's 1,000-point single-query limit at the page sizes we use. */
class QueryCostTest {

  static final Map<String, Map<String, Integer>> PAGE_SIZES = Map.ofEntries(
      Map.entry("Orders", Map.of("first", 5, "lineItemsFirst", 10)),
      Map.entry("Order", Map.of("lineItemsFirst", 10)),
      Map.entry("OrderLineItems", Map.of("first", 50)),
      Map.entry("OrderRefunds", Map.of("first", 3)),
      Map.entry("OrderRefundTimes", Map.of("first", SalesReader.INITIAL_REFUND_SCAN_PAGE)),
      Map.entry("InventoryItems", Map.of("first", 25, "levelsFirst", 10)),
      Map.entry("InventoryItemLevels", Map.of("first", 100)),
      Map.entry("Customers", Map.of("first", 10)),
      Map.entry("ProductVariants", Map.of("first", 100)),
      Map.entry("Locations", Map.of("first", 100)));

  @Test
  void everyDocumentStaysUnderTheSingleQueryCostLimit() {
    Queries.all().forEach((name, doc) -> {
      JsonView vars = JsonView.of(PAGE_SIZES.getOrDefault(name, Map.of()));
      int cost = ShopifySimulator.requestedCost(doc, vars);
      assertThat(cost).as(name).isLessThanOrEqualTo(1000);
    });
  }

  @Test
  void theRefundScanCostsAFractionOfAFullRefundPage() {
    JsonView vars = JsonView.of(Map.of("first", SalesReader.INITIAL_REFUND_SCAN_PAGE));

    int scan = ShopifySimulator.requestedCost(Queries.ORDER_REFUND_TIMES, vars);
    int full = ShopifySimulator.requestedCost(Queries.ORDER_REFUNDS, JsonView.of(Map.of("first", 3)));

    assertThat(scan).as("10 orders scanned").isLessThanOrEqualTo(150);
    assertThat(scan * 5).as("vs 3 orders read in full (" + full + ")").isLessThan(full);
  }
}
