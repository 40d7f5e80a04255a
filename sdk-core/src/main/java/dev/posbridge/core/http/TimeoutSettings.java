package dev.posbridge.core.http;

import dev.posbridge.core.spi.Checks;
import dev.posbridge.core.spi.SettingsBuilder;
import java.time.Duration;

/**
 * Network timeouts of one attempt of a vendor call. The retry budget
 * ({@link RetrySettings#maxElapsed()}) bounds the request as a whole.
 *
 * <p>Immutable and thread-safe.
 *
 * @param connect the TCP and TLS connect timeout, a positive duration
 * @param read the longest silence while reading (or writing) one attempt, a positive duration;
 *     also used as write timeout
 * @param call the limit on one whole attempt, from connect to the last byte of the body, a
 *     positive duration
 */
public record TimeoutSettings(Duration connect, Duration read, Duration call) {

  private static final TimeoutSettings DEFAULTS =
      new TimeoutSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));

  /**
   * Validates the timeouts.
   *
   * @param connect the connect timeout
   * @param read the read and write timeout
   * @param call the whole-attempt timeout
   * @throws IllegalArgumentException if a timeout is null, zero or negative
   */
  public TimeoutSettings {
    Checks.positive(connect, "connect");
    Checks.positive(read, "read");
    Checks.positive(call, "call");
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

  /** Builds {@link TimeoutSettings}; setters validate at once. Not thread-safe. */
  public static final class Builder extends SettingsBuilder<TimeoutSettings, Builder> {
    private Builder(TimeoutSettings start) {
      super(start);
    }

    /**
     * Sets the connect timeout. Default 10 s. Lower it when failing over quickly matters.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder connect(Duration value) {
      return set("connect", Checks.positive(value, "connect"));
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
      return set("read", Checks.positive(value, "read"));
    }

    /**
     * Sets the whole-attempt timeout. Default 60 s. Raise it for large downloads.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Builder call(Duration value) {
      return set("call", Checks.positive(value, "call"));
    }
  }
}
