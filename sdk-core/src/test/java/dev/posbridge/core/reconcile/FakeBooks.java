package dev.posbridge.core.reconcile;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.connect.BookedSalesReader;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accounting books in memory: a sales sink with idempotency keys whose documents read back as the
 * {@link BookedSalesReader} contract says (source ref as {@code ref}, the book's own ref in
 * {@code refs}). Tests seed faulty bookings with {@link #put(Sale)} and {@link #put(Refund)}.
 */
final class FakeBooks implements SalesSink, BookedSalesReader {

  private final String system;
  private final Map<String, WriteResult> byKey = new HashMap<>();
  private final List<Sale> sales = new ArrayList<>();
  private final List<Refund> refunds = new ArrayList<>();
  final List<String> keys = new ArrayList<>();
  int created;
  int lookups;
  int failOnCall = -1;
  private int calls;

  FakeBooks(String system) {
    this.system = system;
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.SALES_SINK, Capability.BOOKED_SALES);
  }

  @Override
  public void close() {}

  /** Puts a document in the books as read back, bypassing keys (e.g. a doubled booking). */
  synchronized ExternalRef put(Sale bookedFrom) {
    ExternalRef own = ExternalRef.of(system, "salesreceipt", String.valueOf(sales.size() + refunds.size() + 1));
    sales.add(bookedFrom.toBuilder().ref(bookedFrom.ref().withVersion(bookedFrom.version()))
        .addRef(own).build());
    return own;
  }

  synchronized ExternalRef put(Refund bookedFrom) {
    ExternalRef own = ExternalRef.of(system, "refundreceipt", String.valueOf(sales.size() + refunds.size() + 1));
    refunds.add(bookedFrom.toBuilder().addRef(own).build());
    return own;
  }

  /** Voids every document booked for a source sale, as the books' void does. */
  synchronized void voidAll(ExternalRef source) {
    sales.replaceAll(s -> s.ref().sameObject(source) ? s.toBuilder().state(SaleState.VOIDED).build() : s);
  }

  synchronized int bookedCount(ExternalRef source) {
    return (int) sales.stream().filter(s -> s.ref().sameObject(source)).count()
        + (int) refunds.stream().filter(r -> r.ref().sameObject(source)).count();
  }

  @Override
  public synchronized WriteResult recordSale(Sale sale, RequestOptions options) {
    return write(options, () -> put(sale));
  }

  @Override
  public synchronized WriteResult recordRefund(Refund refund, RequestOptions options) {
    return write(options, () -> put(refund));
  }

  private WriteResult write(RequestOptions options, java.util.function.Supplier<ExternalRef> book) {
    if (calls++ == failOnCall) {
      throw new VendorUnavailableException("503", ErrorContext.of(system, "write").withStatus(503), null);
    }
    String key = options.idempotencyKey();
    if (key == null) {
      throw new IllegalArgumentException("no idempotency key");
    }
    keys.add(key);
    WriteResult earlier = byKey.get(key);
    if (earlier != null) {
      return new WriteResult(earlier.ref(), false);
    }
    WriteResult r = new WriteResult(book.get(), true);
    byKey.put(key, r);
    created++;
    return r;
  }

  @Override
  public synchronized PagedIterable<Sale> bookedSales(SalesQuery query) {
    List<Sale> hits = new ArrayList<>();
    for (Sale s : sales) {
      Instant when = s.closedAt() != null ? s.closedAt() : s.createdAt();
      if (in(query, when) && (!query.completedOnly() || s.state() == SaleState.COMPLETED)) {
        hits.add(s);
      }
    }
    return FakeSalesSource.paged(hits);
  }

  @Override
  public synchronized PagedIterable<Refund> bookedRefunds(SalesQuery query) {
    List<Refund> hits = new ArrayList<>();
    for (Refund r : refunds) {
      if (in(query, r.createdAt())) {
        hits.add(r);
      }
    }
    return FakeSalesSource.paged(hits);
  }

  private static boolean in(SalesQuery q, Instant when) {
    return !when.isBefore(q.from()) && when.isBefore(q.to());
  }

  @Override
  public synchronized Optional<Sale> bookedSale(ExternalRef sourceRef) {
    lookups++;
    return sales.stream().filter(s -> s.ref().sameObject(sourceRef)).findFirst();
  }

  @Override
  public synchronized Optional<Sale> bookedSaleByNumber(String documentNumber) {
    return sales.stream().filter(s -> documentNumber.equals(s.number())).findFirst();
  }

  @Override
  public synchronized Optional<Refund> bookedRefund(ExternalRef sourceRef) {
    lookups++;
    return refunds.stream().filter(r -> r.ref().sameObject(sourceRef)).findFirst();
  }

  @Override
  public synchronized Optional<Refund> bookedRefundByNumber(String documentNumber) {
    return refunds.stream().filter(r -> documentNumber.equals(r.number())).findFirst();
  }
}
