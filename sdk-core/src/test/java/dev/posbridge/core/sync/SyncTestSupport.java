package dev.posbridge.core.sync;

import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.RefundStatus;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.UnitPrice;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Test data and helpers for the sync tests. */
final class SyncTestSupport {

  static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
  static final Currency USD = Currency.getInstance("USD");
  static final LocationMapping SAME_ID = (loc, target) -> ExternalRef.of(target, "location", loc.id());

  private SyncTestSupport() {}

  static Sale sale(String id, String sku, int quantity) {
    return sale(id, sku, quantity, null);
  }

  static Sale sale(String id, String sku, int quantity, String note) {
    return Sale.builder()
        .ref(ExternalRef.of("square", "order", id))
        .location(ExternalRef.of("square", "location", "L1"))
        .createdAt(T0)
        .currency(USD)
        .addLine(SaleLine.of(sku, "Item " + sku, BigDecimal.valueOf(quantity), Money.of("2.50", "USD")))
        .deriveTotals()
        .note(note)
        .build();
  }

  static Refund refund(String id, String saleId, String sku, int quantity, boolean restock) {
    return new Refund(ExternalRef.of("square", "refund", id), ExternalRef.of("square", "order", saleId),
        ExternalRef.of("square", "location", "L1"), T0.plusSeconds(60), RefundStatus.COMPLETED, null,
        List.of(RefundLine.of(sku, "Item " + sku, BigDecimal.valueOf(quantity),
            UnitPrice.of("2.50", "USD"), restock)),
        Money.of("2.50", "USD").times(BigDecimal.valueOf(quantity), java.math.RoundingMode.UNNECESSARY),
        Money.of("0.00", "USD"), List.of(), null, List.of());
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
