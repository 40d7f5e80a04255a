package dev.posbridge.ops;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A read-only stock system: fixed on-hand counts per SKU at one store. */
final class TestStock implements InventoryConnector {

  private final String system;
  private final Map<String, Integer> counts;

  TestStock(String system, Map<String, Integer> counts) {
    this.system = system;
    this.counts = counts;
  }

  @Override
  public PagedIterable<StockLevel> stockLevels(StockQuery query) {
    List<StockLevel> levels = new ArrayList<>();
    counts.forEach((sku, n) -> levels.add(new StockLevel(ExternalRef.of(system, "item", sku), sku,
        ExternalRef.of(system, "location", "store-1"), BigDecimal.valueOf(n), BigDecimal.valueOf(n), null,
        Instant.parse("2026-11-29T12:00:00Z"))));
    return PagedIterable.of(cursor -> new Page<>(levels, null));
  }

  @Override
  public StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public int maxStockChangesPerCall() {
    return 1;
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
