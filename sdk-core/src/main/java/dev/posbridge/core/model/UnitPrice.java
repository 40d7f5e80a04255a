package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * A price per unit, which may be finer than the currency's minor unit (fuel at 1.4379 per litre,
 * weighed goods, bulk items at 0.0375 each).
 *
 * <p>Only unit prices have this extra precision: every amount that is charged, discounted, taxed or
 * booked is a {@link Money}, exact at the currency's scale. A line's gross is
 * {@code quantity × unitPrice} rounded once, half up, to the currency (see {@link #times}). The
 * amount is kept with at least the currency's fraction digits and at most
 * {@link #MAX_FRACTION_DIGITS}; trailing zeros beyond the currency's scale are dropped, so
 * {@code 25.000} and {@code 25.00} are equal.
 *
 * @param amount the price of one unit; may be negative (e.g. a price correction line)
 * @param currency the currency
 */
public record UnitPrice(BigDecimal amount, Currency currency) {

  /** The most fraction digits a unit price may have. */
  public static final int MAX_FRACTION_DIGITS = 10;

  /**
   * Validates and normalises the scale.
   *
   * @param amount the price of one unit
   * @param currency the currency
   * @throws IllegalArgumentException if a part is missing, the currency has no fixed fraction
   *     digits or the amount has more than {@link #MAX_FRACTION_DIGITS} significant fraction digits
   */
  public UnitPrice {
    Checks.notNull(amount, "amount");
    Checks.notNull(currency, "currency");
    amount = dev.posbridge.core.spi.DataGuard.bounded(amount, "unit price",
        dev.posbridge.core.spi.DataGuard.MAX_AMOUNT_INTEGER_DIGITS, MAX_FRACTION_DIGITS + 20);
    int digits = Money.fractionDigits(currency);
    BigDecimal stripped = amount.stripTrailingZeros();
    if (stripped.scale() > MAX_FRACTION_DIGITS) {
      throw new IllegalArgumentException(
          "unit price " + dev.posbridge.core.spi.DataGuard.describe(amount) + " has more than " + MAX_FRACTION_DIGITS
              + " fraction digits");
    }
    amount = stripped.scale() < digits ? stripped.setScale(digits) : stripped;
  }

  /**
   * Creates a unit price.
   *
   * @param amount the price of one unit
   * @param currency the currency
   * @return the unit price
   * @throws IllegalArgumentException if the amount is too precise
   */
  public static UnitPrice of(BigDecimal amount, Currency currency) {
    return new UnitPrice(amount, currency);
  }

  /**
   * Parses a unit price.
   *
   * @param amount the decimal amount, e.g. {@code "0.0375"}
   * @param currencyCode the ISO 4217 code
   * @return the unit price
   * @throws IllegalArgumentException if the amount or code is invalid
   */
  public static UnitPrice of(String amount, String currencyCode) {
    Checks.notBlank(amount, "amount");
    try {
      return new UnitPrice(new BigDecimal(amount.trim()), Money.currency(currencyCode));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount is not a decimal number: " + Checks.quote(amount), e);
    }
  }

  /**
   * Returns the unit price equal to an amount of money.
   *
   * @param money the amount
   * @return the unit price
   */
  public static UnitPrice of(Money money) {
    Checks.notNull(money, "money");
    return new UnitPrice(money.amount(), money.currency());
  }

  /**
   * Computes {@code quantity × this}, rounded once to the currency.
   *
   * @param quantity the quantity
   * @param rounding how to round to the currency's scale
   * @return the amount
   */
  public Money times(BigDecimal quantity, RoundingMode rounding) {
    Checks.notNull(quantity, "quantity");
    return Money.of(amount.multiply(quantity), currency, rounding);
  }

  /**
   * Tells whether this price is a whole number of minor units, i.e. expressible as {@link Money}.
   *
   * @return {@code true} if {@link #toMoney()} succeeds
   */
  public boolean isMoney() {
    return amount.scale() <= Money.fractionDigits(currency);
  }

  /**
   * Returns this price as money.
   *
   * @return the amount
   * @throws IllegalArgumentException if the price is finer than the currency
   */
  public Money toMoney() {
    return Money.of(amount, currency);
  }

  /**
   * Returns how many fraction digits the price has (at least the currency's).
   *
   * @return the scale
   */
  public int scale() {
    return amount.scale();
  }

  @Override
  public String toString() {
    return currency.getCurrencyCode() + " " + amount.toPlainString();
  }
}
