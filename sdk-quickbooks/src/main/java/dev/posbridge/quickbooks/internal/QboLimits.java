package dev.posbridge.quickbooks.internal;

import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.core.spi.Sleeper;
import dev.posbridge.quickbooks.QuickBooksRateLimits;
import java.time.Clock;
import java.time.Duration;

/**
 * Composes the client-side limiter of a realm from {@link QuickBooksRateLimits}: requests in
 * flight, sliding windows of a second and a minute, and a minute window that counts batch calls
 * only. The windows run on the connector's clock and sleeper, so tests can simulate minutes of
 * traffic without waiting.
 */
public final class QboLimits {

  private QboLimits() {}

  /**
   * Builds the limiter.
   *
   * @param limits the limits
   * @param clock the clock the windows read
   * @param sleeper how callers wait for a window
   * @return the limiter
   */
  public static RateLimiter limiter(QuickBooksRateLimits limits, Clock clock, Sleeper sleeper) {
    return RateLimiter.all(
        RateLimiter.maxConcurrent(limits.maxConcurrent()),
        new WindowRateLimiter("requestsPerSecond", limits.perSecond(), Duration.ofSeconds(1), clock, sleeper,
            op -> true),
        new WindowRateLimiter("requestsPerMinute", limits.perMinute(), Duration.ofMinutes(1), clock, sleeper,
            op -> true),
        new WindowRateLimiter("batchRequestsPerMinute", limits.batchPerMinute(), Duration.ofMinutes(1), clock,
            sleeper, QboApi.BATCH_OPERATION::equals));
  }
}
