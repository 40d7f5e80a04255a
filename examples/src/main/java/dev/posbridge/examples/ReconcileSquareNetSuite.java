package dev.posbridge.examples;

import dev.posbridge.core.connect.CatalogConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.LocationDirectory;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.reconcile.Reconciler;
import dev.posbridge.core.reconcile.ReconciliationReport;
import dev.posbridge.core.reconcile.ReconciliationSummary;
import dev.posbridge.core.reconcile.ReportFormat;
import dev.posbridge.netsuite.NetSuiteAuth;
import dev.posbridge.netsuite.NetSuiteConnector;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.netsuite.NetSuiteSimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A stock reconciliation between Square (the stores' POS) and NetSuite (the ERP, system of
 * record), written as a self-contained HTML report.
 *
 * <p>The canonical catalog is NetSuite's item list: a SKU NetSuite does not carry is left out of
 * the {@link IdMap}, so its Square stock shows up as <em>unmapped</em> in the report instead of
 * being silently dropped. Locations are joined by name. {@code main} runs it against the
 * in-process simulators with a little drift seeded; pass an output path as the first argument.
 */
public final class ReconcileSquareNetSuite {

  private ReconcileSquareNetSuite() {}

  /**
   * Reconciles Square against NetSuite and writes the HTML report.
   *
   * @param square the Square connector
   * @param netsuite the NetSuite connector
   * @param html where to write the report
   * @return the report; {@code report.correctionPlan().apply()} would set Square to NetSuite's counts
   */
  public static ReconciliationReport reconcile(SquareConnector square, NetSuiteConnector netsuite, Path html) {
    IdMap idMap = IdMap.inMemory();
    Set<String> catalog = mapSkus(idMap, netsuite, null);
    mapSkus(idMap, square, catalog);
    mapLocationsByName(idMap, netsuite);
    mapLocationsByName(idMap, square);

    Reconciler reconciler = Reconciler.builder()
        .system("square", square)
        .system("netsuite", netsuite)
        .idMap(idMap)
        .systemOfRecord("netsuite")
        .build();
    ReconciliationReport report = reconciler.reconcile();
    try {
      report.write(ReportFormat.HTML, html);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return report;
  }

  /**
   * Maps a connector's catalog items into the id map by SKU.
   *
   * @param idMap the id map
   * @param connector the connector whose {@code catalogItems()} are read
   * @param only the SKUs to map (the canonical catalog), or {@code null} for all
   * @return the SKUs mapped
   */
  public static Set<String> mapSkus(IdMap idMap, CatalogConnector connector, @Nullable Set<String> only) {
    Set<String> mapped = new HashSet<>();
    for (CatalogItem item : connector.catalogItems()) {
      if (item.sku() == null || item.sku().isBlank() || (only != null && !only.contains(item.sku()))) {
        continue;
      }
      for (ExternalRef ref : item.refs()) {
        // Map them all (Square variation and item, Shopify variant, inventory item and product):
        // each connector looks up the type it needs (InventoryConnector.itemRefType()), and
        // refuses another type before calling its vendor. IdMap.fillFromCatalogs does the same
        // for whole catalogs.
        idMap.put(IdMap.Kind.SKU, item.sku(), ref.withVersion(null));
      }
      mapped.add(item.sku());
    }
    return mapped;
  }

  /**
   * Maps a connector's locations into the id map, the canonical id being the lower-cased name.
   *
   * @param idMap the id map
   * @param directory the connector
   */
  public static void mapLocationsByName(IdMap idMap, LocationDirectory directory) {
    for (Location location : directory.locations()) {
      idMap.put(IdMap.Kind.LOCATION, location.name().trim().toLowerCase(Locale.ROOT), location.ref());
    }
  }

  /**
   * Seeds Square and NetSuite simulators with two stores and six SKUs, a little drift and one
   * Square-only SKU, reconciles them and writes the report.
   *
   * @param html where to write the report
   * @return the report
   */
  public static ReconciliationReport runOnSimulators(Path html) {
    try (SquareSimulator squareSim = SquareSimulator.start();
         NetSuiteSimulator netsuiteSim = NetSuiteSimulator.start()) {
      String[] skus = {"TEE-S", "TEE-M", "TEE-L", "CAP-01", "MUG-01", "SOCK-3P"};
      String[] variations = new String[skus.length];
      String[] items = new String[skus.length];
      for (int i = 0; i < skus.length; i++) {
        variations[i] = squareSim.seedItem(skus[i], 1500);
        items[i] = netsuiteSim.seedItem(skus[i], skus[i], null);
      }
      String giftCard = squareSim.seedItem("GIFT-25", 2500);   // sold in stores, unknown to the ERP
      for (String store : new String[] {"Downtown", "Harbour"}) {
        String sqLoc = squareSim.seedLocation(store, "USD");
        String nsLoc = netsuiteSim.seedLocation(store);
        for (int i = 0; i < skus.length; i++) {
          BigDecimal qty = BigDecimal.valueOf(20L + 5L * i);
          netsuiteSim.seedStock(items[i], nsLoc, qty);
          // Drift: the Harbour store's POS over-counted caps and lost track of two mugs.
          BigDecimal pos = !store.equals("Harbour") ? qty
              : skus[i].equals("CAP-01") ? qty.add(BigDecimal.valueOf(3))
              : skus[i].equals("MUG-01") ? qty.subtract(BigDecimal.valueOf(2)) : qty;
          squareSim.seedStock(variations[i], sqLoc, pos.toPlainString());
        }
        squareSim.seedStock(giftCard, sqLoc, "50");
      }
      try (SquareConnector square = SquareConnector.builder()
              .credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN)).baseUrl(squareSim.baseUrl()).build();
           NetSuiteConnector netsuite = NetSuiteConnector.builder()
              .accountId(netsuiteSim.accountId()).baseUrl(netsuiteSim.baseUrl())
              .credentials(NetSuiteAuth.accessToken(netsuiteSim.issueAccessToken()))
              .mapping(NetSuiteMapping.builder().subsidiary("1").inventoryAdjustmentAccount("214").build())
              .build()) {
        return reconcile(square, netsuite, html);
      }
    }
  }

  /**
   * Runs the reconciliation on the simulators and prints the summary.
   *
   * @param args the report path (default {@code target/square-netsuite-stock.html})
   */
  public static void main(String[] args) {
    Path html = Path.of(args.length > 0 ? args[0] : "target/square-netsuite-stock.html").toAbsolutePath();
    ReconciliationReport report = runOnSimulators(html);
    ReconciliationSummary s = report.summary();
    System.out.printf(Locale.ROOT, "Compared %d SKU x store counts: %d discrepancies (%.1f%%), %s units off, "
        + "%d unmapped stock levels.%nReport: %s%n", s.compared(), s.discrepancies(), 100 * s.discrepancyRate(),
        s.unitsOff().toPlainString(), s.unmapped(), html);
  }
}
