package dev.posbridge.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per key (access token, realm, shop) that simulators use to answer 429 when a
 * client calls too fast.
 *
 * <p>Each bucket starts full at {@code capacity} and refills continuously at {@code
 * refillPerSecond} by the given clock, so with a {@link SimClock} tests advance time instead of
 * sleeping. Costs may be fractional or larger than one (Shopify query cost). Thread-safe.
 *
 * <pre>{@code
 * Throttle.Decision d = throttle.tryAcquire(token);
 * if (!d.allowed()) {
 *   return squareError(429, "RATE_LIMITED").header("Retry-After", d.retryAfterSeconds());
 * }
 * }</pre>
 */
public final class Throttle {

  /**
   * The outcome of an acquire.
   *
   * @param allowed whether the tokens were taken
   * @param available tokens left in the bucket afterwards
   * @param retryAfter how long until the requested cost would be available; zero when allowed
   */
  public record Decision(boolean allowed, double available, Duration retryAfter) {

    /**
     * Returns {@link #retryAfter()} in whole seconds, rounded up, for a {@code Retry-After} header.
     *
     * @return the seconds as text
     */
    public String retryAfterSeconds() {
      return Long.toString((retryAfter.toMillis() + 999) / 1000);
    }
  }

  private static final class Bucket {
    double tokens;
    Instant updated;

    Bucket(double tokens, Instant updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  private final double capacity;
  private final double refillPerSecond;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new HashMap<>();

  /**
   * Creates a throttle.
   *
   * @param capacity the bucket size, positive
   * @param refillPerSecond tokens restored per second, positive
   * @param clock the clock that measures refill, usually the simulator's {@link SimClock}
   * @throws IllegalArgumentException if capacity or rate is not positive
   */
  public Throttle(double capacity, double refillPerSecond, Clock clock) {
    if (!(capacity > 0) || !(refillPerSecond > 0)) {
      throw new IllegalArgumentException(
          "capacity and refillPerSecond must be positive: " + capacity + ", " + refillPerSecond);
    }
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.clock = clock;
  }

  /**
   * Takes one token for a key.
   *
   * @param key the bucket key
   * @return the decision
   */
  public Decision tryAcquire(String key) {
    return tryAcquire(key, 1);
  }

  /**
   * Takes tokens for a key if enough are available; takes nothing otherwise.
   *
   * @param key the bucket key
   * @param cost tokens needed, not negative
   * @return the decision
   * @throws IllegalArgumentException if the cost is negative
   */
  public synchronized Decision tryAcquire(String key, double cost) {
    if (cost < 0) {
      throw new IllegalArgumentException("cost must not be negative: " + cost);
    }
    Bucket b = refill(key);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return new Decision(true, b.tokens, Duration.ZERO);
    }
    double missing = cost - b.tokens;
    long millis = (long) Math.ceil(missing / refillPerSecond * 1000);
    return new Decision(false, b.tokens, Duration.ofMillis(millis));
  }

  /**
   * Returns the tokens currently available for a key.
   *
   * @param key the bucket key
   * @return the tokens, {@code capacity} for an unused key
   */
  public synchronized double available(String key) {
    return refill(key).tokens;
  }

  /**
   * Returns the bucket size.
   *
   * @return the capacity
   */
  public double capacity() {
    return capacity;
  }

  /**
   * Returns the refill rate.
   *
   * @return tokens per second
   */
  public double refillPerSecond() {
    return refillPerSecond;
  }

  /**
   * Gives tokens back to a key's bucket, up to the capacity, e.g. the part of a Shopify query's
   * requested cost that its actual cost did not use.
   *
   * @param key the bucket key
   * @param tokens how many tokens to give back
   */
  public synchronized void release(String key, double tokens) {
    Bucket b = refill(key);
    b.tokens = Math.min(capacity, b.tokens + tokens);
  }

  /** Refills every bucket by forgetting them. */
  public synchronized void reset() {
    buckets.clear();
  }

  private Bucket refill(String key) {
    Instant now = clock.instant();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
    if (now.isAfter(b.updated)) {
      double seconds = Duration.between(b.updated, now).toNanos() / 1e9;
      b.tokens = Math.min(capacity, b.tokens + seconds * refillPerSecond);
      b.updated = now;
    }
    return b;
  }
}
