package dev.posbridge.core.model;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * One returned line of a refund.
 *
 * @param originalLineId the id of the line in the original sale, if linked
 * @param sku the canonical SKU, if known
 * @param name the item name; may be empty
 * @param quantity the quantity returned (positive)
 * @param amount the money refunded for this line, including its taxes, as a positive amount
 * @param restock whether the returned units go back on hand
 * @param item the vendor's id of the returned item or variation, if any
 */
public record RefundLine(
    @Nullable String originalLineId,
    @Nullable String sku,
    String name,
    BigDecimal quantity,
    Money amount,
    boolean restock,
    @Nullable ExternalRef item) {

  /**
   * Validates the components.
   *
   * @param originalLineId the original line id
   * @param sku the SKU
   * @param name the name
   * @param quantity the quantity returned
   * @param amount the refunded amount
   * @param restock whether units return to stock
   * @param item the vendor item id
   * @throws IllegalArgumentException if a required part is missing or the quantity or amount is
   *     negative
   */
  public RefundLine {
    originalLineId = Checks.id(originalLineId, "originalLineId");
    sku = Checks.id(sku, "sku");
    name = Checks.requiredText(name, "name");
    quantity = Checks.quantity(quantity, "quantity");
    Checks.notNull(amount, "amount");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must not be negative: " + amount);
    }
  }
}
