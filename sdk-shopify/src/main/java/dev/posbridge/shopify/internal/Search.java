package dev.posbridge.shopify.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Builds Shopify search-syntax {@code query:} strings and GraphQL variable maps. */
final class Search {

  private Search() {}

  /** Quotes a value for the search syntax: {@code "..."} with backslash escapes. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** {@code field:>='from' AND field:<'to'}. */
  static String window(String field, Instant from, @Nullable Instant to) {
    String s = field + ":>='" + from + "'";
    return to == null ? s : s + " AND " + field + ":<'" + to + "'";
  }

  /** {@code (field:a OR field:b)}, values quoted. */
  static String anyOf(String field, List<String> values) {
    return values.stream().map(v -> field + ":" + quote(v))
        .collect(Collectors.joining(" OR ", "(", ")"));
  }

  /** A variables map that keeps explicit nulls, from alternating names and values. */
  static Map<String, @Nullable Object> vars(@Nullable Object... namesAndValues) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
    }
    return m;
  }
}
