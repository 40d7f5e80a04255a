package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.spi.VendorConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Items by SKU: the catalog look-ups of the connector, and the SKU-to-Item resolution every write
 * needs, through the IdMap, then a cache of what this connector found, then a query. Thread-safe.
 */
public final class QboCatalog implements VendorConnector.Catalog {

  /** SKUs (or DocNumbers) per {@code IN} query. */
  public static final int IN_CHUNK = 30;
  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.CONNECTOR);

  private final QboApi api;
  private final EntityMapper entities;
  private final QboIdMap ids;
  private final Map<String, String> skuCache = new ConcurrentHashMap<>();

  /**
   * Creates the service.
   *
   * @param api the API
   * @param entities the entity mapper
   * @param ids the IdMap
   */
  public QboCatalog(QboApi api, EntityMapper entities, QboIdMap ids) {
    this.api = api;
    this.entities = entities;
    this.ids = ids;
  }

  /**
   * Finds the Item with a SKU.
   *
   * @param sku the SKU
   * @return the item, if one Item carries the SKU
   * @throws ConflictException if several Items carry the SKU (QBO does not keep SKUs unique)
   */
  @Override
  public Optional<CatalogItem> findCatalogItemBySku(String sku) {
    List<ObjectNode> rows = api.query("Item", "SELECT * FROM Item WHERE Sku = " + Queries.quote(sku)).rows();
    if (rows.size() > 1) {
      throw new ConflictException(rows.size() + " QuickBooks Items share SKU " + sku,
          ErrorContext.of(QboApi.SYSTEM, "FindBySku"), null);
    }
    return rows.isEmpty() ? Optional.empty()
        : Optional.ofNullable(entities.catalogItem(rows.get(0), "FindBySku"));
  }

  /**
   * Lists the Items that have a SKU, 1000 per query.
   *
   * @return the items
   */
  @Override
  public PagedIterable<CatalogItem> catalogItems() {
    return api.pages("Item", "SELECT * FROM Item", item -> {
      CatalogItem c = entities.catalogItem(item, "ListItems");
      if (c == null) {
        LOG.debug("QuickBooks Item {} has no SKU; not listed", item.path("Id").asText());
      }
      return c;
    });
  }

  /**
   * The SKUs of lines that name no QuickBooks Item, which must be resolved before a write.
   *
   * @param lines the lines
   * @param sku a line's SKU, or {@code null}
   * @param item a line's item ref, or {@code null}
   * @param <L> the line type
   * @return the SKUs, in line order, once each
   */
  public static <L> Set<String> unresolved(
      List<L> lines, Function<L, @Nullable String> sku, Function<L, @Nullable ExternalRef> item) {
    Set<String> skus = new LinkedHashSet<>();
    for (L line : lines) {
      String s = sku.apply(line);
      ExternalRef ref = item.apply(line);
      if (s != null && (ref == null || !ref.system().equals(QboApi.SYSTEM))) {
        skus.add(s);
      }
    }
    return skus;
  }

  /**
   * Finds Item ids for SKUs: the IdMap first, then this connector's cache, then a query of up to
   * 30 SKUs at a time. Found ids are put in the IdMap.
   *
   * @param skus the SKUs
   * @param operation the operation, for errors
   * @return the Item id of each known SKU; unknown SKUs are absent
   * @throws ConflictException if two Items share a SKU
   */
  public Map<String, String> resolveSkus(Set<String> skus, String operation) {
    Map<String, String> out = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    for (String sku : skus) {
      String id = ids.item(sku);
      if (id == null) {
        id = skuCache.get(sku);
      }
      if (id != null) {
        out.put(sku, id);
      } else {
        unknown.add(sku);
      }
    }
    for (int i = 0; i < unknown.size(); i += IN_CHUNK) {
      List<String> chunk = unknown.subList(i, Math.min(unknown.size(), i + IN_CHUNK));
      Map<String, String> found = new HashMap<>();
      for (ObjectNode item : api.pages("Item", "SELECT * FROM Item WHERE Sku IN " + Queries.in(chunk))) {
        String sku = item.path("Sku").asText("");
        String id = item.path("Id").asText("");
        if (sku.isEmpty() || id.isEmpty()) {
          throw QboApi.invalid(operation, "Item without Sku or Id in a SKU query");
        }
        String previous = found.putIfAbsent(sku, id);
        if (previous != null && !previous.equals(id)) {
          throw new ConflictException("QuickBooks Items " + previous + " and " + id + " share SKU " + sku,
              ErrorContext.of(QboApi.SYSTEM, operation), null);
        }
      }
      found.forEach((sku, id) -> {
        skuCache.put(sku, id);
        ids.rememberItem(sku, id);
      });
      out.putAll(found);
    }
    return out;
  }
}
