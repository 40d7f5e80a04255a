package dev.posbridge.shopify.internal;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client-side mirror of Shopify's query-cost leaky bucket, so that requests wait instead of
 * being throttled.
 *
 * <p>Before each attempt it takes the operation's expected cost (the {@code requestedQueryCost}
 * Shopify reported for that operation last time, or a conservative default) from its estimate of
 * the bucket, waiting for the restore rate to refill it when short. Every response's
 * {@code extensions.cost.throttleStatus} resets the estimate to Shopify's own figures minus what
 * requests still in flight have reserved (their cost is not in Shopify's figure yet), so the
 * limiter adapts to the shop's plan and to temporary limit changes without over-admitting when
 * answers arrive out of order. Thread-safe; waiting happens outside the lock.
 *
 * <p>Shopify's figures are not trusted blindly: non-finite or negative figures are ignored or
 * clamped to the bucket ({@code currentlyAvailable} to {@code 0..maximumAvailable}, costs and
 * bucket sizes to at most {@value #MAX_POINTS} points), and no wait derived from them ever exceeds
 * the connector's {@code maxRetryAfter}: a longer one fails at once with
 * {@link RateLimitedException} and the limiter forgets the figures, so the next call asks Shopify
 * again instead of waiting on a lie.
 */
public final class CostLimiter implements RateLimiter {

  /** Cost assumed for an operation never seen before. */
  static final double DEFAULT_COST = 100;

  /** The largest cost or bucket size believed, far above any Shopify plan. */
  static final double MAX_POINTS = 1_000_000;

  /** The longest wait {@link #seconds(double)} represents; anything longer is "too long" anyway. */
  private static final double MAX_SECONDS = 1e9;

  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration maxWait;
  private final Map<String, Double> estimates = new ConcurrentHashMap<>();
  private double maximum;
  private double available;
  private double restoreRate;
  private Instant updated;
  /** Points reserved by requests that were admitted and have not been answered yet. */
  private double inFlight;

  /**
   * Creates a limiter that assumes the smallest documented bucket until Shopify reports its own.
   *
   * @param clock measures refills
   * @param sleeper waits
   */
  public CostLimiter(Clock clock, Sleeper sleeper) {
    this(clock, sleeper, Duration.ofSeconds(60));
  }

  /**
   * Creates a limiter that never waits longer than {@code maxWait}.
   *
   * @param clock measures refills
   * @param sleeper waits
   * @param maxWait the connector's {@code maxRetryAfter}: longer waits fail with
   *     {@link RateLimitedException}
   */
  public CostLimiter(Clock clock, Sleeper sleeper, Duration maxWait) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxWait = maxWait;
    this.updated = clock.instant();
    forget();
  }

  /** Returns to the smallest documented bucket, as before Shopify's first answer. */
  private void forget() {
    this.maximum = 1000;
    this.available = 1000;
    this.restoreRate = 50;
    this.inFlight = 0;
  }

  /**
   * Returns the longest wait this limiter accepts.
   *
   * @return the connector's {@code maxRetryAfter}
   */
  public Duration maxWait() {
    return maxWait;
  }

  @Override
  public Permit acquire(String operation) throws InterruptedException {
    double cost = estimates.getOrDefault(operation, DEFAULT_COST);
    Duration wait;
    double needed;
    synchronized (this) {
      refill();
      needed = Math.min(cost, maximum);
      double after = available - needed;
      wait = after >= 0 ? Duration.ZERO : seconds(-after / restoreRate);
      if (wait.compareTo(maxWait) > 0) {
        forget();
        throw new RateLimitedException("Shopify's cost bucket would need " + wait.toSeconds()
            + " s to refill, more than maxRetryAfter (" + maxWait.toSeconds() + " s)",
            ErrorContext.of(ShopifyGraphql.SYSTEM, operation), wait, null);
      }
      available = after;
      inFlight += needed;
    }
    if (!wait.isZero()) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        release(needed);
        throw e;
      }
    }
    return (int status, Map<String, List<String>> headers) -> release(needed);
  }

  private synchronized void release(double reserved) {
    inFlight = Math.max(0, inFlight - reserved);
  }

  /**
   * Adopts the bucket state Shopify reported with a response.
   *
   * @param operation the operation the response answered
   * @param cost the response's cost extension
   */
  public void observe(String operation, Cost cost) {
    if (positive(cost.requested())) {
      estimates.put(operation, Math.min(cost.requested(), MAX_POINTS));
    }
    if (positive(cost.maximumAvailable()) && positive(cost.restoreRate())) {
      synchronized (this) {
        maximum = Math.min(cost.maximumAvailable(), MAX_POINTS);
        restoreRate = Math.min(cost.restoreRate(), MAX_POINTS);
        double current = Double.isFinite(cost.currentlyAvailable())
            ? Math.max(0, Math.min(maximum, cost.currentlyAvailable())) : 0;
        available = Math.max(-maximum, Math.min(maximum, current - inFlight));
        updated = clock.instant();
      }
    }
  }

  private static boolean positive(double v) {
    return Double.isFinite(v) && v > 0;
  }

  /**
   * Returns how long to wait after a {@code THROTTLED} answer: the time the restore rate needs to
   * refill the bucket up to the requested cost, at least one restore tick.
   *
   * @param cost the throttled response's cost extension
   * @return the wait
   */
  public Duration throttledWait(Cost cost) {
    double rate;
    synchronized (this) {
      rate = positive(cost.restoreRate()) ? Math.min(cost.restoreRate(), MAX_POINTS) : restoreRate;
    }
    double requested = positive(cost.requested()) ? Math.min(cost.requested(), MAX_POINTS) : DEFAULT_COST;
    double current = Double.isFinite(cost.currentlyAvailable()) ? Math.max(0, cost.currentlyAvailable()) : 0;
    double missing = requested - current;
    return seconds(Math.max(missing, 1) / rate);
  }

  /**
   * Returns the limiter's current estimate of the available points, for tests and diagnostics.
   *
   * @return the estimated points available now
   */
  public synchronized double available() {
    refill();
    return available;
  }

  private void refill() {
    Instant now = clock.instant();
    if (now.isAfter(updated)) {
      double elapsed = Duration.between(updated, now).toNanos() / 1e9;
      available = Math.min(maximum, available + elapsed * restoreRate);
      updated = now;
    }
  }

  private static Duration seconds(double s) {
    if (!(s < MAX_SECONDS)) {
      return Duration.ofSeconds((long) MAX_SECONDS);
    }
    return s <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(s * 1e9));
  }

  @Override
  public String toString() {
    return "ShopifyCostLimiter[" + maximum + " @ " + restoreRate + "/s]";
  }

  /**
   * The {@code extensions.cost} of one response.
   *
   * @param requested the requested (up-front) cost, 0 if absent
   * @param maximumAvailable the bucket size, 0 if absent
   * @param currentlyAvailable the points left after this request
   * @param restoreRate the points restored per second, 0 if absent
   */
  public record Cost(
      double requested, double maximumAvailable, double currentlyAvailable, double restoreRate) {}
}
