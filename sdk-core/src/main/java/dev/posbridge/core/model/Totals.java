package dev.posbridge.core.model;

/**
 * The totals of a sale as the vendor reported them.
 *
 * <p>The relation {@code total = subtotal − discountTotal + additive taxes + tipTotal +
 * chargeTotal} is checked by {@link Sale#checkTotals()}, not here: a vendor's inconsistent totals
 * are data to report, not a reason to lose the sale.
 *
 * @param subtotal the sum of the lines' gross amounts
 * @param discountTotal all discounts, line and sale level, as a non-negative amount
 * @param taxTotal all taxes, inclusive and additive
 * @param tipTotal all tips
 * @param chargeTotal all extra charges (shipping, service charges, rounding) before tax
 * @param total what the customer paid
 */
public record Totals(
    Money subtotal, Money discountTotal, Money taxTotal, Money tipTotal, Money chargeTotal, Money total) {

  private static final java.util.List<String> FIELDS =
      java.util.List.of("subtotal", "discountTotal", "taxTotal", "tipTotal", "chargeTotal", "total");

  /**
   * Validates that all amounts are present and in one currency.
   *
   * @param subtotal the subtotal
   * @param discountTotal the discount total
   * @param taxTotal the tax total
   * @param tipTotal the tip total
   * @param chargeTotal the charge total
   * @param total the total
   * @throws IllegalArgumentException if an amount is missing or the currencies differ
   */
  public Totals {
    Checks.oneCurrency(FIELDS, subtotal, discountTotal, taxTotal, tipTotal, chargeTotal, total);
  }

  /**
   * Returns the currency of the totals.
   *
   * @return the currency
   */
  public java.util.Currency currency() {
    return subtotal.currency();
  }
}
