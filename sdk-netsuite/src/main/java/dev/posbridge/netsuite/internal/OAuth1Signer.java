package dev.posbridge.netsuite.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a HMAC-SHA256 signing as NetSuite's Token-Based Authentication requires (RFC 5849 with
 * the realm excluded from the signature). Pure functions, shared by the connector and the
 * simulator's verifier.
 */
public final class OAuth1Signer {

  /** The only signature method NetSuite accepts since 2023.1. */
  public static final String SIGNATURE_METHOD = "HMAC-SHA256";

  private OAuth1Signer() {}

  /**
   * Percent-encodes per RFC 3986: only {@code A-Z a-z 0-9 - . _ ~} stay, hex in upper case.
   *
   * @param value the text
   * @return the encoded text
   */
  public static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /**
   * Decodes the query of a URI into name/value pairs with form rules ({@code +} is a space).
   *
   * @param rawQuery the raw (still encoded) query, or {@code null}
   * @return the decoded pairs in order
   */
  public static List<Map.Entry<String, String>> decodeQuery(String rawQuery) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String part : rawQuery.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      out.add(Map.entry(URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8)));
    }
    return out;
  }

  /**
   * Returns the base string URI: lower-case scheme and host, no default port, the raw path, no
   * query.
   *
   * @param uri the request URI
   * @return the base URI
   */
  public static String baseUri(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
        || (scheme.equals("https") && port == 443);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + path;
  }

  /**
   * Builds the signature base string.
   *
   * @param method the HTTP method
   * @param uri the full request URI, query included
   * @param oauthParams the {@code oauth_*} parameters without {@code oauth_signature} and realm
   * @return the base string
   */
  public static String baseString(String method, URI uri, Map<String, String> oauthParams) {
    List<String[]> params = new ArrayList<>();
    for (Map.Entry<String, String> e : decodeQuery(uri.getRawQuery())) {
      params.add(new String[] {encode(e.getKey()), encode(e.getValue())});
    }
    oauthParams.forEach((k, v) -> {
      if (!k.equals("realm") && !k.equals("oauth_signature")) {
        params.add(new String[] {encode(k), encode(v)});
      }
    });
    params.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    StringBuilder normalized = new StringBuilder();
    for (String[] p : params) {
      if (normalized.length() > 0) {
        normalized.append('&');
      }
      normalized.append(p[0]).append('=').append(p[1]);
    }
    return method.toUpperCase(Locale.ROOT) + "&" + encode(baseUri(uri)) + "&"
        + encode(normalized.toString());
  }

  /**
   * Signs a base string with HMAC-SHA256.
   *
   * @param baseString the base string
   * @param consumerSecret the consumer secret
   * @param tokenSecret the token secret
   * @return the Base64 signature (not percent-encoded)
   */
  public static String sign(String baseString, String consumerSecret, String tokenSecret) {
    String key = encode(consumerSecret) + "&" + encode(tokenSecret);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(
          mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Parses an {@code Authorization: OAuth ...} header into its decoded parameters.
   *
   * @param header the header value
   * @return the parameters, realm included; empty if the header is not an OAuth header
   */
  public static Map<String, String> parseHeader(String header) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    String h = header.trim();
    if (!h.regionMatches(true, 0, "OAuth ", 0, 6)) {
      return out;
    }
    for (String part : h.substring(6).split(",", -1)) { // empty parts are skipped below
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = p.substring(0, eq).trim();
      String value = p.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      out.put(name, URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    return out;
  }
}
