package dev.posbridge.core.http;

import dev.posbridge.core.spi.Checks;
import dev.posbridge.core.spi.SettingsBuilder;
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
 *
 * @param enabled whether a circuit breaker is used; {@code false} for {@link #disabled()}
 * @param minimumCalls how many calls the window must hold before the failure rate can open the
 *     circuit, the same value as {@link #failureThreshold()}; at least 1
 * @param failureRatePercent the share of failed calls in the window, in percent, that opens the
 *     circuit; 1..100
 * @param window the sliding time window calls are counted in, a positive duration
 * @param delay how long the circuit stays open before a trial call is allowed, a positive duration
 */
public record CircuitBreakerSettings(
    boolean enabled, int minimumCalls, int failureRatePercent, Duration window, Duration delay) {

  private static final CircuitBreakerSettings DEFAULTS =
      new CircuitBreakerSettings(true, 10, 50, Duration.ofSeconds(60), Duration.ofSeconds(30));
  private static final CircuitBreakerSettings DISABLED =
      new CircuitBreakerSettings(false, 10, 50, Duration.ofSeconds(60), Duration.ofSeconds(30));

  /**
   * Validates the settings.
   *
   * @param enabled whether a circuit breaker is used
   * @param minimumCalls calls the window must hold before it can open
   * @param failureRatePercent the failure share, in percent, that opens it
   * @param window the sliding window calls are counted in
   * @param delay how long it stays open before a trial call
   * @throws IllegalArgumentException if a value is outside the range its {@link Builder} setter
   *     names
   */
  public CircuitBreakerSettings {
    Checks.atLeast(minimumCalls, 1, "minimumCalls");
    Checks.between(failureRatePercent, 1, 100, "failureRatePercent");
    Checks.positive(window, "window");
    Checks.positive(delay, "delay");
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
    return new Builder(DEFAULTS);
  }

  /**
   * Starts a builder initialised with these settings (enabled).
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
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

  @Override
  public String toString() {
    return enabled
        ? "CircuitBreakerSettings{minimumCalls=" + minimumCalls + ", failureRatePercent=" + failureRatePercent
            + ", window=" + window + ", delay=" + delay + '}'
        : "CircuitBreakerSettings{disabled}";
  }

  /**
   * Builds enabled {@link CircuitBreakerSettings}, also when started from {@link #disabled()};
   * setters validate at once. Not thread-safe.
   */
  public static final class Builder extends SettingsBuilder<CircuitBreakerSettings, Builder> {
    private Builder(CircuitBreakerSettings start) {
      super(start);
      set("enabled", true);
    }

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
      return set("minimumCalls", Checks.atLeast(value, 1, "minimumCalls"));
    }

    /**
     * Same as {@link #minimumCalls(int)}: the fewest failed calls that can open the circuit.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 1}
     */
    public Builder failureThreshold(int value) {
      return set("minimumCalls", Checks.atLeast(value, 1, "failureThreshold"));
    }

    /**
     * Sets the share of failed calls, in percent, that opens the circuit. Default 50.
     *
     * @param value 1..100
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is outside 1..100
     */
    public Builder failureRatePercent(int value) {
      return set("failureRatePercent", Checks.between(value, 1, 100, "failureRatePercent"));
    }

    /**
     * Sets the sliding window calls are counted in. Default 60 s.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder window(Duration value) {
      return set("window", Checks.positive(value, "window"));
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
      return set("delay", Checks.positive(value, "delay"));
    }
  }
}
