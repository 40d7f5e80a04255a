package dev.posbridge.core.reconcile;

import dev.posbridge.core.connect.IdMap;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A POS (Square-like), a web shop (Shopify-like) and an ERP (NetSuite-like) fake, each carrying
 * the same SKUs at the same stores with the same quantities until a test seeds drift, and an id
 * map joining them.
 */
final class ThreeSystems {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T11:00:00Z"), ZoneOffset.UTC);

  final FakeInventoryConnector pos = new FakeInventoryConnector("square", 7, 100);
  final FakeInventoryConnector shop = new FakeInventoryConnector("shopify", 5, 250);
  final FakeInventoryConnector erp = new FakeInventoryConnector("netsuite", 10, 3);
  final IdMap idMap = IdMap.inMemory();
  final List<String> skus;
  final List<String> locations;

  ThreeSystems(int skuCount, String... locations) {
    this.skus = java.util.stream.IntStream.rangeClosed(1, skuCount)
        .mapToObj(i -> String.format("SKU-%02d", i)).toList();
    this.locations = List.of(locations);
    for (FakeInventoryConnector c : List.of(pos, shop, erp)) {
      for (String loc : this.locations) {
        idMap.put(IdMap.Kind.LOCATION, loc, c.locationRef(loc(c, loc)));
      }
      for (int i = 0; i < skus.size(); i++) {
        idMap.put(IdMap.Kind.SKU, skus.get(i), c.itemRef(item(c, skus.get(i))));
        for (String loc : this.locations) {
          c.put(item(c, skus.get(i)), loc(c, loc), 10 + i);
        }
      }
    }
  }

  static String item(FakeInventoryConnector c, String sku) {
    return c.system().substring(0, 2) + "-" + sku;
  }

  static String loc(FakeInventoryConnector c, String location) {
    return c.system().substring(0, 2) + "@" + location;
  }

  void set(FakeInventoryConnector c, String sku, String location, long quantity) {
    c.put(item(c, sku), loc(c, location), BigDecimal.valueOf(quantity));
  }

  BigDecimal get(FakeInventoryConnector c, String sku, String location) {
    return c.quantity(item(c, sku), loc(c, location));
  }

  void remove(FakeInventoryConnector c, String sku, String location) {
    c.remove(item(c, sku), loc(c, location));
  }

  /** Original quantity of a SKU (same everywhere). */
  long base(String sku) {
    return 10 + skus.indexOf(sku);
  }

  Reconciler.Builder builder() {
    return Reconciler.builder()
        .system("pos", pos)
        .system("shop", shop)
        .system("erp", erp)
        .idMap(idMap)
        .clock(CLOCK);
  }
}
