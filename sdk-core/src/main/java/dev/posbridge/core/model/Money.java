package dev.posbridge.core.model;

import dev.posbridge.core.spi.DataGuard;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * An exact amount of money in one currency.
 *
 * <p>The amount always has exactly the currency's number of fraction digits (JPY 0, USD 2, KWD
 * 3): {@code Money.of("12.5", "USD")} holds {@code 12.50}. An amount that would need rounding to
 * fit, such as {@code 12.345 USD}, is rejected; use {@link #of(BigDecimal, Currency,
 * RoundingMode)} to round on purpose. Conversion to and from minor units ({@link #ofMinor},
 * {@link #toMinorUnits()}) is exact. Arithmetic refuses to mix currencies.
 *
 * <p>Immutable and thread-safe. Equality is by value: {@code 12.50 USD} equals {@code 12.5 USD}
 * since both are stored at scale 2.
 *
 * @param amount the amount, at the currency's scale; may be negative (refunds, discounts)
 * @param currency the ISO 4217 currency; must have a defined number of fraction digits
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

  /** Minor-unit amounts below this are shared instances (per currency, filled on first use). */
  private static final int SHARED = 10_000;
  private static final ConcurrentHashMap<Currency, AtomicReferenceArray<Money>> SMALL = new ConcurrentHashMap<>();

  /**
   * Validates the currency and brings the amount to the currency's scale without rounding.
   *
   * @param amount the amount
   * @param currency the currency
   * @throws IllegalArgumentException if either is null, the currency has no fixed fraction digits
   *     (e.g. {@code XXX}), the amount has more fraction digits than the currency allows, or it
   *     does not fit in a {@code long} of minor units (checked before scaling, so that
   *     {@code 1e999999999} fails at once with a short message)
   */
  public Money {
    Checks.notNull(amount, "amount");
    Checks.notNull(currency, "currency");
    int digits = fractionDigits(currency);
    // Fast path (arithmetic results, minor units): already at the currency's scale with at most
    // 18 digits, so it is bounded and fits a long of minor units.
    if (amount.scale() != digits || amount.precision() > 18) {
      // Bounded before scaling: 1e999999999 must fail here, not expand to a billion digits.
      amount = DataGuard.amount(amount, "amount");
      try {
        amount = amount.setScale(digits, RoundingMode.UNNECESSARY);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "amount " + DataGuard.describe(amount) + " has more than " + digits
                + " fraction digits allowed for " + currency.getCurrencyCode(), e);
      }
      if (amount.precision() > 18 && amount.unscaledValue().bitLength() > 63) {
        throw new IllegalArgumentException("amount " + DataGuard.describe(amount)
            + " does not fit in minor units for " + currency.getCurrencyCode());
      }
    }
  }

  /**
   * Creates money from an exact amount.
   *
   * @param amount the amount; must fit the currency's fraction digits
   * @param currency the currency
   * @return the money
   * @throws IllegalArgumentException if the amount needs rounding
   */
  public static Money of(BigDecimal amount, Currency currency) {
    return new Money(amount, currency);
  }

  /**
   * Creates money from a decimal string and an ISO 4217 code, e.g. {@code of("9.99", "USD")}.
   *
   * @param amount the amount as a plain decimal string
   * @param currencyCode the ISO 4217 code
   * @return the money
   * @throws IllegalArgumentException if the amount is not a number, the code is unknown, or the
   *     amount needs rounding
   */
  public static Money of(String amount, String currencyCode) {
    return new Money(parseAmount(amount), currency(currencyCode));
  }

  /**
   * Creates money by rounding an amount to the currency's fraction digits.
   *
   * @param amount the amount, of any scale
   * @param currency the currency
   * @param rounding how to round extra digits
   * @return the money
   */
  public static Money of(BigDecimal amount, Currency currency, RoundingMode rounding) {
    Checks.notNull(amount, "amount");
    Checks.notNull(currency, "currency");
    Checks.notNull(rounding, "rounding");
    BigDecimal bounded = DataGuard.bounded(
        amount, "amount", DataGuard.MAX_AMOUNT_INTEGER_DIGITS, 2 * DataGuard.MAX_AMOUNT_SCALE);
    return new Money(bounded.setScale(fractionDigits(currency), rounding), currency);
  }

  /**
   * Creates money from an integer count of minor units (cents for USD, yen for JPY, fils for KWD).
   *
   * @param minorUnits the amount in minor units
   * @param currency the currency
   * @return the money, exact
   */
  public static Money ofMinor(long minorUnits, Currency currency) {
    Checks.notNull(currency, "currency");
    if (minorUnits >= 0 && minorUnits < SHARED) {
      // Money is immutable: small amounts (prices, taxes, zero) are shared, not allocated per use.
      AtomicReferenceArray<Money> shared = SMALL.get(currency);
      if (shared == null) {
        fractionDigits(currency); // fails for currencies without fixed fraction digits
        shared = SMALL.computeIfAbsent(currency, c -> new AtomicReferenceArray<>(SHARED));
      }
      Money m = shared.get((int) minorUnits);
      if (m == null) {
        m = new Money(BigDecimal.valueOf(minorUnits, fractionDigits(currency)), currency);
        shared.set((int) minorUnits, m);
      }
      return m;
    }
    return new Money(BigDecimal.valueOf(minorUnits, fractionDigits(currency)), currency);
  }

  /**
   * Creates money from minor units and an ISO 4217 code.
   *
   * @param minorUnits the amount in minor units
   * @param currencyCode the ISO 4217 code
   * @return the money, exact
   * @throws IllegalArgumentException if the code is unknown
   */
  public static Money ofMinor(long minorUnits, String currencyCode) {
    return ofMinor(minorUnits, currency(currencyCode));
  }

  /**
   * Returns zero in the given currency.
   *
   * @param currency the currency
   * @return zero at the currency's scale
   */
  public static Money zero(Currency currency) {
    return ofMinor(0, currency);
  }

  /**
   * Returns the amount in minor units, exactly.
   *
   * @return the amount × 10^fractionDigits
   * @throws ArithmeticException if it does not fit in a {@code long}
   */
  public long toMinorUnits() {
    return amount.movePointRight(amount.scale()).longValueExact();
  }

  /**
   * Adds money of the same currency.
   *
   * @param other the addend
   * @return the sum
   * @throws IllegalArgumentException if the currencies differ
   */
  public Money plus(Money other) {
    Checks.notNull(other, "other");
    Checks.sameCurrency(this, other, "other");
    if (other.amount.signum() == 0) {
      return this;
    }
    if (amount.signum() == 0) {
      return other;
    }
    return new Money(amount.add(other.amount), currency);
  }

  /**
   * Subtracts money of the same currency.
   *
   * @param other the subtrahend
   * @return the difference
   * @throws IllegalArgumentException if the currencies differ
   */
  public Money minus(Money other) {
    Checks.notNull(other, "other");
    Checks.sameCurrency(this, other, "other");
    if (other.amount.signum() == 0) {
      return this;
    }
    return new Money(amount.subtract(other.amount), currency);
  }

  /**
   * Multiplies by a factor (e.g. a quantity) and rounds to the currency's scale.
   *
   * @param factor the factor
   * @param rounding how to round the product
   * @return the product
   */
  public Money times(BigDecimal factor, RoundingMode rounding) {
    Checks.notNull(factor, "factor");
    Checks.notNull(rounding, "rounding");
    BigDecimal f = DataGuard.bounded(
        factor, "factor", DataGuard.MAX_AMOUNT_INTEGER_DIGITS, DataGuard.MAX_AMOUNT_SCALE);
    return of(amount.multiply(f), currency, rounding);
  }

  /**
   * Returns the negated amount.
   *
   * @return {@code -this}
   */
  public Money negate() {
    return new Money(amount.negate(), currency);
  }

  /**
   * Returns the absolute amount.
   *
   * @return {@code |this|}
   */
  public Money abs() {
    return amount.signum() < 0 ? negate() : this;
  }

  /**
   * Returns the sign of the amount.
   *
   * @return -1, 0 or 1
   */
  public int signum() {
    return amount.signum();
  }

  /**
   * Tells whether the amount is zero.
   *
   * @return {@code true} for zero
   */
  public boolean isZero() {
    return amount.signum() == 0;
  }

  /**
   * Returns the smallest representable amount of this currency, e.g. {@code 0.01 USD}.
   *
   * @return one minor unit
   */
  public Money minorUnit() {
    return ofMinor(1, currency);
  }

  /**
   * Compares amounts of the same currency.
   *
   * @param other money of the same currency
   * @return negative, zero or positive
   * @throws IllegalArgumentException if the currencies differ
   */
  @Override
  public int compareTo(Money other) {
    Checks.sameCurrency(this, other, "other");
    return amount.compareTo(other.amount);
  }

  /** Renders as {@code "USD 12.50"}. */
  @Override
  public String toString() {
    return currency.getCurrencyCode() + " " + amount.toPlainString();
  }

  /**
   * Returns the number of fraction digits the currency uses.
   *
   * @param currency the currency
   * @return 0, 2, 3 or 4
   * @throws IllegalArgumentException if the currency has no fixed fraction digits
   */
  public static int fractionDigits(Currency currency) {
    int digits = currency.getDefaultFractionDigits();
    if (digits < 0) {
      throw new IllegalArgumentException(
          "currency " + currency.getCurrencyCode() + " has no fixed fraction digits");
    }
    return digits;
  }

  /**
   * Looks up a currency by ISO 4217 code.
   *
   * @param code the code, e.g. {@code "USD"}
   * @return the currency
   * @throws IllegalArgumentException if the code is blank or unknown
   */
  public static Currency currency(@Nullable String code) {
    String checked = Checks.notBlank(code, "currency");
    try {
      return Currency.getInstance(checked.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown currency code: " + Checks.quote(code), e);
    }
  }

  private static BigDecimal parseAmount(@Nullable String amount) {
    String checked = Checks.notBlank(amount, "amount");
    try {
      return new BigDecimal(checked.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount is not a decimal number: " + Checks.quote(amount), e);
    }
  }
}
