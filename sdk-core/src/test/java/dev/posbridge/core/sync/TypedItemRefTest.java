package dev.posbridge.core.sync;

import static dev.posbridge.core.sync.SyncTestSupport.SAME_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine hands each target the ref type it states, whatever order the IdMap holds them in. */
class TypedItemRefTest {

  @TempDir Path dir;

  /** Records the item refs it is sent; needs Shopify-style inventory items. */
  static final class InventoryItemsOnly implements InventoryConnector {
    final List<ExternalRef> items = new CopyOnWriteArrayList<>();

    @Override
    public StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
      changes.forEach(c -> items.add(c.item()));
      return new StockWriteResult(changes.size(), 1, List.of());
    }

    @Override
    public String itemRefType() {
      return "inventory_item";
    }

    @Override
    public int maxStockChangesPerCall() {
      return 250;
    }

    @Override
    public PagedIterable<StockLevel> stockLevels(StockQuery query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String system() {
      return "shopify";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.INVENTORY);
    }

    @Override
    public void close() {}
  }

  @Test
  void aSkuMappedToAVariantAndAnInventoryItemIsSentAsTheInventoryItem() {
    IdMap ids = IdMap.inMemory();
    ids.put(IdMap.Kind.SKU, "LATTE", ExternalRef.of("shopify", "variant", "gid://shopify/ProductVariant/1"));
    ids.put(IdMap.Kind.SKU, "LATTE", ExternalRef.of("shopify", "inventory_item", "gid://shopify/InventoryItem/9"));
    InventoryItemsOnly shopify = new InventoryItemsOnly();
    try (Outbox outbox = Outbox.builder().sqlite(dir.resolve("o.db")).build()) {
      SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).inventory(shopify).idMap(ids)
          .locationMapping(SAME_ID).idlePoll(Duration.ofMillis(1), Duration.ofMillis(10)).build().start();
      try {
        pipeline.submitSale(SyncTestSupport.sale("S-1", "LATTE", 2));
        SyncTestSupport.await("sent", () -> !shopify.items.isEmpty());
      } finally {
        pipeline.stop(Duration.ofSeconds(5));
      }
    }

    assertThat(shopify.items).containsExactly(
        ExternalRef.of("shopify", "inventory_item", "gid://shopify/InventoryItem/9"));
  }
}
