package dev.posbridge.benchmarks;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** A benchmark's sales sink: records each idempotency key once, in memory, after a simulated call time. */
final class CountingSink extends BenchConnector implements SalesSink {
  private final AtomicLong first = new AtomicLong();
  private final long nanos;

  /**
   * Creates the sink.
   *
   * @param micros how long each sale takes to record, 0 for no wait
   */
  CountingSink(int micros) {
    super("quickbooks", Capability.SALES_SINK);
    this.nanos = micros * 1000L;
  }

  @Override
  public WriteResult recordSale(Sale sale, RequestOptions options) {
    first.compareAndSet(0, System.nanoTime());
    if (nanos > 0) {
      LockSupport.parkNanos(nanos);
    }
    boolean created = firstTime(options);
    return new WriteResult(ExternalRef.of("quickbooks", "receipt", sale.ref().id()), created);
  }

  @Override
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    return new WriteResult(ExternalRef.of("quickbooks", "refund", refund.ref().id()), true);
  }

  /** Returns how many distinct keys were recorded. */
  int count() {
    return distinctKeys();
  }

  /** Returns the {@link System#nanoTime()} of the first sale, 0 before it. */
  long firstCall() {
    return first.get();
  }
}
