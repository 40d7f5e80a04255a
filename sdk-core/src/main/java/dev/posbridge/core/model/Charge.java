package dev.posbridge.core.model;

import org.jspecify.annotations.Nullable;

/**
 * An extra charge on a sale: shipping, a service charge, cash rounding.
 *
 * @param type the canonical kind
 * @param rawType the vendor's own kind (required when {@code type} is OTHER)
 * @param name the charge's name as shown to the customer; may be empty
 * @param amount the amount before tax; may be negative for rounding
 * @param taxes the taxes charged on it
 */
public record Charge(
    ChargeType type, @Nullable String rawType, String name, Money amount, java.util.List<TaxLine> taxes) {

  /**
   * Validates the components.
   *
   * @param type the kind
   * @param rawType the vendor's kind
   * @param name the name
   * @param amount the amount
   * @param taxes the taxes on it
   * @throws IllegalArgumentException if a required part is missing or currencies differ
   */
  public Charge {
    Checks.notNull(type, "type");
    rawType = Checks.text(rawType);
    Checks.rawRequiredForOther(type, rawType, "type");
    name = Checks.requiredText(name, "name");
    Checks.notNull(amount, "amount");
    taxes = Checks.list(taxes, "taxes");
    for (TaxLine t : taxes) {
      Checks.sameCurrency(amount, t.amount(), "taxes");
    }
  }

  /**
   * Creates an untaxed charge.
   *
   * @param type the kind
   * @param name the name
   * @param amount the amount
   * @return the charge
   */
  public static Charge of(ChargeType type, String name, Money amount) {
    return new Charge(type, null, name, amount, java.util.List.of());
  }
}
