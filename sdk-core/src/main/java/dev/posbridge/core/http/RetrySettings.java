package dev.posbridge.core.http;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

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
 */
public final class RetrySettings {

  private static final RetrySettings DEFAULTS = builder().build();
  private static final RetrySettings DISABLED = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final Duration maxRetryAfter;
  private final Duration maxElapsed;

  private RetrySettings(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxElapsed = b.maxElapsed;
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
    return new Builder();
  }

  /**
   * Starts a builder initialised with these settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.jitter = jitter;
    b.maxRetryAfter = maxRetryAfter;
    b.maxElapsed = maxElapsed;
    return b;
  }

  /**
   * Returns the maximum number of attempts per request, the first one included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Tells whether any retry may happen.
   *
   * @return {@code true} if {@link #maxAttempts()} is greater than 1
   */
  public boolean retriesEnabled() {
    return maxAttempts > 1;
  }

  /**
   * Returns the backoff before the first retry; each further retry doubles it.
   *
   * @return a positive duration
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * Returns the cap on the computed exponential backoff.
   *
   * @return a duration not shorter than {@link #initialBackoff()}
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns the jitter factor: each backoff is scaled by a random factor in {@code [1 - jitter,
   * 1 + jitter]} (and then capped), so that many clients do not retry in lockstep.
   *
   * @return a factor in {@code [0, 1]}
   */
  public double jitter() {
    return jitter;
  }

  /**
   * Returns the longest {@code Retry-After} (or vendor retry hint) the connector waits; a longer
   * one ends the retries at once and surfaces the rate-limit exception to the caller.
   *
   * @return a non-negative duration
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Returns the time budget of one request across all its attempts and waits; no retry starts
   * whose wait would end after it.
   *
   * @return a positive duration
   */
  public Duration maxElapsed() {
    return maxElapsed;
  }

  @Override
  public String toString() {
    return "RetrySettings{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter + ", maxRetryAfter=" + maxRetryAfter
        + ", maxElapsed=" + maxElapsed + '}';
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RetrySettings r
        && maxAttempts == r.maxAttempts
        && Double.compare(jitter, r.jitter) == 0
        && initialBackoff.equals(r.initialBackoff)
        && maxBackoff.equals(r.maxBackoff)
        && maxRetryAfter.equals(r.maxRetryAfter)
        && maxElapsed.equals(r.maxElapsed);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        maxAttempts, initialBackoff, maxBackoff, jitter, maxRetryAfter, maxElapsed);
  }

  /**
   * Builds {@link RetrySettings}; each setter validates its argument at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(20);
    private double jitter = 0.2;
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Duration maxElapsed = Duration.ofMinutes(2);

    private Builder() {}

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
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1: " + value);
      }
      this.maxAttempts = value;
      return this;
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
      this.initialBackoff = positive("initialBackoff", value);
      return this;
    }

    /**
     * Sets the cap on the exponential backoff. Default 20 s. Lower it for interactive callers.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder maxBackoff(Duration value) {
      this.maxBackoff = positive("maxBackoff", value);
      return this;
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
      if (!(value >= 0.0 && value <= 1.0)) {
        throw new IllegalArgumentException("jitter must be in [0, 1]: " + value);
      }
      this.jitter = value;
      return this;
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
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter must not be negative: " + value);
      }
      this.maxRetryAfter = value;
      return this;
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
      this.maxElapsed = positive("maxElapsed", value);
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return immutable settings
     * @throws IllegalArgumentException if {@code initialBackoff} is longer than {@code maxBackoff}
     */
    public RetrySettings build() {
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalArgumentException(
            "initialBackoff must not exceed maxBackoff: " + initialBackoff + " > " + maxBackoff);
      }
      return new RetrySettings(this);
    }

    private static Duration positive(String field, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be positive: " + value);
      }
      return value;
    }
  }
}
