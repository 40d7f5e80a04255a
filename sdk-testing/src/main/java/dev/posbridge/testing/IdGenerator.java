package dev.posbridge.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates vendor-shaped identifiers, deterministically from a seed.
 *
 * <p>Two generators with the same seed produce the same sequence of calls' results, so simulated
 * IDs are stable across test runs. Thread-safe; under concurrency the order in which threads get
 * IDs decides which ID each gets.
 *
 * <pre>{@code
 * ids.upperAlnum(22);      // Square order id, e.g. "K3N8Q2..."
 * ids.next("Customer");    // QuickBooks Id: 1, 2, 3 ...
 * ids.uuid();              // idempotency keys, Shopify event ids
 * }</pre>
 */
public final class IdGenerator {

  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String DIGITS = "0123456789";

  private final long seed;
  private Random random;
  private final Map<String, Long> sequences = new HashMap<>();

  /**
   * Creates a generator.
   *
   * @param seed the seed; equal seeds give equal sequences
   */
  public IdGenerator(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /**
   * Returns the seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns upper-case letters and digits, like Square object IDs.
   *
   * @param length the length, at least 1
   * @return the ID
   */
  public synchronized String upperAlnum(int length) {
    return pick(UPPER_ALNUM, length);
  }

  /**
   * Returns mixed-case letters and digits.
   *
   * @param length the length, at least 1
   * @return the ID
   */
  public synchronized String alnum(int length) {
    return pick(ALNUM, length);
  }

  /**
   * Returns decimal digits, the first one non-zero.
   *
   * @param length the length, at least 1
   * @return the ID
   */
  public synchronized String digits(int length) {
    String s = pick(DIGITS, length);
    return s.charAt(0) == '0' ? (char) ('1' + random.nextInt(9)) + s.substring(1) : s;
  }

  /**
   * Returns a random (version 4 shaped) UUID derived from the seed.
   *
   * @return the UUID
   */
  public synchronized UUID uuid() {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /**
   * Returns the next number of a named sequence, starting at 1.
   *
   * @param sequence the sequence name, e.g. an entity type
   * @return the next number
   */
  public synchronized long next(String sequence) {
    return sequences.merge(sequence, 1L, Long::sum);
  }

  /** Restarts every sequence and the random stream from the seed. */
  public synchronized void reset() {
    random = new Random(seed);
    sequences.clear();
  }

  private String pick(String alphabet, int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be at least 1: " + length);
    }
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
