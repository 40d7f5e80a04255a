package dev.posbridge.core.http;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A client-side rate limiter a connector consults before each attempt of a vendor call and
 * informs after each response, so that it can adapt to the vendor's own signals.
 *
 * <p>Implementations must be thread-safe: one limiter serves every thread using a connector.
 * The transport calls {@link #acquire(String)} before every attempt (retries included) and
 * always calls {@link Permit#release(int, Map)} exactly once afterwards, also when the attempt
 * failed without a response (status {@code 0}).
 *
 * <p>Implementers: the factories below cover fixed limits; vendor modules implement adaptive
 * ones, for example a Shopify query-cost bucket that reads the throttle status of each
 * response, a QuickBooks per-minute plus concurrency limiter, or a NetSuite concurrency
 * governor.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.all(RateLimiter.perSecond(10), RateLimiter.maxConcurrent(4));
 * }</pre>
 */
public interface RateLimiter {

  /**
   * Waits until an attempt of the given operation may start.
   *
   * @param operation the logical operation, e.g. {@code "SearchOrders"}
   * @return a permit to release when the attempt has ended
   * @throws InterruptedException if the waiting thread is interrupted
   */
  Permit acquire(String operation) throws InterruptedException;

  /** The right to make one attempt; released exactly once. */
  interface Permit {
    /**
     * Ends the attempt and tells the limiter how the vendor answered. Called exactly once, also
     * when no response arrived.
     *
     * @param status the HTTP status, or {@code 0} when the attempt failed without a response
     * @param headers the response headers (look-ups are case-insensitive); empty without response
     */
    void release(int status, Map<String, List<String>> headers);
  }

  /**
   * Returns a limiter that never waits.
   *
   * @return the unlimited limiter
   */
  static RateLimiter unlimited() {
    return UnlimitedRateLimiter.INSTANCE;
  }

  /**
   * Returns a token bucket allowing {@code permitsPerSecond} attempts per second on average with
   * a burst of one second's worth of permits (at least 1).
   *
   * @param permitsPerSecond the sustained rate; positive
   * @return a new limiter
   * @throws IllegalArgumentException if {@code permitsPerSecond} is not positive
   */
  static RateLimiter perSecond(double permitsPerSecond) {
    return tokenBucket(permitsPerSecond, Math.max(1, (int) Math.floor(permitsPerSecond)));
  }

  /**
   * Returns a token bucket with the given sustained rate and burst size. Callers that exceed the
   * rate wait in arrival order.
   *
   * @param permitsPerSecond the sustained rate; positive
   * @param burst how many attempts may start at once after a quiet period; at least 1
   * @return a new limiter
   * @throws IllegalArgumentException if an argument is out of range
   */
  static RateLimiter tokenBucket(double permitsPerSecond, int burst) {
    return new TokenBucketRateLimiter(
        permitsPerSecond, burst, Clock.systemUTC(), TokenBucketRateLimiter.Waiter.SYSTEM);
  }

  /**
   * Returns a limiter allowing at most {@code max} attempts in flight at once.
   *
   * @param max the concurrency limit; at least 1
   * @return a new limiter
   * @throws IllegalArgumentException if {@code max < 1}
   */
  static RateLimiter maxConcurrent(int max) {
    return new ConcurrencyRateLimiter(max);
  }

  /**
   * Returns a limiter that acquires from each given limiter in order and releases in reverse
   * order.
   *
   * @param limiters the limiters to combine; copied
   * @return a composite limiter
   */
  static RateLimiter all(RateLimiter... limiters) {
    return new CompositeRateLimiter(List.of(limiters));
  }
}
