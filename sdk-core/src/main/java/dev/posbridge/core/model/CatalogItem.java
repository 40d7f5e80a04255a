package dev.posbridge.core.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sellable item (a variant, in systems that have variants) as known to one system.
 *
 * @param sku the SKU; the canonical key across systems
 * @param name the display name (item name plus variation name where the system has both)
 * @param price the default selling price, if the system has one
 * @param barcode the barcode (UPC, EAN, GTIN), if any
 * @param trackInventory whether the system tracks stock for it
 * @param refs how the system identifies it, e.g. the item, the variation and the inventory item
 */
public record CatalogItem(
    String sku, String name, @Nullable Money price, @Nullable String barcode, boolean trackInventory,
    List<ExternalRef> refs) {

  /**
   * Validates the components.
   *
   * @param sku the SKU
   * @param name the name
   * @param price the price
   * @param barcode the barcode
   * @param trackInventory whether stock is tracked
   * @param refs the system ids
   * @throws IllegalArgumentException if the SKU is blank or a required part is missing
   */
  public CatalogItem {
    Checks.notBlank(sku, "sku");
    Checks.id(sku, "sku");
    name = Checks.requiredText(name, "name");
    barcode = Checks.id(barcode, "barcode");
    refs = Checks.list(refs, "refs");
  }

  /**
   * Returns the reference of the given type, e.g. {@code "item_variation"} or
   * {@code "inventory_item"}.
   *
   * @param type the reference type
   * @return the first reference of that type, or {@code null}
   */
  public @Nullable ExternalRef ref(String type) {
    for (ExternalRef r : refs) {
      if (r.type().equals(type)) {
        return r;
      }
    }
    return null;
  }
}
