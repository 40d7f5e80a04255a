package dev.posbridge.shopify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.MappingCode;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.core.spi.VendorConnector;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reads inventory levels and applies stock changes with {@code inventoryAdjustQuantities}
 * (relative) and {@code inventorySetQuantities} (absolute).
 *
 * <p>Every mutation row carries {@code changeFromQuantity}, as Admin API 2026-04+ requires: for
 * an adjustment always an explicit {@code null} (deltas commute); for a set the expected current
 * quantity when the change's item reference carries it as its {@code version} (the levels this
 * service returns do), else an explicit {@code null}. Each call carries
 * {@code @idempotent(key:)}: the n-th call of a list uses {@code options.derive(n)}, or a random
 * key when the options have none. Thread-safe.
 */
public final class InventoryService implements VendorConnector.Stock {

  /** Shopify's input-array maximum. */
  public static final int MAX_ROWS = 250;

  private static final int SKUS_PER_QUERY = 25;
  private static final long MAX_SET = 1_000_000_000L;

  /** How many SKU → inventory item ids the connector remembers before it starts over. */
  static final int MAX_CACHED_SKUS = 50_000;

  private final ShopifyGraphql graphql;
  /**
   * SKU → inventory item GID, learned from lookups, so repeated writes for the same SKUs cost no
   * lookups. Cleared when Shopify rejects a write (an item may have been deleted or re-assigned).
   */
  private final Map<String, String> itemBySku = new java.util.concurrent.ConcurrentHashMap<>();
  private final String quantityName;
  private final int pageSize;
  private final int levelsPageSize;

  /**
   * Creates the service.
   *
   * @param graphql the client
   * @param quantityName the quantity changes apply to: {@code available} or {@code on_hand}
   * @param pageSize inventory items per page
   * @param levelsPageSize levels fetched with each item (more are paged separately)
   */
  public InventoryService(ShopifyGraphql graphql, String quantityName, int pageSize, int levelsPageSize) {
    this.graphql = graphql;
    this.quantityName = quantityName;
    this.pageSize = pageSize;
    this.levelsPageSize = levelsPageSize;
  }

  // ------------------------------------------------------------------ reads

