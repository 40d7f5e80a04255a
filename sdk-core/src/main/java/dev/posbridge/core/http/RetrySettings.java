package dev.posbridge.core.http;

import dev.posbridge.core.spi.Checks;
import dev.posbridge.core.spi.SettingsBuilder;
import java.time.Duration;

/**
 * How a connector retries a failed vendor call: attempt and time budget per request, jittered
 * exponential backoff, and how long a vendor's {@code Retry-After} may make it wait.
 *
 * <p>Immutable and thread-safe. The budget applies to each request separately, never to the
 * client as a whole. Reads are retried freely; writes only when the vendor cannot have applied
 * them or when they carry an idempotency key.
 *
 * <pre>{@code
 * RetrySettings retry = RetrySettings.defaults().toBuilder()
 *     .maxAttempts(6)
 *     .maxElapsed(Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 *
 * @param maxAttempts the maximum number of attempts per request, the first one included; at
 *     least 1
 * @param initialBackoff the backoff before the first retry, a positive duration; each further
 *     retry doubles it
 * @param maxBackoff the cap on the computed exponential backoff, not shorter than
 *     {@code initialBackoff}
 * @param jitter the jitter factor in {@code [0, 1]}: each backoff is scaled by a random factor in
 *     {@code [1 - jitter, 1 + jitter]} (and then capped), so that many clients do not retry in
 *     lockstep
 * @param maxRetryAfter the longest {@code Retry-After} (or vendor retry hint) the connector waits,
 *     a non-negative duration; a longer one ends the retries at once and surfaces the rate-limit
 *     exception to the caller
 * @param maxElapsed the time budget of one request across all its attempts and waits, a positive
 *     duration; no retry starts whose wait would end after it
 */
public record RetrySettings(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double jitter,
    Duration maxRetryAfter,
    Duration maxElapsed) {

  private static final RetrySettings DEFAULTS = new RetrySettings(4, Duration.ofMillis(250),
      Duration.ofSeconds(20), 0.2, Duration.ofSeconds(60), Duration.ofMinutes(2));
  private static final RetrySettings DISABLED = builder().maxAttempts(1).build();

  /**
   * Validates the settings.
   *
   * @param maxAttempts the attempts per request
   * @param initialBackoff the backoff before the first retry
   * @param maxBackoff the cap on the backoff
   * @param jitter the jitter factor
   * @param maxRetryAfter the longest vendor-requested wait honoured
   * @param maxElapsed the time budget of one request
   * @throws IllegalArgumentException if a value is outside the range its {@link Builder} setter
   *     names, or if {@code initialBackoff} is longer than {@code maxBackoff}
   */
  public RetrySettings {
    Checks.atLeast(maxAttempts, 1, "maxAttempts");
    Checks.positive(initialBackoff, "initialBackoff");
    Checks.positive(maxBackoff, "maxBackoff");
    checkJitter(jitter);
    Checks.nonNegative(maxRetryAfter, "maxRetryAfter");
    Checks.positive(maxElapsed, "maxElapsed");
    if (initialBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException(
          "initialBackoff must not exceed maxBackoff: " + initialBackoff + " > " + maxBackoff);
    }
  }

  /**
   * Returns the default settings: 4 attempts, 250 ms initial backoff, 20 s maximum backoff, 0.2
   * jitter, {@code Retry-After} honoured up to 60 s, 2 minutes per request.
   *
   * @return the defaults
   */
  public static RetrySettings defaults() {
    return DEFAULTS;
  }

  /**
   * Returns settings that make exactly one attempt per request, for callers that retry on their
   * own (for example a sync engine with a durable outbox).
   *
   * @return settings with {@code maxAttempts == 1}
   */
  public static RetrySettings disabled() {
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
   * Starts a builder initialised with these settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Tells whether any retry may happen.
   *
   * @return {@code true} if {@link #maxAttempts()} is greater than 1
   */
  public boolean retriesEnabled() {
    return maxAttempts > 1;
  }

  private static double checkJitter(double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0, 1]: " + value);
    }
    return value;
  }

  /**
   * Builds {@link RetrySettings}; each setter validates its argument at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder extends SettingsBuilder<RetrySettings, Builder> {
    private Builder(RetrySettings start) {
      super(start);
    }

    /**
     * Sets the maximum number of attempts per request, the first included. Default 4 (up to 3
     * retries). Raise it for batch jobs that prefer patience over fast failure; set 1 to disable
     * retries.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 1}
     */
    public Builder maxAttempts(int value) {
      return set("maxAttempts", Checks.atLeast(value, 1, "maxAttempts"));
    }

    /**
     * Sets the backoff before the first retry. Default 250 ms: long enough for a blip to pass,
     * short enough for interactive use. Raise it for vendors that recover slowly.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder initialBackoff(Duration value) {
      return set("initialBackoff", Checks.positive(value, "initialBackoff"));
    }

    /**
     * Sets the cap on the exponential backoff. Default 20 s. Lower it for interactive callers.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder maxBackoff(Duration value) {
      return set("maxBackoff", Checks.positive(value, "maxBackoff"));
    }

    /**
     * Sets the jitter factor. Default 0.2 (±20 %). Set 0 for deterministic waits in tests; raise it
     * when many processes share one vendor account.
     *
     * @param value a factor in {@code [0, 1]}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is outside {@code [0, 1]} or NaN
     */
    public Builder jitter(double value) {
      return set("jitter", checkJitter(value));
    }

    /**
     * Sets the longest vendor-requested wait ({@code Retry-After} or vendor hint) honoured before
     * retrying. Default 60 s: a longer wait usually means a quota window the caller should know
     * about. Raise it for unattended batch jobs.
     *
     * @param value a non-negative duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Builder maxRetryAfter(Duration value) {
      return set("maxRetryAfter", Checks.nonNegative(value, "maxRetryAfter"));
    }

    /**
     * Sets the time budget of one request across all attempts and waits. Default 2 minutes.
     * Lower it when a caller (an HTTP handler) has its own deadline.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder maxElapsed(Duration value) {
      return set("maxElapsed", Checks.positive(value, "maxElapsed"));
    }
  }
}
