package dev.posbridge.core.http;

import java.util.List;
import java.util.Map;

/** A limiter that never waits. */
final class UnlimitedRateLimiter implements RateLimiter {
  static final UnlimitedRateLimiter INSTANCE = new UnlimitedRateLimiter();
  private static final Permit NOOP = (int status, Map<String, List<String>> headers) -> {};

  private UnlimitedRateLimiter() {}

  @Override
  public Permit acquire(String operation) {
    return NOOP;
  }

  @Override
  public String toString() {
    return "RateLimiter.unlimited()";
  }
}
