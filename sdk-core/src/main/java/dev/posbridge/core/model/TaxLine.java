package dev.posbridge.core.model;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A tax charged on a line or on the sale.
 *
 * <p>An <em>inclusive</em> tax is already contained in the prices it applies to, so it does not
 * add to the total; an additive (exclusive) tax does.
 *
 * @param name the tax's name, e.g. {@code "State sales tax"}; may be empty
 * @param rate the rate in percent (e.g. {@code 7.25}), if known
 * @param amount the tax amount
 * @param inclusive whether the tax is included in the prices
 * @param ref the vendor's id of the tax definition or code, if any
 */
public record TaxLine(
    String name, @Nullable BigDecimal rate, Money amount, boolean inclusive, @Nullable ExternalRef ref) {

  /**
   * Validates the components.
   *
   * @param name the name
   * @param rate the rate in percent, if known
   * @param amount the amount
   * @param inclusive whether it is included in prices
   * @param ref the vendor reference, if any
   * @throws IllegalArgumentException if a required part is missing or the rate is negative
   */
  public TaxLine {
    name = Checks.requiredText(name, "name");
    Checks.notNull(amount, "amount");
    if (rate != null && rate.signum() < 0) {
      throw new IllegalArgumentException(
          "rate must not be negative: " + dev.posbridge.core.spi.DataGuard.describe(rate));
    }
    if (rate != null) {
      rate = dev.posbridge.core.spi.DataGuard.rate(
          rate, "rate", dev.posbridge.core.spi.DataGuard.MAX_RATE_PERCENT);
    }
  }

  /**
   * Creates an additive tax line.
   *
   * @param name the name
   * @param rate the rate in percent, if known
   * @param amount the amount
   * @return the tax line
   */
  public static TaxLine additive(String name, @Nullable BigDecimal rate, Money amount) {
    return new TaxLine(name, rate, amount, false, null);
  }
}
