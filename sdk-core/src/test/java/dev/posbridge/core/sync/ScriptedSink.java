package dev.posbridge.core.sync;

import dev.posbridge.core.BatchItemsException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An accounting system whose answer per sale the test scripts (a function returning null to book
 * the sale, or an error to throw). With a batch size above one it answers batches item by item
 * like QuickBooks' batch endpoint, and a batch key seen before replays its first answer.
 */
final class ScriptedSink implements SalesSink {

  private final String system;
  private final int batchSize;
  private volatile Function<Sale, Throwable> script = s -> null;
  private final Map<String, Integer> bookings = new LinkedHashMap<>();
  private final Map<String, String> bookedKeys = new HashMap<>();
  private final List<String> keys = new ArrayList<>();
  final AtomicInteger calls = new AtomicInteger();

  ScriptedSink(String system, int batchSize) {
    this.system = system;
    this.batchSize = batchSize;
  }

  void script(Function<Sale, Throwable> value) {
    script = value;
  }

  @Override
  public WriteResult recordSale(Sale sale, RequestOptions options) {
    calls.incrementAndGet();
    Throwable t = script.apply(sale);
    if (t != null) {
      throwUnchecked(t);
    }
    return book(sale, options.idempotencyKey());
  }

  private synchronized WriteResult book(Sale sale, String key) {
    keys.add(key);
    String earlier = bookedKeys.get(key);
    if (earlier != null) {
      return new WriteResult(ExternalRef.of(system, "doc", earlier), false);
    }
    String id = "D" + (bookedKeys.size() + 1);
    bookedKeys.put(key, id);
    bookings.merge(sale.ref().id(), 1, Integer::sum);
    return new WriteResult(ExternalRef.of(system, "doc", id), true);
  }

  @Override
  public List<WriteResult> recordSales(List<Sale> sales, RequestOptions options) {
    if (batchSize <= 1) {
      return SalesSink.super.recordSales(sales, options);
    }
    calls.incrementAndGet();
    Map<Integer, WriteResult> results = new LinkedHashMap<>();
    Map<Integer, PosbridgeException> failures = new LinkedHashMap<>();
    for (int i = 0; i < sales.size(); i++) {
      Throwable t = script.apply(sales.get(i));
      if (t instanceof PosbridgeException pe) {
        failures.put(i, pe);
      } else if (t != null) {
        throwUnchecked(t);
      } else {
        results.put(i, book(sales.get(i), options.idempotencyKey() + ":" + i));
      }
    }
    if (!failures.isEmpty()) {
      throw new BatchItemsException("some failed", ErrorContext.of(system, "batch"), sales.size(),
          new LinkedHashSet<>(results.keySet()), results, failures);
    }
    return List.copyOf(results.values());
  }

  @Override
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    return new WriteResult(ExternalRef.of(system, "refund", refund.ref().id()), true);
  }

  @Override
  public int maxBatchSize() {
    return batchSize;
  }

  synchronized Map<String, Integer> bookings() {
    return Map.copyOf(bookings);
  }

  synchronized Set<String> keys() {
    return new LinkedHashSet<>(keys);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
    throw (T) t;
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.SALES_SINK);
  }

  @Override
  public void close() {}
}
