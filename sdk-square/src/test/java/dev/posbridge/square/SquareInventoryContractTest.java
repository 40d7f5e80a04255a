package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SquareInventoryContractTest extends SquareTestSupport {

  ExternalRef loc() {
    return ExternalRef.of("square", "location", main);
  }

  @Test
  void changesMapToSquareStatesAndMoveTheCounts() {
    String latte = sim.seedItem("LATTE-12", 450);
    sim.seedStock(latte, main, "40");
    List<StockChange> changes = List.of(
        StockChange.adjust("LATTE-12", loc(), new BigDecimal("-2"), StockChangeReason.SALE, NOW, "sale-1001"),
        StockChange.adjust("LATTE-12", loc(), new BigDecimal("1"), StockChangeReason.RETURN, NOW, "ret-1"),
        StockChange.adjust("LATTE-12", loc(), new BigDecimal("10"), StockChangeReason.RECEIVED, NOW, "po-7"),
        StockChange.adjust("LATTE-12", loc(), new BigDecimal("-1.5"), StockChangeReason.SHRINKAGE, NOW, null));

    StockWriteResult r = square.applyStockChanges(changes, RequestOptions.idempotencyKey("inv-1"));

    assertThat(r.applied()).isEqualTo(4);
    assertThat(r.calls()).isEqualTo(1);
    assertThat(sim.stock(latte, main, "IN_STOCK")).isEqualByComparingTo("47.5");
    assertThat(sim.stock(latte, main, "WASTE")).isEqualByComparingTo("1.5");
    JsonView body = requests("POST", "/v2/inventory/changes/batch-create").get(0).request().json();
    assertThat(body.path("idempotency_key").asText()).isEqualTo("inv-1:0");
    JsonView sale = body.path("changes").get(0).path("adjustment");
    assertThat(body.path("changes").get(0).path("type").asText()).isEqualTo("ADJUSTMENT");
    assertThat(sale.path("from_state").asText()).isEqualTo("IN_STOCK");
    assertThat(sale.path("to_state").asText()).isEqualTo("SOLD");
    assertThat(sale.path("quantity").asText()).isEqualTo("2");
    assertThat(sale.path("catalog_object_id").asText()).isEqualTo(latte);
    assertThat(sale.path("reference_id").asText()).isEqualTo("sale-1001");
    assertThat(sale.has("total_price_money")).isFalse();
    assertThat(body.path("changes").get(1).path("adjustment").path("from_state").asText()).isEqualTo("UNLINKED_RETURN");
    assertThat(body.path("changes").get(2).path("adjustment").path("from_state").asText()).isEqualTo("NONE");
    assertThat(body.path("changes").get(3).path("adjustment").path("to_state").asText()).isEqualTo("WASTE");
    assertThat(r.levels()).anySatisfy(l -> {
      assertThat(l.item().id()).isEqualTo(latte);
      assertThat(l.onHand()).isEqualByComparingTo("47.5");
      assertThat(l.sku()).isEqualTo("LATTE-12");
    });
  }

  @Test
  void setIsAPhysicalCountSentWithItsOwnTime() {
    String latte = sim.seedItem("LATTE-12", 450);
    StockChange count = StockChange.set("LATTE-12", loc(), new BigDecimal("40"), StockChangeReason.PHYSICAL_COUNT,
        NOW.minusSeconds(60), "count-77");

    square.applyStockChanges(List.of(count), RequestOptions.idempotencyKey("c"));

    JsonView pc = requests("POST", "/v2/inventory/changes/batch-create").get(0).request().json()
        .path("changes").get(0);
    assertThat(pc.path("type").asText()).isEqualTo("PHYSICAL_COUNT");
    assertThat(pc.path("physical_count").path("state").asText()).isEqualTo("IN_STOCK");
    assertThat(pc.path("physical_count").path("occurred_at").asText()).isEqualTo(NOW.minusSeconds(60).toString());
    assertThat(sim.stock(latte, main, "IN_STOCK")).isEqualByComparingTo("40");
  }

  @Test
  void aTimeSlightlyAheadWaitsAndTheResendCarriesTheSameBodyUnderTheSameKey() {
    sim.seedItem("LATTE-12", 450);
    StockChange count = StockChange.set("LATTE-12", loc(), new BigDecimal("40"), StockChangeReason.PHYSICAL_COUNT,
        NOW.plusSeconds(90), "count-78");

    assertThatThrownBy(() -> square.applyStockChanges(List.of(count), RequestOptions.idempotencyKey("c2")))
        .isInstanceOfSatisfying(dev.posbridge.core.RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(java.time.Duration.ofSeconds(91)));
    assertThat(requests("POST", "/v2/inventory/changes/batch-create")).isEmpty();
  }

  @Test
  void aTimeFarInTheFutureIsRejectedAndNeverRewrittenToNow() {
    sim.seedItem("LATTE-12", 450);
    StockChange count = StockChange.set("LATTE-12", loc(), new BigDecimal("40"), StockChangeReason.PHYSICAL_COUNT,
        NOW.plusSeconds(3600), "count-77");

    assertThatThrownBy(() -> square.applyStockChanges(List.of(count), RequestOptions.idempotencyKey("c")))
        .isInstanceOfSatisfying(dev.posbridge.core.ValidationException.class, e -> assertThat(e.fieldErrors())
            .extracting(dev.posbridge.core.ValidationException.FieldError::code).containsExactly("future_occurred_at"));
    assertThat(requests("POST", "/v2/inventory/changes/batch-create")).isEmpty();
  }

  @Test
  void groupsOfAHundredEachWithItsOwnDerivedKeyAndAReplayAppliesNothingTwice() {
    String latte = sim.seedItem("LATTE-12", 450);
    List<StockChange> changes = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      changes.add(StockChange.adjust("LATTE-12", loc(), BigDecimal.ONE, StockChangeReason.RECEIVED, NOW, "r" + i));
    }

    StockWriteResult r = square.applyStockChanges(changes, RequestOptions.idempotencyKey("bulk"));
    square.applyStockChanges(changes, RequestOptions.idempotencyKey("bulk"));

    assertThat(r.calls()).isEqualTo(3);
    List<JournalEntry> calls = requests("POST", "/v2/inventory/changes/batch-create");
    assertThat(calls).extracting(c -> c.request().json().path("changes").size()).containsExactly(100, 100, 50, 100, 100, 50);
    assertThat(calls).extracting(c -> c.request().json().path("idempotency_key").asText())
        .containsExactly("bulk:0", "bulk:1", "bulk:2", "bulk:0", "bulk:1", "bulk:2");
    assertThat(sim.stock(latte, main, "IN_STOCK")).isEqualByComparingTo("250");
    assertThat(sim.effects().total("BatchChangeInventory")).isEqualTo(3);
    assertThat(requests("POST", "/v2/catalog/search")).hasSize(1);
  }

  @Test
  void twoHundredFiftyNewSkusResolveInOneCatalogSearchPerHundredAndNoneOnceCached() {
    List<StockChange> changes = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      ids.add(sim.seedItem("SKU-" + i, 100));
      changes.add(StockChange.adjust("SKU-" + i, loc(), BigDecimal.ONE, StockChangeReason.RECEIVED, NOW, "r" + i));
    }
    sim.seedItem("sku-7", 100); // Square matches case-insensitively: only the exact SKU may count

    square.applyStockChanges(changes, RequestOptions.idempotencyKey("many"));
    List<JournalEntry> searches = requests("POST", "/v2/catalog/search");
    square.applyStockChanges(changes, RequestOptions.idempotencyKey("many-again"));

    assertThat(searches).hasSize(3);
    assertThat(searches).extracting(c -> c.request().json().path("query").path("set_query")
        .path("attribute_values").size()).containsExactly(100, 100, 50);
    assertThat(requests("POST", "/v2/catalog/search")).hasSize(3);
    for (int i = 0; i < 250; i++) {
      assertThat(sim.stock(ids.get(i), main, "IN_STOCK")).as("SKU-" + i).isEqualByComparingTo("2");
    }
  }

  @Test
  void stockLevelsForManySkusResolveThemInBatches() {
    List<String> skus = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      sim.seedStock(sim.seedItem("L-" + i, 100), main, String.valueOf(i + 1));
      skus.add("L-" + i);
    }
    skus.add("MISSING");

    List<StockLevel> levels = new ArrayList<>();
    square.stockLevels(StockQuery.forSkus(skus)).forEach(levels::add);

    assertThat(requests("POST", "/v2/catalog/search")).hasSize(2);
    assertThat(levels).hasSize(150);
    assertThat(levels).anySatisfy(l -> {
      assertThat(l.sku()).isEqualTo("L-149");
      assertThat(l.onHand()).isEqualByComparingTo("150");
    });
  }

  @Test
  void unknownSkuFailsBeforeAnyChangeIsSent() {
    assertThatThrownBy(() -> square.applyStockChanges(
        List.of(StockChange.adjust("NOPE", loc(), BigDecimal.ONE, StockChangeReason.RECEIVED, NOW, null)),
        RequestOptions.idempotencyKey("x")))
        .isInstanceOfSatisfying(dev.posbridge.core.ValidationException.class, e -> {
          assertThat(e.fieldErrors()).extracting(f -> f.code()).containsExactly("UNMAPPED_SKU");
          assertThat(e.getMessage()).contains("sku(UNMAPPED_SKU: no Square item variation for SKU NOPE)");
        });
    assertThat(requests("POST", "/v2/inventory/changes/batch-create")).isEmpty();
  }

  @Test
  void readsInStockLevelsForSkusAndPagesPastAThousand() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1005; i++) {
      String v = sim.seedItem("SKU-" + i, 100);
      sim.seedStock(v, main, String.valueOf(i));
      ids.add(v);
    }

    List<StockLevel> all = square.stockLevels(StockQuery.atLocations(List.of(main))).stream().toList();
    List<StockLevel> one = square.stockLevels(StockQuery.forSkus(List.of("SKU-7"))).stream().toList();

    assertThat(all).hasSize(1005);
    List<JournalEntry> calls = requests("POST", "/v2/inventory/counts/batch-retrieve");
    assertThat(calls.get(0).request().json().path("limit").asInt()).isEqualTo(1000);
    assertThat(calls.get(1).request().json().path("cursor").asText()).isNotBlank();
    assertThat(one).singleElement().satisfies(l -> {
      assertThat(l.sku()).isEqualTo("SKU-7");
      assertThat(l.item()).isEqualTo(ExternalRef.of("square", "item_variation", ids.get(7)));
      assertThat(l.location()).isEqualTo(loc());
      assertThat(l.onHand()).isEqualByComparingTo("7");
    });
    assertThat(calls.get(2).request().json().path("catalog_object_ids").get(0).asText()).isEqualTo(ids.get(7));
  }

  @Test
  void unknownSkusHaveNoLevelAndDoNotWidenTheQuery() {
    sim.seedStock(sim.seedItem("A", 1), main, "1");

    assertThat(square.stockLevels(StockQuery.forSkus(List.of("missing"))).stream().toList()).isEmpty();
    assertThat(requests("POST", "/v2/inventory/counts/batch-retrieve")).isEmpty();
  }
}
