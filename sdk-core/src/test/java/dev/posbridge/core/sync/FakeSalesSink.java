package dev.posbridge.core.sync;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An in-memory accounting system with idempotency keys; counts bookings per sale. */
final class FakeSalesSink implements SalesSink {

  private final String system;
  private final Map<String, WriteResult> byKey = new HashMap<>();
  private final Map<String, Integer> bookings = new HashMap<>();
  private final List<String> journal = new ArrayList<>();
  private volatile boolean down;
  private volatile String poisonNote = "";
  private int calls;
  private int ambiguousFailures;

  FakeSalesSink(String system) {
    this.system = system;
  }

  void down(boolean value) {
    down = value;
  }

  /** Sales with this note are rejected as invalid. */
  void rejectNote(String note) {
    poisonNote = note;
  }

  synchronized void ambiguousFailures(int n) {
    ambiguousFailures = n;
  }

  @Override
  public synchronized WriteResult recordSale(Sale sale, RequestOptions options) {
    return write(options, "sale:" + sale.ref().id(), poisonNote.equals(sale.note()));
  }

  @Override
  public synchronized WriteResult recordRefund(Refund refund, RequestOptions options) {
    return write(options, "refund:" + refund.ref().id(), false);
  }

  private WriteResult write(RequestOptions options, String what, boolean invalid) {
    calls++;
    if (down) {
      throw new VendorUnavailableException("503", ErrorContext.of(system, "write").withStatus(503), null);
    }
    String key = options.idempotencyKey();
    if (key == null) {
      throw new IllegalArgumentException("no idempotency key");
    }
    WriteResult earlier = byKey.get(key);
    if (earlier != null) {
      return new WriteResult(earlier.ref(), false);
    }
    if (invalid) {
      throw new ValidationException("invalid account", ErrorContext.of(system, "write").withStatus(400),
          List.of(), null);
    }
    WriteResult result = new WriteResult(ExternalRef.of(system, "doc", "D" + (byKey.size() + 1)), true);
    byKey.put(key, result);
    bookings.merge(what, 1, Integer::sum);
    journal.add(what);
    if (ambiguousFailures > 0) {
      ambiguousFailures--;
      throw new VendorUnavailableException("read timeout", ErrorContext.of(system, "write"), null);
    }
    return result;
  }

  synchronized Map<String, Integer> bookings() {
    return Map.copyOf(bookings);
  }

  synchronized List<String> journal() {
    return List.copyOf(journal);
  }

  synchronized int calls() {
    return calls;
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
