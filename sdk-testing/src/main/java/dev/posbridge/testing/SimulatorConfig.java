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
 *
 * @param port the port to listen on, 0 for a dynamic one
 * @param journalCapacity the maximum number of requests the journal retains
 * @param clock the simulator's clock
 * @param idSeed the seed of the simulator's {@link IdGenerator}
 * @param idempotencyRetention how long the idempotency ledger remembers a key
 * @param serverThreads the number of server threads
 */
public record SimulatorConfig(int port, int journalCapacity, SimClock clock, long idSeed,
    Duration idempotencyRetention, int serverThreads) {

  /**
   * Checks the values.
   *
   * @param port the port, 0..65535
   * @param journalCapacity the journal's capacity, at least 1
   * @param clock the clock
   * @param idSeed the ID seed
   * @param idempotencyRetention the idempotency retention, positive
   * @param serverThreads the thread count, at least 10
   * @throws IllegalArgumentException if the port is outside 0..65535, the journal capacity below
   *     1, the retention not positive or the thread count below 10
   */
  public SimulatorConfig {
    checkPort(port);
    atLeast("journalCapacity", journalCapacity, 1);
    checkRetention(idempotencyRetention);
    atLeast("serverThreads", serverThreads, 10);
  }

  private static int checkPort(int value) {
    if (value < 0 || value > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + value);
    }
    return value;
  }

  private static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
    }
    return value;
  }

  private static Duration checkRetention(Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("idempotencyRetention must be positive: " + value);
    }
    return value;
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

  /** Builds a {@link SimulatorConfig}; each setter checks its value at once. Not thread-safe. */
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
      this.port = checkPort(value);
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
      this.journalCapacity = atLeast("journalCapacity", value, 1);
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
      this.idempotencyRetention = checkRetention(value);
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
      this.serverThreads = atLeast("serverThreads", value, 10);
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public SimulatorConfig build() {
      return new SimulatorConfig(port, journalCapacity, clock == null ? SimClock.system() : clock, idSeed,
          idempotencyRetention, serverThreads);
    }
  }
}
