package dev.posbridge.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Limits how many requests per key (realm, account) a simulator handles at the same time, for
 * vendors that answer 429 to the request over their concurrency limit (QuickBooks, NetSuite).
 *
 * <p>Thread-safe. A handler enters before doing its work and closes the permit when done,
 * typically with try-with-resources; to make requests overlap in a test, delay inside the handler
 * while holding the permit.
 *
 * <pre>{@code
 * Optional<ConcurrencyLimiter.Permit> permit = limiter.tryEnter(realm);
 * if (permit.isEmpty()) {
 *   return throttled(request);
 * }
 * try (ConcurrencyLimiter.Permit p = permit.get()) {
 *   return doWork(request);
 * }
 * }</pre>
 */
public final class ConcurrencyLimiter {

  /** A slot held by one in-flight request; closing it frees the slot (once). */
  public final class Permit implements AutoCloseable {
    private final String key;
    private boolean closed;

    private Permit(String key) {
      this.key = key;
    }

    /** Frees the slot; later calls do nothing. */
    @Override
    public void close() {
      synchronized (ConcurrencyLimiter.this) {
        if (!closed) {
          closed = true;
          inFlight.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        }
      }
    }
  }

  private final int maxConcurrent;
  private final Map<String, Integer> inFlight = new HashMap<>();

  /**
   * Creates a limiter.
   *
   * @param maxConcurrent requests allowed in flight per key, at least 1
   * @throws IllegalArgumentException if maxConcurrent is below 1
   */
  public ConcurrencyLimiter(int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1: " + maxConcurrent);
    }
    this.maxConcurrent = maxConcurrent;
  }

  /**
   * Takes a slot for a key if one is free.
   *
   * @param key the key, e.g. a realm ID
   * @return the permit, or empty if the key is at its limit
   */
  public synchronized Optional<Permit> tryEnter(String key) {
    int n = inFlight.getOrDefault(key, 0);
    if (n >= maxConcurrent) {
      return Optional.empty();
    }
    inFlight.put(key, n + 1);
    return Optional.of(new Permit(key));
  }

  /**
   * Returns how many requests hold a slot for a key.
   *
   * @param key the key
   * @return the number in flight
   */
  public synchronized int inFlight(String key) {
    return inFlight.getOrDefault(key, 0);
  }

  /**
   * Returns the limit per key.
   *
   * @return the maximum number of concurrent requests
   */
  public int maxConcurrent() {
    return maxConcurrent;
  }
}
