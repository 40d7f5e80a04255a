package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line of a sale: a quantity of one item at a unit price, with its own discounts and taxes.
 *
 * <p>{@code gross} is {@code quantity × unitPrice} as the vendor computed it (rounded to the
 * currency); {@code total} is {@code gross − discounts + additive taxes}. Inclusive taxes are part of
 * the unit price already. {@link Sale#checkTotals()} verifies these relations.
 *
 * @param lineId the vendor's id of the line within the sale, if any
 * @param sku the canonical SKU, if the item has one
 * @param name the item name as sold; may be empty
 * @param quantity the quantity sold; decimal quantities (weights, lengths) are allowed
 * @param unitPrice the price of one unit before discounts
 * @param gross {@code quantity × unitPrice}, rounded to the currency
 * @param discounts discounts attributed to this line (including its share of sale-wide ones)
 * @param taxes taxes attributed to this line
 * @param total the line total: gross − discounts + additive taxes
 * @param item the vendor's id of the sold item or variation, if any
 */
public record SaleLine(
    @Nullable String lineId,
    @Nullable String sku,
    String name,
    BigDecimal quantity,
    Money unitPrice,
    Money gross,
    List<Discount> discounts,
    List<TaxLine> taxes,
    Money total,
    @Nullable ExternalRef item) {

  /**
   * Validates the components.
   *
   * @param lineId the vendor line id
   * @param sku the SKU
   * @param name the name
   * @param quantity the quantity
   * @param unitPrice the unit price
   * @param gross quantity × unit price
   * @param discounts the line's discounts
   * @param taxes the line's taxes
   * @param total the line total
   * @param item the vendor item id
   * @throws IllegalArgumentException if a required part is missing, the quantity is negative,
   *     or the amounts are in different currencies
   */
  public SaleLine {
    lineId = Checks.id(lineId, "lineId");
    sku = Checks.id(sku, "sku");
    name = Checks.requiredText(name, "name");
    quantity = Checks.quantity(quantity, "quantity");
    Checks.notNull(unitPrice, "unitPrice");
    Checks.notNull(gross, "gross");
    Checks.sameCurrency(unitPrice, gross, "gross");
    discounts = Checks.list(discounts, "discounts");
    taxes = Checks.list(taxes, "taxes");
    Checks.notNull(total, "total");
    Checks.sameCurrency(unitPrice, total, "total");
    for (Discount d : discounts) {
      Checks.sameCurrency(unitPrice, d.amount(), "discounts");
    }
    for (TaxLine t : taxes) {
      Checks.sameCurrency(unitPrice, t.amount(), "taxes");
    }
  }

  /**
   * Creates a plain line with no discounts or taxes; gross and total are
   * {@code quantity × unitPrice} rounded half-up.
   *
   * @param sku the SKU
   * @param name the name
   * @param quantity the quantity
   * @param unitPrice the unit price
   * @return the line
   */
  public static SaleLine of(String sku, String name, BigDecimal quantity, Money unitPrice) {
    Money gross = unitPrice.times(quantity, RoundingMode.HALF_UP);
    return new SaleLine(null, sku, name, quantity, unitPrice, gross, List.of(), List.of(), gross, null);
  }

  /**
   * Returns the sum of this line's discounts.
   *
   * @return the discount total, zero if none
   */
  public Money discountTotal() {
    Money sum = Money.zero(unitPrice.currency());
    for (Discount d : discounts) {
      sum = sum.plus(d.amount());
    }
    return sum;
  }

  /**
   * Returns the sum of this line's taxes, inclusive and additive.
   *
   * @return the tax total, zero if none
   */
  public Money taxTotal() {
    return Sums.taxes(taxes, unitPrice.currency(), false);
  }

  /**
   * Returns the sum of this line's additive (non-inclusive) taxes.
   *
   * @return the additive tax total, zero if none
   */
  public Money additiveTaxTotal() {
    return Sums.taxes(taxes, unitPrice.currency(), true);
  }
}
