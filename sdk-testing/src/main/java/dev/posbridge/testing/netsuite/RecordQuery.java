package dev.posbridge.testing.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.testing.SimulatorError;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The record collection filter {@code q}: {@code field OPERATOR value} conditions joined by
 * {@code AND} (or all by {@code OR}). Strings: {@code IS}, {@code IS_NOT}, {@code CONTAIN},
 * {@code START_WITH}, {@code END_WITH} (also {@code ENDWITH}); numbers: {@code EQUAL},
 * {@code GREATER}, {@code GREATER_OR_EQUAL}, {@code LESS}, {@code LESS_OR_EQUAL}, {@code ANY_OF};
 * dates ({@code M/d/yyyy}): {@code ON}, {@code AFTER}, {@code BEFORE}, {@code ON_OR_AFTER},
 * {@code ON_OR_BEFORE}; {@code EMPTY}, {@code EMPTY_NOT}.
 */
final class RecordQuery {

  private static final Pattern CONDITION = Pattern.compile(
      "\\s*([A-Za-z][A-Za-z0-9_.]*)\\s+([A-Z_]+)\\s*(.*?)\\s*", Pattern.DOTALL);
  private static final DateTimeFormatter USER_DATE = DateTimeFormatter.ofPattern("M/d/yyyy");

  private RecordQuery() {}

  @SuppressWarnings("StringSplitter") // a dangling AND/OR at the end of q is ignored, as before
  static boolean matches(@Nullable String q, JsonNode record, ZoneId zone) {
    if (q == null || q.isBlank()) {
      return true;
    }
    boolean or = q.matches("(?is).*\\s+OR\\s+.*");
    String[] parts = q.split("(?i)\\s+" + (or ? "OR" : "AND") + "\\s+");
    for (String part : parts) {
      boolean m = condition(part.replaceAll("^\\s*\\(|\\)\\s*$", ""), record, zone);
      if (or && m) {
        return true;
      }
      if (!or && !m) {
        return false;
      }
    }
    return !or;
  }

  private static boolean condition(String text, JsonNode record, ZoneId zone) {
    Matcher m = CONDITION.matcher(text);
    if (!m.matches()) {
      throw bad(text);
    }
    String field = m.group(1);
    String op = m.group(2);
    String rawValue = m.group(3);
    JsonNode v = record.get(field);
    String actual = v == null || v.isNull() ? null
        : v.isObject() ? (v.hasNonNull("id") ? v.get("id").asText() : null) : v.asText();
    List<String> values = values(rawValue);
    String value = values.isEmpty() ? "" : values.get(0);
    switch (op) {
      case "EMPTY":
        return actual == null || actual.isEmpty();
      case "EMPTY_NOT":
        return actual != null && !actual.isEmpty();
      default:
        break;
    }
    if (actual == null) {
      return op.endsWith("_NOT");
    }
    String a = actual.toLowerCase(Locale.ROOT);
    String b = value.toLowerCase(Locale.ROOT);
    return switch (op) {
      case "IS" -> a.equals(b);
      case "IS_NOT" -> !a.equals(b);
      case "CONTAIN" -> a.contains(b);
      case "CONTAIN_NOT" -> !a.contains(b);
      case "START_WITH" -> a.startsWith(b);
      case "START_WITH_NOT" -> !a.startsWith(b);
      case "END_WITH", "ENDWITH" -> a.endsWith(b);
      case "END_WITH_NOT" -> !a.endsWith(b);
      case "EQUAL" -> number(actual, text).compareTo(number(value, text)) == 0;
      case "EQUAL_NOT" -> number(actual, text).compareTo(number(value, text)) != 0;
      case "GREATER" -> number(actual, text).compareTo(number(value, text)) > 0;
      case "GREATER_OR_EQUAL" -> number(actual, text).compareTo(number(value, text)) >= 0;
      case "LESS" -> number(actual, text).compareTo(number(value, text)) < 0;
      case "LESS_OR_EQUAL" -> number(actual, text).compareTo(number(value, text)) <= 0;
      case "ANY_OF" -> values.stream().anyMatch(x -> x.equalsIgnoreCase(actual));
      case "ANY_OF_NOT" -> values.stream().noneMatch(x -> x.equalsIgnoreCase(actual));
      case "ON" -> date(actual, zone).isEqual(date(value, text));
      case "AFTER" -> date(actual, zone).isAfter(date(value, text));
      case "BEFORE" -> date(actual, zone).isBefore(date(value, text));
      case "ON_OR_AFTER" -> !date(actual, zone).isBefore(date(value, text));
      case "ON_OR_BEFORE" -> !date(actual, zone).isAfter(date(value, text));
      default -> throw bad(text);
    };
  }

  private static List<String> values(String raw) {
    List<String> out = new ArrayList<>();
    String r = raw.trim();
    if (r.startsWith("[") && r.endsWith("]")) {
      r = r.substring(1, r.length() - 1);
    }
    for (String p : r.split(",", -1)) {
      String s = p.trim();
      if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
        s = s.substring(1, s.length() - 1);
      }
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    if (out.isEmpty() && !r.isEmpty()) {
      out.add(r);
    }
    return out;
  }

  private static BigDecimal number(String s, String text) {
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      throw bad(text);
    }
  }

  private static LocalDate date(String s, ZoneId zone) {
    try {
      if (s.contains("T")) {
        return OffsetDateTime.parse(s).atZoneSameInstant(zone).toLocalDate();
      }
      if (s.contains("-")) {
        return LocalDate.parse(s);
      }
      return LocalDate.parse(s, USER_DATE);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static LocalDate date(String s, String text) {
    try {
      return LocalDate.parse(s, USER_DATE);
    } catch (DateTimeParseException e) {
      throw bad(text);
    }
  }

  private static SimulatorError bad(String text) {
    return new SimulatorError(NetSuiteSimulator.error(400, "INVALID_PARAMETER",
        "Invalid query parameter value: " + text, null));
  }
}
