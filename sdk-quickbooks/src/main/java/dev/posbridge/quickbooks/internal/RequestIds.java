package dev.posbridge.quickbooks.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