  /**
   * Returns stock levels. Cursors are {@code <sku chunk>|<Shopify cursor>}.
   *
   * @param query SKUs, locations and a minimum update time
   * @return the lazily paged levels
   */
  @Override
  public PagedIterable<StockLevel> stockLevels(StockQuery query) {
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < query.skus().size(); i += SKUS_PER_QUERY) {
      chunks.add(query.skus().subList(i, Math.min(query.skus().size(), i + SKUS_PER_QUERY)));
    }
    Set<String> skus = new HashSet<>(query.skus());
    Set<String> locations = new HashSet<>();
    query.locations().forEach(l -> locations.add(Nodes.gid("Location", l)));
    return PagedIterable.of(cursor -> {
      int chunk = 0;
      String after = null;
      if (cursor != null) {
        int bar = cursor.indexOf('|');
        chunk = Integer.parseInt(cursor.substring(0, bar));
        after = bar + 1 < cursor.length() ? cursor.substring(bar + 1) : null;
      }
      String search = chunks.isEmpty() ? null : Search.anyOf("sku", chunks.get(chunk));
      JsonNode data = graphql.query(Queries.INVENTORY_ITEMS, Search.vars("first", pageSize,
          "after", after, "query", search, "levelsFirst", levelsPageSize));
      JsonNode items = data.path("inventoryItems");
      List<StockLevel> out = new ArrayList<>();
      for (JsonNode item : Nodes.nodes(items, "items")) {
        String sku = Nodes.optText(item, "sku");
        if (!skus.isEmpty() && (sku == null || !skus.contains(sku))) {
          continue;
        }
        for (StockLevel level : ResourceMapper.stockLevels(item, allLevels(item))) {
          if (!locations.isEmpty() && !locations.contains(level.location().id())) {
            continue;
          }
          if (query.updatedAfter() != null && !level.asOf().isAfter(query.updatedAfter())) {
            continue;
          }
          out.add(withVersion(level));
        }
      }
      String next = SalesReader.next(items);
      String nextCursor = next != null ? chunk + "|" + next
          : chunk + 1 < chunks.size() ? (chunk + 1) + "|" : null;
      return new Page<>(out, nextCursor);
    });
  }

  /** Puts the configured quantity into the item ref's version, for compare-and-set. */
  private StockLevel withVersion(StockLevel level) {
    BigDecimal q = quantityName.equals("on_hand") ? level.onHand() : level.available();
    if (q == null) {
      return level;
    }
    return new StockLevel(level.item().withVersion(q.toPlainString()), level.sku(),
        level.location(), level.onHand(), level.available(), level.committed(), level.asOf());
  }

  private List<JsonNode> allLevels(JsonNode item) {
    JsonNode levels = item.path("inventoryLevels");
    List<JsonNode> all = new ArrayList<>(Nodes.nodes(levels, "levels"));
    String cursor = SalesReader.next(levels);
    while (cursor != null) {
      JsonNode data = graphql.query(Queries.INVENTORY_ITEM_LEVELS, Search.vars(
          "id", item.path("id").asText(), "first", 100, "after", cursor));
      JsonNode more = data.path("inventoryItem").path("inventoryLevels");
      all.addAll(Nodes.nodes(more, "more"));
      String next = SalesReader.next(more);
      cursor = next != null && !next.equals(cursor) ? next : null;
    }
    return all;
  }

  // ------------------------------------------------------------------ writes

  private record Row(int index, StockChange change, String item, String location, int value,
      @Nullable Integer changeFrom, String reason) {}

  /**
   * Applies changes in order, batched.
   *
   * @param changes the changes
   * @param options the idempotency key of the list
   * @return what was applied
   */
  @Override
  public StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
    if (changes.isEmpty()) {
      return new StockWriteResult(0, 0, List.of());
    }
    List<Row> rows = rows(changes);
    List<List<Row>> batches = batches(rows);
    Map<String, StockLevel> after = new LinkedHashMap<>();
    String baseKey = options.idempotencyKey() != null ? null : UUID.randomUUID().toString();
    int applied = 0;
    for (int n = 0; n < batches.size(); n++) {
      String key = baseKey != null ? baseKey + ":" + n
          : Objects.requireNonNull(options.derive(String.valueOf(n)).idempotencyKey());
      List<Row> batch = batches.get(n);
      JsonNode payload;
      try {
        payload = send(batch, key);
      } catch (dev.posbridge.core.ValidationException | dev.posbridge.core.NotFoundException e) {
        itemBySku.clear();
        throw e;
      }
      applied += batch.size();
      collectLevels(payload, after);
    }
    return new StockWriteResult(applied, batches.size(), List.copyOf(after.values()));
  }

  private JsonNode send(List<Row> batch, String key) {
    boolean set = batch.get(0).change().kind() == StockChangeKind.SET;
    String uri = referenceUri(batch, key);
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("name", quantityName);
    input.put("reason", batch.get(0).reason());
    input.put("referenceDocumentUri", uri);
    List<Map<String, @Nullable Object>> list = new ArrayList<>();
    for (Row r : batch) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("inventoryItemId", r.item());
      m.put("locationId", r.location());
      m.put(set ? "quantity" : "delta", r.value());
      if (!set && !quantityName.equals("available")) {
        m.put("ledgerDocumentUri", uri);
      }
      m.put("changeFromQuantity", r.changeFrom());
      list.add(m);
    }
    input.put(set ? "quantities" : "changes", list);
    String document = set ? Queries.INVENTORY_SET : Queries.INVENTORY_ADJUST;
    String field = set ? "inventorySetQuantities" : "inventoryAdjustQuantities";
    JsonNode data = graphql.mutate(document, Search.vars("input", input, "idempotencyKey", key), key);
    return ShopifyGraphql.payload(data, field, Queries.operationName(document));
  }

  private static String referenceUri(List<Row> batch, String key) {
    String ref = batch.get(0).change().reference();
    for (Row r : batch) {
      if (!Objects.equals(ref, r.change().reference())) {
        ref = null;
        break;
      }
    }
    return ref != null ? "gid://posbridge/StockChange/" + encode(ref)
        : "gid://posbridge/StockChangeBatch/" + encode(key);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void collectLevels(JsonNode payload, Map<String, StockLevel> after) {
    try {
      collectLevelsOrThrow(payload, after);
    } catch (RuntimeException e) {
      throw OrderMapper.wrap("InventoryAdjustQuantities", "inventory adjustment group", e);
    }
  }

  private void collectLevelsOrThrow(JsonNode payload, Map<String, StockLevel> after) {
    JsonNode group = payload.path("inventoryAdjustmentGroup");
    Instant at = Nodes.instant(group, "createdAt");
    Map<String, Map<String, BigDecimal>> byPair = new LinkedHashMap<>();
    Map<String, String[]> ids = new HashMap<>();
    for (JsonNode c : Nodes.list(group.path("changes"), "changes")) {
      String item = Nodes.optText(c.path("item"), "id");
      String location = Nodes.optText(c.path("location"), "id");
      JsonNode q = c.path("quantityAfterChange");
      if (item == null || location == null || !q.isIntegralNumber()) {
        continue;
      }
      String pair = item + "@" + location;
      ids.put(pair, new String[] {item, location, Nodes.optText(c.path("item"), "sku")});
      byPair.computeIfAbsent(pair, k -> new HashMap<>()).put(c.path("name").asText(), q.decimalValue());
    }
    byPair.forEach((pair, q) -> {
      if (q.get("available") == null && q.get("on_hand") == null) {
        return;
      }
      String[] id = Objects.requireNonNull(ids.get(pair), "ids has every pair of byPair");
      after.put(pair, new StockLevel(Nodes.ref("inventory_item", id[0]), id[2],
          Nodes.ref("location", id[1]), q.get("on_hand"), q.get("available"), q.get("committed"),
          at));
    });
  }

  private List<List<Row>> batches(List<Row> rows) {
    List<List<Row>> batches = new ArrayList<>();
    List<Row> current = new ArrayList<>();
    Set<String> pairs = new HashSet<>();
    for (Row r : rows) {
      boolean sameKind = current.isEmpty()
          || (current.get(0).change().kind() == r.change().kind()
              && current.get(0).reason().equals(r.reason()));
      String pair = r.item() + "@" + r.location();
      boolean duplicateSet = r.change().kind() == StockChangeKind.SET && pairs.contains(pair);
      if (!sameKind || current.size() == MAX_ROWS || duplicateSet) {
        batches.add(current);
        current = new ArrayList<>();
        pairs.clear();
      }
      current.add(r);
      pairs.add(pair);
    }
    batches.add(current);
    return batches;
  }

  private List<Row> rows(List<StockChange> changes) {
    List<ValidationException.FieldError> errors = new ArrayList<>();
    Set<String> skus = new LinkedHashSet<>();
    for (StockChange c : changes) {
      if (shopifyItem(c) == null && c.sku() != null) {
        skus.add(c.sku());
      }
    }
    Map<String, String> bySku = new HashMap<>();
    for (java.util.Iterator<String> it = skus.iterator(); it.hasNext(); ) {
      String sku = it.next();
      String known = itemBySku.get(sku);
      if (known != null) {
        bySku.put(sku, known);
        it.remove();
      }
    }
    Set<String> ambiguous = new HashSet<>();
    Map<String, String> resolved = resolveSkus(new ArrayList<>(skus), ambiguous);
    if (itemBySku.size() + resolved.size() > MAX_CACHED_SKUS) {
      itemBySku.clear();
    }
    itemBySku.putAll(resolved);
    bySku.putAll(resolved);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      StockChange c = changes.get(i);
      String field = "changes[" + i + "]";
      ExternalRef item = shopifyItem(c);
      String itemId;
      try {
        itemId = item != null ? Nodes.gid("InventoryItem", item.id())
            : c.sku() != null ? bySku.get(c.sku()) : null;
      } catch (IllegalArgumentException e) {
        errors.add(new ValidationException.FieldError(field + ".item", "INVALID", String.valueOf(e.getMessage())));
        continue;
      }
      if (itemId == null) {
        boolean twice = c.sku() != null && ambiguous.contains(c.sku());
        errors.add(new ValidationException.FieldError(field + ".sku",
            twice ? MappingCode.AMBIGUOUS_SKU.name() : MappingCode.UNMAPPED_SKU.name(),
            (twice ? "several Shopify inventory items have SKU " : "no Shopify inventory item has SKU ")
                + (c.sku() == null ? "(none) and the change names no Shopify item" : c.sku())));
        continue;
      }
      String location;
      try {
        location = Nodes.gid("Location", c.location().id());
      } catch (IllegalArgumentException e) {
        errors.add(new ValidationException.FieldError(field + ".location", "INVALID", String.valueOf(e.getMessage())));
        continue;
      }
      Integer value = integer(c.quantity(), c.kind(), field + ".quantity", errors);
      if (value == null) {
        continue;
      }
      Integer changeFrom = null;
      if (c.kind() == StockChangeKind.SET && item != null && item.version() != null) {
        try {
          changeFrom = integer(new BigDecimal(item.version()), StockChangeKind.SET,
              field + ".item.version", errors);
        } catch (NumberFormatException e) {
          errors.add(new ValidationException.FieldError(field + ".item.version", "NOT_A_QUANTITY",
              "the version of a Shopify inventory item is the expected current quantity"));
        }
      }
      rows.add(new Row(i, c, itemId, location, value, changeFrom, reason(c)));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Stock changes cannot be sent to Shopify",
          ErrorContext.of(ShopifyGraphql.SYSTEM, "applyStockChanges"), errors, null);
    }
    return rows;
  }

  private static @Nullable ExternalRef shopifyItem(StockChange c) {
    ExternalRef item = c.item();
    return item != null && item.system().equals(ExternalRef.SHOPIFY) ? item : null;
  }

  private static @Nullable Integer integer(
      BigDecimal q, StockChangeKind kind, String field, List<ValidationException.FieldError> errors) {
    BigDecimal whole;
    try {
      whole = q.stripTrailingZeros().setScale(0, java.math.RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      errors.add(new ValidationException.FieldError(field, "NOT_AN_INTEGER",
          "Shopify counts whole units"));
      return null;
    }
    long max = kind == StockChangeKind.SET ? MAX_SET : Integer.MAX_VALUE;
    long min = kind == StockChangeKind.SET ? 0 : -Integer.MAX_VALUE;
    if (whole.compareTo(BigDecimal.valueOf(max)) > 0 || whole.compareTo(BigDecimal.valueOf(min)) < 0) {
      errors.add(new ValidationException.FieldError(field,
          kind == StockChangeKind.SET ? "INVALID_QUANTITY" : "INVALID_DELTA",
          "outside " + min + ".." + max));
      return null;
    }
    return whole.intValueExact();
  }

  private Map<String, String> resolveSkus(List<String> skus, Set<String> ambiguous) {
    Map<String, String> bySku = new HashMap<>();
    for (int i = 0; i < skus.size(); i += SKUS_PER_QUERY) {
      List<String> chunk = skus.subList(i, Math.min(skus.size(), i + SKUS_PER_QUERY));
      Set<String> wanted = new HashSet<>(chunk);
      String cursor = null;
      do {
        JsonNode data = graphql.query(Queries.INVENTORY_ITEMS, Search.vars("first", pageSize,
            "after", cursor, "query", Search.anyOf("sku", chunk), "levelsFirst", 1));
        JsonNode items = data.path("inventoryItems");
        for (JsonNode item : Nodes.nodes(items, "items")) {
          String sku = Nodes.optText(item, "sku");
          String id = Nodes.optText(item, "id");
          if (sku == null || id == null || !wanted.contains(sku)) {
            continue;
          }
          String previous = bySku.put(sku, id);
          if (previous != null && !previous.equals(id)) {
            ambiguous.add(sku);
          }
        }
        cursor = SalesReader.next(items);
      } while (cursor != null);
    }
    ambiguous.forEach(bySku::remove);
    return bySku;
  }

  static String reason(StockChange c) {
    return switch (c.reason()) {
      case RECEIVED -> "received";
      case RETURN -> "restock";
      case SHRINKAGE -> "shrinkage";
      case PHYSICAL_COUNT -> "cycle_count_available";
      case CORRECTION -> "correction";
      case TRANSFER -> "other";
      case SALE -> "other";
      case OTHER -> {
        String raw = c.rawReason();
        yield raw != null && KNOWN_REASONS.contains(raw) ? raw : "other";
      }
    };
  }

  private static final Set<String> KNOWN_REASONS = Set.of("correction", "cycle_count_available",
      "damaged", "received", "restock", "shrinkage", "promotion", "other", "quality_control",
      "safety_stock", "movement_created", "movement_updated", "movement_received",
      "movement_canceled", "reservation_created", "reservation_updated", "reservation_deleted");

  @Override
  public int maxStockChangesPerCall() {
    return MAX_ROWS;
  }
}
