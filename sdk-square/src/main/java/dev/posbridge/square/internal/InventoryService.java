package dev.posbridge.square.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.MappingCode;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.core.spi.VendorConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads inventory counts and applies changes. Thread-safe.
 *
 * <p>Canonical changes map to Square's as the vendor documentation advises: a negative SALE adjustment is
 * {@code IN_STOCK→SOLD}, other negative adjustments {@code IN_STOCK→WASTE}, a positive RETURN
 * {@code UNLINKED_RETURN→IN_STOCK}, other positive adjustments {@code NONE→IN_STOCK}, and SET a
 * {@code PHYSICAL_COUNT} of IN_STOCK. {@code occurred_at} is sent as given (never rewritten) and is
 * never later than the connector's
 * clock; {@code total_price_money} is never sent.
 *
 * @param api the API
 * @param catalog SKU resolution
 * @param clock caps {@code occurred_at}
 * @param mapper to fingerprint changes when no idempotency key is given
 */
public record InventoryService(SquareApi api, CatalogService catalog, Clock clock, ObjectMapper mapper)
    implements VendorConnector.Stock {

  /** Changes per BatchChangeInventory call. */
  public static final int MAX_CHANGES = 100;
  /** How far ahead of this clock a change time may be before it is rejected as bad data. */
  public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(10);
  static final int COUNTS_LIMIT = 1000;
  static final int IDS_PER_CALL = 1000;

  /**
   * Reads IN_STOCK counts.
   *
   * @param q the query
   * @return the levels, lazily paged
   */
  @Override
  public PagedIterable<StockLevel> stockLevels(StockQuery q) {
    return PagedIterable.startingAt(null, text -> {
      PageCursor c = PageCursor.decode(text);
      List<String> ids = new ArrayList<>();
      Map<String, String> bySku = q.skus().isEmpty() ? Map.of() : catalog.variationIds(q.skus());
      for (String sku : q.skus()) {
        String id = bySku.get(sku);
        if (id != null && !ids.contains(id)) {
          ids.add(id);
        }
      }
      if (!q.skus().isEmpty() && ids.isEmpty()) {
        return new Page<>(List.of(), null);
      }
      int batches = Math.max(1, (ids.size() + IDS_PER_CALL - 1) / IDS_PER_CALL);
      List<String> chunk = ids.isEmpty() ? null
          : ids.subList(c.batch() * IDS_PER_CALL, Math.min(ids.size(), (c.batch() + 1) * IDS_PER_CALL));
      Dto.BatchRetrieveCountsRequest body = new Dto.BatchRetrieveCountsRequest(chunk,
          q.locations().isEmpty() ? null : q.locations(), q.updatedAfter(), c.square(),
          List.of("IN_STOCK"), COUNTS_LIMIT);
      Dto.CountsResponse r = api.search("BatchRetrieveInventoryCounts", "/v2/inventory/counts/batch-retrieve",
          body, Dto.CountsResponse.class);
      List<StockLevel> out = new ArrayList<>();
      for (Dto.SqInventoryCount count : Convert.list(r.counts())) {
        if (count.state() == null || "IN_STOCK".equals(count.state())) {
          String sku = count.catalogObjectId() == null ? null : catalog.cachedSku(count.catalogObjectId());
          out.add(RecordMapper.stockLevel(count, sku, "BatchRetrieveInventoryCounts"));
        }
      }
      String next = r.cursor() != null && !r.cursor().isBlank()
          ? new PageCursor(0, c.batch(), r.cursor()).encode()
          : c.batch() + 1 < batches ? new PageCursor(0, c.batch() + 1, null).encode() : null;
      return new Page<>(out, next);
    });
  }

  /**
   * Applies changes in calls of at most {@link #MAX_CHANGES}.
   *
   * @param changes the changes
   * @param options the key of the whole list; call n uses {@code options.derive(n)}
   * @return what was applied
   */
  @Override
  public StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
    List<String> skus = new ArrayList<>();
    for (StockChange ch : changes) {
      if (ch.sku() != null && ExternalRefs.idOf(ch.item(), "item_variation") == null) {
        skus.add(ch.sku());
      }
    }
    if (!skus.isEmpty()) {
      catalog.variationIds(skus); // one search per 100 new SKUs fills the cache map() reads
    }
    List<Dto.SqInventoryChange> mapped = new ArrayList<>();
    Instant now = clock.instant();
    checkNotFuture(changes, now);
    for (StockChange ch : changes) {
      mapped.add(map(ch));
    }
    List<StockLevel> levels = new ArrayList<>();
    int calls = 0;
    for (int i = 0; i < mapped.size(); i += MAX_CHANGES) {
      List<Dto.SqInventoryChange> group = mapped.subList(i, Math.min(mapped.size(), i + MAX_CHANGES));
      String key = options.derive(String.valueOf(calls)).idempotencyKey();
      if (key == null) {
        key = "posbridge-inv:" + fingerprint(group);
      }
      key = Keys.fit(key, Keys.INVENTORY);
      Dto.BatchChangeInventoryResponse r = api.write("POST", "BatchChangeInventory",
          "/v2/inventory/changes/batch-create",
          new Dto.BatchChangeInventoryRequest(key, List.copyOf(group), true), key,
          Dto.BatchChangeInventoryResponse.class);
      calls++;
      for (Dto.SqInventoryCount count : Convert.list(r.counts())) {
        if ("IN_STOCK".equals(count.state())) {
          String sku = count.catalogObjectId() == null ? null : catalog.cachedSku(count.catalogObjectId());
          levels.add(RecordMapper.stockLevel(count, sku, "BatchChangeInventory"));
        }
      }
    }
    return new StockWriteResult(changes.size(), calls, levels);
  }

  private String fingerprint(List<Dto.SqInventoryChange> group) {
    try {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(Keys.sha256(mapper.writeValueAsString(group)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("inventory changes cannot be serialized", e);
    }
  }

  /**
   * Square refuses {@code occurred_at} in the future, and the body under one idempotency key must
   * never change, so a future time is never rewritten to "now" (a resend after a crash would then
   * carry another body under the same key). A time slightly ahead of this clock (another
   * system's clock skew) is a retryable {@link RateLimitedException} that asks to wait until it
   * has passed: nothing is sent, and the retry sends the identical body. A time further ahead is
   * bad data: {@link ValidationException}.
   */
  private static void checkNotFuture(List<StockChange> changes, Instant now) {
    Instant latest = null;
    for (int i = 0; i < changes.size(); i++) {
      Instant at = changes.get(i).occurredAt();
      if (at.isAfter(now.plus(MAX_FUTURE_SKEW))) {
        throw new ValidationException("stock change occurs in the future: " + at + " (now " + now + ")",
            ErrorContext.of(ExternalRefs.SYSTEM, "BatchChangeInventory"),
            List.of(new ValidationException.FieldError("changes[" + i + "].occurredAt", "future_occurred_at",
                at + " is more than " + MAX_FUTURE_SKEW.toMinutes() + " minutes ahead")), null);
      }
      if (at.isAfter(now) && (latest == null || at.isAfter(latest))) {
        latest = at;
      }
    }
    if (latest != null) {
      throw new RateLimitedException("stock change time " + latest + " is ahead of the clock (" + now
          + "); retry once it has passed", ErrorContext.of(ExternalRefs.SYSTEM, "BatchChangeInventory"),
          Duration.between(now, latest).plusSeconds(1), null);
    }
  }

  private Dto.SqInventoryChange map(StockChange ch) {
    String variation = ExternalRefs.idOf(ch.item(), "item_variation");
    if (variation == null) {
      variation = ch.sku() == null ? null : catalog.variationId(ch.sku());
    }
    if (variation == null) {
      throw new ValidationException("Stock change cannot be sent to Square", ErrorContext.of(ExternalRefs.SYSTEM,
          "BatchChangeInventory"), List.of(MappingCode.UNMAPPED_SKU.error("sku",
              "no Square item variation for SKU " + (ch.sku() == null ? "(none) and no Square item ref" : ch.sku()))),
          null);
    }
    String location = ch.location().id();
    Instant at = ch.occurredAt();
    String ref = ch.reference() == null ? null
        : ch.reference().length() <= 255 ? ch.reference() : ch.reference().substring(0, 255);
    if (ch.kind() == StockChangeKind.SET) {
      return new Dto.SqInventoryChange("PHYSICAL_COUNT", new Dto.SqPhysicalCount(null, ref, variation,
          "ITEM_VARIATION", "IN_STOCK", location, Convert.quantity(ch.quantity()), at), null);
    }
    String from;
    String to;
    if (ch.quantity().signum() < 0) {
      from = "IN_STOCK";
      to = ch.reason() == StockChangeReason.SALE ? "SOLD" : "WASTE";
    } else {
      from = ch.reason() == StockChangeReason.RETURN ? "UNLINKED_RETURN" : "NONE";
      to = "IN_STOCK";
    }
    return new Dto.SqInventoryChange("ADJUSTMENT", null, new Dto.SqAdjustment(null, ref, from, to, location,
        location, variation, "ITEM_VARIATION", Convert.quantity(ch.quantity().abs()), at));
  }

  @Override
  public int maxStockChangesPerCall() {
    return MAX_CHANGES;
  }
}
