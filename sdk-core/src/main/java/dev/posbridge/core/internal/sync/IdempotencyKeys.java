package dev.posbridge.core.internal.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Derives deterministic idempotency keys: {@code "pb"} and 26 base-32 characters (130 bits of
 * SHA-256) over the parts. Short enough for every vendor's limit (Square 45, QuickBooks batch 36
 * characters) even after {@code RequestOptions.derive} appends a part index.
 */
public final class IdempotencyKeys {

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private IdempotencyKeys() {}

  /**
   * Derives a key.
   *
   * @param parts what identifies the write, e.g. origin system, source object, sink, action
   * @return the key, 28 characters
   */
  public static String of(String... parts) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    for (String p : parts) {
      sha.update(p.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0x1f);
    }
    byte[] digest = sha.digest();
    StringBuilder out = new StringBuilder("pb");
    int buffer = 0;
    int bits = 0;
    int i = 0;
    while (out.length() < 28) {
      if (bits < 5) {
        buffer = (buffer << 8) | (digest[i++] & 0xff);
        bits += 8;
      }
      out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
    return out.toString();
  }
}
