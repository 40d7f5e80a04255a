package dev.posbridge.square.internal;

import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.spi.VendorConnector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Catalog lookups, with a cache of SKU ↔ ITEM_VARIATION id. Thread-safe.
 *
 * <p>Square's exact query on {@code sku} may match case-insensitively or partially, so every hit
 * is re-checked for exact equality here.
 */
public final class CatalogService implements VendorConnector.Catalog {

  private static final String NO_SKU = "";
  private static final int BATCH_RETRIEVE_MAX = 1000;
  /**
   * SKUs per SearchCatalogObjects {@code set_query}; Square accepts up to 250 values per query,
   * 100 keeps each answer (one page of up to 1,000 objects) small.
   */
  static final int SKUS_PER_SEARCH = 100;
  private static final int SEARCH_PAGE = 1000;

  private final SquareApi api;
  private final ConcurrentHashMap<String, String> variationBySku = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> skuByVariation = new ConcurrentHashMap<>();

  /**
   * Creates the service.
   *
   * @param api the API
   */
  public CatalogService(SquareApi api) {
    this.api = api;
  }

  private Dto.CatalogObjectsResponse searchSku(String sku, boolean related) {
    return api.search("SearchCatalogObjects", "/v2/catalog/search",
        new Dto.SearchCatalogRequest(null, List.of("ITEM_VARIATION"), related,
            new Dto.CatalogQuery(new Dto.ExactQuery("sku", sku)), 100),
        Dto.CatalogObjectsResponse.class);
  }

