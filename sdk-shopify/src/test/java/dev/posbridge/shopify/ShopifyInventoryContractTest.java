package dev.posbridge.shopify;

import static dev.posbridge.shopify.ShopifyTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.shopify.ShopifySimulator.Variant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifyInventoryContractTest {

  private static final String MAIN = ShopifySimulator.DEFAULT_LOCATION;
  private static final ExternalRef MAIN_REF = ExternalRef.of("shopify", "location", MAIN);

  private ShopifyTestSupport t;
  private ShopifyConnector shopify;
  private Variant latte;

  @BeforeEach
  void setUp() {
    t = new ShopifyTestSupport();
    shopify = t.connector();
    latte = t.sim.seedItem("LATTE-12", "Latte", "10.60");
    t.sim.seedStock(latte.inventoryItemId(), MAIN, 40, 2);
  }

  @AfterEach
  void tearDown() {
    shopify.close();
    t.close();
  }

  private static StockChange adjust(String sku, int delta, String reference) {
    return StockChange.adjust(sku, MAIN_REF, BigDecimal.valueOf(delta), StockChangeReason.CORRECTION,
        T0, reference);
  }

  private List<JsonView> mutationBodies() {
    List<JsonView> out = new ArrayList<>();
    for (JournalEntry e : t.graphqlRequests()) {
      if (e.request().json().path("query").asText().strip().startsWith("mutation")) {
        out.add(e.request().json());
      }
    }
    return out;
  }

  @Test
  void readsNamedQuantitiesPerLocationWithTheQuantityAsVersion() {
    String airport = t.sim.seedLocation("Airport", true);
    t.sim.seedStock(latte.inventoryItemId(), airport, 5, 0);
    Variant mug = t.sim.seedItem("MUG-1", "Mug", "12.00");
    t.sim.seedStock(mug.inventoryItemId(), MAIN, 7, 1);

    List<StockLevel> levels = shopify.stockLevels(StockQuery.forSkus(List.of("LATTE-12"))).stream().toList();

    assertThat(levels).hasSize(2);
    StockLevel main = levels.stream().filter(l -> l.location().id().equals(MAIN)).findFirst().orElseThrow();
    assertThat(main.sku()).isEqualTo("LATTE-12");
    assertThat(main.item().id()).isEqualTo(latte.inventoryItemId());
    assertThat(main.available()).isEqualByComparingTo("40");
    assertThat(main.committed()).isEqualByComparingTo("2");
    assertThat(main.onHand()).isEqualByComparingTo("42");
    assertThat(main.item().version()).isEqualTo("40");
    assertThat(t.lastBody().path("variables").path("query").asText()).isEqualTo("(sku:\"LATTE-12\")");
  }

  @Test
  void pagesThroughAllItemsAndFiltersByLocation() {
    for (int i = 0; i < 30; i++) {
      t.sim.seedItem("SKU-" + i, "Item " + i, "1.00");
    }
    String airport = t.sim.seedLocation("Airport", true);
    t.sim.seedStock(latte.inventoryItemId(), airport, 3, 0);

    assertThat(shopify.stockLevels(StockQuery.all()).stream()).hasSize(32);
    assertThat(shopify.stockLevels(StockQuery.atLocations(List.of(airport))).stream())
        .singleElement().satisfies(l -> assertThat(l.available()).isEqualByComparingTo("3"));
  }

  @Test
  void readsLevelsBeyondTheFirstPageOfLocations() {
    for (int i = 0; i < 14; i++) {
      String loc = t.sim.seedLocation("Store " + i, true);
      t.sim.seedStock(latte.inventoryItemId(), loc, i, 0);
    }

    assertThat(shopify.stockLevels(StockQuery.forSkus(List.of("LATTE-12"))).stream()).hasSize(15);
    assertThat(t.graphqlRequests()).extracting(ShopifyTestSupport::operation)
        .containsExactly("InventoryItems", "InventoryItemLevels");
  }

  @Test
  void adjustmentsResolveSkusAndCarryKeyReasonReferenceAndExplicitNullChangeFrom() {
    StockWriteResult result = shopify.applyStockChanges(List.of(adjust("LATTE-12", -2, "sale-42")),
        RequestOptions.idempotencyKey("k1"));

    assertThat(result.applied()).isEqualTo(1);
    assertThat(result.calls()).isEqualTo(1);
    assertThat(result.levels()).singleElement().satisfies(l -> {
      assertThat(l.available()).isEqualByComparingTo("38");
      assertThat(l.onHand()).isEqualByComparingTo("40");
    });
    assertThat(t.sim.stock(latte.inventoryItemId(), MAIN, "available")).isEqualTo(38);
    JsonView body = mutationBodies().get(0);
    assertThat(body.path("query").asText()).contains("@idempotent(key: $idempotencyKey)");
    assertThat(body.path("variables").path("idempotencyKey").asText()).isEqualTo("k1:0");
    JsonView input = body.path("variables").path("input");
    assertThat(input.path("name").asText()).isEqualTo("available");
    assertThat(input.path("reason").asText()).isEqualTo("correction");
    assertThat(input.path("referenceDocumentUri").asText()).isEqualTo("gid://posbridge/StockChange/sale-42");
    JsonView row = input.path("changes").get(0);
    assertThat(row.path("inventoryItemId").asText()).isEqualTo(latte.inventoryItemId());
    assertThat(row.path("delta").asInt()).isEqualTo(-2);
    assertThat(row.has("changeFromQuantity")).isTrue();
    assertThat(row.path("changeFromQuantity").isNull()).isTrue();
    assertThat(row.has("ledgerDocumentUri")).isFalse();
    assertThat(t.sim.effects().count("inventoryAdjustQuantities", "k1:0")).isEqualTo(1);
  }

  @Test
  void repeatingTheSameListWithTheSameKeyAppliesNothingTwice() {
    List<StockChange> changes = List.of(adjust("LATTE-12", -2, "sale-42"));

    shopify.applyStockChanges(changes, RequestOptions.idempotencyKey("k2"));
    StockWriteResult again = shopify.applyStockChanges(changes, RequestOptions.idempotencyKey("k2"));

    assertThat(again.levels()).singleElement()
        .satisfies(l -> assertThat(l.available()).isEqualByComparingTo("38"));
    assertThat(t.sim.stock(latte.inventoryItemId(), MAIN, "available")).isEqualTo(38);
    assertThat(t.sim.effects().count("inventoryAdjustQuantities", "k2:0")).isEqualTo(1);
    assertThat(t.sim.idempotency().replays()).isEqualTo(1);
  }

  @Test
  void reusingAKeyForOtherChangesIsAConflict() {
    shopify.applyStockChanges(List.of(adjust("LATTE-12", -2, "a")), RequestOptions.idempotencyKey("k3"));

    assertThatThrownBy(() -> shopify.applyStockChanges(List.of(adjust("LATTE-12", -5, "a")),
        RequestOptions.idempotencyKey("k3")))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).vendorCode())
            .isEqualTo("IDEMPOTENCY_KEY_PARAMETER_MISMATCH"));
  }

  @Test
  void batchesUpToTwoHundredFiftyRowsWithDerivedKeysAndKeepsOrder() {
    List<StockChange> changes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      changes.add(adjust("LATTE-12", 1, "restock-1"));
    }
    StockWriteResult result = shopify.applyStockChanges(changes, RequestOptions.idempotencyKey("big"));

    assertThat(result.calls()).isEqualTo(2);
    assertThat(result.applied()).isEqualTo(300);
    List<JsonView> bodies = mutationBodies();
    assertThat(bodies).extracting(b -> b.path("variables").path("idempotencyKey").asText())
        .containsExactly("big:0", "big:1");
    assertThat(bodies).extracting(b -> b.path("variables").path("input").path("changes").size())
        .containsExactly(250, 50);
    assertThat(shopify.maxStockChangesPerCall()).isEqualTo(250);
    assertThat(t.sim.stock(latte.inventoryItemId(), MAIN, "available")).isEqualTo(340);
  }

  @Test
  void aCountWithAStaleExpectedQuantityIsRejectedAsAConflict() {
    StockLevel level = shopify.stockLevels(StockQuery.forSkus(List.of("LATTE-12"))).stream()
        .findFirst().orElseThrow();
    t.sim.seedStock(latte.inventoryItemId(), MAIN, 37, 2);
    StockChange count = StockChange.set("LATTE-12", MAIN_REF, BigDecimal.valueOf(50),
        StockChangeReason.PHYSICAL_COUNT, T0, "count-7").withItem(level.item());

    assertThatThrownBy(() -> shopify.applyStockChanges(List.of(count), RequestOptions.idempotencyKey("c1")))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).vendorCode())
            .isEqualTo("CHANGE_FROM_QUANTITY_STALE"));
    assertThat(t.sim.stock(latte.inventoryItemId(), MAIN, "available")).isEqualTo(37);
    JsonView row = mutationBodies().get(0).path("variables").path("input").path("quantities").get(0);
    assertThat(row.path("changeFromQuantity").asInt()).isEqualTo(40);
    assertThat(row.path("quantity").asInt()).isEqualTo(50);
  }

  @Test
  void aCountWithTheCurrentQuantityIsApplied() {
    StockLevel level = shopify.stockLevels(StockQuery.forSkus(List.of("LATTE-12"))).stream()
        .findFirst().orElseThrow();
    StockChange count = StockChange.set("LATTE-12", MAIN_REF, BigDecimal.valueOf(50),
        StockChangeReason.PHYSICAL_COUNT, T0, "count-8").withItem(level.item());

    StockWriteResult result = shopify.applyStockChanges(List.of(count), RequestOptions.idempotencyKey("c2"));

    assertThat(result.levels()).singleElement()
        .satisfies(l -> assertThat(l.available()).isEqualByComparingTo("50"));
    JsonView input = mutationBodies().get(0).path("variables").path("input");
    assertThat(input.path("reason").asText()).isEqualTo("cycle_count_available");
    assertThat(t.sim.effects().count("inventorySetQuantities", "c2:0")).isEqualTo(1);
    assertThat(t.sim.effects().count("inventorySetQuantities:reference",
        "gid://posbridge/StockChange/count-8")).isEqualTo(1);
  }

  @Test
  void aCountWithoutExpectationSendsAnExplicitNullChangeFrom() {
    StockChange count = StockChange.set("LATTE-12", MAIN_REF, BigDecimal.TEN,
        StockChangeReason.PHYSICAL_COUNT, T0, null);

    shopify.applyStockChanges(List.of(count), RequestOptions.idempotencyKey("c3"));

    JsonView input = mutationBodies().get(0).path("variables").path("input");
    assertThat(input.path("quantities").get(0).has("changeFromQuantity")).isTrue();
    assertThat(input.path("quantities").get(0).path("changeFromQuantity").isNull()).isTrue();
    assertThat(input.path("referenceDocumentUri").asText()).isEqualTo("gid://posbridge/StockChangeBatch/c3%3A0");
    assertThat(t.sim.stock(latte.inventoryItemId(), MAIN, "available")).isEqualTo(10);
  }

  @Test
  void mixedKindsSplitIntoCallsInOrder() {
    List<StockChange> changes = List.of(
        adjust("LATTE-12", -1, "s1"),
        StockChange.set("LATTE-12", MAIN_REF, BigDecimal.TEN, StockChangeReason.PHYSICAL_COUNT, T0, "c"),
        adjust("LATTE-12", -1, "s2"));

    StockWriteResult result = shopify.applyStockChanges(changes, RequestOptions.idempotencyKey("mix"));

    assertThat(result.calls()).isEqualTo(3);
    assertThat(t.sim.stock(latte.inventoryItemId(), MAIN, "available")).isEqualTo(9);
  }

  @Test
  void unknownSkusAndFractionalQuantitiesFailBeforeAnythingIsSent() {
    List<StockChange> changes = List.of(adjust("NOPE", 1, "x"),
        StockChange.adjust("LATTE-12", MAIN_REF, new BigDecimal("0.5"), StockChangeReason.CORRECTION, T0, "y"));

    assertThatThrownBy(() -> shopify.applyStockChanges(changes, RequestOptions.idempotencyKey("v")))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors())
            .extracting(ValidationException.FieldError::field)
            .containsExactly("changes[0].sku", "changes[1].quantity"));
    assertThat(mutationBodies()).isEmpty();
  }

  @Test
  void anUnknownSkuFailsWithTheCommonMappingCodeNamingTheSku() {
    assertThatThrownBy(() -> shopify.applyStockChanges(List.of(adjust("NOPE-42", 1, "x")),
        RequestOptions.idempotencyKey("unmapped")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("changes[0].sku(UNMAPPED_SKU: no Shopify inventory item has SKU NOPE-42)")
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors())
            .extracting(ValidationException.FieldError::code)
            .containsExactly(dev.posbridge.core.MappingCode.UNMAPPED_SKU.name()));
  }

  @Test
  void ambiguousSkusAreRefused() {
    t.sim.seedItem("LATTE-12", "Latte (old)", "9.00");

    assertThatThrownBy(() -> shopify.applyStockChanges(List.of(adjust("LATTE-12", 1, "x")),
        RequestOptions.idempotencyKey("amb")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("AMBIGUOUS_SKU");
  }

  @Test
  void userErrorsBecomeValidationExceptionsNamingTheFields() {
    String unstocked = t.sim.seedLocation("Warehouse", true);
    StockChange change = StockChange.adjust("LATTE-12", ExternalRef.of("shopify", "location", unstocked),
        BigDecimal.ONE, StockChangeReason.RECEIVED, T0, "r");

    assertThatThrownBy(() -> shopify.applyStockChanges(List.of(change), RequestOptions.idempotencyKey("u")))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> {
          ValidationException v = (ValidationException) e;
          assertThat(v.vendorCode()).isEqualTo("INVALID_LOCATION");
          assertThat(v.fieldErrors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("input.changes.0.locationId");
            assertThat(f.code()).isEqualTo("INVALID_LOCATION");
          });
        });
  }

  @Test
  void onHandAdjustmentsCarryALedgerDocument() {
    try (ShopifyConnector onHand = t.builder().stockQuantityName("on_hand").build()) {
      onHand.applyStockChanges(List.of(adjust("LATTE-12", 3, "po-9")), RequestOptions.idempotencyKey("oh"));
    }
    JsonView input = mutationBodies().get(0).path("variables").path("input");
    assertThat(input.path("name").asText()).isEqualTo("on_hand");
    assertThat(input.path("changes").get(0).path("ledgerDocumentUri").asText())
        .isEqualTo("gid://posbridge/StockChange/po-9");
    assertThat(t.sim.stock(latte.inventoryItemId(), MAIN, "on_hand")).isEqualTo(45);
  }

  @Test
  void withoutACallerKeyEachCallStillCarriesAnIdempotencyKey() {
    shopify.applyStockChanges(List.of(adjust("LATTE-12", 1, "x")), RequestOptions.none());

    assertThat(mutationBodies().get(0).path("variables").path("idempotencyKey").asText())
        .matches("[0-9a-f-]{36}:0");
  }

  @Test
  void aSkuIsLookedUpOnceAcrossWrites() {
    shopify.applyStockChanges(List.of(adjust("LATTE-12", -1, "s1")), RequestOptions.idempotencyKey("c1"));
    shopify.applyStockChanges(List.of(adjust("LATTE-12", -1, "s2")), RequestOptions.idempotencyKey("c2"));

    assertThat(t.graphqlRequests()).extracting(ShopifyTestSupport::operation)
        .containsExactly("InventoryItems", "InventoryAdjustQuantities", "InventoryAdjustQuantities");
    assertThat(t.sim.stock(latte.inventoryItemId(), MAIN, "available")).isEqualTo(38);
  }

  @Test
  void itemsGivenByShopifyReferenceNeedNoLookup() {
    StockChange change = new StockChange(null, ExternalRef.of("shopify", "inventory_item",
        latte.inventoryItemId()), MAIN_REF, dev.posbridge.core.model.StockChangeKind.ADJUST,
        BigDecimal.ONE, StockChangeReason.RECEIVED, null, T0, "po", null);

    shopify.applyStockChanges(List.of(change), RequestOptions.idempotencyKey("ref"));

    assertThat(t.graphqlRequests()).extracting(ShopifyTestSupport::operation)
        .containsExactly("InventoryAdjustQuantities");
    assertThat(t.sim.stock(latte.inventoryItemId(), MAIN, "available")).isEqualTo(41);
  }
}
