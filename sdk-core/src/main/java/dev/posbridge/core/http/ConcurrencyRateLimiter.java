package dev.posbridge.core.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** At most a fixed number of attempts in flight; fair, so waiting callers are served in order. */
final class ConcurrencyRateLimiter implements RateLimiter {
  private final int max;
  private final Semaphore semaphore;

  ConcurrencyRateLimiter(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1: " + max);
    }
    this.max = max;
    this.semaphore = new Semaphore(max, true);
  }

  @Override
  public Permit acquire(String operation) throws InterruptedException {
    semaphore.acquire();
    AtomicBoolean released = new AtomicBoolean();
    return (int status, Map<String, List<String>> headers) -> {
      if (released.compareAndSet(false, true)) {
        semaphore.release();
      }
    };
  }

  @Override
  public String toString() {
    return "RateLimiter.maxConcurrent(" + max + ")";
  }
}
