package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line of a sale: a quantity of one item at a unit price, with its own discounts and taxes.
 *
 * <p>Meaning of the amounts (the same for {@link RefundLine}):
 *
 * <ul>
 *   <li>{@code unitPrice}: the price of one unit before discounts, possibly finer than the
 *       currency ({@link UnitPrice}); inclusive taxes are part of it.
 *   <li>{@code gross}: {@code quantity × unitPrice} as the vendor computed it, rounded once to the
 *       currency; before discounts and additive taxes.
 *   <li>{@code discounts}: discounts attributed to this line, each a positive amount.
 *   <li>{@code taxes}: the taxes of this line; an inclusive tax is already inside {@code gross},
 *       an additive one is added on top.
 *   <li>{@code total}: {@code gross − discounts + additive taxes}, what the customer pays for the
 *       line.
 * </ul>
 *
 * <p>{@code taxable} says whether the line is subject to tax at all, independently of the amount
 * (a taxable line may carry a zero tax, e.g. at a zero rate or below a rounding threshold).
 * {@link Sale#checkTotals()} verifies the relations between the amounts.
 *
 * @param lineId the vendor's id of the line within the sale, if any
 * @param sku the canonical SKU, if the item has one
 * @param name the item name as sold; may be empty
 * @param quantity the quantity sold; decimal quantities (weights, lengths) are allowed
 * @param unitPrice the price of one unit before discounts
 * @param gross {@code quantity × unitPrice}, rounded to the currency
 * @param discounts discounts attributed to this line (including its share of sale-wide ones)
 * @param taxes taxes attributed to this line
 * @param taxable whether the line is subject to tax
 * @param total the line total: gross − discounts + additive taxes
 * @param item the vendor's id of the sold item or variation, if any
 */
public record SaleLine(
    @Nullable String lineId,
    @Nullable String sku,
    String name,
    BigDecimal quantity,
    UnitPrice unitPrice,
    Money gross,
    List<Discount> discounts,
    List<TaxLine> taxes,
    boolean taxable,
    Money total,
    @Nullable ExternalRef item) implements PricedLine {

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
   * @param taxable whether the line is subject to tax
   * @param total the line total
   * @param item the vendor item id
   * @throws IllegalArgumentException if a required part is missing, the quantity is negative,
   *     the amounts are in different currencies, or a non-taxable line carries a non-zero tax
   */
  public SaleLine {
    lineId = Checks.id(lineId, "lineId");
    sku = Checks.id(sku, "sku");
    name = Checks.requiredText(name, "name");
    quantity = Checks.quantity(quantity, "quantity");
    discounts = Checks.list(discounts, "discounts");
    taxes = Checks.list(taxes, "taxes");
    PricedLine.checkAmounts(unitPrice, gross, discounts, taxes, taxable, total);
  }

  /**
   * Creates a line from the earlier shape, with a unit price at the currency's scale; the line is
   * taxable when it has taxes.
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
   * @throws IllegalArgumentException as the canonical constructor
   */
  public SaleLine(
      @Nullable String lineId, @Nullable String sku, String name, BigDecimal quantity,
      Money unitPrice, Money gross, List<Discount> discounts, List<TaxLine> taxes, Money total,
      @Nullable ExternalRef item) {
    this(lineId, sku, name, quantity, UnitPrice.of(Checks.notNull(unitPrice, "unitPrice")), gross,
        discounts, taxes, taxes != null && !taxes.isEmpty(), total, item);
  }

  /**
   * Creates an undiscounted, untaxed line whose gross and total are {@code quantity × unitPrice}.
   *
   * @param sku the SKU
   * @param name the name
   * @param quantity the quantity
   * @param unitPrice the unit price
   * @return the line
   */
  public static SaleLine of(String sku, String name, BigDecimal quantity, Money unitPrice) {
    return of(sku, name, quantity, UnitPrice.of(unitPrice));
  }

  /**
   * Creates an undiscounted, untaxed line whose gross and total are {@code quantity × unitPrice}
   * rounded half up to the currency.
   *
   * @param sku the SKU
   * @param name the name
   * @param quantity the quantity
   * @param unitPrice the unit price, possibly finer than the currency
   * @return the line
   */
  public static SaleLine of(String sku, String name, BigDecimal quantity, UnitPrice unitPrice) {
    Money gross = unitPrice.times(quantity, RoundingMode.HALF_UP);
    return new SaleLine(
        null, sku, name, quantity, unitPrice, gross, List.of(), List.of(), false, gross, null);
  }
}
