package dev.posbridge.core.http;

import dev.posbridge.core.spi.Sleeper;
import java.time.Clock;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP settings every connector builder shares: base URL, OkHttp client, retries, circuit
 * breaker, timeouts, response limits and clock. Vendor builders ({@code SquareConnector.Builder},
 * {@code ShopifyConnector.Builder}, {@code QuickBooksConnector.Builder},
 * {@code NetSuiteConnector.Builder}) extend it and add their vendor's options, so the same knobs
 * have the same names and defaults on every connector.
 *
 * <p>The no-argument methods read back what was set, for the connector that builds from it. Not
 * thread-safe, like every builder.
 *
 * @param <B> the concrete builder type, returned by every setter for chaining
 */
public abstract class HttpConnectorBuilder<B extends HttpConnectorBuilder<B>> {

  private @Nullable String baseUrl;
  private @Nullable OkHttpClient okHttpClient;
  private RetrySettings retry = RetrySettings.defaults();
  private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.defaults();
  private TimeoutSettings timeouts = TimeoutSettings.defaults();
  private ResponseLimits responseLimits = ResponseLimits.defaults();
  private Clock clock = Clock.systemUTC();
  private Sleeper sleeper = Sleeper.SYSTEM;

  /** Creates a builder with the documented defaults. */
  protected HttpConnectorBuilder() {}

  /**
   * Returns this builder as its concrete type.
   *
   * @return {@code this}
   */
  protected abstract B self();

  /**
   * Overrides the vendor's base URL, e.g. to go through a proxy or to use a simulator from
   * {@code sdk-testing}. Default: the vendor's production (or configured environment's) URL.
   *
   * @param value an {@code http} or {@code https} URL
   * @return this builder
   * @throws IllegalArgumentException if the value is not an http(s) URL
   */
  public B baseUrl(String value) {
    if (value == null || !(value.startsWith("http://") || value.startsWith("https://"))) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + value);
    }
    this.baseUrl = value;
    return self();
  }

  /**
   * Shares an OkHttp client's connection pool, dispatcher and interceptors. The connector derives
   * its own client from it with {@code newBuilder()}, adding TCP_NODELAY sockets and its timeouts,
   * and leaves OkHttp's own silent retries off (posbridge decides which calls are safe to repeat).
   * The derived client never follows redirects, whatever the given client is configured to do: a
   * 3xx answer fails with {@link dev.posbridge.core.UnexpectedRedirectException}, so credentials
   * and bodies never travel to another host. Token refreshes use a client derived the same way.
   * Default: a private client, closed with the connector.
   *
   * @param value the client, or {@code null} for a private one
   * @return this builder
   */
  public B okHttpClient(@Nullable OkHttpClient value) {
    this.okHttpClient = value;
    return self();
  }

  /**
   * Sets how failed calls are retried. Default {@link RetrySettings#defaults()}.
   *
   * @param value the settings
   * @return this builder
   */
  public B retry(RetrySettings value) {
    this.retry = Objects.requireNonNull(value, "retry");
    return self();
  }

  /**
   * Sets the circuit breaker that fails fast while the vendor is down. Default
   * {@link CircuitBreakerSettings#defaults()}.
   *
   * @param value the settings
   * @return this builder
   */
  public B circuitBreaker(CircuitBreakerSettings value) {
    this.circuitBreaker = Objects.requireNonNull(value, "circuitBreaker");
    return self();
  }

  /**
   * Sets connect, read and per-call timeouts. Default {@link TimeoutSettings#defaults()}.
   *
   * @param value the settings
   * @return this builder
   */
  public B timeouts(TimeoutSettings value) {
    this.timeouts = Objects.requireNonNull(value, "timeouts");
    return self();
  }

  /**
   * Sets what one vendor answer may cost: decompressed bytes, JSON tokens, nesting depth, string,
   * number and name lengths. Default {@link ResponseLimits#defaults()}. An answer over a limit
   * fails with {@link dev.posbridge.core.ResponseTooLargeException}.
   *
   * @param value the limits
   * @return this builder
   */
  public B responseLimits(ResponseLimits value) {
    this.responseLimits = Objects.requireNonNull(value, "responseLimits");
    return self();
  }

  /**
   * Sets the clock for retry budgets, token expiry and timestamps the connector sends. Default the
   * system UTC clock; tests pass a fixed or simulated one.
   *
   * @param value the clock
   * @return this builder
   */
  public B clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return self();
  }

  /**
   * Sets how the connector waits: between retries, for a rate limiter's window and for a vendor's
   * throttle. Default {@link Sleeper#SYSTEM}, which sleeps; tests and benchmarks pass one that
   * advances a simulated {@link #clock(Clock) clock} instead, so minutes of throttling take no
   * time.
   *
   * @param value the sleeper
   * @return this builder
   */
  public B sleeper(Sleeper value) {
    this.sleeper = Objects.requireNonNull(value, "sleeper");
    return self();
  }

  /**
   * Returns the base URL override.
   *
   * @return the URL, or {@code null} for the vendor's default
   */
  public final @Nullable String baseUrl() {
    return baseUrl;
  }

  /**
   * Returns the OkHttp client to derive from.
   *
   * @return the client, or {@code null} for a private one
   */
  public final @Nullable OkHttpClient okHttpClient() {
    return okHttpClient;
  }

  /**
   * Returns the retry settings.
   *
   * @return the settings
   */
  public final RetrySettings retry() {
    return retry;
  }

  /**
   * Returns the circuit breaker settings.
   *
   * @return the settings
   */
  public final CircuitBreakerSettings circuitBreaker() {
    return circuitBreaker;
  }

  /**
   * Returns the timeout settings.
   *
   * @return the settings
   */
  public final TimeoutSettings timeouts() {
    return timeouts;
  }

  /**
   * Returns the response limits.
   *
   * @return the limits
   */
  public final ResponseLimits responseLimits() {
    return responseLimits;
  }

  /**
   * Returns the clock.
   *
   * @return the clock
   */
  public final Clock clock() {
    return clock;
  }

  /**
   * Returns the sleeper.
   *
   * @return the sleeper
   */
  public final Sleeper sleeper() {
    return sleeper;
  }
}
