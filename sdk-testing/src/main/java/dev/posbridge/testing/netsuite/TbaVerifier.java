package dev.posbridge.testing.netsuite;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recomputes OAuth 1.0a HMAC-SHA256 signatures the way NetSuite checks them (RFC 5849, realm
 * excluded). Written independently of the connector's signer so that each checks the other.
 */
final class TbaVerifier {

  private TbaVerifier() {}

  static String percent(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean unreserved = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
          || "-._~".indexOf(c) >= 0;
      out.append(unreserved ? String.valueOf(c) : String.format(Locale.ROOT, "%%%02X", b & 0xff));
    }
    return out.toString();
  }

  /** Parses {@code OAuth k="v", ...} into decoded values. */
  static Map<String, String> header(String value) {
    Map<String, String> params = new LinkedHashMap<>();
    String v = value.trim();
    if (!v.toLowerCase(Locale.ROOT).startsWith("oauth ")) {
      return params;
    }
    for (String part : v.substring(6).split(",", -1)) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        continue;
      }
      String raw = kv[1].trim();
      if (raw.startsWith("\"") && raw.endsWith("\"") && raw.length() >= 2) {
        raw = raw.substring(1, raw.length() - 1);
      }
      params.put(kv[0].trim(), URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    return params;
  }

  static String baseString(String method, String url, Map<String, String> oauth) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    String authority = uri.getHost().toLowerCase(Locale.ROOT)
        + ((port == -1 || (port == 443 && scheme.equals("https")) || (port == 80 && scheme.equals("http")))
            ? "" : ":" + port);
    String base = scheme + "://" + authority + uri.getRawPath();
    List<String> pairs = new ArrayList<>();
    String q = uri.getRawQuery();
    if (q != null) {
      for (String p : q.split("&", -1)) {
        if (p.isEmpty()) {
          continue;
        }
        String[] kv = p.split("=", 2);
        pairs.add(percent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8)) + "="
            + percent(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
      }
    }
    oauth.forEach((k, val) -> {
      if (k.startsWith("oauth_") && !k.equals("oauth_signature")) {
        pairs.add(percent(k) + "=" + percent(val));
      }
    });
    // Sort by encoded name, then by encoded value.
    pairs.sort((a, b) -> {
      String[] x = a.split("=", 2);
      String[] y = b.split("=", 2);
      int c = x[0].compareTo(y[0]);
      return c != 0 ? c : x[1].compareTo(y[1]);
    });
    return method.toUpperCase(Locale.ROOT) + "&" + percent(base) + "&" + percent(String.join("&", pairs));
  }

  static String signature(String baseString, String consumerSecret, String tokenSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec((percent(consumerSecret) + "&" + percent(tokenSecret))
          .getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean sameSignature(String expected, String actual) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        actual.getBytes(StandardCharsets.US_ASCII));
  }
}
