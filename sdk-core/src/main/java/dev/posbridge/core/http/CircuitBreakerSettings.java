package dev.posbridge.core.http;

import java.time.Duration;

/**
 * When a connector stops calling a failing vendor for a while. The circuit counts logical calls,
 * not attempts: a call that failed after all its retries counts as one failure, a call that
 * succeeded after a retry as one success. When, within a sliding time {@link #window()}, at least
 * {@link #minimumCalls()} calls were made and at least {@link #failureRatePercent()} percent of
 * them failed (server errors, timeouts, connection failures), the circuit opens and calls fail
 * fast with {@link dev.posbridge.core.VendorUnavailableException}, without being sent; after
 * {@link #delay()} one trial call is let through (half-open), and its success closes the circuit
 * again, its failure opens it for another delay.
 *
 * <p>So a single call that exhausted its retries on 503s, plus another 503, does not stop the
 * next healthy call: two failed calls are below the default minimum of ten.
 *
 * <p>Immutable and thread-safe. One circuit exists per connector, that is per vendor host.
 * Client errors (4xx) and throttling (429) do not count as failures.
 */
public final class CircuitBreakerSettings {

  private static final CircuitBreakerSettings DEFAULTS = builder().build();
  private static final CircuitBreakerSettings DISABLED =
      new CircuitBreakerSettings(false, 10, 50, Duration.ofSeconds(60), Duration.ofSeconds(30));

  private final boolean enabled;
  private final int minimumCalls;
  private final int failureRatePercent;
  private final Duration window;
  private final Duration delay;

  private CircuitBreakerSettings(boolean enabled, int minimumCalls, int failureRatePercent, Duration window,
      Duration delay) {
    this.enabled = enabled;
    this.minimumCalls = minimumCalls;
    this.failureRatePercent = failureRatePercent;
    this.window = window;
    this.delay = delay;
  }

  /**
   * Returns the defaults: open when at least 50 % of at least 10 calls within 60 s failed;
   * half-open after 30 s.
   *
   * @return the defaults
   */
  public static CircuitBreakerSettings defaults() {
    return DEFAULTS;
  }

  /**
   * Returns settings with no circuit breaker: every call reaches the vendor.
   *
   * @return disabled settings
   */
  public static CircuitBreakerSettings disabled() {
    return DISABLED;
  }

  /**
   * Starts a builder initialised with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder initialised with these settings (enabled).
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder().minimumCalls(minimumCalls).failureRatePercent(failureRatePercent).window(window)
        .delay(delay);
  }

  /**
   * Tells whether a circuit breaker is used.
   *
   * @return {@code false} for {@link #disabled()}
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Returns how many calls the window must hold before the failure rate can open the circuit;
   * the same value as {@link #failureThreshold()}.
   *
   * @return at least 1
   */
  public int minimumCalls() {
    return minimumCalls;
  }

  /**
   * Returns the fewest failed calls that can open the circuit: {@link #minimumCalls()}, since the
   * circuit opens only once the window holds that many calls and enough of them failed. With a
   * failure rate of 100 % it is the number of consecutive failed calls.
   *
   * @return at least 1
   */
  public int failureThreshold() {
    return minimumCalls;
  }

  /**
   * Returns the share of failed calls in the window, in percent, that opens the circuit.
   *
   * @return 1..100
   */
  public int failureRatePercent() {
    return failureRatePercent;
  }

  /**
   * Returns the sliding time window calls are counted in.
   *
   * @return a positive duration
   */
  public Duration window() {
    return window;
  }

  /**
   * Returns how long the circuit stays open before a trial call is allowed.
   *
   * @return a positive duration
   */
  public Duration delay() {
    return delay;
  }

  @Override
  public String toString() {
    return enabled
        ? "CircuitBreakerSettings{minimumCalls=" + minimumCalls + ", failureRatePercent=" + failureRatePercent
            + ", window=" + window + ", delay=" + delay + '}'
        : "CircuitBreakerSettings{disabled}";
  }

  /** Builds {@link CircuitBreakerSettings}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private int minimumCalls = 10;
    private int failureRatePercent = 50;
    private Duration window = Duration.ofSeconds(60);
    private Duration delay = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Sets how many calls the window must hold before its failure rate is judged. Default 10:
     * one unlucky call, or a few, never open the circuit. Lower it to shed load faster during
     * vendor incidents.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 1}
     */
    public Builder minimumCalls(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("minimumCalls must be >= 1: " + value);
      }
      this.minimumCalls = value;
      return this;
    }

    /**
     * Same as {@link #minimumCalls(int)}: the fewest failed calls that can open the circuit.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 1}
     */
    public Builder failureThreshold(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("failureThreshold must be >= 1: " + value);
      }
      this.minimumCalls = value;
      return this;
    }

    /**
     * Sets the share of failed calls, in percent, that opens the circuit. Default 50.
     *
     * @param value 1..100
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is outside 1..100
     */
    public Builder failureRatePercent(int value) {
      if (value < 1 || value > 100) {
        throw new IllegalArgumentException("failureRatePercent must be 1..100: " + value);
      }
      this.failureRatePercent = value;
      return this;
    }

    /**
     * Sets the sliding window calls are counted in. Default 60 s.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder window(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("window must be positive: " + value);
      }
      this.window = value;
      return this;
    }

    /**
     * Sets how long the circuit stays open before a trial call. Default 30 s, the typical length
     * of a vendor's load-balancer failover. Raise it for vendors with long maintenance windows.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder delay(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("delay must be positive: " + value);
      }
      this.delay = value;
      return this;
    }

    /**
     * Builds enabled settings.
     *
     * @return immutable settings
     */
    public CircuitBreakerSettings build() {
      return new CircuitBreakerSettings(true, minimumCalls, failureRatePercent, window, delay);
    }
  }
}
