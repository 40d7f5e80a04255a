package dev.posbridge.core.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable description of one logical vendor request: method, path relative to the
 * transport's base URL (or an absolute URL, e.g. a next-page link), query, headers, body and
 * retry facts.
 *
 * <pre>{@code
 * HttpCall call = HttpCall.post("/v2/orders")
 *     .operation("CreateOrder")
 *     .jsonBody(request)
 *     .idempotencyKey(key)     // the vendor code also puts the key in the body/header
 *     .build();
 * }</pre>
 */
public final class HttpCall {

  /** The request body; replayable, so every attempt sends the same bytes. */
  public sealed interface Body permits JsonBody, RawBody, FormBody {}

  /**
   * An object serialized with the transport's Jackson mapper.
   *
   * @param value the object to serialize
   */
  public record JsonBody(Object value) implements Body {}

  /**
   * Raw bytes.
   *
   * @param bytes the body bytes
   * @param contentType the media type, e.g. {@code application/xml}
   */
  @SuppressWarnings("ArrayRecordComponent") // a carrier of bytes to send, never compared or hashed
  public record RawBody(byte[] bytes, String contentType) implements Body {}

  /**
   * {@code application/x-www-form-urlencoded} fields, in order.
   *
   * @param fields names and values
   */
  public record FormBody(List<Map.Entry<String, String>> fields) implements Body {}

  private final String method;
  private final String path;
  private final String operation;
  private final List<Map.Entry<String, String>> query;
  private final Map<String, String> headers;
  private final @Nullable Body body;
  private final @Nullable String idempotencyKey;
  private final boolean readOnly;

  private HttpCall(Builder b) {
    this.method = b.method;
    this.path = b.path;
    int q = b.path.indexOf('?');
    this.operation = b.operation != null ? b.operation : method + " " + (q < 0 ? path : path.substring(0, q));
    this.query = List.copyOf(b.query);
    this.headers = Map.copyOf(b.headers);
    this.body = b.form.isEmpty() ? b.body : new FormBody(List.copyOf(b.form));
    this.idempotencyKey = b.idempotencyKey;
    this.readOnly = b.readOnly || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  /**
   * Starts a GET.
   *
   * @param path the path relative to the base URL, or an absolute URL
   * @return a builder
   */
  public static Builder get(String path) {
    return builder("GET", path);
  }

  /**
   * Starts a POST.
   *
   * @param path the path relative to the base URL, or an absolute URL
   * @return a builder
   */
  public static Builder post(String path) {
    return builder("POST", path);
  }

  /**
   * Starts a PUT.
   *
   * @param path the path relative to the base URL, or an absolute URL
   * @return a builder
   */
  public static Builder put(String path) {
    return builder("PUT", path);
  }

  /**
   * Starts a PATCH.
   *
   * @param path the path relative to the base URL, or an absolute URL
   * @return a builder
   */
  public static Builder patch(String path) {
    return builder("PATCH", path);
  }

  /**
   * Starts a DELETE.
   *
   * @param path the path relative to the base URL, or an absolute URL
   * @return a builder
   */
  public static Builder delete(String path) {
    return builder("DELETE", path);
  }

  /**
   * Starts a call with any method.
   *
   * @param method the HTTP method
   * @param path the path relative to the base URL, or an absolute URL
   * @return a builder
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /** @return the HTTP method in upper case */
  public String method() {
    return method;
  }

  /** @return the path (or absolute URL) as given */
  public String path() {
    return path;
  }

  /** @return the logical operation name used in logs and exceptions */
  public String operation() {
    return operation;
  }

  /** @return query parameters in order; names may repeat */
  public List<Map.Entry<String, String>> query() {
    return query;
  }

  /** @return extra request headers */
  public Map<String, String> headers() {
    return headers;
  }

  /** @return the body, or {@code null} for none */
  public @Nullable Body body() {
    return body;
  }

  /** @return the idempotency key, or {@code null} if the call carries none */
  public @Nullable String idempotencyKey() {
    return idempotencyKey;
  }

  /** @return whether the call has no side effects (GET, HEAD, OPTIONS or marked read-only) */
  public boolean readOnly() {
    return readOnly;
  }

  /**
   * Tells whether the call may be sent again after an ambiguous failure (sent, no answer).
   *
   * @return {@code true} for read-only calls and calls carrying an idempotency key
   */
  public boolean replaySafe() {
    return readOnly || idempotencyKey != null;
  }

  @Override
  public String toString() {
    return "HttpCall{" + method + " " + operation + (idempotencyKey != null ? " idempotent" : "") + "}";
  }

  /** Builds an {@link HttpCall}. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final String path;
    private @Nullable String operation;
    private final List<Map.Entry<String, String>> query = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<Map.Entry<String, String>> form = new ArrayList<>();
    private @Nullable Body body;
    private @Nullable String idempotencyKey;
    private boolean readOnly;

    private Builder(String method, String path) {
      if (method == null || method.isBlank()) {
        throw new IllegalArgumentException("method must not be blank: " + method);
      }
      if (path == null) {
        throw new IllegalArgumentException("path must not be null");
      }
      this.method = method.toUpperCase(Locale.ROOT);
      this.path = path;
    }

    /**
     * Names the logical operation (e.g. {@code "SearchOrders"}) for logs and exceptions; the
     * default is method and path.
     *
     * @param value the operation name
     * @return this builder
     */
    public Builder operation(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("operation must not be blank: " + value);
      }
      this.operation = value;
      return this;
    }

    /**
     * Adds a query parameter; may repeat a name.
     *
     * @param name the parameter name
     * @param value the value, unencoded
     * @return this builder
     */
    public Builder query(String name, String value) {
      query.add(Map.entry(name, value));
      return this;
    }

    /**
     * Sets a request header (replacing a header of the same name set on this builder).
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /**
     * Sets an object to send as JSON.
     *
     * @param value the object, serialized with the transport's mapper
     * @return this builder
     */
    public Builder jsonBody(Object value) {
      this.body = new JsonBody(value);
      return this;
    }

    /**
     * Sets raw bytes to send.
     *
     * @param bytes the body; not copied, do not modify afterwards
     * @param contentType the media type
     * @return this builder
     */
    public Builder body(byte[] bytes, String contentType) {
      this.body = new RawBody(bytes, contentType);
      return this;
    }

    /**
     * Adds a form field; the body becomes {@code application/x-www-form-urlencoded}.
     *
     * @param name the field name
     * @param value the value, unencoded
     * @return this builder
     */
    public Builder formField(String name, String value) {
      form.add(Map.entry(name, value));
      return this;
    }

    /**
     * Marks the call as replay-safe because the vendor deduplicates it by this key. The vendor
     * code must also put the key where the vendor expects it (body field, query or header).
     *
     * @param key the idempotency key of this logical write
     * @return this builder
     */
    public Builder idempotencyKey(String key) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("idempotencyKey must not be blank: " + key);
      }
      this.idempotencyKey = key;
      return this;
    }

    /**
     * Marks a call without side effects (e.g. a POST search) so that it is retried like a GET.
     *
     * @return this builder
     */
    public Builder readOnly() {
      this.readOnly = true;
      return this;
    }

    /**
     * Builds the call.
     *
     * @return an immutable call
     */
    public HttpCall build() {
      if (body != null && !form.isEmpty()) {
        throw new IllegalArgumentException("body and formField are mutually exclusive");
      }
      return new HttpCall(this);
    }
  }
}
