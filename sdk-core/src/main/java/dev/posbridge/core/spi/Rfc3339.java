package dev.posbridge.core.spi;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * Parses RFC 3339 timestamps the way {@link OffsetDateTime#parse(CharSequence)} does, with a
 * fast path for the form every vendor API sends: {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}.
 *
 * <p>The fast path reads the digits in place and builds the {@link Instant} directly (no
 * formatter, no parsed-field map, no intermediate objects); any other text — an offset other
 * than {@code Z}, lower-case letters, an out-of-range field, an unusual fraction — goes to
 * {@code OffsetDateTime.parse}, so the result and the exception for every input are exactly the
 * JDK's. Timestamp parsing was the largest single item of the Square order decode profile.
 */
public final class Rfc3339 {
  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private Rfc3339() {}

  /**
   * Parses a timestamp with an offset.
   *
   * @param s the text, e.g. {@code 2026-11-29T12:00:00.123Z}
   * @return the instant
   * @throws java.time.format.DateTimeParseException if the text is not an ISO 8601 offset
   *     date-time, exactly as {@code OffsetDateTime.parse(s)} would
   */
  public static Instant parse(CharSequence s) {
    Instant fast = fast(s);
    return fast != null ? fast : OffsetDateTime.parse(s).toInstant();
  }

  private static @Nullable Instant fast(CharSequence s) {
    int n = s.length();
    if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
        || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    int monthDays = month == 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
    if (day > monthDays) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      // ".f" to ".fffffffff" before the Z
      int fractionDigits = n - 21;
      if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      int f = digits(s, 20, fractionDigits);
      if (f < 0) {
        return null;
      }
      for (int i = fractionDigits; i < 9; i++) {
        f *= 10;
      }
      nanos = f;
    }
    long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The digits at [from, from + count) as a number, or -1 if any is not an ASCII digit. */
  private static int digits(CharSequence s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Days since 1970-01-01 of a valid proleptic Gregorian date, as {@code LocalDate} counts. */
  private static long epochDay(int year, int month, int day) {
    long y = year;
    long total = 365 * y;
    if (y >= 0) {
      total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    } else {
      total -= y / -4 - y / -100 + y / -400;
    }
    total += (367 * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
      if (!leap) {
        total--;
      }
    }
    return total - 719_528L; // days from year 0 to 1970
  }
}
