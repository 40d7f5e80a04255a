package dev.posbridge.core.model;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One payment towards a sale (or one repayment of a refund).
 *
 * <p>Card data is limited by construction to the brand and the last four digits: no type in the
 * model can hold a full card number, CVV or track data.
 *
 * @param type the canonical payment method
 * @param rawType the vendor's own value for the method (required when {@code type} is OTHER)
 * @param amount the amount paid, including {@code tip}
 * @param tip the tip included in {@code amount}; zero if none
 * @param cardBrand the card brand for card tenders, if known
 * @param rawCardBrand the vendor's own card brand value (required when {@code cardBrand} is OTHER)
 * @param cardLastFour the last four digits of the card, if known
 * @param ref the vendor's id of the payment or transaction, if any
 */
public record Tender(
    TenderType type,
    @Nullable String rawType,
    Money amount,
    Money tip,
    @Nullable CardBrand cardBrand,
    @Nullable String rawCardBrand,
    @Nullable String cardLastFour,
    @Nullable ExternalRef ref) {

  private static final Pattern LAST_FOUR = Pattern.compile("[0-9]{4}");

  /**
   * Validates the components.
   *
   * @param type the method
   * @param rawType the vendor's method value
   * @param amount the amount including tip
   * @param tip the tip
   * @param cardBrand the card brand
   * @param rawCardBrand the vendor's brand value
   * @param cardLastFour the last four digits
   * @param ref the vendor payment id
   * @throws IllegalArgumentException if a required part is missing, the currencies differ, or
   *     {@code cardLastFour} is not exactly four digits
   */
  public Tender {
    Checks.notNull(type, "type");
    rawType = Checks.text(rawType);
    Checks.rawRequiredForOther(type, rawType, "type");
    Checks.notNull(amount, "amount");
    Checks.notNull(tip, "tip");
    Checks.sameCurrency(amount, tip, "tip");
    rawCardBrand = Checks.text(rawCardBrand);
    if (cardBrand != null) {
      Checks.rawRequiredForOther(cardBrand, rawCardBrand, "cardBrand");
    }
    cardLastFour = Checks.blankToNull(cardLastFour);
    if (cardLastFour != null && !LAST_FOUR.matcher(cardLastFour).matches()) {
      throw new IllegalArgumentException("cardLastFour must be exactly four digits");
    }
  }

  /**
   * Creates a tender without card details or tip.
   *
   * @param type the method
   * @param amount the amount
   * @return the tender
   */
  public static Tender of(TenderType type, Money amount) {
    return new Tender(type, null, amount, Money.zero(amount.currency()), null, null, null, null);
  }

  /** Renders the tender; the last four digits are masked as {@code ****1234}. */
  @Override
  public String toString() {
    return "Tender[" + type + (rawType == null ? "" : "(" + rawType + ")") + " " + amount
        + (tip.isZero() ? "" : " tip " + tip)
        + (cardBrand == null ? "" : " " + cardBrand)
        + (cardLastFour == null ? "" : " ****" + cardLastFour)
        + (ref == null ? "" : " " + ref) + "]";
  }
}
