package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.MappingCode;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.core.spi.RefTypes;
import dev.posbridge.core.spi.VendorConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Quantities on hand of inventory Items: reads them and changes them, by sparse Item updates or,
 * with an adjustment account mapped, by InventoryAdjustments. QBO keeps one stock location per
 * company. Thread-safe.
 *
 * @param api the API
 * @param entities the entity mapper
 * @param catalog resolves SKUs to Items
 * @param mapping the adjustment account and time zone
 * @param clock stamps the levels read
 * @param realmId the company id, which is also its one location's id
 */
public record QboInventory(QboApi api, EntityMapper entities, QboCatalog catalog, QuickBooksMapping mapping,
    Clock clock, String realmId) implements VendorConnector.Stock {

  /** Lines per InventoryAdjustment (QBO documents no limit; 10 keeps each call small). */
  public static final int ADJUSTMENT_LINES = 10;

  /**
   * Reads inventory Items ({@code Type = 'Inventory'}), 1000 per query.
   *
   * @param query the SKUs, locations and update time to filter on
   * @return the levels, all at the company's location; none for a query of other locations
   */
  @Override
  public PagedIterable<StockLevel> stockLevels(StockQuery query) {
    Objects.requireNonNull(query, "query");
    if (!query.locations().isEmpty() && !query.locations().contains(realmId)
        && !query.locations().contains(entities.companyLocation().id())) {
      return PagedIterable.of(cursor -> new Page<>(List.of(), null));
    }
    StringBuilder q = new StringBuilder("SELECT * FROM Item WHERE Type = 'Inventory'");
    if (!query.skus().isEmpty()) {
      q.append(" AND Sku IN ").append(Queries.in(query.skus()));
    }
    if (query.updatedAfter() != null) {
      q.append(" AND MetaData.LastUpdatedTime > ")
          .append(Queries.quote(OffsetDateTime.ofInstant(query.updatedAfter(), ZoneOffset.UTC).toString()));
    }
    return api.pages("Item", q.toString())
        .map(item -> entities.stockLevel(item, clock.instant(), "StockLevels"));
  }

  /**
   * Applies stock changes: as InventoryAdjustments when an adjustment account is mapped, else as
   * one sparse Item update each, retried on a stale SyncToken.
   *
   * @param changes the changes
   * @param options the idempotency key; call {@code n} derives {@code String.valueOf(n)}
   * @return the result, with the new levels for Item updates
   * @throws ValidationException if a SKU has no Item
   */
  @Override
  public StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
    Objects.requireNonNull(changes, "changes");
    RefTypes.requireStockItems(changes, QboApi.SYSTEM, EntityMapper.ITEM, "applyStockChanges");
    Set<String> skus = new LinkedHashSet<>();
    for (StockChange c : changes) {
      if (c.item() == null || !c.item().system().equals(QboApi.SYSTEM)) {
        skus.add(Objects.requireNonNull(c.sku()));
      }
    }
    Map<String, String> itemIds = catalog.resolveSkus(skus, "ApplyStockChanges");
    List<String> missing = skus.stream().filter(s -> !itemIds.containsKey(s)).toList();
    if (!missing.isEmpty()) {
      throw new ValidationException("Stock changes cannot be sent to QuickBooks",
          ErrorContext.of(QboApi.SYSTEM, "ApplyStockChanges"),
          missing.stream().map(sku -> MappingCode.UNMAPPED_SKU.error("sku", "no QuickBooks Item for SKU " + sku))
              .toList(), null);
    }
    if (mapping.inventoryAdjustmentAccount() != null) {
      return applyAsAdjustments(changes, itemIds, options);
    }
    List<StockLevel> levels = new ArrayList<>();
    for (int n = 0; n < changes.size(); n++) {
      StockChange c = changes.get(n);
      String id = itemIdOf(c, itemIds);
      String key = RequestIds.key(options.derive(String.valueOf(n)),
          "stock:" + c.sku() + ":" + c.kind() + ":" + c.quantity() + ":" + c.occurredAt() + ":" + c.reference());
      ObjectNode updated = api.update("Item", id, key, "ApplyStockChanges", current -> {
        BigDecimal target = c.kind() == StockChangeKind.SET ? c.quantity()
            : onHand(current, "ApplyStockChanges").add(c.quantity());
        ObjectNode body = api.mapper().createObjectNode();
        copy(current, body, "Name");
        copy(current, body, "Type");
        body.put("TrackQtyOnHand", true);
        body.put("QtyOnHand", target);
        return body;
      });
      levels.add(entities.stockLevel(updated, clock.instant(), "ApplyStockChanges"));
    }
    return new StockWriteResult(changes.size(), changes.size(), levels);
  }

  private StockWriteResult applyAsAdjustments(
      List<StockChange> changes, Map<String, String> itemIds, RequestOptions options) {
    int calls = 0;
    int per = maxStockChangesPerCall();
    for (int start = 0, n = 0; start < changes.size(); start += per, n++) {
      List<StockChange> chunk = changes.subList(start, Math.min(changes.size(), start + per));
      ObjectNode body = api.mapper().createObjectNode();
      body.putObject("AdjustAccountRef").put("value", mapping.inventoryAdjustmentAccount());
      body.put("TxnDate", chunk.get(0).occurredAt().atZone(mapping.timeZoneFor(null)).toLocalDate().toString());
      ArrayNode lines = body.putArray("Line");
      Map<String, BigDecimal> pending = new HashMap<>();
      StringBuilder fallback = new StringBuilder("adjust:");
      for (StockChange c : chunk) {
        String id = itemIdOf(c, itemIds);
        BigDecimal diff = c.quantity();
        if (c.kind() == StockChangeKind.SET) {
          BigDecimal onHand = pending.containsKey(id) ? pending.get(id)
              : onHand(api.read("Item", id), "InventoryAdjustment");
          diff = c.quantity().subtract(onHand);
        }
        pending.merge(id, diff, BigDecimal::add);
        ObjectNode line = lines.addObject();
        line.put("DetailType", "ItemAdjustmentLineDetail");
        ObjectNode d = line.putObject("ItemAdjustmentLineDetail");
        d.putObject("ItemRef").put("value", id);
        d.put("QtyDiff", diff);
        fallback.append(id).append(':').append(diff).append(':').append(c.occurredAt()).append(';');
      }
      String key = RequestIds.key(options.derive(String.valueOf(n)), fallback.toString());
      api.write("InventoryAdjustment", body, RequestIds.of(key), "ApplyStockChanges");
      calls++;
    }
    return new StockWriteResult(changes.size(), calls, List.of());
  }

  /**
   * How many changes one call carries.
   *
   * @return {@value #ADJUSTMENT_LINES} with an adjustment account, else 1
   */
  @Override
  public int maxStockChangesPerCall() {
    return mapping.inventoryAdjustmentAccount() != null ? ADJUSTMENT_LINES : 1;
  }

  private static BigDecimal onHand(JsonNode item, String operation) {
    BigDecimal read = EntityMapper.quantityOnHand(item, operation);
    return read == null ? BigDecimal.ZERO : read;
  }

  private static String itemIdOf(StockChange c, Map<String, String> itemIds) {
    if (c.item() != null && c.item().system().equals(QboApi.SYSTEM)) {
      return c.item().id();
    }
    return Objects.requireNonNull(itemIds.get(c.sku()));
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    JsonNode v = from.get(field);
    if (v != null && !v.isNull()) {
      to.set(field, v);
    }
  }
}
