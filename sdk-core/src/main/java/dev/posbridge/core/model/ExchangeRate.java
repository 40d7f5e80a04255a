package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * How a document's currency converts to the books' home currency: one unit of {@code from} is
 * worth {@code rate} units of {@code to}. This is the convention of QuickBooks Online's
 * {@code ExchangeRate} and NetSuite's {@code exchangeRate} fields ("home currency units per unit
 * of the transaction currency").
 *
 * <p>Amounts of a sale or refund stay in the document's currency; the rate only tells the books
 * how to value them. A sale in the home currency needs no rate.
 *
 * @param from the document's currency
 * @param to the books' home currency
 * @param rate units of {@code to} per unit of {@code from}; positive
 */
public record ExchangeRate(Currency from, Currency to, BigDecimal rate) {

  /**
   * Validates the components.
   *
   * @param from the document currency
   * @param to the home currency
   * @param rate the rate
   * @throws IllegalArgumentException if a part is missing, the rate is not positive, or the
   *     currencies are equal with a rate other than 1
   */
  public ExchangeRate {
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Checks.positive(rate, "rate");
    rate = dev.posbridge.core.spi.DataGuard.bounded(rate, "rate", 12, 32);
    if (from.equals(to) && rate.compareTo(BigDecimal.ONE) != 0) {
      throw new IllegalArgumentException(
          "rate between " + from.getCurrencyCode() + " and itself must be 1: " + dev.posbridge.core.spi.DataGuard.describe(rate));
    }
  }

  /**
   * Creates a rate.
   *
   * @param from the document's currency code
   * @param to the home currency code
   * @param rate units of {@code to} per unit of {@code from}
   * @return the rate
   */
  public static ExchangeRate of(String from, String to, String rate) {
    return new ExchangeRate(Money.currency(from), Money.currency(to), new BigDecimal(rate));
  }

  /**
   * Converts an amount in {@code from} to the home currency, rounded half up.
   *
   * @param amount an amount in {@code from}
   * @return the amount in {@code to}
   * @throws IllegalArgumentException if the amount is not in {@code from}
   */
  public Money toHome(Money amount) {
    if (!amount.currency().equals(from)) {
      throw new IllegalArgumentException("amount must be in " + from.getCurrencyCode() + ": " + amount);
    }
    return Money.of(amount.amount().multiply(rate), to, RoundingMode.HALF_UP);
  }

  @Override
  public String toString() {
    return "1 " + from.getCurrencyCode() + " = " + rate.toPlainString() + " " + to.getCurrencyCode();
  }
}
