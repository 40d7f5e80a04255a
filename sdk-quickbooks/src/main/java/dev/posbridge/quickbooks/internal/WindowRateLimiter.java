package dev.posbridge.quickbooks.internal;

import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Admits at most {@code limit} calls in any sliding window, matching how QBO counts requests per
 * minute per realm. It reads time from an injected clock and waits through an injected sleeper,
 * so tests can run minutes of simulated traffic without sleeping.
 *
 * <p>Thread-safe. Only operations accepted by the filter count (e.g. batch calls only).
 */
public final class WindowRateLimiter implements RateLimiter {

  private static final Permit NOOP = (int status, Map<String, List<String>> headers) -> {};
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Predicate<String> applies;
  private final String name;
  private final ArrayDeque<Instant> admitted = new ArrayDeque<>();

  /**
   * Creates a limiter.
   *
   * @param name a name for {@link #toString()}
   * @param limit calls per window
   * @param window the window
   * @param clock the clock
   * @param sleeper the sleeper
   * @param applies which operations count
   */
  public WindowRateLimiter(
      String name, int limit, Duration window, Clock clock, Sleeper sleeper,
      Predicate<String> applies) {
    if (limit < 1) {
      throw new IllegalArgumentException(name + " limit must be at least 1: " + limit);
    }
    this.name = name;
    this.limit = limit;
    this.window = window;
    this.clock = clock;
    this.sleeper = sleeper;
    this.applies = applies;
  }

  @Override
  public Permit acquire(String operation) throws InterruptedException {
    if (!applies.test(operation)) {
      return NOOP;
    }
    while (true) {
      Duration wait;
      synchronized (this) {
        Instant now = clock.instant();
        Instant horizon = now.minus(window);
        while (!admitted.isEmpty() && !admitted.peekFirst().isAfter(horizon)) {
          admitted.removeFirst();
        }
        if (admitted.size() < limit) {
          admitted.addLast(now);
          return NOOP;
        }
        wait = Duration.between(horizon, admitted.peekFirst());
        if (wait.isNegative() || wait.isZero()) {
          wait = Duration.ofMillis(1);
        }
      }
      sleeper.sleep(wait);
    }
  }

  @Override
  public String toString() {
    return name + "(" + limit + " per " + window + ")";
  }
}
