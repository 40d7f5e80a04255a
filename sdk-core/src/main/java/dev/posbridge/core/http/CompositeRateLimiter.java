package dev.posbridge.core.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Acquires from each limiter in order, releases in reverse order. */
final class CompositeRateLimiter implements RateLimiter {
  private final List<RateLimiter> limiters;

  CompositeRateLimiter(List<RateLimiter> limiters) {
    this.limiters = List.copyOf(limiters);
  }

  @Override
  public Permit acquire(String operation) throws InterruptedException {
    List<Permit> acquired = new ArrayList<>(limiters.size());
    try {
      for (RateLimiter limiter : limiters) {
        acquired.add(limiter.acquire(operation));
      }
    } catch (InterruptedException | RuntimeException e) {
      releaseAll(acquired, 0, Map.of());
      throw e;
    }
    return (status, headers) -> releaseAll(acquired, status, headers);
  }

  private static void releaseAll(List<Permit> permits, int status, Map<String, List<String>> headers) {
    for (int i = permits.size() - 1; i >= 0; i--) {
      permits.get(i).release(status, headers);
    }
  }

  @Override
  public String toString() {
    return "RateLimiter.all" + limiters;
  }
}
