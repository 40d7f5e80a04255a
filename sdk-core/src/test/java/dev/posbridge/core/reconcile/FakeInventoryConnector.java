package dev.posbridge.core.reconcile;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory inventory system: pages its levels, counts calls, and applies each idempotency key
 * once, like a vendor would.
 */
final class FakeInventoryConnector implements InventoryConnector {

  static final String ITEM_TYPE = "item";
  static final String LOCATION_TYPE = "location";

  private record Key(String item, String location) {}

  private final String system;
  private final int pageSize;
  private final int maxStockChangesPerCall;
  private final Map<Key, BigDecimal> stock = new LinkedHashMap<>();
  private final Set<String> appliedKeys = new HashSet<>();
  private final List<Integer> callSizes = new ArrayList<>();
  private final List<String> callKeys = new ArrayList<>();
  private final AtomicInteger pageFetches = new AtomicInteger();
  private int applyCalls;
  private volatile StockQuery lastQuery;
  private int failAtVendorCall = -1;
  private int vendorCalls;
  private int appliedChanges;

  FakeInventoryConnector(String system, int pageSize, int maxStockChangesPerCall) {
    this.system = system;
    this.pageSize = pageSize;
    this.maxStockChangesPerCall = maxStockChangesPerCall;
  }

  synchronized FakeInventoryConnector put(String item, String location, long quantity) {
    return put(item, location, BigDecimal.valueOf(quantity));
  }

  synchronized FakeInventoryConnector put(String item, String location, BigDecimal quantity) {
    stock.put(new Key(item, location), quantity);
    return this;
  }

  synchronized void remove(String item, String location) {
    stock.remove(new Key(item, location));
  }

  synchronized BigDecimal quantity(String item, String location) {
    return stock.get(new Key(item, location));
  }

  ExternalRef itemRef(String item) {
    return ExternalRef.of(system, ITEM_TYPE, item);
  }

  ExternalRef locationRef(String location) {
    return ExternalRef.of(system, LOCATION_TYPE, location);
  }

  StockQuery lastQuery() {
    return lastQuery;
  }

  int pageFetches() {
    return pageFetches.get();
  }

  /** Makes the n-th vendor call from now (0-based) fail once, before it applies anything. */
  synchronized void failVendorCall(int n) {
    failAtVendorCall = vendorCalls + n;
  }

  synchronized int applyCalls() {
    return applyCalls;
  }

  synchronized int appliedChanges() {
    return appliedChanges;
  }

  synchronized Set<String> appliedKeys() {
    return Set.copyOf(appliedKeys);
  }

  /** Sizes of the vendor calls made, one per chunk. */
  synchronized List<Integer> callSizes() {
    return List.copyOf(callSizes);
  }

  synchronized List<String> callKeys() {
    return List.copyOf(callKeys);
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.INVENTORY);
  }

  @Override
  public PagedIterable<StockLevel> stockLevels(StockQuery query) {
    lastQuery = query;
    return PagedIterable.of(cursor -> {
      pageFetches.incrementAndGet();
      List<StockLevel> snapshot = snapshot();
      int from = cursor == null ? 0 : Integer.parseInt(cursor);
      int to = Math.min(snapshot.size(), from + pageSize);
      return new Page<>(snapshot.subList(from, to), to < snapshot.size() ? String.valueOf(to) : null);
    });
  }

  private synchronized List<StockLevel> snapshot() {
    List<StockLevel> out = new ArrayList<>(stock.size());
    Instant now = Instant.parse("2026-11-29T10:00:00Z");
    stock.forEach((k, q) -> out.add(new StockLevel(
        itemRef(k.item()), null, locationRef(k.location()), q, null, null, now)));
    return out;
  }

  @Override
  public synchronized StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
    applyCalls++;
    int applied = 0;
    int calls = 0;
    for (int from = 0; from < changes.size(); from += maxStockChangesPerCall) {
      List<StockChange> chunk = changes.subList(from, Math.min(changes.size(), from + maxStockChangesPerCall));
      String key = options.derive(String.valueOf(calls)).idempotencyKey();
      calls++;
      if (vendorCalls++ == failAtVendorCall) {
        failAtVendorCall = -1;
        throw new VendorUnavailableException("simulated outage", ErrorContext.of(system, "applyStockChanges"), null);
      }
      callSizes.add(chunk.size());
      callKeys.add(String.valueOf(key));
      if (key != null && !appliedKeys.add(key)) {
        continue;
      }
      for (StockChange c : chunk) {
        if (c.item() == null || !c.item().system().equals(system) || !c.location().system().equals(system)) {
          throw new NotFoundException("unknown item or location " + c.item() + " " + c.location(),
              ErrorContext.of(system, "applyStockChanges"), null);
        }
        Key k = new Key(c.item().id(), c.location().id());
        BigDecimal q = c.kind() == StockChangeKind.SET
            ? c.quantity()
            : stock.getOrDefault(k, BigDecimal.ZERO).add(c.quantity());
        stock.put(k, q);
        applied++;
      }
    }
    appliedChanges += applied;
    return new StockWriteResult(applied, calls, List.of());
  }

  @Override
  public int maxStockChangesPerCall() {
    return maxStockChangesPerCall;
  }

  @Override
  public void close() {}
}
