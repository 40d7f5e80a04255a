package dev.posbridge.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.posbridge.testing.internal.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP response a simulator handler returns: status, headers and an optional body.
 *
 * <p>Immutable and thread-safe; the {@code header} methods return modified copies. JSON bodies are
 * serialized when the response is created, so a stored response (for example in an {@link
 * IdempotencyLedger}) replays byte for byte.
 *
 * <pre>{@code
 * return SimResponse.json(200, Map.of("order", order)).header("Square-Version", "2025-01-23");
 * return SimResponse.status(204).header("Location", baseUrl() + "/record/v1/customer/42");
 * }</pre>
 */
public final class SimResponse {

  private static final String CONTENT_TYPE = "Content-Type";

  private final int status;
  private final Map<String, List<String>> headers;
  private final byte @Nullable [] body;

  private SimResponse(int status, Map<String, List<String>> headers, byte @Nullable [] body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599: " + status);
    }
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /**
   * Creates a response without a body.
   *
   * @param status the HTTP status, 100..599
   * @return the response
   * @throws IllegalArgumentException if the status is out of range
   */
  public static SimResponse status(int status) {
    return new SimResponse(status, Map.of(), null);
  }

  /**
   * Creates a {@code 204 No Content} response.
   *
   * @return the response
   */
  public static SimResponse noContent() {
    return status(204);
  }

  /**
   * Creates a JSON response with {@code Content-Type: application/json}.
   *
   * @param status the HTTP status, 100..599
   * @param body a {@link JsonView}, a record, a map or any other value the simulators serialize; a
   *     {@code null} body is the JSON literal {@code null}
   * @return the response
   * @throws IllegalArgumentException if the status is out of range or the body cannot be serialized
   */
  public static SimResponse json(int status, @Nullable Object body) {
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("body is not serializable as JSON: " + e.getMessage(), e);
    }
    return bytes(status, bytes, "application/json");
  }

  /**
   * Creates a plain-text response ({@code text/plain; charset=utf-8}).
   *
   * @param status the HTTP status, 100..599
   * @param text the body
   * @return the response
   */
  public static SimResponse text(int status, String text) {
    return bytes(status, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  /**
   * Creates a response with a raw body.
   *
   * @param status the HTTP status, 100..599
   * @param body the body; copied
   * @param contentType the {@code Content-Type} header value
   * @return the response
   */
  public static SimResponse bytes(int status, byte[] body, String contentType) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put(CONTENT_TYPE, List.of(contentType));
    return new SimResponse(status, Collections.unmodifiableMap(headers), body.clone());
  }

  /**
   * Returns a copy with a header set, replacing any values of the same name (case-insensitive).
   *
   * @param name the header name
   * @param value the header value
   * @return the modified copy
   */
  public SimResponse header(String name, String value) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(
        (k, v) -> {
          if (!k.equalsIgnoreCase(name)) {
            copy.put(k, v);
          }
        });
    copy.put(name, List.of(value));
    return new SimResponse(status, Collections.unmodifiableMap(copy), body);
  }

  /**
   * Returns a copy with one more value for a header, keeping existing values.
   *
   * @param name the header name
   * @param value the added value
   * @return the modified copy
   */
  public SimResponse addHeader(String name, String value) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    String existingKey = name;
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        existingKey = e.getKey();
        values.addAll(e.getValue());
      }
      copy.put(e.getKey(), e.getValue());
    }
    values.add(value);
    copy.put(existingKey, List.copyOf(values));
    return new SimResponse(status, Collections.unmodifiableMap(copy), body);
  }

  /**
   * Returns a copy with another status and the same headers and body.
   *
   * @param newStatus the HTTP status, 100..599
   * @return the modified copy
   */
  public SimResponse withStatus(int newStatus) {
    return new SimResponse(newStatus, headers, body);
  }

  /**
   * Returns the HTTP status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * Returns the headers in insertion order.
   *
   * @return an unmodifiable map of header name to values
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
  public Optional<String> firstHeader(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return Optional.of(e.getValue().get(0));
      }
    }
    return Optional.empty();
  }

  /**
   * Tells whether the response has a body (possibly empty).
   *
   * @return whether a body was set
   */
  public boolean hasBody() {
    return body != null;
  }

  /**
   * Returns a copy of the body bytes.
   *
   * @return the body, empty if there is none
   */
  public byte[] body() {
    return body == null ? new byte[0] : body.clone();
  }

  /**
   * Returns the body decoded as UTF-8.
   *
   * @return the body text, empty if there is none
   */
  public String bodyString() {
    return body == null ? "" : new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Parses the body as JSON.
   *
   * @return a read-only view of the body; a missing view if there is no body
   * @throws UncheckedIOException if the body is not JSON
   */
  public JsonView json() {
    return new JsonView(Json.tree(this));
  }

  byte @Nullable [] bodyOrNull() {
    return body;
  }

  @Override
  public String toString() {
    return "SimResponse{status=" + status + ", headers=" + headers.keySet() + ", bodyBytes="
        + (body == null ? "none" : String.valueOf(body.length)) + "}";
  }
}
