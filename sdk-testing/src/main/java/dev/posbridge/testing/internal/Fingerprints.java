package dev.posbridge.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Canonical fingerprints of JSON trees, for the simulators; {@code JsonFingerprint} offers the same
 * on a {@code JsonView}.
 *
 * <p>The fingerprint is the SHA-256 (hex) of a canonical form: object keys sorted, numbers
 * compared by value ({@code 1.0} equals {@code 1}), array order kept. Excluded fields are removed
 * wherever they occur: a plain name removes that field from every object, a JSON Pointer such as
 * {@code /order/idempotency_key} removes one field.
 */
public final class Fingerprints {

  private Fingerprints() {}

  /**
   * Fingerprints a JSON document.
   *
   * @param node the document
   * @param excludedFields field names or JSON Pointers to ignore, e.g. the idempotency key itself
   * @return the lowercase hex SHA-256 of the canonical form
   */
  public static String of(JsonNode node, String... excludedFields) {
    return sha256(canonical(node, excludedFields));
  }

  /**
   * Returns the canonical text that {@link #of(JsonNode, String...)} hashes.
   *
   * @param node the document
   * @param excludedFields field names or JSON Pointers to ignore
   * @return the canonical form
   */
  public static String canonical(JsonNode node, String... excludedFields) {
    List<String> names = new ArrayList<>();
    List<String> pointers = new ArrayList<>();
    for (String f : excludedFields) {
      (f.startsWith("/") ? pointers : names).add(f);
    }
    StringBuilder sb = new StringBuilder();
    write(node, "", Set.copyOf(names), Set.copyOf(pointers), sb);
    return sb.toString();
  }

  private static void write(
      JsonNode node, String pointer, Set<String> names, Set<String> pointers, StringBuilder sb) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      Collections.sort(keys);
      sb.append('{');
      boolean first = true;
      for (String k : keys) {
        String child = pointer + "/" + k.replace("~", "~0").replace("/", "~1");
        if (names.contains(k) || pointers.contains(child)) {
          continue;
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(k, sb);
        sb.append(':');
        write(node.get(k), child, names, pointers, sb);
      }
      sb.append('}');
    } else if (node.isArray()) {
      sb.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(node.get(i), pointer + "/" + i, names, pointers, sb);
      }
      sb.append(']');
    } else if (node.isNumber()) {
      sb.append(node.decimalValue().stripTrailingZeros().toPlainString());
    } else if (node.isTextual()) {
      quote(node.textValue(), sb);
    } else if (node.isMissingNode()) {
      sb.append("null");
    } else {
      sb.append(node.toString());
    }
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
