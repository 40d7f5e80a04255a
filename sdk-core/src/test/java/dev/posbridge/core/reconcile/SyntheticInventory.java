package dev.posbridge.core.reconcile;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.IdMap;
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
import java.util.Optional;
import java.util.Set;

/**
 * Large generated inventories for the memory benchmark: levels are computed page by page from
 * the SKU number, never held, like a vendor API streaming a big catalog; and an id map computed
 * from ids, like a database-backed map that does not sit in the heap.
 */
final class SyntheticInventory {

  private SyntheticInventory() {}

  /** Quantity a system reports for SKU {@code k} at location {@code l}, or -1 when it lacks it. */
  interface Quantities {
    long quantity(int k, int l);
  }

  static String sku(int k) {
    return "SKU-" + k;
  }

  static String location(int l) {
    return "store-" + l;
  }

  static final class Connector implements InventoryConnector {
    private final String system;
    private final String prefix;
    private final int skus;
    private final int locations;
    private final int extraUnmapped;
    private final Quantities quantities;
    private final int pageSize;

    Connector(String system, int skus, int locations, int extraUnmapped, int pageSize, Quantities q) {
      this.system = system;
      this.prefix = system.substring(0, 2);
      this.skus = skus;
      this.locations = locations;
      this.extraUnmapped = extraUnmapped;
      this.quantities = q;
      this.pageSize = pageSize;
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
    public PagedIterable<StockLevel> stockLevels(StockQuery query) {
      int total = skus * locations + extraUnmapped;
      Instant asOf = Instant.parse("2026-11-29T10:00:00Z");
      return PagedIterable.of(cursor -> {
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(total, from + pageSize);
        List<StockLevel> page = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          if (i >= skus * locations) {
            page.add(new StockLevel(ExternalRef.of(system, "item", prefix + "-x" + i), null,
                ExternalRef.of(system, "location", prefix + "-L0"), BigDecimal.ONE, null, null, asOf));
            continue;
          }
          int k = i / locations;
          int l = i % locations;
          long q = quantities.quantity(k, l);
          if (q < 0) {
            continue;
          }
          page.add(new StockLevel(ExternalRef.of(system, "item", prefix + "-" + k), null,
              ExternalRef.of(system, "location", prefix + "-L" + l), BigDecimal.valueOf(q), null, null,
              asOf));
        }
        return new Page<>(page, to < total ? String.valueOf(to) : null);
      });
    }

    @Override
    public StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
      throw new UnsupportedOperationException("read-only benchmark inventory");
    }

    @Override
    public int maxStockChangesPerCall() {
      return 100;
    }

    @Override
    public void close() {}
  }

  /** Maps {@code <prefix>-<k>} items to {@code SKU-<k>} and {@code <prefix>-L<l>} to {@code store-<l>}. */
  static final class ComputedIdMap implements IdMap {
    private final int skus;
    private final int locations;

    ComputedIdMap(int skus, int locations) {
      this.skus = skus;
      this.locations = locations;
    }

    @Override
    public void put(Kind kind, String canonicalId, ExternalRef ref) {
      throw new UnsupportedOperationException("computed map");
    }

    @Override
    public Optional<ExternalRef> find(Kind kind, String canonicalId, String system) {
      String prefix = system.substring(0, 2);
      if (kind == Kind.SKU && canonicalId.startsWith("SKU-")) {
        return Optional.of(ExternalRef.of(system, "item", prefix + "-" + canonicalId.substring(4)));
      }
      if (kind == Kind.LOCATION && canonicalId.startsWith("store-")) {
        return Optional.of(ExternalRef.of(system, "location", prefix + "-L" + canonicalId.substring(6)));
      }
      return Optional.empty();
    }

    @Override
    public Optional<ExternalRef> find(Kind kind, String canonicalId, String system, String type) {
      return find(kind, canonicalId, system).filter(r -> r.type().equals(type));
    }

    @Override
    public Optional<String> canonicalId(Kind kind, ExternalRef ref) {
      String id = ref.id();
      int dash = id.indexOf('-');
      if (dash < 0) {
        return Optional.empty();
      }
      String rest = id.substring(dash + 1);
      try {
        if (kind == Kind.SKU && ref.type().equals("item")) {
          int k = Integer.parseInt(rest);
          return k >= 0 && k < skus ? Optional.of(sku(k)) : Optional.empty();
        }
        if (kind == Kind.LOCATION && ref.type().equals("location") && rest.startsWith("L")) {
          int l = Integer.parseInt(rest.substring(1));
          return l >= 0 && l < locations ? Optional.of(location(l)) : Optional.empty();
        }
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      return Optional.empty();
    }

    @Override
    public List<ExternalRef> refs(Kind kind, String canonicalId) {
      throw new UnsupportedOperationException("computed map");
    }
  }
}
