package dev.posbridge.quickbooks.internal;

import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.spi.Signatures;
import java.nio.charset.StandardCharsets;

/**
 * Turns posbridge idempotency keys into QBO {@code requestid} values: 32 lower-case hex
 * characters (the shape of the SDK's dash-less UUIDs), within both the 50-character limit of
 * single calls and the 36-character limit of batch calls (docs/vendors/quickbooks.md). Deterministic, so a
 * retried or replayed write carries the same id.
 */
public final class RequestIds {

  private RequestIds() {}

  /**
   * Derives a request id.
   *
   * @param key the idempotency key
   * @return 32 hex characters
   */
  public static String of(String key) {
    return Signatures.sha256Hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  /**
   * Chooses the idempotency key of a write: the caller's, or without one a key derived from the
   * document, so a retried or replayed write of the same document carries the same key.
   *
   * @param options the caller's options
   * @param fallback the key derived from the document
   * @return the key to derive request ids from
   */
  public static String key(RequestOptions options, String fallback) {
    String key = options.idempotencyKey();
    return key != null ? key : fallback;
  }
}
