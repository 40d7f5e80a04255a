package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ConflictException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.quickbooks.internal.RequestIds;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimFault;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InventoryContractTest extends QboFixture {

  static final ExternalRef STORE = ExternalRef.of("square", "location", "L1");

  @Test
  void stockLevelsReadInventoryItemsWithQuantityOnHand() {
    List<StockLevel> levels = qbo.stockLevels(StockQuery.all()).stream().toList();
    assertThat(levels).extracting(StockLevel::sku).containsExactly("MUG-01", "TEA-01");
    assertThat(levels.get(0).onHand()).isEqualByComparingTo("100");
    assertThat(levels.get(0).location()).isEqualTo(ExternalRef.of("quickbooks", "Company", REALM));
    JournalEntry query = sim.journal().matching(e -> e.request().path().endsWith("/query")).get(0);
    assertThat(query.request().queryParam("query").orElseThrow())
        .isEqualTo("SELECT * FROM Item WHERE Type = 'Inventory' STARTPOSITION 1 MAXRESULTS 1000");
  }

  @Test
  void stockLevelsPageWithStartPosition() {
    for (int i = 0; i < 1001; i++) {
      sim.seedItem(REALM, "Bulk " + i, "BULK-" + i, BigDecimal.ONE, BigDecimal.ONE);
    }
    assertThat(qbo.stockLevels(StockQuery.all()).stream().count()).isEqualTo(1003);
    assertThat(sim.journal().matching(e -> e.request().path().endsWith("/query")))
        .extracting(e -> e.request().queryParam("query").orElseThrow())
        .anySatisfy(q -> assertThat(q).endsWith("STARTPOSITION 1001 MAXRESULTS 1000"));
  }

  @Test
  void stockLevelsFilterBySku() {
    List<StockLevel> levels = qbo.stockLevels(StockQuery.forSkus(List.of("TEA-01"))).stream().toList();
    assertThat(levels).singleElement().satisfies(l -> assertThat(l.item().id()).isEqualTo(teaId));
  }

  @Test
  void adjustIsASparseItemUpdateWithSyncToken() throws Exception {
    StockWriteResult r = qbo.applyStockChanges(List.of(
        StockChange.adjust("MUG-01", STORE, new BigDecimal("-3"), StockChangeReason.SHRINKAGE, START, "count")),
        RequestOptions.idempotencyKey("adj-1"));

    assertThat(r.applied()).isEqualTo(1);
    assertThat(r.levels()).singleElement().satisfies(l -> assertThat(l.onHand()).isEqualByComparingTo("97"));
    JournalEntry post = posts("item").get(0);
    assertThat(post.request().queryParam("requestid")).contains(RequestIds.of("adj-1:0"));
    JsonView body = body(post);
    assertThat(body.path("sparse").asBoolean()).isTrue();
    assertThat(body.path("Id").asText()).isEqualTo(mugId);
    assertThat(body.path("SyncToken").asText()).isEqualTo("0");
    assertThat(body.path("QtyOnHand").decimalValue()).isEqualByComparingTo("97");
    IntuitOracle.assertEntityRoundTrips(body, com.intuit.ipp.data.Item.class);

    qbo.applyStockChanges(List.of(
        StockChange.adjust("MUG-01", STORE, new BigDecimal("-3"), StockChangeReason.SHRINKAGE, START, "count")),
        RequestOptions.idempotencyKey("adj-1"));
    assertThat(sim.record(REALM, "Item", mugId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("97");
  }

  @Test
  void staleSyncTokenIsReadAgainAndRetried() {
    AtomicBoolean edited = new AtomicBoolean();
    // Another user changes the item between our read and our write.
    sim.faults().inject(SimFault.status(599).when(req -> {
      if (req.method().equals("POST") && req.path().endsWith("/item") && edited.compareAndSet(false, true)) {
        sim.editRecord(REALM, "Item", mugId, Map.of("QtyOnHand", new BigDecimal("50")));
      }
      return false;
    }));

    qbo.applyStockChanges(List.of(
        StockChange.adjust("MUG-01", STORE, new BigDecimal("-2"), StockChangeReason.SALE, START, null)),
        RequestOptions.idempotencyKey("stale-1"));

    List<JournalEntry> writes = posts("item");
    assertThat(writes).hasSize(2);
    assertThat(writes.get(0).status()).isEqualTo(400);
    assertThat(writes.get(1).status()).isEqualTo(200);
    assertThat(body(writes.get(1)).path("SyncToken").asText()).isEqualTo("1");
    assertThat(sim.record(REALM, "Item", mugId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("48");
  }

  @Test
  void persistentStaleObjectErrorSurfacesAsConflictWithCode5010() {
    sim.faults().inject(SimFault.status(400).on("POST", "/v3/company/{realmId}/item").times(10)
        .body(java.util.Map.of("Fault", java.util.Map.of("Error", List.of(java.util.Map.of(
            "Message", "Stale Object Error", "Detail", "Stale Object Error : ...", "code", "5010")),
            "type", "ValidationFault"))));
    assertThatThrownBy(() -> qbo.applyStockChanges(List.of(StockChange.set("MUG-01", STORE, BigDecimal.TEN,
        StockChangeReason.PHYSICAL_COUNT, START, null)), RequestOptions.idempotencyKey("stale-2")))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.vendorCode()).isEqualTo("5010"));
  }

  @Test
  void setWritesTheCountAndAnUnknownSkuFailsWithTheCommonMappingCode() {
    qbo.applyStockChanges(List.of(StockChange.set("TEA-01", STORE, new BigDecimal("7"),
        StockChangeReason.PHYSICAL_COUNT, START, null)), RequestOptions.idempotencyKey("set-1"));
    assertThat(sim.record(REALM, "Item", teaId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("7");
    assertThatThrownBy(() -> qbo.applyStockChanges(List.of(StockChange.set("NOPE", STORE, BigDecimal.ONE,
        StockChangeReason.PHYSICAL_COUNT, START, null)), RequestOptions.none()))
        .isInstanceOfSatisfying(dev.posbridge.core.ValidationException.class, e -> {
          assertThat(e.fieldErrors()).extracting(f -> f.code()).containsExactly("UNMAPPED_SKU");
          assertThat(e.getMessage()).contains("sku(UNMAPPED_SKU: no QuickBooks Item for SKU NOPE)");
        });
  }

  @Test
  void withAnAdjustmentAccountChangesGoOutAsInventoryAdjustments() throws Exception {
    qbo.close();
    String shrink = sim.idOf(REALM, "Account", "Inventory Shrinkage");
    qbo = connector().mapping(mapping().toBuilder().inventoryAdjustmentAccount(shrink).build()).build();

    StockWriteResult r = qbo.applyStockChanges(List.of(
        StockChange.adjust("MUG-01", STORE, new BigDecimal("-2"), StockChangeReason.SHRINKAGE, START, null),
        StockChange.set("TEA-01", STORE, new BigDecimal("900"), StockChangeReason.PHYSICAL_COUNT, START, null)),
        RequestOptions.idempotencyKey("ia-1"));

    assertThat(r.calls()).isEqualTo(1);
    JsonView body = body(posts("inventoryadjustment").get(0));
    assertThat(body.path("AdjustAccountRef").path("value").asText()).isEqualTo(shrink);
    assertThat(body.path("Line").get(1).path("ItemAdjustmentLineDetail").path("QtyDiff").decimalValue())
        .isEqualByComparingTo("-100");
    assertThat(sim.record(REALM, "Item", mugId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("98");
    assertThat(sim.record(REALM, "Item", teaId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("900");
    IntuitOracle.assertEntityRoundTrips(body, com.intuit.ipp.data.InventoryAdjustment.class);
  }
}
