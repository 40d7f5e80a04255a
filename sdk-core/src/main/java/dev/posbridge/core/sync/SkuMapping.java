package dev.posbridge.core.sync;

import org.jspecify.annotations.Nullable;

/**
 * Maps a canonical SKU to the SKU a target system knows the same item by. The default is the
 * identity; the pipeline then also looks the target's item id up in its
 * {@link dev.posbridge.core.connect.IdMap}.
 */
@FunctionalInterface
public interface SkuMapping {

  /**
   * Maps a SKU.
   *
   * @param sku the canonical SKU, as read from the source
   * @param targetSystem the target system, e.g. {@code "shopify"}
   * @return the target's SKU, or {@code null} if the item is not sold there (the delivery is then
   *     dead-lettered, to be replayed once mapped)
   */
  @Nullable String map(String sku, String targetSystem);
}
