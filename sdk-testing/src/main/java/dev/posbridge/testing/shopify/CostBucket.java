package dev.posbridge.testing.shopify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Shopify's per app-and-shop leaky bucket of query-cost points: charged the requested cost up
 * front, refunded down to the actual cost, restored continuously at the restore rate.
 */
final class CostBucket {

  private static final class State {
    double available;
    Instant updated;

    State(double available, Instant updated) {
      this.available = available;
      this.updated = updated;
    }
  }

  private final Clock clock;
  private final Map<String, State> states = new HashMap<>();
  private double maximum;
  private double restoreRate;

  CostBucket(Clock clock, double maximum, double restoreRate) {
    this.clock = clock;
    configure(maximum, restoreRate);
  }

  synchronized void configure(double newMaximum, double newRestoreRate) {
    if (!(newMaximum > 0) || !(newRestoreRate > 0)) {
      throw new IllegalArgumentException("bucket size and restore rate must be positive");
    }
    this.maximum = newMaximum;
    this.restoreRate = newRestoreRate;
    states.clear();
  }

  /** Takes the cost if available; returns whether it was taken. */
  synchronized boolean tryCharge(String key, double cost) {
    State s = refill(key);
    if (s.available < cost) {
      return false;
    }
    s.available -= cost;
    return true;
  }

  synchronized void refund(String key, double points) {
    State s = refill(key);
    s.available = Math.min(maximum, s.available + points);
  }

  synchronized double available(String key) {
    return refill(key).available;
  }

  synchronized double maximum() {
    return maximum;
  }

  synchronized double restoreRate() {
    return restoreRate;
  }

  synchronized void reset() {
    states.clear();
  }

  private State refill(String key) {
    Instant now = clock.instant();
    State s = states.computeIfAbsent(key, k -> new State(maximum, now));
    if (now.isAfter(s.updated)) {
      double seconds = Duration.between(s.updated, now).toNanos() / 1e9;
      s.available = Math.min(maximum, s.available + seconds * restoreRate);
      s.updated = now;
    }
    return s;
  }
}
