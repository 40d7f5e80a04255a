package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A change to the stock of one item at one location: a delta or an absolute count.
 *
 * <p>The item is named by its canonical SKU, by the target system's item id, or both; a connector
 * resolves a SKU to its own item id when {@code item} is absent. {@code location} is the target
 * system's location. {@code reference} is a stable business reference (e.g. the sale id) that
 * connectors pass to the vendor where it accepts one.
 *
 * @param sku the canonical SKU, if known
 * @param item the target system's item id, if known
 * @param location the target system's location
 * @param kind delta or absolute
 * @param quantity the signed delta for {@link StockChangeKind#ADJUST} (never zero), or the new
 *     count for {@link StockChangeKind#SET}
 * @param reason why stock changed
 * @param rawReason the vendor's own reason (required when reason is OTHER)
 * @param occurredAt when the change happened
 * @param reference a stable business reference, e.g. {@code "sale-1001"}, if any
 * @param source the event or document in the source system that caused the change, if any
 */
public record StockChange(
    @Nullable String sku,
    @Nullable ExternalRef item,
    ExternalRef location,
    StockChangeKind kind,
    BigDecimal quantity,
    StockChangeReason reason,
    @Nullable String rawReason,
    Instant occurredAt,
    @Nullable String reference,
    @Nullable ExternalRef source) {

  /**
   * Validates the components.
   *
   * @param sku the SKU
   * @param item the item id
   * @param location the location
   * @param kind delta or absolute
   * @param quantity the delta or count
   * @param reason the reason
   * @param rawReason the vendor's reason
   * @param occurredAt when it happened
   * @param reference the business reference
   * @param source the causing event or document
   * @throws IllegalArgumentException if neither SKU nor item is given, a required part is missing,
   *     or an adjustment's quantity is zero
   */
  public StockChange {
    sku = Checks.id(sku, "sku");
    if (sku == null && item == null) {
      throw new IllegalArgumentException("stock change needs a sku or an item");
    }
    Checks.notNull(location, "location");
    Checks.notNull(kind, "kind");
    Checks.notNull(quantity, "quantity");
    quantity = dev.posbridge.core.spi.DataGuard.quantity(quantity, "quantity");
    if (kind == StockChangeKind.ADJUST && quantity.signum() == 0) {
      throw new IllegalArgumentException("an ADJUST quantity must not be zero");
    }
    Checks.notNull(reason, "reason");
    rawReason = Checks.text(rawReason);
    Checks.rawRequiredForOther(reason, rawReason, "reason");
    Checks.notNull(occurredAt, "occurredAt");
    reference = Checks.text(reference);
  }

  /**
   * Creates a delta change by SKU.
   *
   * @param sku the SKU
   * @param location the target location
   * @param delta the signed delta (negative for a sale)
   * @param reason the reason
   * @param occurredAt when it happened
   * @param reference a business reference, or {@code null}
   * @return the change
   */
  public static StockChange adjust(
      String sku, ExternalRef location, BigDecimal delta, StockChangeReason reason,
      Instant occurredAt, @Nullable String reference) {
    return new StockChange(
        sku, null, location, StockChangeKind.ADJUST, delta, reason, null, occurredAt, reference, null);
  }

  /**
   * Creates an absolute count by SKU.
   *
   * @param sku the SKU
   * @param location the target location
   * @param count the new count
   * @param reason the reason, usually {@link StockChangeReason#PHYSICAL_COUNT} or CORRECTION
   * @param occurredAt when it happened
   * @param reference a business reference, or {@code null}
   * @return the change
   */
  public static StockChange set(
      String sku, ExternalRef location, BigDecimal count, StockChangeReason reason,
      Instant occurredAt, @Nullable String reference) {
    return new StockChange(
        sku, null, location, StockChangeKind.SET, count, reason, null, occurredAt, reference, null);
  }

  /**
   * Returns a copy naming the target system's item.
   *
   * @param newItem the item id
   * @return the change with the item set
   */
  public StockChange withItem(ExternalRef newItem) {
    return new StockChange(
        sku, newItem, location, kind, quantity, reason, rawReason, occurredAt, reference, source);
  }
}
