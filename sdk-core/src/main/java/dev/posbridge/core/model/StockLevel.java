package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The stock of one item at one location in one system, at a moment.
 *
 * <p>Systems name their quantities differently; posbridge keeps the three that every reconciler
 * needs and leaves a quantity {@code null} when the system does not report it. At least one of
 * {@code onHand} and {@code available} is present.
 *
 * @param item the system's id of the stocked item or variation
 * @param sku the canonical SKU, if the system reported it
 * @param location the system's id of the location
 * @param onHand units physically present, if reported
 * @param available units that can be sold now (on hand minus committed and reserved), if reported
 * @param committed units promised to open orders, if reported
 * @param asOf when the system computed these quantities
 */
public record StockLevel(
    ExternalRef item,
    @Nullable String sku,
    ExternalRef location,
    @Nullable BigDecimal onHand,
    @Nullable BigDecimal available,
    @Nullable BigDecimal committed,
    Instant asOf) {

  /**
   * Validates the components.
   *
   * @param item the item id
   * @param sku the SKU
   * @param location the location id
   * @param onHand units on hand
   * @param available units available
   * @param committed units committed
   * @param asOf when computed
   * @throws IllegalArgumentException if a required part is missing or both {@code onHand} and
   *     {@code available} are absent
   */
  public StockLevel {
    Checks.notNull(item, "item");
    sku = Checks.id(sku, "sku");
    onHand = Checks.signedQuantity(onHand, "onHand");
    available = Checks.signedQuantity(available, "available");
    committed = Checks.signedQuantity(committed, "committed");
    Checks.notNull(location, "location");
    if (onHand == null && available == null) {
      throw new IllegalArgumentException("stock level of " + item + " needs onHand or available");
    }
    Checks.notNull(asOf, "asOf");
  }

  /**
   * Returns the quantity reconciliation compares: on hand when reported, else available.
   *
   * @return the quantity
   */
  public BigDecimal quantity() {
    return onHand != null ? onHand : Checks.notNull(available, "available");
  }
}
