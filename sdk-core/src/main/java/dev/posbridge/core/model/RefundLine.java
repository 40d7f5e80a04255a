package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One returned line of a refund. Its amounts have exactly the meaning of a {@link SaleLine}'s, all
 * as positive amounts of money going back to the customer:
 *
 * <ul>
 *   <li>{@code unitPrice}: the price of one returned unit before discounts, possibly finer than the
 *       currency; inclusive taxes are part of it.
 *   <li>{@code gross}: {@code quantity × unitPrice}, rounded once to the currency.
 *   <li>{@code discounts}: the discounts given back with the line (they reduce the refund).
 *   <li>{@code taxes}: the line's taxes, inclusive (inside {@code gross}) or additive (on top).
 *   <li>{@code total}: {@code gross − discounts + additive taxes}, the money refunded for the line
 *       including its taxes.
 * </ul>
 *
 * @param originalLineId the id of the line in the original sale, if linked
 * @param sku the canonical SKU, if known
 * @param name the item name; may be empty
 * @param quantity the quantity returned (not negative)
 * @param unitPrice the price of one returned unit before discounts
 * @param gross {@code quantity × unitPrice}, rounded to the currency
 * @param discounts discounts attributed to the line
 * @param taxes taxes attributed to the line
 * @param taxable whether the line is subject to tax
 * @param total {@code gross − discounts + additive taxes}
 * @param restock whether the returned units go back on hand
 * @param item the vendor's id of the returned item or variation, if any
 */
public record RefundLine(
    @Nullable String originalLineId,
    @Nullable String sku,
    String name,
    BigDecimal quantity,
    UnitPrice unitPrice,
    Money gross,
    List<Discount> discounts,
    List<TaxLine> taxes,
    boolean taxable,
    Money total,
    boolean restock,
    @Nullable ExternalRef item) implements PricedLine {

  /**
   * Validates the components.
   *
   * @param originalLineId the original line id
   * @param sku the SKU
   * @param name the name
   * @param quantity the quantity
   * @param unitPrice the unit price
   * @param gross quantity × unit price
   * @param discounts the line's discounts
   * @param taxes the line's taxes
   * @param taxable whether the line is subject to tax
   * @param total the line total
   * @param restock whether to restock
   * @param item the vendor item id
   * @throws IllegalArgumentException if a required part is missing, the quantity, gross or total
   *     is negative, the amounts are in different currencies, or a non-taxable line carries tax
   */
  public RefundLine {
    originalLineId = Checks.id(originalLineId, "originalLineId");
    sku = Checks.id(sku, "sku");
    name = Checks.requiredText(name, "name");
    quantity = Checks.quantity(quantity, "quantity");
    Checks.nonNegative(quantity, "quantity");
    discounts = Checks.list(discounts, "discounts");
    taxes = Checks.list(taxes, "taxes");
    PricedLine.checkAmounts(unitPrice, gross, discounts, taxes, taxable, total);
    if (gross.signum() < 0) {
      throw new IllegalArgumentException("gross must not be negative: " + gross);
    }
    if (total.signum() < 0) {
      throw new IllegalArgumentException("total must not be negative: " + total);
    }
  }

  /**
   * Creates an undiscounted, untaxed returned line: gross and total are {@code quantity ×
   * unitPrice} rounded half up.
   *
   * @param sku the SKU, or {@code null}
   * @param name the name
   * @param quantity the quantity returned
   * @param unitPrice the unit price
   * @param restock whether to restock
   * @return the line
   */
  public static RefundLine of(
      @Nullable String sku, String name, BigDecimal quantity, UnitPrice unitPrice, boolean restock) {
    Money gross = unitPrice.times(quantity, RoundingMode.HALF_UP);
    return new RefundLine(null, sku, name, quantity, unitPrice, gross, List.of(), List.of(), false,
        gross, restock, null);
  }

  /**
   * Returns a copy with taxes; the total becomes {@code gross − discounts + additive taxes} and the
   * line taxable.
   *
   * @param values the taxes
   * @return the line
   */
  public RefundLine withTaxes(List<TaxLine> values) {
    Money sum = Sums.taxes(values, gross.currency(), true);
    return new RefundLine(originalLineId, sku, name, quantity, unitPrice, gross, discounts, values,
        true, gross.minus(discountTotal()).plus(sum), restock, item);
  }

  /**
   * Returns a copy with discounts; the total becomes {@code gross − discounts + additive taxes}.
   *
   * @param values the discounts
   * @return the line
   */
  public RefundLine withDiscounts(List<Discount> values) {
    Money off = Sums.discounts(values, gross.currency());
    return new RefundLine(originalLineId, sku, name, quantity, unitPrice, gross, values, taxes,
        taxable, gross.minus(off).plus(additiveTaxTotal()), restock, item);
  }

  /**
   * Returns a copy linked to the original sale's line and the vendor's item.
   *
   * @param lineId the original line id, or {@code null}
   * @param itemRef the vendor item, or {@code null}
   * @return the line
   */
  public RefundLine linkedTo(@Nullable String lineId, @Nullable ExternalRef itemRef) {
    return new RefundLine(lineId, sku, name, quantity, unitPrice, gross, discounts, taxes, taxable,
        total, restock, itemRef);
  }
}
