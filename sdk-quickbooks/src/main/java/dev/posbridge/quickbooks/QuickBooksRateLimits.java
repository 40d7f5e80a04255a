package dev.posbridge.quickbooks;

import dev.posbridge.core.spi.Checks;
import dev.posbridge.core.spi.SettingsBuilder;

/**
 * The client-side request limits of one QuickBooks Online realm. The {@linkplain #defaults()
 * defaults} (4 requests in flight, 8 per second, 450 per minute and 36 batch calls per minute)
 * stay under QBO's documented throttles of 10 concurrent requests, 10 per second, 500 per minute
 * and 40 batch calls per minute per realm. Batch calls count against all four limits.
 *
 * <p>Connectors of the same realm in one process do not share limits: give each a share.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * QuickBooksConnector.builder()
 *     .rateLimiter(QuickBooksRateLimits.builder().perMinute(225).batchPerMinute(18).build())
 * }</pre>
 *
 * @param maxConcurrent how many requests may be in flight at once; at least 1
 * @param perSecond how many requests may start in any second; at least 1
 * @param perMinute how many requests may start in any minute; at least 1
 * @param batchPerMinute how many batch calls may start in any minute; at least 1
 */
public record QuickBooksRateLimits(int maxConcurrent, int perSecond, int perMinute, int batchPerMinute) {

  private static final QuickBooksRateLimits DEFAULTS = new QuickBooksRateLimits(4, 8, 450, 36);

  /**
   * Validates the limits.
   *
   * @param maxConcurrent the requests in flight at once
   * @param perSecond the requests per second
   * @param perMinute the requests per minute
   * @param batchPerMinute the batch calls per minute
   * @throws IllegalArgumentException if a limit is below 1
   */
  public QuickBooksRateLimits {
    Checks.atLeast(maxConcurrent, 1, "maxConcurrent");
    Checks.atLeast(perSecond, 1, "perSecond");
    Checks.atLeast(perMinute, 1, "perMinute");
    Checks.atLeast(batchPerMinute, 1, "batchPerMinute");
  }

  /**
   * Returns the defaults: 4 in flight, 8 per second, 450 per minute, 36 batch calls per minute.
   *
   * @return the defaults
   */
  public static QuickBooksRateLimits defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder initialised with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /**
   * Starts a builder initialised with these limits.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link QuickBooksRateLimits}. Not thread-safe. */
  public static final class Builder extends SettingsBuilder<QuickBooksRateLimits, Builder> {
    private Builder(QuickBooksRateLimits start) {
      super(start);
    }

    /**
     * Sets how many requests may be in flight at once; default 4 (QBO allows 10).
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxConcurrent(int value) {
      return set("maxConcurrent", Checks.atLeast(value, 1, "maxConcurrent"));
    }

    /**
     * Sets how many requests may start in any second; default 8 (QBO allows 10).
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder perSecond(int value) {
      return set("perSecond", Checks.atLeast(value, 1, "perSecond"));
    }

    /**
     * Sets how many requests may start in any minute; default 450 (QBO allows 500).
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder perMinute(int value) {
      return set("perMinute", Checks.atLeast(value, 1, "perMinute"));
    }

    /**
     * Sets how many batch calls may start in any minute; default 36 (QBO allows 40).
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder batchPerMinute(int value) {
      return set("batchPerMinute", Checks.atLeast(value, 1, "batchPerMinute"));
    }
  }
}
