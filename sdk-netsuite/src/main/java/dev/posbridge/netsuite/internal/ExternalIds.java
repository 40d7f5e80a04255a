package dev.posbridge.netsuite.internal;

import dev.posbridge.core.spi.Signatures;
import java.nio.charset.StandardCharsets;

/**
 * Derives deterministic NetSuite external ids. NetSuite allows only letters, digits, {@code _} and
 * {@code -} ({@code |} would be read as a multi-select delimiter), so other characters become
 * {@code _} and a short hash of the original keeps distinct inputs distinct.
 */
public final class ExternalIds {

  private ExternalIds() {}

  /**
   * Builds an external id from a prefix and parts joined by {@code -}.
   *
   * @param prefix the prefix, already valid
   * @param parts the parts, any characters
   * @return a valid external id
   */
  public static String of(String prefix, String... parts) {
    String raw = String.join("-", parts);
    StringBuilder sb = new StringBuilder(raw.length());
    boolean changed = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-') {
        sb.append(c);
      } else {
        sb.append('_');
        changed = true;
      }
    }
    String id = prefix + sb;
    if (changed || id.length() > 200) {
      String hash = hash(raw);
      if (id.length() > 180) {
        id = id.substring(0, 180);
      }
      id = id + "-" + hash;
    }
    return id;
  }

  private static String hash(String raw) {
    return Signatures.sha256Hex(raw.getBytes(StandardCharsets.UTF_8)).substring(0, 10);
  }
}
