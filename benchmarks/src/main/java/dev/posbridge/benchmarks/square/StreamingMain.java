package dev.posbridge.benchmarks.square;

import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Item 6's child, run with {@code -Xmx64m}: pages every catalogue item, then every stock level, of
 * the {@link SquareStub} through posbridge, checking each SKU, id and quantity against the
 * generator, and prints {@code RESULT items levels heapAfterFirstPage heapAfterItems
 * heapAfterLevels peakSum seconds} (MB after a full GC; peakSum is the sum of the heap pools' peaks,
 * an upper bound).
 */
public final class StreamingMain {
  private StreamingMain() {}

  /**
   * Entry point.
   *
   * @param args the stub's base URL and the number of items
   */
  public static void main(String[] args) {
    String base = args[0];
    int n = Integer.parseInt(args[1]);
    long t0 = System.nanoTime();
    try (SquareConnector c = SquareConnector.builder().credentials(SquareAuth.accessToken(PagingClients.TOKEN)).baseUrl(base).build()) {
      double first = 0;
      int items = 0;
      Iterator<CatalogItem> it = c.catalogItems().iterator();
      while (it.hasNext()) {
        CatalogItem ci = it.next();
        if (!SquareStub.sku(items).equals(ci.sku())) {
          throw new IllegalStateException("item " + items + " has SKU " + ci.sku());
        }
        items++;
        if (items == 100) {
          first = usedAfterGc();
        }
      }
      double afterItems = usedAfterGc();
      int levels = 0;
      for (StockLevel l : c.stockLevels(StockQuery.atLocations(List.of(OrderFixtures.LOCATION)))) {
        if (!l.item().id().equals(SquareStub.variationId(levels))
            || l.onHand() == null || l.onHand().intValueExact() != SquareStub.quantity(levels)) {
          throw new IllegalStateException("stock level " + levels + " differs: " + l);
        }
        levels++;
      }
      double afterLevels = usedAfterGc();
      double peak = 0;
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          peak += p.getPeakUsage().getUsed() / 1048576.0;
        }
      }
      if (items != n || levels != n) {
        throw new IllegalStateException("read " + items + " items and " + levels + " levels of " + n);
      }
      System.out.printf(Locale.ROOT, "RESULT %d %d %.2f %.2f %.2f %.2f %.3f%n", items, levels, first, afterItems,
          afterLevels, peak, (System.nanoTime() - t0) / 1e9);
    }
    System.exit(0);
  }

  private static double usedAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }
}
