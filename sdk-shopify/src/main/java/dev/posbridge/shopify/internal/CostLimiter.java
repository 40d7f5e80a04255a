package dev.posbridge.shopify.internal;

import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.core.internal.http.Sleeper;
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
 */
public final class CostLimiter implements RateLimiter {

  /** Cost assumed for an operation never seen before. */
  static final double DEFAULT_COST = 100;

  private final Clock clock;
  private final Sleeper sleeper;
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
    this.clock = clock;
    this.sleeper = sleeper;
    this.maximum = 1000;
    this.available = 1000;
    this.restoreRate = 50;
    this.updated = clock.instant();
  }

  @Override
  public Permit acquire(String operation) throws InterruptedException {
    double cost = estimates.getOrDefault(operation, DEFAULT_COST);
    Duration wait;
    double needed;
    synchronized (this) {
      refill();
      needed = Math.min(cost, maximum);
      available -= needed;
      inFlight += needed;
      wait = available >= 0 ? Duration.ZERO : seconds(-available / restoreRate);
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
    if (cost.requested() > 0) {
      estimates.put(operation, cost.requested());
    }
    if (cost.maximumAvailable() > 0 && cost.restoreRate() > 0) {
      synchronized (this) {
        maximum = cost.maximumAvailable();
        restoreRate = cost.restoreRate();
        available = Math.min(maximum, cost.currentlyAvailable() - inFlight);
        updated = clock.instant();
      }
    }
  }

  /**
   * Returns how long to wait after a {@code THROTTLED} answer: the time the restore rate needs to
   * refill the bucket up to the requested cost, at least one restore tick.
   *
   * @param cost the throttled response's cost extension
   * @return the wait
   */
  public Duration throttledWait(Cost cost) {
    double rate = cost.restoreRate() > 0 ? cost.restoreRate() : restoreRate;
    double requested = cost.requested() > 0 ? cost.requested() : DEFAULT_COST;
    double missing = requested - cost.currentlyAvailable();
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
    return Duration.ofNanos((long) Math.ceil(s * 1e9));
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
