package dev.posbridge.core.model;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A discount applied to a line or to the whole sale.
 *
 * @param name the discount's name as shown to the customer; may be empty
 * @param amount the money taken off, as a non-negative amount
 * @param percentage the percentage (e.g. {@code 10} for 10 %) when the discount is percentage-based
 * @param code the promotion or discount code, if any
 * @param ref the vendor's id of the discount definition, if any
 */
public record Discount(
    String name, Money amount, @Nullable BigDecimal percentage, @Nullable String code,
    @Nullable ExternalRef ref) {

  /**
   * Validates the components.
   *
   * @param name the name
   * @param amount the amount taken off
   * @param percentage the percentage, if any
   * @param code the code, if any
   * @param ref the vendor reference, if any
   * @throws IllegalArgumentException if the amount is negative or the percentage outside 0–100
   */
  public Discount {
    name = Checks.requiredText(name, "name");
    Checks.notNull(amount, "amount");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("discount amount must not be negative: " + amount);
    }
    if (percentage != null
        && (percentage.signum() < 0 || percentage.compareTo(BigDecimal.valueOf(100)) > 0)) {
      throw new IllegalArgumentException(
          "percentage must be 0..100: " + dev.posbridge.core.spi.DataGuard.describe(percentage));
    }
    if (percentage != null) {
      percentage = dev.posbridge.core.spi.DataGuard.rate(
          percentage, "percentage", BigDecimal.valueOf(100));
    }
    code = Checks.text(code);
  }

  /**
   * Creates a fixed-amount discount.
   *
   * @param name the name
   * @param amount the amount taken off
   * @return the discount
   */
  public static Discount of(String name, Money amount) {
    return new Discount(name, amount, null, null, null);
  }
}
