package dev.posbridge.testing;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link VendorSimulator} runs: port, journal size, clock, ID seed, idempotency retention
 * and server threads.
 *
 * <p>Immutable. Defaults: a dynamic port, 100,000 journal entries, a {@linkplain SimClock#system()
 * system} clock (so timestamp checks accept real clients), seed 42, 24 hours of idempotency
 * retention and 50 server threads.
 *
 * <pre>{@code
 * SimulatorConfig config = SimulatorConfig.builder()
 *     .clock(SimClock.fixed(Instant.parse("2025-03-01T12:00:00Z")))
 *     .port(8089)
 *     .build();
 * }</pre>
 */
public final class SimulatorConfig {

  private final int port;
  private final int journalCapacity;
  private final SimClock clock;
  private final long idSeed;
  private final Duration idempotencyRetention;
  private final int serverThreads;

  private SimulatorConfig(Builder b) {
    this.port = b.port;
    this.journalCapacity = b.journalCapacity;
    this.clock = b.clock == null ? SimClock.system() : b.clock;
    this.idSeed = b.idSeed;
    this.idempotencyRetention = b.idempotencyRetention;
    this.serverThreads = b.serverThreads;
  }

  /**
   * Returns the default configuration, with a new system clock.
   *
   * @return the defaults
   */
  public static SimulatorConfig defaults() {
    return builder().build();
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder with this configuration's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.port = port;
    b.journalCapacity = journalCapacity;
    b.clock = clock;
    b.idSeed = idSeed;
    b.idempotencyRetention = idempotencyRetention;
    b.serverThreads = serverThreads;
    return b;
  }

  /**
   * Returns the port to listen on.
   *
   * @return the port, 0 for a dynamic one
   */
  public int port() {
    return port;
  }

  /**
   * Returns the journal's capacity.
   *
   * @return the maximum number of retained requests
   */
  public int journalCapacity() {
    return journalCapacity;
  }

  /**
   * Returns the simulator's clock.
   *
   * @return the clock
   */
  public SimClock clock() {
    return clock;
  }

  /**
   * Returns the seed of the simulator's {@link IdGenerator}.
   *
   * @return the seed
   */
  public long idSeed() {
    return idSeed;
  }

  /**
   * Returns how long the idempotency ledger remembers a key.
   *
   * @return the retention
   */
  public Duration idempotencyRetention() {
    return idempotencyRetention;
  }

  /**
   * Returns the number of server threads.
   *
   * @return the thread count
   */
  public int serverThreads() {
    return serverThreads;
  }

  /** Builds a {@link SimulatorConfig}. Not thread-safe. */
  public static final class Builder {
    private int port;
    private int journalCapacity = 100_000;
    private @Nullable SimClock clock;
    private long idSeed = 42;
    private Duration idempotencyRetention = Duration.ofHours(24);
    private int serverThreads = 50;

    private Builder() {}

    /**
     * Sets a fixed port; 0 (the default) picks a free one.
     *
     * @param value the port, 0..65535
     * @return this builder
     * @throws IllegalArgumentException if the port is out of range
     */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be 0..65535: " + value);
      }
      this.port = value;
      return this;
    }

    /**
     * Sets how many requests the journal retains (default 100,000); older ones are dropped.
     *
     * @param value the capacity, at least 1
     * @return this builder
     * @throws IllegalArgumentException if the capacity is below 1
     */
    public Builder journalCapacity(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("journalCapacity must be at least 1: " + value);
      }
      this.journalCapacity = value;
      return this;
    }

    /**
     * Sets the clock (default: a new {@link SimClock#system()}); use a fixed clock for
     * deterministic timestamps.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(SimClock value) {
      this.clock = value;
      return this;
    }

    /**
     * Sets the seed of the simulator's IDs (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder idSeed(long value) {
      this.idSeed = value;
      return this;
    }

    /**
     * Sets how long idempotency keys are remembered (default 24 hours).
     *
     * @param value the retention, positive
     * @return this builder
     * @throws IllegalArgumentException if the retention is not positive
     */
    public Builder idempotencyRetention(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("idempotencyRetention must be positive: " + value);
      }
      this.idempotencyRetention = value;
      return this;
    }

    /**
     * Sets the number of server threads (default 50); raise it for load tests with many
     * concurrent clients.
     *
     * @param value the thread count, at least 10
     * @return this builder
     * @throws IllegalArgumentException if the count is below 10
     */
    public Builder serverThreads(int value) {
      if (value < 10) {
        throw new IllegalArgumentException("serverThreads must be at least 10: " + value);
      }
      this.serverThreads = value;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public SimulatorConfig build() {
      return new SimulatorConfig(this);
    }
  }
}
