package dev.posbridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.auth.BearerToken;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.reconcile.CorrectionPlan;
import dev.posbridge.core.reconcile.CorrectionResult;
import dev.posbridge.core.reconcile.Reconciler;
import dev.posbridge.core.reconcile.ReconciliationReport;
import dev.posbridge.core.reconcile.ReconciliationRow;
import dev.posbridge.core.reconcile.UnmappedLevel;
import dev.posbridge.netsuite.NetSuiteConnector;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.netsuite.NetSuiteSimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's check on the real connectors: simulators seeded with known drift, reconciled, corrected
 * from NetSuite (system of record), and corrected again without any new write.
 */
class ReconcileAcrossSimulatorsTest {

  static final List<String> SKUS = List.of("TEE-S", "TEE-M", "TEE-L", "CAP-01", "MUG-01");
  static final List<String> STORES = List.of("Downtown", "Harbour");

  @TempDir Path tmp;
  SquareSimulator squareSim;
  NetSuiteSimulator netsuiteSim;
  SquareConnector square;
  NetSuiteConnector netsuite;
  IdMap idMap;

  @BeforeEach
  void seedDrift() {
    squareSim = new SquareSimulator();
    netsuiteSim = NetSuiteSimulator.builder().build();
    String[] variations = new String[SKUS.size()];
    String[] items = new String[SKUS.size()];
    for (int i = 0; i < SKUS.size(); i++) {
      variations[i] = squareSim.seedItem(SKUS.get(i), 1500);
      items[i] = netsuiteSim.seedItem(SKUS.get(i), SKUS.get(i), null);
    }
    String unmapped = squareSim.seedItem("GIFT-25", 2500);   // not in NetSuite's catalog
    for (String store : STORES) {
      String sq = squareSim.seedLocation(store, "USD");
      String ns = netsuiteSim.seedLocation(store);
      for (int i = 0; i < SKUS.size(); i++) {
        long qty = base(SKUS.get(i));
        long pos = store.equals("Downtown") && SKUS.get(i).equals("CAP-01") ? qty + 4 : qty;   // Square off
        long erp = store.equals("Harbour") && SKUS.get(i).equals("TEE-L") ? qty - 3 : qty;     // NetSuite off
        squareSim.seedCount(variations[i], sq, String.valueOf(pos));
        netsuiteSim.setStock(items[i], ns, BigDecimal.valueOf(erp));
      }
      squareSim.seedCount(unmapped, sq, "50");
    }
    square = SquareConnector.builder().accessToken(SquareSimulator.DEFAULT_TOKEN).baseUrl(squareSim.baseUrl()).build();
    netsuite = NetSuiteConnector.builder().accountId(netsuiteSim.accountId()).baseUrl(netsuiteSim.baseUrl())
        .credentials(BearerToken.of(netsuiteSim.issueAccessToken()))
        .mapping(NetSuiteMapping.builder().subsidiary("1").inventoryAdjustmentAccount("214").build())
        .build();
    idMap = IdMap.inMemory();
    Set<String> catalog = ReconcileSquareNetSuite.mapSkus(idMap, netsuite, null);
    ReconcileSquareNetSuite.mapSkus(idMap, square, catalog);
    ReconcileSquareNetSuite.mapLocationsByName(idMap, netsuite);
    ReconcileSquareNetSuite.mapLocationsByName(idMap, square);
  }

  @AfterEach
  void stop() {
    square.close();
    netsuite.close();
    squareSim.assertNoInternalErrors();
    netsuiteSim.assertNoInternalErrors();
    squareSim.close();
    netsuiteSim.close();
  }

  static long base(String sku) {
    return 10 + 3L * SKUS.indexOf(sku);
  }

  Reconciler reconciler() {
    return Reconciler.builder().system("square", square).system("netsuite", netsuite).idMap(idMap)
        .systemOfRecord("netsuite").build();
  }

  @Test
  void findsExactlyTheSeededDriftAndCorrectsItOnce() throws Exception {
    ReconciliationReport report = reconciler().reconcile();

    assertThat(report.summary().compared()).isEqualTo(SKUS.size() * STORES.size());
    Set<String> found = report.discrepancies().map(r -> r.sku() + "@" + r.location()).collect(Collectors.toSet());
    assertThat(found).containsExactlyInAnyOrder("CAP-01@downtown", "TEE-L@harbour");
    assertThat(report.summary().discrepancyRate()).isEqualTo(2.0 / 10);
    assertThat(report.summary().unitsOff()).isEqualByComparingTo("7");
    assertThat(report.summary().unmapped()).isEqualTo(2);
    assertThat(report.unmapped()).allSatisfy(u -> {
      assertThat(u.system()).isEqualTo("square");
      assertThat(u.reportedSku()).isEqualTo("GIFT-25");
      assertThat(u.reason()).isEqualTo(UnmappedLevel.Reason.ITEM);
    });
    Path html = tmp.resolve("drift.html");
    report.write(dev.posbridge.core.reconcile.ReportFormat.HTML, html);
    assertThat(Files.readString(html)).contains("CAP-01", "TEE-L", "<table");

    CorrectionPlan plan = report.correctionPlan();
    assertThat(plan.changes("square")).hasSize(2);
    assertThat(plan.changes("netsuite")).isEmpty();
    CorrectionResult result = plan.apply();
    assertThat(result.applied()).isEqualTo(2);

    ReconciliationReport after = reconciler().reconcile();
    assertThat(after.summary().discrepancies()).isZero();
    assertThat(after.discrepancies().map(ReconciliationRow::sku)).isEmpty();

    // A second correction run writes nothing: the fresh plan is empty, and replaying the first
    // plan reuses its idempotency keys, which Square answers from its ledger.
    int squareWrites = squareSim.effects().total("BatchChangeInventory");
    int squareCalls = squareSim.journal().count();
    assertThat(after.correctionPlan().isEmpty()).isTrue();
    after.correctionPlan().apply();
    assertThat(squareSim.journal().count()).isEqualTo(squareCalls);
    plan.apply();
    assertThat(squareSim.effects().total("BatchChangeInventory")).isEqualTo(squareWrites);
    assertThat(netsuiteSim.count("inventoryAdjustment")).isZero();
    assertThat(reconciler().reconcile().summary().discrepancies()).isZero();
  }
}
