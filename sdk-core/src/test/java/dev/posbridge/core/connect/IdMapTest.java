package dev.posbridge.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.model.ExternalRef;
import org.junit.jupiter.api.Test;

class IdMapTest {

  private final IdMap map = IdMap.inMemory();
  private final ExternalRef squareVariation = ExternalRef.of("square", "item_variation", "W62");
  private final ExternalRef shopifyItem =
      ExternalRef.of("shopify", "inventory_item", "gid://shopify/InventoryItem/1");

  @Test
  void mapsBothWaysIgnoringVersions() {
    map.put(IdMap.Kind.SKU, "LATTE-12", squareVariation.withVersion("7"));
    map.put(IdMap.Kind.SKU, "LATTE-12", shopifyItem);

    assertThat(map.find(IdMap.Kind.SKU, "LATTE-12", "shopify")).contains(shopifyItem);
    assertThat(map.find(IdMap.Kind.SKU, "LATTE-12", "square", "item_variation")).isPresent();
    assertThat(map.canonicalId(IdMap.Kind.SKU, squareVariation)).contains("LATTE-12");
    assertThat(map.refs(IdMap.Kind.SKU, "LATTE-12")).hasSize(2);
    assertThat(map.canonicalId(IdMap.Kind.CUSTOMER, squareVariation)).isEmpty();
  }

  @Test
  void remappingASkuReplacesTheOldRefOfTheSameSystemAndType() {
    map.put(IdMap.Kind.SKU, "LATTE-12", squareVariation);
    ExternalRef replacement = ExternalRef.of("square", "item_variation", "NEW");
    map.put(IdMap.Kind.SKU, "LATTE-12", replacement);

    assertThat(map.find(IdMap.Kind.SKU, "LATTE-12", "square")).contains(replacement);
    assertThat(map.canonicalId(IdMap.Kind.SKU, squareVariation)).isEmpty();
  }

  @Test
  void oneVendorIdCannotNameTwoSkus() {
    map.put(IdMap.Kind.SKU, "LATTE-12", squareVariation);

    assertThatThrownBy(() -> map.put(IdMap.Kind.SKU, "MOCHA-12", squareVariation))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LATTE-12");
  }
}
