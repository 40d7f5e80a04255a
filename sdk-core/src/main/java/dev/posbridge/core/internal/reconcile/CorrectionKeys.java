package dev.posbridge.core.internal.reconcile;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Derives the idempotency keys of one target's correction batches from the report's content.
 *
 * <p>A key is {@code "pbr-"} plus the first 32 hex digits of SHA-256 over a version tag, the
 * report's timestamp, the system of record, the target, the batch index, and for each change in
 * the batch the SKU, location, record quantity and observed quantity. The same report always gives
 * the same keys, so the vendor applies a repeated correction once; another report gives other
 * keys, as its changes carry another {@code occurredAt} and vendors reject a reused key with a
 * different body. 36 characters: within every vendor's key length limit (Square's is 45). Not
 * thread-safe.
 */
public final class CorrectionKeys {

  private final String prefix;
  private MessageDigest digest;
  private int batches;

  /**
   * Starts the keys of one target.
   *
   * @param generatedAt the report's timestamp, ISO-8601
   * @param record the system of record's name
   * @param target the target's name
   */
  public CorrectionKeys(String generatedAt, String record, String target) {
    this.prefix = "v1\u001f" + generatedAt + "\u001f" + record + "\u001f" + target + "\u001f";
    this.digest = newDigest();
  }

  /**
   * Adds one change of the current batch.
   *
   * @param sku the SKU
   * @param location the canonical location
   * @param recordQty the system of record's quantity
   * @param observed the target's quantity, or {@code null} if it lacks the key
   */
  public void add(String sku, String location, BigDecimal recordQty, @Nullable BigDecimal observed) {
    String part = sku + "\u001f" + location + "\u001f" + recordQty.stripTrailingZeros().toPlainString()
        + "\u001f" + (observed == null ? "-" : observed.stripTrailingZeros().toPlainString()) + "\u001e";
    digest.update(part.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns how many batches were finished, i.e. the index of the current batch.
   *
   * @return the count
   */
  public int batches() {
    return batches;
  }

  /**
   * Finishes the current batch and returns its key.
   *
   * @return the idempotency key
   */
  public String finishBatch() {
    digest.update((prefix + batches).getBytes(StandardCharsets.UTF_8));
    String key = "pbr-" + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    digest = newDigest();
    batches++;
    return key;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
