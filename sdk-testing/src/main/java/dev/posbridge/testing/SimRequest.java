package dev.posbridge.testing;

import dev.posbridge.testing.internal.Gzip;
import dev.posbridge.testing.internal.Json;
import dev.posbridge.testing.internal.PathTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as a simulator handler sees it.
 *
 * <p>Immutable and thread-safe. Header names are case-insensitive; query parameters are
 * multi-valued and form-decoded ({@code +} is a space; use {@link #rawQuery()} where a vendor
 * treats it differently); a body sent with {@code Content-Encoding: gzip} is already inflated.
 * Path variables are those of the route that matched; they are empty while the request is
 * authenticated, matched against faults, or answered as not found.
 */
public final class SimRequest {

  private final long sequence;
  private final Instant receivedAt;
  private final String method;
  private final String path;
  private final String rawQuery;
  private final String baseUrl;
  private final Map<String, List<String>> headers;
  private final Map<String, List<String>> queryParams;
  private final byte[] body;
  private final @Nullable String routeTemplate;
  private final Map<String, String> pathVariables;

  private SimRequest(
      long sequence,
      Instant receivedAt,
      String method,
      String path,
      String rawQuery,
      String baseUrl,
      Map<String, List<String>> headers,
      Map<String, List<String>> queryParams,
      byte[] body,
      @Nullable String routeTemplate,
      Map<String, String> pathVariables) {
    this.sequence = sequence;
    this.receivedAt = receivedAt;
    this.method = method;
    this.path = path;
    this.rawQuery = rawQuery;
    this.baseUrl = baseUrl;
    this.headers = headers;
    this.queryParams = queryParams;
    this.body = body;
    this.routeTemplate = routeTemplate;
    this.pathVariables = pathVariables;
  }

  /**
   * Creates a request, for example to unit-test a handler without HTTP.
   *
   * @param method the HTTP method, upper-cased on the way in
   * @param url the path and optional query string, e.g. {@code /v2/orders?limit=10}
   * @param headers header values by name (copied; names become case-insensitive)
   * @param body the raw body; inflated if {@code Content-Encoding: gzip} is present and the bytes
   *     are gzip data
   * @return the request, numbered 0 and received at the epoch
   */
  public static SimRequest of(
      String method, String url, Map<String, List<String>> headers, byte[] body) {
    return create(0, Instant.EPOCH, method, url, "http://127.0.0.1", headers, body);
  }

  static SimRequest create(
      long sequence,
      Instant receivedAt,
      String method,
      String url,
      String baseUrl,
      Map<String, List<String>> headers,
      byte[] body) {
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    String rawQuery = q < 0 ? "" : url.substring(q + 1);
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (k, v) -> h.merge(k, List.copyOf(v), (a, b) -> {
          List<String> all = new ArrayList<>(a);
          all.addAll(b);
          return List.copyOf(all);
        }));
    byte[] bytes = body.clone();
    List<String> encoding = h.getOrDefault("Content-Encoding", List.of());
    if (encoding.stream().anyMatch(e -> e.trim().equalsIgnoreCase("gzip")) && Gzip.isGzipped(bytes)) {
      try {
        bytes = Gzip.gunzip(bytes);
      } catch (UncheckedIOException corrupt) {
        // Keep the raw bytes: the handler then sees what the client sent and can reject it.
      }
    }
    return new SimRequest(
        sequence,
        receivedAt,
        method.toUpperCase(Locale.ROOT),
        path.isEmpty() ? "/" : path,
        rawQuery,
        baseUrl,
        Collections.unmodifiableMap(h),
        parseQuery(rawQuery),
        bytes,
        null,
        Map.of());
  }

  SimRequest withRoute(String template, Map<String, String> variables) {
    return new SimRequest(
        sequence, receivedAt, method, path, rawQuery, baseUrl, headers, queryParams, body,
        template, Collections.unmodifiableMap(new LinkedHashMap<>(variables)));
  }

  private static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = PathTemplate.decodeQueryComponent(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : PathTemplate.decodeQueryComponent(pair.substring(eq + 1));
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    params.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(frozen);
  }

  /**
   * Returns the request's number, counting from 1 in the order the simulator received requests.
   *
   * @return the sequence number
   */
  public long sequence() {
    return sequence;
  }

  /**
   * Returns when the simulator received the request, by its {@link SimClock}.
   *
   * @return the receive time
   */
  public Instant receivedAt() {
    return receivedAt;
  }

  /**
   * Returns the HTTP method in upper case.
   *
   * @return the method
   */
  public String method() {
    return method;
  }

  /**
   * Returns the raw (percent-encoded) path without the query string.
   *
   * @return the path, starting with {@code /}
   */
  public String path() {
    return path;
  }

  /**
   * Returns the raw query string without the leading {@code ?}.
   *
   * @return the query string, empty if there is none
   */
  public String rawQuery() {
    return rawQuery;
  }

  /**
   * Returns the absolute URL the client called, as the simulator sees it.
   *
   * @return scheme, host, port, path and query
   */
  public String url() {
    return baseUrl + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
  }

  /**
   * Returns the template of the route that matched.
   *
   * @return the template (for predicate routes, their description), or empty before routing
   */
  public Optional<String> routeTemplate() {
    return Optional.ofNullable(routeTemplate);
  }

  /**
   * Returns the decoded path variables of the matched route.
   *
   * @return an unmodifiable map, empty before routing
   */
  public Map<String, String> pathVariables() {
    return pathVariables;
  }

  /**
   * Returns one path variable.
   *
   * @param name the variable name in the route template
   * @return the decoded value
   * @throws IllegalArgumentException if the matched route has no such variable
   */
  public String pathVariable(String name) {
    String v = pathVariables.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "no path variable {" + name + "} in route " + routeTemplate + " for " + path);
    }
    return v;
  }

  /**
   * Returns all query parameters.
   *
   * @return decoded values by decoded name, in order of appearance; unmodifiable
   */
  public Map<String, List<String>> queryParams() {
    return queryParams;
  }

  /**
   * Looks up the first value of a query parameter.
   *
   * @param name the decoded parameter name
   * @return the first decoded value, or empty if absent
   */
  public Optional<String> queryParam(String name) {
    return first(queryParams, name);
  }

  /**
   * Returns all values of a query parameter.
   *
   * @param name the decoded parameter name
   * @return the values, empty if absent
   */
  public List<String> queryParams(String name) {
    return queryParams.getOrDefault(name, List.of());
  }

  /**
   * Returns all headers.
   *
   * @return an unmodifiable map with case-insensitive keys
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * Looks up the first value of a header (case-insensitive).
   *
   * @param name the header name
   * @return the first value, or empty if absent
   */
  public Optional<String> header(String name) {
    return first(headers, name);
  }

  private static Optional<String> first(Map<String, List<String>> values, String name) {
    return values.getOrDefault(name, List.of()).stream().findFirst();
  }

  /**
   * Returns all values of a header (case-insensitive).
   *
   * @param name the header name
   * @return the values, empty if absent
   */
  public List<String> headers(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /**
   * Returns the bearer token of the {@code Authorization} header.
   *
   * @return the token, or empty if there is no {@code Bearer} authorization
   */
  public Optional<String> bearerToken() {
    return header("Authorization")
        .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(v -> v.substring(7).trim());
  }

  /**
   * Returns a copy of the body bytes, inflated if they arrived gzipped.
   *
   * @return the body, empty if there is none
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the body decoded as UTF-8.
   *
   * @return the body text
   */
  public String bodyString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Parses the body as JSON.
   *
   * @return a read-only view of the body; a missing view if the body is empty
   * @throws SimulatorError with status 400 if the body is not valid JSON
   */
  public JsonView json() {
    return new JsonView(Json.tree(this));
  }

  /**
   * Binds the JSON body to a type; unknown fields are ignored.
   *
   * @param type the target type, e.g. a record
   * @param <T> the target type
   * @return the bound value
   * @throws SimulatorError with status 400 if the body is not valid JSON for the type
   */
  public <T> T bodyAs(Class<T> type) {
    try {
      return Json.mapper().readValue(body, type);
    } catch (IOException e) {
      throw new SimulatorError(400, "body is not a valid " + type.getSimpleName() + ": "
          + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SimRequest{#" + sequence + " " + method + " " + path
        + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + ", bodyBytes=" + body.length + "}";
  }
}
