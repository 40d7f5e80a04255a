package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the model's constructors; messages name the field and the value. */
final class Checks {

  private Checks() {}

  static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }

  static String notBlank(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank: " + quote(value));
    }
    return value;
  }

  static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  static <T> List<T> list(@Nullable Collection<? extends T> values, String field) {
    if (values == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    int i = 0;
    for (T v : values) {
      if (v == null) {
        throw new IllegalArgumentException(field + "[" + i + "] must not be null");
      }
      i++;
    }
    return List.copyOf(values);
  }

  static BigDecimal nonNegative(@Nullable BigDecimal value, String field) {
    notNull(value, field);
    if (value.signum() < 0) {
      throw new IllegalArgumentException(field + " must not be negative: " + value.toPlainString());
    }
    return value;
  }

  static BigDecimal positive(@Nullable BigDecimal value, String field) {
    notNull(value, field);
    if (value.signum() <= 0) {
      throw new IllegalArgumentException(field + " must be positive: " + value.toPlainString());
    }
    return value;
  }

  static void sameCurrency(Money a, Money b, String field) {
    if (!a.currency().equals(b.currency())) {
      throw new IllegalArgumentException(
          field + " must be in " + a.currency().getCurrencyCode() + ": " + b);
    }
  }

  /** Requires the raw vendor value when the canonical value is {@code OTHER}. */
  static void rawRequiredForOther(Enum<?> value, @Nullable String raw, String field) {
    if (value.name().equals("OTHER") && (raw == null || raw.isBlank())) {
      throw new IllegalArgumentException(field + " is OTHER, so its raw vendor value is required");
    }
  }

  static void taxability(boolean taxable, List<TaxLine> taxes) {
    if (!taxable) {
      for (TaxLine t : taxes) {
        if (!t.amount().isZero()) {
          throw new IllegalArgumentException("a non-taxable line must not carry a tax: " + t.amount());
        }
      }
    }
  }

  static String quote(@Nullable String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}
