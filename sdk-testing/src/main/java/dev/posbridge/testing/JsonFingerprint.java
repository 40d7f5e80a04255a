package dev.posbridge.testing;

import dev.posbridge.testing.internal.Fingerprints;

/**
 * Canonical fingerprints of JSON documents, for detecting a reused idempotency key.
 *
 * <p>The fingerprint is the SHA-256 (hex) of a canonical form: object keys sorted, numbers
 * compared by value ({@code 1.0} equals {@code 1}), array order kept. Excluded fields are removed
 * wherever they occur: a plain name removes that field from every object, a JSON Pointer such as
 * {@code /order/idempotency_key} removes one field.
 */
public final class JsonFingerprint {

  private JsonFingerprint() {}

  /**
   * Fingerprints a JSON document.
   *
   * @param document the document, e.g. {@link SimRequest#json()}
   * @param excludedFields field names or JSON Pointers to ignore, e.g. the idempotency key itself
   * @return the lowercase hex SHA-256 of the canonical form
   */
  public static String of(JsonView document, String... excludedFields) {
    return Fingerprints.of(document.node(), excludedFields);
  }

  /**
   * Returns the canonical text that {@link #of(JsonView, String...)} hashes.
   *
   * @param document the document
   * @param excludedFields field names or JSON Pointers to ignore
   * @return the canonical form
   */
  public static String canonical(JsonView document, String... excludedFields) {
    return Fingerprints.canonical(document.node(), excludedFields);
  }
}
