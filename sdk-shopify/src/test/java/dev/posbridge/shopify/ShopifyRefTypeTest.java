package dev.posbridge.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.CatalogFill;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shopify needs inventory items, not variants: the wrong type is refused before any call. */
class ShopifyRefTypeTest {

  @Test
  void aVariantRefIsRefusedBeforeAnyHttpCallNamingBothTypes() {
    try (ShopifyTestSupport t = new ShopifyTestSupport(); ShopifyConnector shopify = t.connector()) {
      ShopifySimulator.Variant latte = t.sim.seedItem("LATTE-12", "Latte", "4.50");
      int before = t.sim.journal().count();
      StockChange byVariant = new StockChange("LATTE-12", ExternalRef.of("shopify", "variant", latte.variantId()),
          ExternalRef.of("shopify", "location", ShopifySimulator.DEFAULT_LOCATION), StockChangeKind.ADJUST,
          BigDecimal.ONE, StockChangeReason.CORRECTION, null, ShopifyTestSupport.T0, "r", null);

      assertThatThrownBy(() -> shopify.applyStockChanges(List.of(byVariant), RequestOptions.idempotencyKey("k1")))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.getMessage()).contains("variant").contains("inventory_item");
            assertThat(e.fieldErrors()).singleElement()
                .satisfies(f -> assertThat(f.field()).isEqualTo("changes[0].item"));
          });
      assertThat(t.sim.journal().count()).as("no HTTP call").isEqualTo(before);
      assertThat(shopify.itemRefType()).isEqualTo("inventory_item");
    }
  }

  @Test
  void aMapFilledFromTheCatalogHandsEachConnectorTheTypeItNeeds() {
    try (ShopifyTestSupport t = new ShopifyTestSupport(); ShopifyConnector shopify = t.connector()) {
      ShopifySimulator.Variant latte = t.sim.seedItem("LATTE-12", "Latte", "4.50");
      IdMap ids = IdMap.inMemory();

      CatalogFill fill = IdMap.fillFromCatalogs(ids, List.of(shopify));

      assertThat(fill.recorded()).isGreaterThanOrEqualTo(2);
      assertThat(ids.find(IdMap.Kind.SKU, "LATTE-12", "shopify", shopify.itemRefType()))
          .hasValue(ExternalRef.of("shopify", "inventory_item", latte.inventoryItemId()));
      assertThat(ids.find(IdMap.Kind.SKU, "LATTE-12", "shopify", "variant"))
          .hasValue(ExternalRef.of("shopify", "variant", latte.variantId()));
    }
  }
}
