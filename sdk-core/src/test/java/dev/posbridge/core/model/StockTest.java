package dev.posbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StockTest {

  private static final ExternalRef STORE = ExternalRef.of("square", "location", "L88917AVBK2S5");
  private static final Instant T0 = Instant.parse("2025-11-03T09:00:00Z");

  @Test
  void adjustmentNeedsANonZeroDelta() {
    assertThatThrownBy(() -> StockChange.adjust("SKU", STORE, BigDecimal.ZERO,
        StockChangeReason.SALE, T0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero");
  }

  @Test
  void changeNeedsSkuOrItem() {
    assertThatThrownBy(() -> new StockChange(null, null, STORE, StockChangeKind.SET, BigDecimal.ONE,
        StockChangeReason.PHYSICAL_COUNT, null, T0, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sku");
  }

  @Test
  void withItemKeepsEverythingElse() {
    StockChange change = StockChange.set("SKU", STORE, new BigDecimal("40"),
        StockChangeReason.PHYSICAL_COUNT, T0, "count-77");
    ExternalRef item = ExternalRef.of("square", "item_variation", "W62");

    StockChange resolved = change.withItem(item);

    assertThat(resolved.item()).isEqualTo(item);
    assertThat(resolved).usingRecursiveComparison().ignoringFields("item").isEqualTo(change);
  }

  @Test
  void levelPrefersOnHandAndNeedsOneQuantity() {
    ExternalRef item = ExternalRef.of("shopify", "inventory_item", "gid://shopify/InventoryItem/1");
    StockLevel level = new StockLevel(item, "SKU", STORE, new BigDecimal("5"), new BigDecimal("3"),
        new BigDecimal("2"), T0);

    assertThat(level.quantity()).isEqualByComparingTo("5");
    assertThat(new StockLevel(item, null, STORE, null, BigDecimal.ONE, null, T0).quantity())
        .isEqualByComparingTo("1");
    assertThatThrownBy(() -> new StockLevel(item, null, STORE, null, null, null, T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onHand");
  }

  @Test
  void externalRefRequiresLowerCaseSystemAndComparesIgnoringVersion() {
    ExternalRef a = ExternalRef.of("square", "order", "X").withVersion("1");

    assertThat(a.sameObject(a.withVersion("2"))).isTrue();
    assertThat(a).isNotEqualTo(a.withVersion("2"));
    assertThat(a).hasToString("square/order/X@1");
    assertThatThrownBy(() -> ExternalRef.of("Square", "order", "X"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower case");
    assertThatThrownBy(() -> ExternalRef.of("square", "order", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
  }
}
