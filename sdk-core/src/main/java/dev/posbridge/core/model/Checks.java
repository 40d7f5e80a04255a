package dev.posbridge.core.model;

import dev.posbridge.core.spi.DataGuard;
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
    BigDecimal checked = notNull(value, field);
    if (checked.signum() < 0) {
      throw new IllegalArgumentException(field + " must not be negative: " + DataGuard.describe(checked));
    }
    return checked;
  }

  /** A non-negative quantity within {@link DataGuard#quantity}'s bounds. */
  static BigDecimal quantity(@Nullable BigDecimal value, String field) {
    return nonNegative(DataGuard.quantity(notNull(value, field), field), field);
  }

  /** A signed quantity within {@link DataGuard#quantity}'s bounds, or null. */
  static @Nullable BigDecimal signedQuantity(@Nullable BigDecimal value, String field) {
    return value == null ? null : DataGuard.quantity(value, field);
  }

  /** Free text with card numbers masked; blank becomes null. */
  static @Nullable String text(@Nullable String value) {
    return DataGuard.textOrNull(blankToNull(value));
  }

  /** Required free text (may be empty) with card numbers masked. */
  static String requiredText(@Nullable String value, String field) {
    return DataGuard.text(notNull(value, field));
  }

  /** An identifier, refused if it contains a card number; blank becomes null. */
  static @Nullable String id(@Nullable String value, String field) {
    return DataGuard.identifier(blankToNull(value), field);
  }

  static BigDecimal positive(@Nullable BigDecimal value, String field) {
    BigDecimal checked = notNull(value, field);
    if (checked.signum() <= 0) {
      throw new IllegalArgumentException(field + " must be positive: " + DataGuard.describe(checked));
    }
    return checked;
  }

  static void sameCurrency(Money a, Money b, String field) {
    if (!a.currency().equals(b.currency())) {
      throw new IllegalArgumentException(
          field + " must be in " + a.currency().getCurrencyCode() + ": " + b);
    }
  }

  /**
   * Requires every amount to be present and in the currency of the first.
   *
   * @param fields the amounts' names, in the same order
   * @param amounts the amounts
   */
  static void oneCurrency(List<String> fields, @Nullable Money... amounts) {
    Money first = notNull(amounts[0], fields.get(0));
    for (int i = 1; i < amounts.length; i++) {
      sameCurrency(first, notNull(amounts[i], fields.get(i)), fields.get(i));
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
    return DataGuard.quote(value);
  }
}
