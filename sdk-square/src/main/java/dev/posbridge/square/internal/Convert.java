package dev.posbridge.square.internal;

import dev.posbridge.core.model.Money;
import dev.posbridge.core.spi.DataGuard;
import dev.posbridge.core.spi.Rfc3339;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Small conversions between Square's JSON values and canonical values. */
public final class Convert {
  private Convert() {}

  /**
   * Converts Square money, exactly.
   *
   * @param m the money, or null
   * @param fallback the currency when {@code m} has none
   * @return the money; zero in {@code fallback} when {@code m} or its amount is absent
   * @throws IllegalArgumentException if the currency is unknown or differs from the fallback
   */
  public static Money money(Dto.@Nullable SqMoney m, Currency fallback) {
    if (m == null || m.amount() == null) {
      return Money.zero(fallback);
    }
    String code = m.currency();
    // Nearly every amount is in the order's currency: compare the code before looking it up
    // (Money.currency trims, upper-cases and hashes; it showed in the SearchOrders decode profile).
    Currency c = code == null || code.equals(fallback.getCurrencyCode()) ? fallback : Money.currency(code);
    if (!c.equals(fallback)) {
      throw new IllegalArgumentException(
          "currency " + c.getCurrencyCode() + " of an amount differs from the order's currency "
              + fallback.getCurrencyCode());
    }
    return Money.ofMinor(m.amount(), c);
  }

  /**
   * Converts canonical money to Square's minor units.
   *
   * @param m the money
   * @return Square money
   */
  public static Dto.SqMoney sq(Money m) {
    return new Dto.SqMoney(m.toMinorUnits(), m.currency().getCurrencyCode());
  }

  /**
   * Parses an RFC 3339 timestamp.
   *
   * @param s the text
   * @return the instant, or null when absent
   * @throws java.time.format.DateTimeParseException if malformed
   */
  public static @Nullable Instant time(@Nullable String s) {
    return time(s, "timestamp");
  }

  /**
   * Parses an RFC 3339 timestamp, naming the field when it is malformed.
   *
   * @param s the text
   * @param field the vendor's field, for the message
   * @return the instant, or null when absent
   * @throws IllegalArgumentException if malformed (the message names the field, not the value)
   */
  public static @Nullable Instant time(@Nullable String s, String field) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Rfc3339.parse(s);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(field + " is not an RFC 3339 timestamp: " + DataGuard.quote(s), e);
    }
  }

  /**
   * Parses a decimal string quantity.
   *
   * @param s the text
   * @param name the field, for the message
   * @return the quantity
   * @throws IllegalArgumentException if absent or not a number
   */
  public static BigDecimal quantity(@Nullable String s, String name) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(name + " is missing");
    }
    BigDecimal q = wholeNumber(s);
    if (q != null) {
      return DataGuard.quantity(q, name);
    }
    try {
      q = new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a decimal: " + DataGuard.quote(s), e);
    }
    return DataGuard.quantity(q, name);
  }

  /**
   * Formats a quantity the way Square writes it: plain, without trailing zeros.
   *
   * @param q the quantity
   * @return the text
   */
  public static String quantity(BigDecimal q) {
    BigDecimal s = q.stripTrailingZeros();
    if (s.scale() < 0) {
      s = s.setScale(0);
    }
    return s.toPlainString();
  }

  /**
   * Returns the list or an empty list.
   *
   * @param <T> the element type
   * @param list the list, or null
   * @return never null
   */
  public static <T> List<T> list(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * Parses a percentage string.
   *
   * @param s the text, e.g. {@code "8.25"}
   * @return the percentage, or null if absent
   */
  public static @Nullable BigDecimal percent(@Nullable String s) {
    return percent(s, "percentage");
  }

  /**
   * Parses a percentage string, naming the field when it is malformed.
   *
   * @param s the text, e.g. {@code "8.25"}
   * @param field the vendor's field, for the message
   * @return the percentage, or null if absent
   * @throws IllegalArgumentException if not a decimal
   */
  public static @Nullable BigDecimal percent(@Nullable String s, String field) {
    if (s == null || s.isBlank()) {
      return null;
    }
    BigDecimal whole = wholeNumber(s);
    if (whole != null) {
      return whole;
    }
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " is not a decimal: " + DataGuard.quote(s), e);
    }

  }

  /**
   * Reads the common case of a short plain whole number ({@code "1"}, {@code "12"}) without the
   * general decimal parser, which copies the text into a char array first; small values come
   * from {@link BigDecimal#valueOf(long)}'s shared instances. The same value and scale as
   * {@code new BigDecimal(s)}.
   */
  private static @Nullable BigDecimal wholeNumber(String s) {
    int n = s.length();
    if (n == 0 || n > 9) {
      return null;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + (c - '0');
    }
    return BigDecimal.valueOf(v);
  }
}