  /**
   * Finds a catalog item by exact SKU.
   *
   * @param sku the SKU
   * @return the item, if a live variation has exactly this SKU
   */
  @Override
  public Optional<CatalogItem> findCatalogItemBySku(String sku) {
    Dto.CatalogObjectsResponse r = searchSku(sku, true);
    Map<String, Dto.SqCatalogObject> items = new LinkedHashMap<>();
    for (Dto.SqCatalogObject o : Convert.list(r.relatedObjects())) {
      if ("ITEM".equals(o.type()) && o.id() != null) {
        items.put(o.id(), o);
      }
    }
    for (Dto.SqCatalogObject v : Convert.list(r.objects())) {
      Dto.SqVariationData d = v.itemVariationData();
      if (d != null && sku.equals(d.sku()) && !Boolean.TRUE.equals(v.isDeleted())) {
        remember(sku, v.id());
        Dto.SqCatalogObject item = d.itemId() == null ? null : items.get(d.itemId());
        List<CatalogItem> mapped = RecordMapper.catalogItems(v, item, "SearchCatalogObjects");
        if (!mapped.isEmpty()) {
          return Optional.of(mapped.get(0));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the ITEM_VARIATION id of a SKU, from the cache or a catalog search.
   *
   * @param sku the SKU
   * @return the id, or null if no live variation has exactly this SKU
   */
  public @Nullable String variationId(String sku) {
    String cached = variationBySku.get(sku);
    if (cached != null) {
      return cached;
    }
    return variationIds(List.of(sku)).get(sku);
  }

  /**
   * Returns the ITEM_VARIATION ids of many SKUs: cached ones from the cache, the others with one
   * SearchCatalogObjects {@code set_query} per {@value #SKUS_PER_SEARCH} SKUs (plus a further
   * page only if one answer holds more than 1,000 matches), instead of one search per SKU.
   *
   * @param skus the SKUs
   * @return SKU → id for every SKU that a live variation has exactly; the others are absent
   */
  public Map<String, String> variationIds(Collection<String> skus) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String sku : skus) {
      if (sku == null || !seen.add(sku)) {
        continue;
      }
      String cached = variationBySku.get(sku);
      if (cached != null) {
        out.put(sku, cached);
      } else {
        missing.add(sku);
      }
    }
    for (int i = 0; i < missing.size(); i += SKUS_PER_SEARCH) {
      List<String> chunk = missing.subList(i, Math.min(missing.size(), i + SKUS_PER_SEARCH));
      Set<String> wanted = new LinkedHashSet<>(chunk);
      String cursor = null;
      Set<String> cursors = new HashSet<>();
      do {
        Dto.CatalogObjectsResponse r = api.search("SearchCatalogObjects", "/v2/catalog/search",
            new SetSearch(cursor, List.of("ITEM_VARIATION"), new SetQueryHolder(new SetQuery("sku", chunk)),
                SEARCH_PAGE),
            Dto.CatalogObjectsResponse.class);
        for (Dto.SqCatalogObject v : Convert.list(r.objects())) {
          Dto.SqVariationData d = v.itemVariationData();
          // Square matches case-insensitively: only an exact SKU counts; the first live one wins
          if (d != null && d.sku() != null && wanted.contains(d.sku()) && !out.containsKey(d.sku())
              && !Boolean.TRUE.equals(v.isDeleted()) && v.id() != null) {
            remember(d.sku(), v.id());
            out.put(d.sku(), v.id());
          }
        }
        cursor = r.cursor() == null || r.cursor().isBlank() || !cursors.add(r.cursor()) ? null : r.cursor();
      } while (cursor != null);
    }
    return out;
  }

  /** SearchCatalogObjects with a set query (the shared DTO has only the exact query). */
  record SetSearch(
      @Nullable String cursor, List<String> objectTypes, SetQueryHolder query, int limit) {}

  record SetQueryHolder(SetQuery setQuery) {}

  record SetQuery(String attributeName, List<String> attributeValues) {}

  /**
   * Returns the cached SKU of a variation.
   *
   * @param variationId the variation id
   * @return the SKU, or null if unknown or the variation has none
   */
  public @Nullable String cachedSku(String variationId) {
    String s = skuByVariation.get(variationId);
    return s == null || s.equals(NO_SKU) ? null : s;
  }

  /**
   * Loads the SKUs of variations not yet cached, in as few batch-retrieve calls as possible.
   *
   * @param variationIds the ids
   */
  public void preload(Collection<String> variationIds) {
    List<String> missing = new ArrayList<>();
    for (String id : variationIds) {
      if (!skuByVariation.containsKey(id) && !missing.contains(id)) {
        missing.add(id);
      }
    }
    for (int i = 0; i < missing.size(); i += BATCH_RETRIEVE_MAX) {
      List<String> chunk = missing.subList(i, Math.min(missing.size(), i + BATCH_RETRIEVE_MAX));
      Dto.CatalogObjectsResponse r = api.search("BatchRetrieveCatalogObjects", "/v2/catalog/batch-retrieve",
          Map.of("object_ids", chunk, "include_related_objects", false), Dto.CatalogObjectsResponse.class);
      for (Dto.SqCatalogObject o : Convert.list(r.objects())) {
        if (o.id() != null && o.itemVariationData() != null) {
          String sku = o.itemVariationData().sku();
          if (sku == null || sku.isBlank()) {
            skuByVariation.put(o.id(), NO_SKU);
          } else {
            remember(sku, o.id());
          }
        }
      }
      for (String id : chunk) {
        skuByVariation.putIfAbsent(id, NO_SKU);
      }
    }
  }

  private void remember(String sku, @Nullable String variationId) {
    if (variationId != null) {
      variationBySku.put(sku, variationId);
      skuByVariation.put(variationId, sku);
    }
  }

  /**
   * Lists every item variation with a SKU, paging through {@code /v2/catalog/list?types=ITEM}.
   *
   * @return the items, lazily paged
   */
  @Override
  public PagedIterable<CatalogItem> catalogItems() {
    return PagedIterable.of(cursor -> {
      Map<String, @Nullable String> q = new LinkedHashMap<>();
      q.put("types", "ITEM");
      q.put("cursor", cursor);
      Dto.CatalogObjectsResponse r = api.get("ListCatalog", "/v2/catalog/list", q,
          Dto.CatalogObjectsResponse.class);
      List<CatalogItem> out = new ArrayList<>();
      for (Dto.SqCatalogObject o : Convert.list(r.objects())) {
        if (Boolean.TRUE.equals(o.isDeleted())) {
          continue;
        }
        for (CatalogItem ci : RecordMapper.catalogItems(o, null, "ListCatalog")) {
          String vid = ci.refs().get(0).id();
          remember(ci.sku(), vid);
          out.add(ci);
        }
      }
      return new Page<>(out, r.cursor());
    });
  }
}
