package dev.posbridge.core.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Immutable response headers with case-insensitive look-up. */
public final class HttpHeaders {
  private static final HttpHeaders EMPTY = new HttpHeaders(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

  private final Map<String, List<String>> map;

  @SuppressWarnings("NonApiType") // private; the TreeMap type carries the case-insensitive order
  private HttpHeaders(TreeMap<String, List<String>> map) {
    this.map = Collections.unmodifiableMap(map);
  }

  /**
   * Returns headers without entries.
   *
   * @return empty headers
   */
  public static HttpHeaders empty() {
    return EMPTY;
  }

  /**
   * Copies the given multimap; names are matched case-insensitively afterwards.
   *
   * @param headers names to values
   * @return immutable headers
   */
  public static HttpHeaders of(Map<String, List<String>> headers) {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> copy.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    copy.replaceAll((k, v) -> List.copyOf(v));
    return new HttpHeaders(copy);
  }

  static HttpHeaders of(okhttp3.Headers headers) {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.size(); i++) {
      copy.computeIfAbsent(headers.name(i), x -> new ArrayList<>()).add(headers.value(i));
    }
    copy.replaceAll((k, v) -> List.copyOf(v));
    return new HttpHeaders(copy);
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, any case
   * @return the first value, or {@code null} if absent
   */
  public @Nullable String first(String name) {
    List<String> values = map.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Returns all values of a header.
   *
   * @param name the header name, any case
   * @return the values, possibly empty
   */
  public List<String> all(String name) {
    List<String> values = map.get(name);
    return values == null ? List.of() : values;
  }

  /**
   * Returns the headers as an unmodifiable map whose {@code get} ignores case.
   *
   * @return the header multimap
   */
  public Map<String, List<String>> asMap() {
    return map;
  }

  @Override
  public String toString() {
    return Redactor.headers(map).toString();
  }
}
