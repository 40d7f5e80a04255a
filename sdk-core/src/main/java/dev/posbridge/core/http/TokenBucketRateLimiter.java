package dev.posbridge.core.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A token bucket that reserves permits: each caller takes a token at once (the balance may go
 * negative) and then waits until its reservation is covered, so waiting callers are served in
 * arrival order without holding the lock while waiting.
 */
final class TokenBucketRateLimiter implements RateLimiter {

  /** Waits; replaced in tests so that no test really sleeps. */
  @FunctionalInterface
  interface Waiter {
    /** Waits with {@link Thread#sleep(long, int)}. */
    Waiter SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

    void await(Duration duration) throws InterruptedException;
  }

  private static final Permit NOOP = (int status, Map<String, List<String>> headers) -> {};

  private final double permitsPerSecond;
  private final int burst;
  private final Clock clock;
  private final Waiter waiter;
  private double tokens;
  private Instant last;

  TokenBucketRateLimiter(double permitsPerSecond, int burst, Clock clock, Waiter waiter) {
    if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException("permitsPerSecond must be positive: " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1: " + burst);
    }
    this.permitsPerSecond = permitsPerSecond;
    this.burst = burst;
    this.clock = clock;
    this.waiter = waiter;
    this.tokens = burst;
    this.last = clock.instant();
  }

  @Override
  public Permit acquire(String operation) throws InterruptedException {
    Duration wait;
    synchronized (this) {
      Instant now = clock.instant();
      if (now.isAfter(last)) {
        double elapsedSeconds = Duration.between(last, now).toNanos() / 1e9;
        tokens = Math.min(burst, tokens + elapsedSeconds * permitsPerSecond);
        last = now;
      }
      tokens -= 1;
      wait = tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-tokens / permitsPerSecond * 1e9));
    }
    if (!wait.isZero()) {
      waiter.await(wait);
    }
    return NOOP;
  }

  @Override
  public String toString() {
    return "RateLimiter.tokenBucket(" + permitsPerSecond + "/s, burst " + burst + ")";
  }
}
