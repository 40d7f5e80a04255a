package dev.posbridge.core.spi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks for settings and builders: each returns its argument when it is valid and
 * otherwise throws an {@link IllegalArgumentException} whose message names the setting and the
 * value it was given.
 */
public final class Checks {

  private Checks() {}

  /**
   * Requires a duration longer than zero.
   *
   * @param value the duration, possibly null
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is null, zero or negative
   */
  public static Duration positive(@Nullable Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  /**
   * Requires a duration of zero or more.
   *
   * @param value the duration, possibly null
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is null or negative
   */
  public static Duration nonNegative(@Nullable Duration value, String name) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }

  /**
   * Requires a number not below a minimum.
   *
   * @param value the number
   * @param min the smallest allowed value
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value < min}
   */
  public static long atLeast(long value, long min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ": " + value);
    }
    return value;
  }

  /**
   * Requires an {@code int} not below a minimum.
   *
   * @param value the number
   * @param min the smallest allowed value
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value < min}
   */
  public static int atLeast(int value, int min, String name) {
    return (int) atLeast((long) value, min, name);
  }

  /**
   * Requires an {@code int} within a closed range.
   *
   * @param value the number
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is outside {@code min..max}
   */
  public static int between(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
    }
    return value;
  }

  /**
   * Requires two durations that bound a backoff: {@code 0 < min <= max}.
   *
   * @param min the shorter duration
   * @param max the longer duration
   * @throws IllegalArgumentException if either is null, {@code min} is not positive or
   *     {@code max} is shorter than {@code min}
   */
  public static void positiveRange(@Nullable Duration min, @Nullable Duration max) {
    if (min == null || max == null || min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 < min <= max: " + min + ", " + max);
    }
  }

  /**
   * Requires a value, for a setter that must not get {@code null}.
   *
   * @param <T> the value's type
   * @param value the value, possibly null
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is null
   */
  public static <T> T notNull(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  /**
   * Requires a string with at least one non-blank character.
   *
   * @param value the string, possibly null
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is null or blank
   */
  public static String notBlank(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
