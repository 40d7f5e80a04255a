package dev.posbridge.quickbooks;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 */
public final class QuickBooksRateLimits {

  private static final QuickBooksRateLimits DEFAULTS = new QuickBooksRateLimits(4, 8, 450, 36);

  private final int maxConcurrent;
  private final int perSecond;
  private final int perMinute;
  private final int batchPerMinute;

  private QuickBooksRateLimits(int maxConcurrent, int perSecond, int perMinute, int batchPerMinute) {
    this.maxConcurrent = maxConcurrent;
    this.perSecond = perSecond;
    this.perMinute = perMinute;
    this.batchPerMinute = batchPerMinute;
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
    return DEFAULTS.toBuilder();
  }

  /**
   * Starts a builder initialised with these limits.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder().maxConcurrent(maxConcurrent).perSecond(perSecond).perMinute(perMinute)
        .batchPerMinute(batchPerMinute);
  }

  /**
   * Returns how many requests may be in flight at once.
   *
   * @return the limit
   */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /**
   * Returns how many requests may start in any second.
   *
   * @return the limit
   */
  public int perSecond() {
    return perSecond;
  }

  /**
   * Returns how many requests may start in any minute.
   *
   * @return the limit
   */
  public int perMinute() {
    return perMinute;
  }

  /**
   * Returns how many batch calls may start in any minute.
   *
   * @return the limit
   */
  public int batchPerMinute() {
    return batchPerMinute;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof QuickBooksRateLimits l && l.maxConcurrent == maxConcurrent && l.perSecond == perSecond
        && l.perMinute == perMinute && l.batchPerMinute == batchPerMinute;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxConcurrent, perSecond, perMinute, batchPerMinute);
  }

  @Override
  public String toString() {
    return "QuickBooksRateLimits[maxConcurrent=" + maxConcurrent + ", perSecond=" + perSecond + ", perMinute="
        + perMinute + ", batchPerMinute=" + batchPerMinute + "]";
  }

  /** Builds {@link QuickBooksRateLimits}. Not thread-safe. */
  public static final class Builder {
    private int maxConcurrent;
    private int perSecond;
    private int perMinute;
    private int batchPerMinute;

    private Builder() {}

    /**
     * Sets how many requests may be in flight at once; default 4 (QBO allows 10).
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxConcurrent(int value) {
      this.maxConcurrent = positive(value, "maxConcurrent");
      return this;
    }

    /**
     * Sets how many requests may start in any second; default 8 (QBO allows 10).
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder perSecond(int value) {
      this.perSecond = positive(value, "perSecond");
      return this;
    }

    /**
     * Sets how many requests may start in any minute; default 450 (QBO allows 500).
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder perMinute(int value) {
      this.perMinute = positive(value, "perMinute");
      return this;
    }

    /**
     * Sets how many batch calls may start in any minute; default 36 (QBO allows 40).
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder batchPerMinute(int value) {
      this.batchPerMinute = positive(value, "batchPerMinute");
      return this;
    }

    /**
     * Builds the limits.
     *
     * @return the limits
     */
    public QuickBooksRateLimits build() {
      return new QuickBooksRateLimits(maxConcurrent, perSecond, perMinute, batchPerMinute);
    }

    private static int positive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1: " + value);
      }
      return value;
    }
  }
}
