package dev.posbridge.netsuite.internal;

import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.spi.VendorConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Items and locations through SuiteQL. */
public final class CatalogOps implements VendorConnector.Catalog {

  private static final String COLUMNS =
      "SELECT id, itemid, displayname, upccode, itemtype, isinactive, externalid FROM item";

  private final Settings s;
  private final Resolver resolver;

  /**
   * Creates the operations.
   *
   * @param settings the shared settings
   * @param resolver the id resolver, fed with the SKUs read
   */
  public CatalogOps(Settings settings, Resolver resolver) {
    this.s = settings;
    this.resolver = resolver;
  }

  /**
   * Finds an item by exact {@code itemid}.
   *
   * @param sku the SKU
   * @return the item
   */
  @Override
  public Optional<CatalogItem> findCatalogItemBySku(String sku) {
    return first("FindItemBySku", COLUMNS + " WHERE itemid = " + NetSuiteApi.quote(sku) + " ORDER BY id",
        sku);
  }

  /**
   * Finds an item by exact UPC.
   *
   * @param upc the barcode
   * @return the item
   */
  public Optional<CatalogItem> byUpc(String upc) {
    return first("FindItemByUpc", COLUMNS + " WHERE upccode = " + NetSuiteApi.quote(upc) + " ORDER BY id",
        null);
  }

  private Optional<CatalogItem> first(String op, String sql, @org.jspecify.annotations.Nullable String sku) {
    for (Map<String, String> row : s.api().suiteql(op, sql, 10, 0).items()) {
      if (sku == null || sku.equals(row.get("itemid"))) {
        return Optional.of(item(op, row));
      }
    }
    return Optional.empty();
  }

  /**
   * Lists active items page by page; the cursor is the SuiteQL offset.
   *
   * @return the items
   */
  @Override
  public PagedIterable<CatalogItem> catalogItems() {
    String op = "ListItems";
    return PagedIterable.of(cursor -> {
      int offset;
      try {
        offset = cursor == null ? 0 : Integer.parseInt(cursor);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a NetSuite item cursor: " + cursor, e);
      }
      NetSuiteApi.SuiteQlPage page = s.api().suiteql(op,
          COLUMNS + " WHERE isinactive = 'F' ORDER BY id", s.pageSize(), offset);
      List<CatalogItem> items = new ArrayList<>();
      for (Map<String, String> row : page.items()) {
        items.add(item(op, row));
      }
      return new Page<>(items, page.hasMore() && !page.items().isEmpty()
          ? Integer.toString(offset + page.items().size()) : null);
    });
  }

  private CatalogItem item(String op, Map<String, String> row) {
    try {
      String id = row.get("id");
      String sku = row.get("itemid");
      if (id == null || sku == null) {
        throw new IllegalArgumentException("missing id or itemid");
      }
      resolver.remember(sku, id);
      String name = row.get("displayname") != null ? row.get("displayname") : sku;
      return new CatalogItem(sku, name, null, row.get("upccode"), "InvtPart".equals(row.get("itemtype")),
          List.of(ExternalRef.of(NetSuiteApi.SYSTEM, "item", id)));
    } catch (RuntimeException e) {
      throw NetSuiteApi.wrap(op, "item row", e);
    }
  }

  /**
   * Lists all locations.
   *
   * @return the locations
   */
  public List<Location> locations() {
    String op = "ListLocations";
    List<Location> out = new ArrayList<>();
    for (Map<String, String> row : s.api().suiteqlAll(op,
        "SELECT id, name, isinactive FROM location ORDER BY id", s.pageSize())) {
      String id = row.get("id");
      if (id == null) {
        throw NetSuiteApi.invalid(op, "location row without id");
      }
      try {
        out.add(new Location(ExternalRef.of(NetSuiteApi.SYSTEM, "location", id),
            row.getOrDefault("name", ""), null, null, null, !"T".equals(row.get("isinactive"))));
      } catch (RuntimeException e) {
        throw NetSuiteApi.wrap(op, "location row", e);
      }
    }
    return out;
  }
}
