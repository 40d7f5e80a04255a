package dev.posbridge.spring;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A books system of the application's own: slow on purpose, counts what it booked. */
final class Books implements SalesSink {

  final AtomicInteger booked = new AtomicInteger();
  final long millisPerCall;

  Books(long millisPerCall) {
    this.millisPerCall = millisPerCall;
  }

  @Override
  public WriteResult recordSale(Sale sale, RequestOptions options) {
    try {
      Thread.sleep(millisPerCall);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    booked.incrementAndGet();
    return new WriteResult(ExternalRef.of("books", "doc", sale.ref().id()), true);
  }

  @Override
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    return new WriteResult(ExternalRef.of("books", "doc", refund.ref().id()), true);
  }

  @Override
  public String system() {
    return "books";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.SALES_SINK);
  }

  @Override
  public void close() {}

  static Sale sale(String id) {
    return Sale.builder().ref(ExternalRef.of("square", "order", id))
        .location(ExternalRef.of("square", "location", "L1")).createdAt(Instant.parse("2026-11-29T12:00:00Z"))
        .currency(Currency.getInstance("USD"))
        .addLine(SaleLine.of("LATTE", "Latte", BigDecimal.ONE, Money.of("2.50", "USD"))).deriveTotals().build();
  }
}
