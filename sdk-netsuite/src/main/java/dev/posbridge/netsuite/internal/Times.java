package dev.posbridge.netsuite.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** SuiteQL datetimes: {@code TO_CHAR(col,'YYYY-MM-DD HH24:MI:SS')} text in the account time zone. */
public final class Times {

  /** The SuiteQL format mask matching {@link #FORMAT}. */
  public static final String MASK = "'YYYY-MM-DD HH24:MI:SS'";

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Times() {}

  /**
   * Formats an instant for {@code TO_TIMESTAMP}.
   *
   * @param instant the instant
   * @param zone the account zone
   * @return e.g. {@code 2026-03-02 13:55:00}
   */
  public static String format(Instant instant, ZoneId zone) {
    return FORMAT.format(LocalDateTime.ofInstant(instant, zone));
  }

  /**
   * Parses {@code TO_CHAR} output, or an ISO instant.
   *
   * @param text the text
   * @param zone the account zone
   * @return the instant, or {@code null} if the text is null
   * @throws IllegalArgumentException if the text is not a datetime
   */
  public static @Nullable Instant parse(@Nullable String text, ZoneId zone) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim();
    try {
      if (t.endsWith("Z") || t.contains("T")) {
        return Instant.parse(t);
      }
      return LocalDateTime.parse(t, FORMAT).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a datetime: " + t, e);
    }
  }
}
