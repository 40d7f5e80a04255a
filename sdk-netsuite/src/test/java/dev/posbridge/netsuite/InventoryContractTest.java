package dev.posbridge.netsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.posbridge.testing.SimFault;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryContractTest extends SimFixture {

  private static final ExternalRef STORE = ExternalRef.of("square", "location", "store-9");

  @Test
  void readsLevelsThroughSuiteQlPagingPastOnePage() {
    NetSuiteConnector paged = connector(mappingBuilder().build(), b -> b.pageSize(2));
    try {
      sim.seedStock(cap, store, new BigDecimal("7"));
      sim.seedStock(tee, warehouse, new BigDecimal("0"));

      List<StockLevel> levels = paged.stockLevels(StockQuery.all()).stream().toList();

      assertThat(levels).hasSize(5);
      assertThat(levels).extracting(StockLevel::sku).contains("MUG-01", "TEE-01", "CAP-01");
      assertThat(levels).filteredOn(l -> l.item().id().equals(mug) && l.location().id().equals(store))
          .singleElement().satisfies(l -> {
            assertThat(l.onHand()).isEqualByComparingTo("10");
            assertThat(l.available()).isEqualByComparingTo("10");
            assertThat(l.location()).isEqualTo(ExternalRef.of("netsuite", "location", store));
          });
      List<JournalEntry> pages = sim.journal().matching(e -> e.request().path().endsWith("/suiteql")
          && e.request().json().path("q").asText().contains("inventoryitemlocations"));
      assertThat(pages).hasSize(3);
      assertThat(pages).extracting(e -> e.request().queryParam("offset").orElseThrow()).containsExactly("0", "2", "4");
      assertThat(pages).allSatisfy(e -> {
        assertThat(e.request().queryParam("limit")).contains("2");
        assertThat(e.request().header("Prefer")).contains("transient");
      });
    } finally {
      paged.close();
    }
  }

  @Test
  void filtersLevelsBySkuAndLocation() {
    List<StockLevel> levels = connector.stockLevels(
        new StockQuery(List.of("MUG-01"), List.of(warehouse), null)).stream().toList();
    assertThat(levels).singleElement().satisfies(l -> {
      assertThat(l.sku()).isEqualTo("MUG-01");
      assertThat(l.onHand()).isEqualByComparingTo("100");
    });
  }

  @Test
  void appliesAdjustAndSetAsInventoryAdjustmentsOnTheMappedAccount() {
    List<StockChange> changes = List.of(
        StockChange.adjust("MUG-01", STORE, new BigDecimal("-2"), StockChangeReason.SHRINKAGE, T0, "count-1"),
        StockChange.set("TEE-01", STORE, new BigDecimal("12"), StockChangeReason.PHYSICAL_COUNT, T0, null));

    StockWriteResult result = connector.applyStockChanges(changes, RequestOptions.idempotencyKey("sync-1"));

    assertThat(result.applied()).isEqualTo(2);
    assertThat(result.calls()).isEqualTo(1);
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("8");
    assertThat(sim.stock(tee, store)).isEqualByComparingTo("12");
    assertThat(requests("PUT", "/services/rest/record/v1/{type}/{id}")).singleElement().satisfies(e -> {
      assertThat(e.request().path()).startsWith("/services/rest/record/v1/inventoryAdjustment/eid:POS-ADJ-sync-1");
      JsonView body = e.request().json();
      assertThat(body.path("account").path("id").asText()).isEqualTo("214");
      assertThat(body.path("subsidiary").path("id").asText()).isEqualTo("1");
      assertThat(body.path("adjLocation").path("id").asText()).isEqualTo(store);
      JsonView lines = body.path("inventory").path("items");
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0).path("adjustQtyBy").decimalValue()).isEqualByComparingTo("-2");
      assertThat(lines.get(1).path("adjustQtyBy").decimalValue()).isEqualByComparingTo("7");
      assertThat(lines.get(1).has("newQuantity")).isFalse();
    });
  }

  @Test
  void aThousandChangesAreTenUpsertsAndOneExistenceQueryWithoutAGetPerRecord() {
    List<StockChange> changes = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      changes.add(StockChange.adjust(i % 2 == 0 ? "MUG-01" : "TEE-01", STORE, BigDecimal.ONE.negate(),
          StockChangeReason.SALE, T0, null));
    }

    connector.applyStockChanges(changes, RequestOptions.idempotencyKey("day-1"));

    assertThat(requests("PUT", "/services/rest/record/v1/{type}/{id}")).hasSize(10);
    assertThat(requests("GET", "/services/rest/record/v1/{type}/{id}")).isEmpty();
    assertThat(sim.journal().count()).isLessThanOrEqualTo(12); // + existence query + TEE-01 lookup
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("-490");
    assertThat(sim.stock(tee, store)).isEqualByComparingTo("-495");
  }

  @Test
  void batchesByLinesPerRecordAndARepeatWithTheSameKeyAppliesNothingTwice() {
    NetSuiteConnector small = connector(mappingBuilder().build(), b -> b.adjustmentLinesPerRecord(2));
    try {
      List<StockChange> changes = List.of(
          StockChange.adjust("MUG-01", STORE, BigDecimal.ONE, StockChangeReason.RECEIVED, T0, null),
          StockChange.adjust("MUG-01", STORE, BigDecimal.ONE, StockChangeReason.RECEIVED, T0, null),
          StockChange.adjust("TEE-01", STORE, BigDecimal.ONE, StockChangeReason.RECEIVED, T0, null),
          StockChange.set("MUG-01", STORE, new BigDecimal("50"), StockChangeReason.PHYSICAL_COUNT, T0, null),
          StockChange.adjust("CAP-01", STORE, new BigDecimal("3"), StockChangeReason.RECEIVED, T0, null));
      assertThat(small.maxStockChangesPerCall()).isEqualTo(2);

      StockWriteResult first = small.applyStockChanges(changes, RequestOptions.idempotencyKey("k"));
      sim.faults().inject(SimFault.dropAfterProcessing().on("PUT", "/services/rest/record/v1/{type}/{id}"));
      StockWriteResult again = small.applyStockChanges(changes, RequestOptions.idempotencyKey("k"));

      assertThat(first.calls()).isEqualTo(3);
      assertThat(again.applied()).isEqualTo(5);
      assertThat(sim.count("inventoryAdjustment")).isEqualTo(3);
      assertThat(sim.stock(mug, store)).isEqualByComparingTo("50");
      assertThat(sim.stock(tee, store)).isEqualByComparingTo("6");
      assertThat(sim.stock(cap, store)).isEqualByComparingTo("3");
      assertThat(sim.effects().duplicates("inventoryAdjustment")).isEmpty();
    } finally {
      small.close();
    }
  }

  @Test
  void aLostAnswerOnAnAdjustmentIsRetriedWithoutDoubleCounting() {
    sim.faults().inject(SimFault.dropAfterProcessing().on("PUT", "/services/rest/record/v1/{type}/{id}"));

    connector.applyStockChanges(List.of(StockChange.adjust("MUG-01", STORE, new BigDecimal("-4"),
        StockChangeReason.SALE, T0, null)), RequestOptions.idempotencyKey("sale-7"));

    assertThat(sim.count("inventoryAdjustment")).isEqualTo(1);
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("6");
  }

  @Test
  void applyingChangesWithoutAnAdjustmentAccountIsAValidationError() {
    NetSuiteConnector none = connector(mappingBuilder().inventoryAdjustmentAccount(null).build(), b -> { });
    try {
      assertThatThrownBy(() -> none.applyStockChanges(List.of(StockChange.adjust("MUG-01", STORE, BigDecimal.ONE,
          StockChangeReason.RECEIVED, T0, null)), RequestOptions.none()))
          .isInstanceOf(ValidationException.class).hasMessageContaining("account");
    } finally {
      none.close();
    }
  }
}
