package dev.posbridge.netsuite.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.core.spi.DataGuard;
import dev.posbridge.core.spi.VendorConnector;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Stock levels from SuiteQL {@code inventoryitemlocations}, changes as {@code inventoryAdjustment}
 * records with signed {@code adjustQtyBy} lines.
 */
public final class InventoryOps implements VendorConnector.Stock {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String COLUMNS =
      "SELECT item, location, quantityonhand, quantityavailable, quantitycommitted FROM inventoryitemlocations";

  private final Settings s;
  private final Resolver resolver;
  private final Map<String, String> skuById = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Creates the operations.
   *
   * @param settings the shared settings
   * @param resolver the id resolver
   */
  public InventoryOps(Settings settings, Resolver resolver) {
    this.s = settings;
    this.resolver = resolver;
  }

  /**
   * Reads levels page by page; the cursor is the SuiteQL offset.
   *
   * @param query which SKUs and locations ({@code updatedAfter} is ignored: NetSuite keeps no
   *     change time on stock)
   * @return the levels
   */
  @Override
  public PagedIterable<StockLevel> stockLevels(StockQuery query) {
    String op = "QueryStockLevels";
    return PagedIterable.of(cursor -> {
      List<String> where = new ArrayList<>();
      if (!query.skus().isEmpty()) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < query.skus().size(); i++) {
          String sku = query.skus().get(i);
          String id = resolver.item(op, "skus[" + i + "]", sku, null);
          skuById.put(id, sku);
          ids.add(id);
        }
        where.add("item IN (" + quoted(ids) + ")");
      }
      if (!query.locations().isEmpty()) {
        where.add("location IN (" + quoted(query.locations()) + ")");
      }
      String sql = COLUMNS + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
          + " ORDER BY item, location";
      int offset = cursor == null ? 0 : parseOffset(cursor);
      NetSuiteApi.SuiteQlPage page = s.api().suiteql(op, sql, s.pageSize(), offset);
      Instant asOf = s.clock().instant();
      fillSkus(op, page.items());
      List<StockLevel> levels = new ArrayList<>();
      for (Map<String, String> row : page.items()) {
        levels.add(level(op, row, asOf));
      }
      String next = page.hasMore() && !page.items().isEmpty()
          ? Integer.toString(offset + page.items().size()) : null;
      return new Page<>(levels, next);
    });
  }

  private static int parseOffset(String cursor) {
    try {
      int o = Integer.parseInt(cursor);
      if (o < 0) {
        throw new NumberFormatException();
      }
      return o;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a NetSuite stock cursor: " + cursor, e);
    }
  }

  private void fillSkus(String op, List<Map<String, String>> rows) {
    Set<String> missing = new LinkedHashSet<>();
    for (Map<String, String> row : rows) {
      String item = row.get("item");
      if (item != null && !skuById.containsKey(item)) {
        missing.add(item);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(missing);
    for (int i = 0; i < ids.size(); i += NetSuiteApi.MAX_PAGE) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + NetSuiteApi.MAX_PAGE));
      for (Map<String, String> row : s.api().suiteqlAll(op,
          "SELECT id, itemid FROM item WHERE id IN (" + quoted(chunk) + ") ORDER BY id", NetSuiteApi.MAX_PAGE)) {
        if (row.get("id") != null && row.get("itemid") != null) {
          skuById.put(row.get("id"), row.get("itemid"));
          resolver.remember(row.get("itemid"), row.get("id"));
        }
      }
    }
  }

  private StockLevel level(String op, Map<String, String> row, Instant asOf) {
    try {
      String item = require(row, "item");
      String location = require(row, "location");
      return new StockLevel(ExternalRef.of(NetSuiteApi.SYSTEM, "item", item), skuById.get(item),
          ExternalRef.of(NetSuiteApi.SYSTEM, "location", location), decimal(row, "quantityonhand"),
          decimal(row, "quantityavailable"), decimal(row, "quantitycommitted"), asOf);
    } catch (RuntimeException e) {
      throw NetSuiteApi.wrap(op, "inventoryitemlocations row", e);
    }
  }

  private static String require(Map<String, String> row, String key) {
    String v = row.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing " + key);
    }
    return v;
  }

  /** Reads a quantity column: a decimal within the model's quantity bounds, or null. */
  private static @Nullable BigDecimal decimal(Map<String, String> row, String column) {
    String v = row.get(column);
    if (v == null || v.isBlank()) {
      return null;
    }
    BigDecimal q;
    try {
      q = new BigDecimal(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " is not a number: " + DataGuard.quote(v), e);
    }
    return DataGuard.quantity(q, column);
  }

  /**
   * Applies changes as inventory adjustments of at most {@code adjustmentLines} lines each; the
   * n-th record's external id derives from {@code options.derive(n)}, so a repeated call with the
   * same options writes nothing twice. SET lines become the difference to the on-hand quantity
   * read through SuiteQL just before their record is written.
   *
   * @param changes the changes
   * @param options the idempotency key of the list
   * @return what was applied
   */
  @Override
  public StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
    String op = "CreateInventoryAdjustment";
    String account = s.mapping().inventoryAdjustmentAccount();
    if (account == null) {
      throw Resolver.invalid(op, "account", "UNMAPPED_ACCOUNT",
          "the mapping has no inventoryAdjustmentAccount");
    }
    record Line(int index, StockChange change, String item, String location) {}
    Set<String> skus = new LinkedHashSet<>();
    for (StockChange c : changes) {
      if (c.sku() != null && (c.item() == null || !c.item().system().equals(NetSuiteApi.SYSTEM))) {
        skus.add(c.sku());
      }
    }
    resolver.preload(op, skus); // one query per 100 unknown SKUs, not one per SKU
    List<Line> lines = new ArrayList<>(changes.size());
    for (int i = 0; i < changes.size(); i++) {
      StockChange c = changes.get(i);
      String item = resolver.item(op, "changes[" + i + "].sku", c.sku(), c.item());
      String location = Objects.requireNonNull( // required: a missing location throws
          resolver.location(op, "changes[" + i + "].location", c.location(), true));
      lines.add(new Line(i, c, item, location));
    }
    String fallbackKey = UUID.randomUUID().toString();
    int calls = 0;
    int applied = 0;
    int per = s.adjustmentLines();
    // Which of this list's records exist already (a repeat after a lost answer): one query for
    // all of them rather than a GET eid: before each record.
    List<String> eids = new ArrayList<>();
    for (int start = 0, n = 0; start < lines.size(); start += per, n++) {
      String key = options.derive(String.valueOf(n)).idempotencyKey();
      eids.add(ExternalIds.of(s.mapping().externalIdPrefix(), "ADJ", key != null ? key : fallbackKey + ":" + n));
    }
    Set<String> existing = eids.isEmpty() ? Set.of()
        : s.api().transactionIdsByExternalId(op, "InvAdjst", eids).keySet();
    for (int start = 0, n = 0; start < lines.size(); start += per, n++) {
      List<Line> batch = lines.subList(start, Math.min(lines.size(), start + per));
      String eid = eids.get(n);
      calls++; // one record (and one upsert unless it exists), as before
      if (existing.contains(eid)) {
        applied += batch.size();
        continue;
      }
      // Current on-hand for the SET lines, then running quantities within the batch.
      Map<String, BigDecimal> running = new HashMap<>();
      Set<String> setKeys = batch.stream().filter(l -> l.change().kind() == StockChangeKind.SET)
          .map(l -> l.item() + "@" + l.location()).collect(Collectors.toCollection(LinkedHashSet::new));
      if (!setKeys.isEmpty()) {
        running.putAll(onHand(op, batch.stream().filter(l -> setKeys.contains(l.item() + "@" + l.location()))
            .map(l -> new String[] {l.item(), l.location()}).toList()));
      }
      Map<String, BigDecimal> deltas = new LinkedHashMap<>();
      for (Line l : batch) {
        String k = l.item() + "@" + l.location();
        BigDecimal delta;
        if (l.change().kind() == StockChangeKind.SET) {
          BigDecimal current = running.getOrDefault(k, BigDecimal.ZERO);
          delta = l.change().quantity().subtract(current);
        } else {
          delta = l.change().quantity();
        }
        running.merge(k, delta, BigDecimal::add);
        deltas.merge(k, delta, BigDecimal::add);
      }
      ArrayNode items = F.arrayNode();
      for (Map.Entry<String, BigDecimal> d : deltas.entrySet()) {
        if (d.getValue().signum() == 0) {
          continue;
        }
        String[] parts = d.getKey().split("@", 2);
        ObjectNode line = items.addObject();
        line.set("item", SalesWriter.ref(parts[0]));
        line.set("location", SalesWriter.ref(parts[1]));
        line.put("adjustQtyBy", d.getValue());
      }
      applied += batch.size();
      if (items.isEmpty()) {
        continue;
      }
      ObjectNode body = F.objectNode();
      body.put("externalId", eid);
      if (s.mapping().subsidiary() != null) {
        body.set("subsidiary", SalesWriter.ref(s.mapping().subsidiary()));
      }
      if (s.mapping().department() != null) {
        body.set("department", SalesWriter.ref(s.mapping().department()));
      }
      if (s.mapping().classification() != null) {
        body.set("class", SalesWriter.ref(s.mapping().classification()));
      }
      body.set("account", SalesWriter.ref(account));
      Set<String> locs = deltas.keySet().stream().map(k -> k.split("@", 2)[1])
          .collect(Collectors.toCollection(LinkedHashSet::new));
      if (locs.size() == 1) {
        body.set("adjLocation", SalesWriter.ref(locs.iterator().next()));
      }
      Instant when = batch.get(batch.size() - 1).change().occurredAt();
      body.put("tranDate", LocalDate.ofInstant(when, s.zone()).toString());
      body.put("memo", memo(batch.stream().map(Line::change).toList()));
      body.set("inventory", F.objectNode().set("items", items));
      s.api().upsert(op, "inventoryAdjustment", eid, body, "inventory");
    }
    return new StockWriteResult(applied, calls, List.of());
  }

  private static String memo(List<StockChange> changes) {
    Set<String> reasons = new LinkedHashSet<>();
    for (StockChange c : changes) {
      reasons.add(c.rawReason() != null ? c.rawReason() : c.reason().name().toLowerCase(java.util.Locale.ROOT));
    }
    String refs = changes.stream().map(StockChange::reference).filter(r -> r != null).distinct()
        .limit(5).collect(Collectors.joining(", "));
    String memo = "POS stock " + String.join("/", reasons) + (refs.isEmpty() ? "" : " (" + refs + ")");
    return memo.length() > 999 ? memo.substring(0, 999) : memo;
  }

  private Map<String, BigDecimal> onHand(String op, List<String[]> pairs) {
    Set<String> items = new LinkedHashSet<>();
    Set<String> locations = new LinkedHashSet<>();
    for (String[] p : pairs) {
      items.add(p[0]);
      locations.add(p[1]);
    }
    Map<String, BigDecimal> out = new HashMap<>();
    String sql = COLUMNS + " WHERE item IN (" + quoted(items) + ") AND location IN (" + quoted(locations)
        + ") ORDER BY item, location";
    for (Map<String, String> row : s.api().suiteqlAll(op, sql, s.pageSize())) {
      BigDecimal q;
      try {
        q = decimal(row, "quantityonhand");
      } catch (RuntimeException e) {
        throw NetSuiteApi.wrap(op, "inventoryitemlocations row", e);
      }
      if (row.get("item") != null && row.get("location") != null) {
        out.put(row.get("item") + "@" + row.get("location"), q == null ? BigDecimal.ZERO : q);
      }
    }
    return out;
  }

  static String quoted(java.util.Collection<String> values) {
    return values.stream().map(NetSuiteApi::quote).collect(Collectors.joining(", "));
  }

  @Override
  public int maxStockChangesPerCall() {
    return s.adjustmentLines();
  }
}
