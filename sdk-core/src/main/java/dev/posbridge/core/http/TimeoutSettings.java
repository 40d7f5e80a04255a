package dev.posbridge.core.http;

import java.time.Duration;

/**
 * Network timeouts of one attempt of a vendor call. The retry budget
 * ({@link RetrySettings#maxElapsed()}) bounds the request as a whole.
 *
 * <p>Immutable and thread-safe.
 */
public final class TimeoutSettings {

  private static final TimeoutSettings DEFAULTS = builder().build();

  private final Duration connect;
  private final Duration read;
  private final Duration call;

  private TimeoutSettings(Builder b) {
    this.connect = b.connect;
    this.read = b.read;
    this.call = b.call;
  }

  /**
   * Returns the defaults: connect 10 s, read 30 s, whole attempt 60 s.
   *
   * @return the defaults
   */
  public static TimeoutSettings defaults() {
    return DEFAULTS;
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
    return new Builder().connect(connect).read(read).call(call);
  }

  /**
   * Returns the TCP and TLS connect timeout.
   *
   * @return a positive duration
   */
  public Duration connect() {
    return connect;
  }

  /**
   * Returns the longest silence while reading (or writing) one attempt; also used as write timeout.
   *
   * @return a positive duration
   */
  public Duration read() {
    return read;
  }

  /**
   * Returns the limit on one whole attempt, from connect to the last byte of the body.
   *
   * @return a positive duration
   */
  public Duration call() {
    return call;
  }

  @Override
  public String toString() {
    return "TimeoutSettings{connect=" + connect + ", read=" + read + ", call=" + call + '}';
  }

  /** Builds {@link TimeoutSettings}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private Duration connect = Duration.ofSeconds(10);
    private Duration read = Duration.ofSeconds(30);
    private Duration call = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * Sets the connect timeout. Default 10 s. Lower it when failing over quickly matters.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder connect(Duration value) {
      this.connect = positive("connect", value);
      return this;
    }

    /**
     * Sets the read (and write) timeout. Default 30 s. Raise it for slow vendor reports such as
     * large SuiteQL queries.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder read(Duration value) {
      this.read = positive("read", value);
      return this;
    }

    /**
     * Sets the whole-attempt timeout. Default 60 s. Raise it for large downloads.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder call(Duration value) {
      this.call = positive("call", value);
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return immutable settings
     */
    public TimeoutSettings build() {
      return new TimeoutSettings(this);
    }

    private static Duration positive(String field, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be positive: " + value);
      }
      return value;
    }
  }
}
