package dev.posbridge.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.reconcile.CorrectionPlan;
import dev.posbridge.core.reconcile.CorrectionResult;
import dev.posbridge.core.reconcile.Reconciler;
import dev.posbridge.core.reconcile.ReconciliationReport;
import dev.posbridge.core.reconcile.ReconciliationRow;
import dev.posbridge.core.reconcile.UnmappedLevel;
import dev.posbridge.netsuite.NetSuiteAuth;
import dev.posbridge.netsuite.NetSuiteConnector;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.shopify.ShopifyAuth;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.netsuite.NetSuiteSimulator;
import dev.posbridge.testing.shopify.ShopifySimulator;
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
  /** "Main Store" is the Shopify simulator's default location. */
  static final List<String> STORES = List.of("Main Store", "Harbour");

  @TempDir Path tmp;
  SquareSimulator squareSim;
  ShopifySimulator shopifySim;
  NetSuiteSimulator netsuiteSim;
  SquareConnector square;
  ShopifyConnector shopify;
  NetSuiteConnector netsuite;
  IdMap idMap;
  String shopifyHarbour;
  String shopifyMug;

  @BeforeEach
  void seedDrift() {
    squareSim = SquareSimulator.start();
    shopifySim = ShopifySimulator.start();
    netsuiteSim = NetSuiteSimulator.start();
    String[] variations = new String[SKUS.size()];
    String[] inventoryItems = new String[SKUS.size()];
    String[] items = new String[SKUS.size()];
    for (int i = 0; i < SKUS.size(); i++) {
      variations[i] = squareSim.seedItem(SKUS.get(i), 1500);
      inventoryItems[i] = shopifySim.seedItem(SKUS.get(i), SKUS.get(i), "15.00").inventoryItemId();
      items[i] = netsuiteSim.seedItem(SKUS.get(i), SKUS.get(i), null);
    }
    String unmapped = squareSim.seedItem("GIFT-25", 2500);   // not in NetSuite's catalog
    for (String store : STORES) {
      String sq = squareSim.seedLocation(store, "USD");
      String ns = netsuiteSim.seedLocation(store);
      String shop = store.equals("Main Store") ? ShopifySimulator.DEFAULT_LOCATION : shopifySim.seedLocation(store, true);
      shopifyHarbour = shop;
      for (int i = 0; i < SKUS.size(); i++) {
        long qty = base(SKUS.get(i));
        long pos = store.equals("Main Store") && SKUS.get(i).equals("CAP-01") ? qty + 4 : qty;   // Square off
        long erp = store.equals("Harbour") && SKUS.get(i).equals("TEE-L") ? qty - 3 : qty;       // NetSuite off
        squareSim.seedStock(variations[i], sq, String.valueOf(pos));
        netsuiteSim.seedStock(items[i], ns, BigDecimal.valueOf(erp));
        if (store.equals("Harbour") && SKUS.get(i).equals("MUG-01")) {                         // Shopify missing
          shopifyMug = inventoryItems[i];
        } else {
          shopifySim.seedStock(inventoryItems[i], shop, (int) qty, 0);
        }
      }
      squareSim.seedStock(unmapped, sq, "50");
    }
    square = SquareConnector.builder().credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN)).baseUrl(squareSim.baseUrl()).build();
    shopify = ShopifyConnector.builder().shopDomain(ShopifySimulator.DEFAULT_SHOP).baseUrl(shopifySim.baseUrl())
        .credentials(ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN)).build();
    netsuite = NetSuiteConnector.builder().accountId(netsuiteSim.accountId()).baseUrl(netsuiteSim.baseUrl())
        .credentials(NetSuiteAuth.accessToken(netsuiteSim.issueAccessToken()))
        .mapping(NetSuiteMapping.builder().subsidiary("1").inventoryAdjustmentAccount("214").build())
        .build();
    idMap = IdMap.inMemory();
    Set<String> catalog = ReconcileSquareNetSuite.mapSkus(idMap, netsuite, null);
    ReconcileSquareNetSuite.mapSkus(idMap, square, catalog);
    ReconcileSquareNetSuite.mapSkus(idMap, shopify, catalog);
    ReconcileSquareNetSuite.mapLocationsByName(idMap, netsuite);
    ReconcileSquareNetSuite.mapLocationsByName(idMap, square);
    ReconcileSquareNetSuite.mapLocationsByName(idMap, shopify);
  }

  @AfterEach
  void stop() {
    square.close();
    shopify.close();
    netsuite.close();
    squareSim.assertNoInternalErrors();
    shopifySim.assertNoInternalErrors();
    netsuiteSim.assertNoInternalErrors();
    squareSim.close();
    shopifySim.close();
    netsuiteSim.close();
  }

  static long base(String sku) {
    return 10 + 3L * SKUS.indexOf(sku);
  }

  Reconciler reconciler() {
    return Reconciler.builder().system("square", square).system("shopify", shopify).system("netsuite", netsuite)
        .idMap(idMap)
        .systemOfRecord("netsuite").build();
  }

  @Test
  void findsExactlyTheSeededDriftAndCorrectsItOnce() throws Exception {
    ReconciliationReport report = reconciler().reconcile();

    assertThat(report.summary().compared()).isEqualTo(SKUS.size() * STORES.size());
    Set<String> found = report.discrepancies().map(r -> r.sku() + "@" + r.location()).collect(Collectors.toSet());
    assertThat(found).containsExactlyInAnyOrder("CAP-01@main store", "TEE-L@harbour", "MUG-01@harbour");
    assertThat(report.summary().discrepancyRate()).isEqualTo(3.0 / 10);
    assertThat(report.summary().missing()).isEqualTo(1);
    assertThat(report.row("MUG-01", "harbour").orElseThrow().quantities()).doesNotContainKey("shopify");
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
    assertThat(plan.changes("square")).hasSize(2);     // CAP-01 and TEE-L
    assertThat(plan.changes("shopify")).hasSize(2);    // TEE-L and the missing MUG-01
    assertThat(plan.changes("netsuite")).isEmpty();
    // Shopify refuses a quantity for an item that is not stocked at the location, and posbridge
    // does not activate items at locations (yet): the Shopify batch fails, the Square one is applied.
    assertThatThrownBy(plan::apply).isInstanceOf(ValidationException.class).hasMessageContaining("INVALID_LOCATION");
    shopifySim.seedStock(shopifyMug, shopifyHarbour, 0, 0);   // the merchant stocks MUG-01 at Harbour
    // Shopify replays the failed answer for the same key, so the correction is planned afresh.
    ReconciliationReport retried = reconciler().reconcile();
    assertThat(retried.discrepancies().map(r -> r.sku() + "@" + r.location()))
        .containsExactlyInAnyOrder("TEE-L@harbour", "MUG-01@harbour");
    plan = retried.correctionPlan();
    assertThat(plan.changes("square")).isEmpty();
    CorrectionResult result = plan.apply();
    assertThat(result.appliedBySystem()).containsEntry("shopify", 2);

    ReconciliationReport after = reconciler().reconcile();
    assertThat(after.summary().discrepancies()).isZero();
    assertThat(after.discrepancies().map(ReconciliationRow::sku)).isEmpty();

    // A second correction run writes nothing: the fresh plan is empty, and replaying the first
    // plan reuses its idempotency keys, which Square answers from its ledger.
    int squareWrites = squareSim.effects().total("BatchChangeInventory");
    int shopifyWrites = shopifySim.effects().total("inventorySetQuantities");
    assertThat(after.correctionPlan().isEmpty()).isTrue();
    after.correctionPlan().apply();
    plan.apply();
    assertThat(squareSim.effects().total("BatchChangeInventory")).isEqualTo(squareWrites);
    assertThat(shopifySim.effects().total("inventorySetQuantities")).isEqualTo(shopifyWrites);
    assertThat(netsuiteSim.count("inventoryAdjustment")).isZero();
    assertThat(reconciler().reconcile().summary().discrepancies()).isZero();
  }
}
