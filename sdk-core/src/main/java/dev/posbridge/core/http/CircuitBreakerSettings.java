package dev.posbridge.core.http;

import java.time.Duration;

/**
 * When a connector stops calling a failing vendor for a while: after a number of consecutive
 * failures (server errors, timeouts, connection failures) the circuit opens and calls fail fast
 * with {@link dev.posbridge.core.VendorUnavailableException}; after a delay one trial call is let
 * through (half-open), and its success closes the circuit again.
 *
 * <p>Immutable and thread-safe. One circuit exists per connector, that is per vendor host.
 * Client errors (4xx) and throttling (429) do not count as failures.
 */
public final class CircuitBreakerSettings {

  private static final CircuitBreakerSettings DEFAULTS = builder().build();
  private static final CircuitBreakerSettings DISABLED = new CircuitBreakerSettings(false, 5, Duration.ofSeconds(30));

  private final boolean enabled;
  private final int failureThreshold;
  private final Duration delay;

  private CircuitBreakerSettings(boolean enabled, int failureThreshold, Duration delay) {
    this.enabled = enabled;
    this.failureThreshold = failureThreshold;
    this.delay = delay;
  }

  /**
   * Returns the defaults: open after 5 consecutive failures, half-open after 30 s.
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
    return new Builder().failureThreshold(failureThreshold).delay(delay);
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
   * Returns how many consecutive failures open the circuit.
   *
   * @return at least 1
   */
  public int failureThreshold() {
    return failureThreshold;
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
        ? "CircuitBreakerSettings{failureThreshold=" + failureThreshold + ", delay=" + delay + '}'
        : "CircuitBreakerSettings{disabled}";
  }

  /** Builds {@link CircuitBreakerSettings}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private int failureThreshold = 5;
    private Duration delay = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Sets how many consecutive failures open the circuit. Default 5: enough to ride out a blip
     * that retries did not cover. Lower it to shed load faster during vendor incidents.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 1}
     */
    public Builder failureThreshold(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("failureThreshold must be >= 1: " + value);
      }
      this.failureThreshold = value;
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
      return new CircuitBreakerSettings(true, failureThreshold, delay);
    }
  }
}
