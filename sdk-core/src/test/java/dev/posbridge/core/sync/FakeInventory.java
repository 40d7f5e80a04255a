package dev.posbridge.core.sync;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.InventoryConnector;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory inventory that behaves like a vendor with idempotency keys: a key seen before with
 * the same body replays (no effect), with another body is rejected. Counts calls and effects.
 */
final class FakeInventory implements InventoryConnector {

  /** Thrown to simulate the process dying mid-delivery. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("simulated crash after the vendor applied the call");
    }
  }

  private final String system;
  private final int max;
  private final Map<String, List<StockChange>> byKey = new HashMap<>();
  private final Map<String, BigDecimal> levels = new LinkedHashMap<>();
  private final Map<String, List<String>> appliedReferences = new LinkedHashMap<>();
  private final Map<String, Integer> keyUses = new HashMap<>();
  private final List<Integer> callSizes = new ArrayList<>();
  private int effects;
  private int unavailableCalls;
  private int ambiguousFailures;
  private int crashOnCall = -1;
  private String rejectedSku = null;
  private volatile boolean crashed;

  FakeInventory(String system, int max) {
    this.system = system;
    this.max = max;
  }

  synchronized void setLevel(String sku, String location, BigDecimal quantity) {
    levels.put(sku + "@" + location, quantity);
  }

  synchronized void unavailableFor(int calls) {
    unavailableCalls = calls;
  }

  /** The next n calls apply their changes and then fail as if the answer were lost. */
  synchronized void ambiguousFailures(int n) {
    ambiguousFailures = n;
  }

  /** Calls carrying this SKU are rejected as a whole (nothing applied), like an atomic batch. */
  synchronized void rejectSku(String sku) {
    rejectedSku = sku;
  }

  synchronized void crashAfterApplyingCall(int callNumber) {
    crashOnCall = callNumber;
  }

  boolean crashed() {
    return crashed;
  }

  @Override
  public synchronized StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
    callSizes.add(changes.size());
    if (changes.size() > max) {
      throw new ValidationException("too many changes: " + changes.size(), ctx(), List.of(), null);
    }
    if (unavailableCalls > 0) {
      unavailableCalls--;
      throw new VendorUnavailableException("503", ctx().withStatus(503), null);
    }
    for (StockChange c : changes) {
      if (c.sku() != null && c.sku().equals(rejectedSku)) {
        throw new ValidationException("unknown item " + c.sku(), ctx().withStatus(400), List.of(), null);
      }
    }
    String key = options.derive("0").idempotencyKey();
    if (key == null) {
      throw new IllegalArgumentException("no idempotency key");
    }
    keyUses.merge(key, 1, Integer::sum);
    List<StockChange> earlier = byKey.get(key);
    if (earlier != null) {
      if (!earlier.equals(changes)) {
        throw new ValidationException("IDEMPOTENCY_KEY_REUSED", ctx(), List.of(), null);
      }
      return new StockWriteResult(changes.size(), 1, List.of());
    }
    List<StockLevel> result = new ArrayList<>();
    for (StockChange c : changes) {
      String k = c.sku() + "@" + c.location().id();
      BigDecimal now = c.kind() == StockChangeKind.SET ? c.quantity()
          : levels.getOrDefault(k, BigDecimal.ZERO).add(c.quantity());
      levels.put(k, now);
      appliedReferences.computeIfAbsent(k, x -> new ArrayList<>()).add(String.valueOf(c.reference()));
      effects++;
      result.add(new StockLevel(ExternalRef.of(system, "item", c.sku()), c.sku(), c.location(), null,
          now, null, Instant.EPOCH));
    }
    byKey.put(key, List.copyOf(changes));
    if (callSizes.size() == crashOnCall) {
      // The process "dies" after the vendor applied the call: the thread never returns (until
      // the test abandons it by interrupting it).
      crashed = true;
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new SimulatedCrash();
    }
    if (ambiguousFailures > 0) {
      ambiguousFailures--;
      throw new VendorUnavailableException("connection reset", ctx(), null);
    }
    return new StockWriteResult(changes.size(), 1, result);
  }

  synchronized BigDecimal level(String sku, String location) {
    return levels.getOrDefault(sku + "@" + location, BigDecimal.ZERO);
  }

  synchronized int effects() {
    return effects;
  }

  synchronized List<Integer> callSizes() {
    return List.copyOf(callSizes);
  }

  synchronized Map<String, Integer> keyUses() {
    return Map.copyOf(keyUses);
  }

  synchronized Map<String, List<String>> appliedReferences() {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    appliedReferences.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  private ErrorContext ctx() {
    return ErrorContext.of(system, "applyStockChanges");
  }

  @Override
  public int maxStockChangesPerCall() {
    return max;
  }

  @Override
  public PagedIterable<StockLevel> stockLevels(StockQuery query) {
    throw new UnsupportedOperationException();
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
  public void close() {}
}
