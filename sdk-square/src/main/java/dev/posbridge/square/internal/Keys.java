package dev.posbridge.square.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Fits idempotency keys into Square's per-endpoint length limits, deterministically. */
public final class Keys {
  /** CreatePayment and RefundPayment: 1–45 characters. */
  public static final int PAYMENT = 45;
  /** CreateOrder and UpdateOrder: up to 192 characters. */
  public static final int ORDER = 192;
  /** BatchChangeInventory: 1–128 characters. */
  public static final int INVENTORY = 128;
  /** CreateCustomer: no stated limit; kept at 128. */
  public static final int CUSTOMER = 128;

  private Keys() {}

  /**
   * Returns the key itself when it fits (ASCII, at most {@code max} characters), else
   * {@code "h-"} + the unpadded base64url SHA-256 of the key, cut to {@code max}.
   *
   * @param key the logical key
   * @param max the endpoint's limit (at least 10)
   * @return a key Square accepts; the same input always gives the same output
   */
  public static String fit(String key, int max) {
    if (key.length() <= max && StandardCharsets.US_ASCII.newEncoder().canEncode(key)) {
      return key;
    }
    String h = "h-" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(key));
    return h.length() <= max ? h : h.substring(0, max);
  }

  /**
   * Hashes text, for keys derived from content.
   *
   * @param text the text
   * @return the SHA-256 digest
   */
  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
