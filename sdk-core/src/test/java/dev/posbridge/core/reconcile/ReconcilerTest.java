package dev.posbridge.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockChangeReason;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private static String key(ReconciliationRow r) {
    return r.sku() + "@" + r.location();
  }

  @Test
  void findsExactlyTheSeededDiscrepancies() {
    ThreeSystems t = new ThreeSystems(20, "store-1", "store-2");
    t.set(t.shop, "SKU-03", "store-1", t.base("SKU-03") - 2);
    t.set(t.erp, "SKU-07", "store-2", t.base("SKU-07") + 5);
    t.remove(t.shop, "SKU-11", "store-1");

    ReconciliationReport report = t.builder().build().reconcile();

    Set<String> found = report.discrepancies().map(ReconcilerTest::key).collect(Collectors.toSet());
    assertThat(found).containsExactlyInAnyOrder("SKU-03@store-1", "SKU-07@store-2", "SKU-11@store-1");
    ReconciliationSummary s = report.summary();
    assertThat(s.compared()).isEqualTo(40);
    assertThat(s.discrepancies()).isEqualTo(3);
    assertThat(s.missing()).isEqualTo(1);
    assertThat(s.discrepancyRate()).isCloseTo(3.0 / 40, within(1e-12));
    assertThat(s.unitsOff()).isEqualByComparingTo(BigDecimal.valueOf(2 + 5 + t.base("SKU-11")));
    assertThat(s.unmapped()).isZero();
    assertThat(s.locations()).extracting(LocationSummary::location, LocationSummary::compared,
            LocationSummary::discrepancies)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("store-1", 20L, 2L),
            org.assertj.core.groups.Tuple.tuple("store-2", 20L, 1L));
  }

  @Test
  void reportsQuantitiesSpreadAndMissingSystemsPerRow() {
    ThreeSystems t = new ThreeSystems(3, "store-1");
    t.set(t.shop, "SKU-02", "store-1", 4);
    t.remove(t.erp, "SKU-02", "store-1");

    ReconciliationRow row = t.builder().build().reconcile().row("SKU-02", "store-1").orElseThrow();

    assertThat(row.quantities()).containsOnlyKeys("pos", "shop");
    assertThat(row.quantity("pos")).isEqualByComparingTo("11");
    assertThat(row.quantity("shop")).isEqualByComparingTo("4");
    assertThat(row.quantity("erp")).isEqualByComparingTo("0");
    assertThat(row.missingIn()).containsExactly("erp");
    assertThat(row.missing()).isTrue();
    assertThat(row.spread()).isEqualByComparingTo("11");
    assertThat(row.driftVsRecord()).isNull();
    assertThat(row.discrepancy()).isTrue();
  }

  @Test
  void missingKeyIsADiscrepancyEvenWhenQuantitiesAgreeAtZero() {
    ThreeSystems t = new ThreeSystems(2, "store-1");
    t.set(t.pos, "SKU-01", "store-1", 0);
    t.set(t.erp, "SKU-01", "store-1", 0);
    t.remove(t.shop, "SKU-01", "store-1");

    ReconciliationRow row = t.builder().build().reconcile().row("SKU-01", "store-1").orElseThrow();

    assertThat(row.spread()).isEqualByComparingTo("0");
    assertThat(row.withinTolerance()).isTrue();
    assertThat(row.discrepancy()).isTrue();
  }

  @Test
  void measuresDriftAgainstTheSystemOfRecord() {
    ThreeSystems t = new ThreeSystems(2, "store-1");
    t.set(t.pos, "SKU-01", "store-1", 7);
    t.set(t.shop, "SKU-01", "store-1", 13);
    t.set(t.erp, "SKU-01", "store-1", 12);

    ReconciliationRow row = t.builder().systemOfRecord("erp").build().reconcile()
        .row("SKU-01", "store-1").orElseThrow();

    assertThat(row.spread()).isEqualByComparingTo("6");
    assertThat(row.driftVsRecord()).isEqualByComparingTo("5");
    assertThat(row.drift()).isEqualByComparingTo("5");
  }

  @Test
  void absoluteToleranceAcceptsSmallDriftOnly() {
    ThreeSystems t = new ThreeSystems(3, "store-1");
    t.set(t.shop, "SKU-01", "store-1", t.base("SKU-01") - 2);
    t.set(t.shop, "SKU-02", "store-1", t.base("SKU-02") - 3);

    ReconciliationReport report = t.builder().tolerance(Tolerance.units(2)).build().reconcile();

    assertThat(report.row("SKU-01", "store-1").orElseThrow().withinTolerance()).isTrue();
    assertThat(report.row("SKU-02", "store-1").orElseThrow().withinTolerance()).isFalse();
    assertThat(report.summary().discrepancies()).isEqualTo(1);
    assertThat(report.summary().differences()).isEqualTo(2);
  }

  @Test
  void percentToleranceScalesWithTheRecordQuantity() {
    ThreeSystems t = new ThreeSystems(2, "store-1");
    t.set(t.erp, "SKU-01", "store-1", 200);
    t.set(t.pos, "SKU-01", "store-1", 190);
    t.set(t.shop, "SKU-01", "store-1", 200);
    t.set(t.erp, "SKU-02", "store-1", 20);
    t.set(t.pos, "SKU-02", "store-1", 18);
    t.set(t.shop, "SKU-02", "store-1", 20);

    ReconciliationReport report = t.builder().systemOfRecord("erp")
        .tolerance(Tolerance.percent("5")).build().reconcile();

    ReconciliationRow big = report.row("SKU-01", "store-1").orElseThrow();
    assertThat(big.allowedDrift()).isEqualByComparingTo("10");
    assertThat(big.withinTolerance()).isTrue();
    ReconciliationRow small = report.row("SKU-02", "store-1").orElseThrow();
    assertThat(small.allowedDrift()).isEqualByComparingTo("1");
    assertThat(small.withinTolerance()).isFalse();
  }

  @Test
  void combinedToleranceTakesTheLargerAllowance() {
    Tolerance t = Tolerance.of(BigDecimal.valueOf(3), new BigDecimal("10"));
    assertThat(t.allowedDrift(BigDecimal.valueOf(10))).isEqualByComparingTo("3");
    assertThat(t.allowedDrift(BigDecimal.valueOf(100))).isEqualByComparingTo("10");
    assertThat(Tolerance.exact().allowedDrift(BigDecimal.valueOf(1000))).isEqualByComparingTo("0");
    assertThatThrownBy(() -> Tolerance.units(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tolerance.percent("-0.5")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void perSkuToleranceOverridesTheDefault() {
    ThreeSystems t = new ThreeSystems(2, "store-1");
    t.set(t.shop, "SKU-01", "store-1", t.base("SKU-01") - 4);
    t.set(t.shop, "SKU-02", "store-1", t.base("SKU-02") - 4);

    ReconciliationReport report = t.builder()
        .tolerance(Tolerance.units(1))
        .tolerance("SKU-02", Tolerance.units(5))
        .build().reconcile();

    assertThat(report.discrepancies().map(ReconcilerTest::key)).containsExactly("SKU-01@store-1");
  }

  @Test
  void reportsUnmappedItemsAndLocationsInsteadOfDroppingThem() {
    ThreeSystems t = new ThreeSystems(2, "store-1");
    t.pos.put("sq-NEW", "sq@store-1", 4);
    t.shop.put(ThreeSystems.item(t.shop, "SKU-01"), "sh@warehouse-9", 6);
    t.erp.put("ns-ODD", "ns@nowhere", 1);

    ReconciliationReport report = t.builder().build().reconcile();

    assertThat(report.summary().unmapped()).isEqualTo(3);
    assertThat(report.unmapped())
        .extracting(UnmappedLevel::system, u -> u.item().id(), UnmappedLevel::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pos", "sq-NEW", UnmappedLevel.Reason.ITEM),
            org.assertj.core.groups.Tuple.tuple("shop", "sh-SKU-01", UnmappedLevel.Reason.LOCATION),
            org.assertj.core.groups.Tuple.tuple("erp", "ns-ODD", UnmappedLevel.Reason.ITEM_AND_LOCATION));
    assertThat(report.unmapped().get(1).quantity()).isEqualByComparingTo("6");
    assertThat(report.summary().compared()).isEqualTo(2);
    assertThat(report.summary().discrepancies()).isZero();
  }

  @Test
  void countsEveryUnmappedLevelButKeepsOnlyTheConfiguredDetail() {
    ThreeSystems t = new ThreeSystems(1, "store-1");
    for (int i = 0; i < 30; i++) {
      t.pos.put("sq-X" + i, "sq@store-1", i);
    }
    ReconciliationReport report = t.builder().unmappedDetails(10).build().reconcile();
    assertThat(report.summary().unmapped()).isEqualTo(30);
    assertThat(report.unmapped()).hasSize(10);
  }

  @Test
  void readsEveryPageLazily() {
    ThreeSystems t = new ThreeSystems(20, "store-1", "store-2");
    Reconciler reconciler = t.builder().build();
    assertThat(t.pos.pageFetches()).isZero();

    reconciler.reconcile();

    assertThat(t.pos.pageFetches()).isEqualTo(6);   // 40 levels / 7 per page
    assertThat(t.shop.pageFetches()).isEqualTo(8);  // 40 / 5
    assertThat(t.erp.pageFetches()).isEqualTo(4);   // 40 / 10
  }

  @Test
  void sendsTheConfiguredQueryToEveryConnector() {
    ThreeSystems t = new ThreeSystems(2, "store-1");
    dev.posbridge.core.connect.StockQuery query =
        dev.posbridge.core.connect.StockQuery.forSkus(List.of("SKU-01"));
    t.builder().query(query).build().reconcile();
    assertThat(List.of(t.pos.lastQuery(), t.shop.lastQuery(), t.erp.lastQuery()))
        .containsOnly(query);
  }

  @Test
  void keepsTheWorstItemsLargestDriftFirst() {
    ThreeSystems t = new ThreeSystems(10, "store-1");
    for (int i = 1; i <= 6; i++) {
      String sku = String.format("SKU-%02d", i);
      t.set(t.shop, sku, "store-1", t.base(sku) - i);
    }
    ReconciliationReport report = t.builder().worstItems(3).build().reconcile();
    assertThat(report.worst()).extracting(ReconciliationRow::sku)
        .containsExactly("SKU-06", "SKU-05", "SKU-04");
    assertThat(report.summary().discrepancies()).isEqualTo(6);
  }

  @Test
  void keepsFractionalQuantitiesExact() {
    ThreeSystems t = new ThreeSystems(1, "store-1");
    t.pos.put(ThreeSystems.item(t.pos, "SKU-01"), "sq@store-1", new BigDecimal("2.5"));
    t.shop.put(ThreeSystems.item(t.shop, "SKU-01"), "sh@store-1", new BigDecimal("2.499999"));
    t.erp.put(ThreeSystems.item(t.erp, "SKU-01"), "ne@store-1", new BigDecimal("2.5"));

    ReconciliationRow row = t.builder().build().reconcile().row("SKU-01", "store-1").orElseThrow();

    assertThat(row.quantity("shop")).isEqualTo(new BigDecimal("2.499999"));
    assertThat(row.spread()).isEqualTo(new BigDecimal("0.000001"));
  }

  @Test
  void theReportListsTheSystemsInTheOrderTheyWereAdded() {
    ThreeSystems t = new ThreeSystems(1, "store-1");
    java.util.List<String> names = java.util.List.of("pos", "shop", "erp", "web", "kiosk", "depot",
        "outlet", "ledger");
    Reconciler.Builder b = Reconciler.builder().idMap(t.idMap);
    names.forEach(n -> b.system(n, t.pos));
    assertThat(b.build().reconcile().systems()).containsExactlyElementsOf(names);
  }

  @Test
  void builderRejectsIncompleteConfiguration() {
    ThreeSystems t = new ThreeSystems(1, "store-1");
    assertThatThrownBy(() -> Reconciler.builder().system("pos", t.pos).idMap(t.idMap).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("two systems");
    assertThatThrownBy(() -> Reconciler.builder().system("pos", t.pos).system("shop", t.shop).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("idMap");
    assertThatThrownBy(() -> t.builder().systemOfRecord("ledger").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ledger");
    assertThatThrownBy(() -> Reconciler.builder().system("pos", t.pos).system("pos", t.shop))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reconciler.builder().system("bad name", t.pos))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reconciler.builder().worstItems(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Reconciler.builder().system(t.pos).system(t.shop).idMap(t.idMap).build().systems())
        .containsExactly("square", "shopify");
  }

  @Test
  void planningACorrectionNeedsASystemOfRecord() {
    ThreeSystems t = new ThreeSystems(1, "store-1");
    ReconciliationReport report = t.builder().build().reconcile();
    assertThatThrownBy(report::correctionPlan).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void correctionPlanIsADryRunOfSetsToTheRecordQuantity() {
    ThreeSystems t = new ThreeSystems(5, "store-1", "store-2");
    t.set(t.pos, "SKU-02", "store-1", 3);
    t.set(t.shop, "SKU-02", "store-1", 4);
    t.remove(t.shop, "SKU-04", "store-2");

    CorrectionPlan plan = t.builder().systemOfRecord("erp").build().reconcile().correctionPlan();

    assertThat(plan.systemOfRecord()).isEqualTo("erp");
    assertThat(plan.changeCount()).isEqualTo(3);
    assertThat(t.pos.applyCalls() + t.shop.applyCalls() + t.erp.applyCalls()).isZero();
    StockChange posChange = plan.changes("pos").get(0);
    assertThat(posChange.kind()).isEqualTo(StockChangeKind.SET);
    assertThat(posChange.reason()).isEqualTo(StockChangeReason.CORRECTION);
    assertThat(posChange.quantity()).isEqualByComparingTo(BigDecimal.valueOf(t.base("SKU-02")));
    assertThat(posChange.sku()).isEqualTo("SKU-02");
    assertThat(posChange.item()).isEqualTo(ExternalRef.of("square", "item", "sq-SKU-02"));
    assertThat(posChange.location()).isEqualTo(ExternalRef.of("square", "location", "sq@store-1"));
    assertThat(posChange.occurredAt()).isEqualTo(ThreeSystems.CLOCK.instant());
    assertThat(plan.changes("shop")).extracting(c -> c.item().id(), c -> c.location().id())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sh-SKU-02", "sh@store-1"),
            org.assertj.core.groups.Tuple.tuple("sh-SKU-04", "sh@store-2"));
    assertThat(plan.changes("erp")).isEmpty();
  }

  @Test
  void correctionBringsDriftToZeroAndASecondRunChangesNothing() {
    ThreeSystems t = new ThreeSystems(12, "store-1", "store-2");
    t.set(t.pos, "SKU-01", "store-1", 0);
    t.set(t.pos, "SKU-05", "store-2", 99);
    t.set(t.shop, "SKU-05", "store-2", 98);
    t.remove(t.shop, "SKU-09", "store-1");
    t.set(t.erp, "SKU-12", "store-1", 1);
    Reconciler reconciler = t.builder().systemOfRecord("pos").build();

    ReconciliationReport before = reconciler.reconcile();
    CorrectionPlan plan = before.correctionPlan();
    CorrectionResult result = plan.apply();

    assertThat(result.applied()).isEqualTo(plan.changeCount());
    ReconciliationReport after = reconciler.reconcile();
    assertThat(after.summary().discrepancies()).isZero();
    assertThat(after.summary().unitsOff()).isEqualByComparingTo("0");
    assertThat(after.rows()).allSatisfy(r -> assertThat(r.spread()).isEqualByComparingTo("0"));
    assertThat(t.get(t.shop, "SKU-05", "store-2")).isEqualByComparingTo("99");
    assertThat(t.get(t.erp, "SKU-01", "store-1")).isEqualByComparingTo("0");
    assertThat(t.get(t.shop, "SKU-09", "store-1")).isEqualByComparingTo(BigDecimal.valueOf(t.base("SKU-09")));

    CorrectionPlan second = after.correctionPlan();
    assertThat(second.isEmpty()).isTrue();
    assertThat(second.apply().calls()).isZero();

    int appliedBefore = t.shop.appliedChanges() + t.erp.appliedChanges();
    Set<String> keysBefore = t.erp.appliedKeys();
    CorrectionResult repeat = plan.apply();
    assertThat(repeat.applied()).isZero();
    assertThat(t.shop.appliedChanges() + t.erp.appliedChanges()).isEqualTo(appliedBefore);
    assertThat(t.erp.appliedKeys()).isEqualTo(keysBefore);
  }

  @Test
  void batchesRespectEachTargetsMaxChangesPerCall() {
    ThreeSystems t = new ThreeSystems(10, "store-1");
    for (String sku : t.skus) {
      t.set(t.pos, sku, "store-1", 500);
    }
    CorrectionPlan plan = t.builder().systemOfRecord("pos").build().reconcile().correctionPlan();

    // erp takes 3 changes per call, shop 250
    assertThat(plan.batches()).filteredOn(b -> b.system().equals("erp"))
        .extracting(b -> b.changes().size()).containsExactly(3, 3, 3, 1);
    assertThat(plan.batches()).filteredOn(b -> b.system().equals("shop"))
        .extracting(b -> b.changes().size()).containsExactly(10);
    assertThat(plan.batches()).extracting(CorrectionBatch::idempotencyKey).doesNotHaveDuplicates()
        .allSatisfy(k -> assertThat(k).startsWith("pbr-").hasSize(36));

    plan.apply();

    assertThat(t.erp.applyCalls()).isEqualTo(4);
    assertThat(t.erp.callSizes()).containsExactly(3, 3, 3, 1);
    assertThat(t.erp.callSizes()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(t.erp.maxStockChangesPerCall()));
    assertThat(t.shop.callSizes()).containsExactly(10);
  }

  @Test
  void applyingAgainAfterAFailureFinishesTheRestWithoutRepeatingAppliedBatches() {
    ThreeSystems t = new ThreeSystems(10, "store-1");
    for (String sku : t.skus) {
      t.set(t.pos, sku, "store-1", 500);
    }
    CorrectionPlan plan = t.builder().systemOfRecord("pos").build().reconcile().correctionPlan();
    t.erp.failVendorCall(2);

    assertThatThrownBy(plan::apply).isInstanceOf(dev.posbridge.core.VendorUnavailableException.class);
    assertThat(t.erp.appliedChanges()).isEqualTo(6);

    CorrectionResult resumed = plan.apply();

    assertThat(resumed.appliedBySystem()).containsEntry("erp", 4).containsEntry("shop", 0);
    assertThat(t.erp.appliedChanges()).isEqualTo(10);
    assertThat(t.erp.appliedKeys()).hasSize(4);
    assertThat(t.builder().systemOfRecord("pos").build().reconcile().summary().discrepancies()).isZero();
  }

  @Test
  void idempotencyKeysAreDerivedDeterministicallyFromTheReport() {
    ThreeSystems t = new ThreeSystems(4, "store-1");
    t.set(t.shop, "SKU-03", "store-1", 1);
    Reconciler reconciler = t.builder().systemOfRecord("erp").build();

    ReconciliationReport report = reconciler.reconcile();
    List<String> first = keys(report.correctionPlan());
    List<String> samePlanAgain = keys(report.correctionPlan());
    List<String> sameContentSameTime = keys(reconciler.reconcile().correctionPlan());
    List<String> later = keys(t.builder().systemOfRecord("erp")
        .clock(java.time.Clock.offset(ThreeSystems.CLOCK, java.time.Duration.ofMinutes(5)))
        .build().reconcile().correctionPlan());
    t.set(t.shop, "SKU-03", "store-1", 2);
    List<String> otherDrift = keys(reconciler.reconcile().correctionPlan());

    assertThat(first).hasSize(1).isEqualTo(samePlanAgain).isEqualTo(sameContentSameTime);
    assertThat(later).hasSize(1).doesNotContainAnyElementsOf(first);
    assertThat(otherDrift).hasSize(1).doesNotContainAnyElementsOf(first);
    assertThat(report.correctionPlan().batches().get(0).changes().get(0).reference())
        .isEqualTo("posbridge-reconcile-2026-11-29T11:00:00Z");
  }

  private static List<String> keys(CorrectionPlan plan) {
    return plan.batches().stream().map(CorrectionBatch::idempotencyKey).toList();
  }

  @Test
  void skipsKeysTheSystemOfRecordLacksAndTargetsTheIdMapCannotResolve() {
    ThreeSystems t = new ThreeSystems(3, "store-1");
    t.remove(t.erp, "SKU-01", "store-1");
    t.set(t.pos, "SKU-02", "store-1", 1);
    t.set(t.shop, "SKU-02", "store-1", 1);
    IdMap partial = IdMap.inMemory();
    for (String sku : t.skus) {
      for (FakeInventoryConnector c : List.of(t.pos, t.shop, t.erp)) {
        if (!(c == t.shop && sku.equals("SKU-02"))) {
          partial.put(IdMap.Kind.SKU, sku, c.itemRef(ThreeSystems.item(c, sku)));
        }
      }
    }
    for (FakeInventoryConnector c : List.of(t.pos, t.shop, t.erp)) {
      partial.put(IdMap.Kind.LOCATION, "store-1", c.locationRef(ThreeSystems.loc(c, "store-1")));
    }

    CorrectionPlan plan = t.builder().idMap(partial).systemOfRecord("erp").build().reconcile()
        .correctionPlan();

    assertThat(plan.skipped()).extracting(SkippedCorrection::sku, SkippedCorrection::system,
            SkippedCorrection::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("SKU-01", "erp", SkippedCorrection.Reason.MISSING_IN_RECORD),
            org.assertj.core.groups.Tuple.tuple("SKU-02", "shop", SkippedCorrection.Reason.ITEM_NOT_MAPPED));
    // SKU-02's shop level is unmapped, so the key is missing in shop and cannot be resolved there
    assertThat(plan.changes("pos")).extracting(StockChange::sku).containsExactly("SKU-02");
    assertThat(plan.changes("shop")).isEmpty();
  }

  @Test
  void allDifferencesScopeAlsoCorrectsDriftWithinTolerance() {
    ThreeSystems t = new ThreeSystems(2, "store-1");
    t.set(t.shop, "SKU-01", "store-1", t.base("SKU-01") - 1);
    ReconciliationReport report = t.builder().systemOfRecord("erp").tolerance(Tolerance.units(1))
        .build().reconcile();

    assertThat(report.correctionPlan().isEmpty()).isTrue();
    assertThat(report.correctionPlan(CorrectionScope.ALL_DIFFERENCES).changeCount()).isEqualTo(1);
  }
}
