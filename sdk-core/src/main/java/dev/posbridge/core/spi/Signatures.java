package dev.posbridge.core.spi;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/** HMAC computation and constant-time comparison for webhook signatures. */
public final class Signatures {

  private Signatures() {}

  /**
   * Computes HMAC-SHA256 over the concatenation of the parts.
   *
   * @param key the key bytes
   * @param parts the message parts, in order
   * @return the MAC
   */
  public static byte[] hmacSha256(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * Computes base64(HMAC-SHA256(key UTF-8, parts)).
   *
   * @param key the key as text, UTF-8 encoded
   * @param parts the message parts
   * @return the base64 MAC
   */
  public static String hmacSha256Base64(String key, byte[]... parts) {
    return Base64.getEncoder().encodeToString(hmacSha256(key.getBytes(StandardCharsets.UTF_8), parts));
  }

  /**
   * Compares a provided base64 signature with the expected MAC in constant time. The comparison is
   * on the canonical base64 text, so a non-canonical encoding of the same bytes (e.g. altered
   * padding bits) does not match, as with the vendors' own SDKs.
   *
   * @param expected the expected MAC bytes
   * @param providedBase64 the signature as received, or {@code null}
   * @return {@code true} if equal
   */
  public static boolean matchesBase64(byte[] expected, @Nullable String providedBase64) {
    if (providedBase64 == null) {
      return false;
    }
    byte[] want = Base64.getEncoder().encode(expected);
    byte[] got = providedBase64.trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(want, got);
  }

  /**
   * Returns the SHA-256 digest of a body as lower-case hex, e.g. as the id of a delivery whose
   * signature covers only its body.
   *
   * @param body the bytes
   * @return 64 hex digits
   */
  public static String sha256Hex(byte[] body) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
