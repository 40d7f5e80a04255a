package dev.posbridge.core.connect;

import dev.posbridge.core.model.CatalogItem;
import java.util.Optional;

/** Looks up catalog items by SKU and lists the catalog. */
public interface CatalogConnector extends Connector {

  /**
   * Finds the item with exactly this SKU (case-sensitive, re-checked client-side where the
   * vendor's search is fuzzy).
   *
   * @param sku the SKU
   * @return the item, or empty
   */
  Optional<CatalogItem> findCatalogItemBySku(String sku);

  /**
   * Returns every sellable item, lazily paged.
   *
   * @return the items; vendor failures surface while iterating
   */
  PagedIterable<CatalogItem> catalogItems();
}
