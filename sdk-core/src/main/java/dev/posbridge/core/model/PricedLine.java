package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SaleLine} and {@link RefundLine} share: the item sold or returned, an amount before
 * discounts and taxes, the line's discounts and taxes, and the sums derived from them. Code that
 * writes either kind of line (a connector booking a sale or a refund) can take this type.
 */
public interface PricedLine {

  /**
   * Returns the canonical SKU, if known.
   *
   * @return the SKU, or {@code null}
   */
  @Nullable String sku();

  /**
   * Returns the item name; may be empty.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the vendor's id of the item or variation, if any.
   *
   * @return the item, or {@code null}
   */
  @Nullable ExternalRef item();

  /**
   * Tells whether the line is subject to tax.
   *
   * @return whether the line is taxable
   */
  boolean taxable();

  /**
   * Returns the quantity.
   *
   * @return the quantity
   */
  BigDecimal quantity();

  /**
   * Returns the price of one unit before discounts.
   *
   * @return the unit price
   */
  UnitPrice unitPrice();

  /**
   * Returns the line total: gross − discounts + additive taxes.
   *
   * @return the total
   */
  Money total();

  /**
   * Returns the line's amount before discounts and additive taxes.
   *
   * @return the gross amount
   */
  Money gross();

  /**
   * Returns the line's discounts.
   *
   * @return the discounts
   */
  List<Discount> discounts();

  /**
   * Returns the line's taxes.
   *
   * @return the taxes
   */
  List<TaxLine> taxes();

  /**
   * Returns the sum of the line's discounts.
   *
   * @return the discount total
   */
  default Money discountTotal() {
    return Sums.discounts(discounts(), gross().currency());
  }

  /**
   * Returns the sum of the line's taxes, inclusive and additive.
   *
   * @return the tax total
   */
  default Money taxTotal() {
    return Sums.taxes(taxes(), gross().currency(), false);
  }

  /**
   * Returns the sum of the line's additive taxes, those not already in the unit price.
   *
   * @return the additive tax total
   */
  default Money additiveTaxTotal() {
    return Sums.taxes(taxes(), gross().currency(), true);
  }

  /**
   * Returns the line's amount after discounts and before additive taxes: {@code gross −
   * discounts}.
   *
   * @return the net amount
   */
  default Money net() {
    return gross().minus(discountTotal());
  }

  /**
   * Checks that a line's amounts are present and in one currency, and that a non-taxable line
   * carries no tax.
   *
   * @param unitPrice the unit price
   * @param gross the gross amount
   * @param discounts the discounts, already copied
   * @param taxes the taxes, already copied
   * @param taxable whether the line is taxable
   * @param total the total
   * @throws IllegalArgumentException if an amount is missing or in another currency
   */
  static void checkAmounts(
      UnitPrice unitPrice, Money gross, List<Discount> discounts, List<TaxLine> taxes,
      boolean taxable, Money total) {
    Checks.notNull(unitPrice, "unitPrice");
    Checks.notNull(gross, "gross");
    Checks.sameCurrency(gross, Money.zero(unitPrice.currency()), "unitPrice");
    Checks.notNull(total, "total");
    Checks.sameCurrency(gross, total, "total");
    for (Discount d : discounts) {
      Checks.sameCurrency(gross, d.amount(), "discounts");
    }
    for (TaxLine t : taxes) {
      Checks.sameCurrency(gross, t.amount(), "taxes");
    }
    Checks.taxability(taxable, taxes);
  }
}
