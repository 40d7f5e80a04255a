package dev.posbridge.core.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A received webhook delivery, exactly as it arrived: headers, raw body bytes and the URL the
 * vendor posted to.
 *
 * <p>Header names are matched case-insensitively. The body is kept byte for byte, because
 * signatures are computed over it.
 *
 * @param headers the request headers, each name with its values
 * @param body the raw body bytes; copied
 * @param url the full URL the vendor was configured to call (scheme, host, path, query), as the
 *     vendor knows it — behind a proxy, the public URL, not the internal one
 */
@SuppressWarnings("ArrayRecordComponent") // the body is copied in and out; requests are never compared
public record WebhookRequest(Map<String, List<String>> headers, byte[] body, String url) {

  /**
   * Validates and copies the components.
   *
   * @param headers the headers
   * @param body the body
   * @param url the URL
   * @throws IllegalArgumentException if a component is null
   */
  public WebhookRequest {
    if (headers == null || body == null || url == null) {
      throw new IllegalArgumentException("headers, body and url must not be null");
    }
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(copy);
    body = body.clone();
  }

  /**
   * Creates a request from single-valued headers.
   *
   * @param headers the headers
   * @param body the raw body
   * @param url the URL the vendor posted to
   * @return the request
   */
  public static WebhookRequest of(Map<String, String> headers, byte[] body, String url) {
    TreeMap<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> multi.put(k, List.of(v)));
    return new WebhookRequest(multi, body, url);
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, any case
   * @return the value, or {@code null} if absent
   */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Returns a copy of the raw body.
   *
   * @return the body bytes
   */
  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookRequest r
        && headers.equals(r.headers) && Arrays.equals(body, r.body) && url.equals(r.url);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * headers.hashCode() + Arrays.hashCode(body)) + url.hashCode();
  }

  /** Renders the URL and body size only; headers carry signatures and bodies personal data. */
  @Override
  public String toString() {
    return "WebhookRequest[url=" + url + ", " + body.length + " bytes]";
  }
}
