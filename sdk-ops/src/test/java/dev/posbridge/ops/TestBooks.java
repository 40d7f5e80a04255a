package dev.posbridge.ops;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.MappingCode;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorUnavailableException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/** An in-memory books system: refuses SKUs it has no item for, and can be taken down. */
final class TestBooks implements SalesSink {

  private final String system;
  private final Set<String> knownSkus = ConcurrentHashMap.newKeySet();
  private final Map<String, String> booked = new ConcurrentHashMap<>();
  private volatile boolean down;

  TestBooks(String system, String... skus) {
    this.system = system;
    knownSkus.addAll(List.of(skus));
  }

  void know(String sku) {
    knownSkus.add(sku);
  }

  void down(boolean value) {
    down = value;
  }

  int booked() {
    return booked.size();
  }

  @Override
  public WriteResult recordSale(Sale sale, RequestOptions options) {
    if (down) {
      throw new VendorUnavailableException("Service unavailable", ErrorContext.of(system, "write").withStatus(503), null);
    }
    for (int i = 0; i < sale.lines().size(); i++) {
      String sku = sale.lines().get(i).sku();
      if (!knownSkus.contains(sku)) {
        throw new ValidationException("Cannot map to " + system, ErrorContext.of(system, "write"),
            List.of(MappingCode.UNMAPPED_SKU.error("lines[" + i + "].sku", "no item for SKU " + sku)), null);
      }
    }
    String key = options.idempotencyKey();
    boolean created = booked.putIfAbsent(key, sale.ref().id()) == null;
    return new WriteResult(ExternalRef.of(system, "doc", key), created);
  }

  @Override
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    return new WriteResult(ExternalRef.of(system, "doc", options.idempotencyKey()), true);
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

  static Sale sale(String id, String sku) {
    return Sale.builder()
        .ref(ExternalRef.of("square", "order", id))
        .location(ExternalRef.of("square", "location", "L1"))
        .createdAt(Instant.parse("2026-11-29T12:00:00Z"))
        .currency(Currency.getInstance("USD"))
        .addLine(SaleLine.of(sku, "Item " + sku, BigDecimal.ONE, Money.of("2.50", "USD")))
        .deriveTotals()
        .build();
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
