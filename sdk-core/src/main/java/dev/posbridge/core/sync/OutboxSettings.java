package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import dev.posbridge.core.spi.Checks;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The settings and setters of {@link Outbox.Builder}, kept out of the facade's file; package-private,
 * so the public type is {@code Outbox.Builder} alone.
 */
abstract class OutboxSettings {

  // Package-private: read by OutboxEngine and PipelineWiring.
  Tx.@Nullable Source source;
  Clock clock = Clock.systemUTC();
  Duration lease = Duration.ofSeconds(60);
  int maxAttempts = Integer.MAX_VALUE;
  Duration retryBudget = Duration.ofDays(3); // longer than a long weekend's outage
  Duration purgeInterval = Duration.ofHours(1);
  Duration initialBackoff = Duration.ofSeconds(1);
  Duration maxBackoff = Duration.ofMinutes(5);
  int maxBatch = 1000;
  int queueCapacity = 10_000;
  Duration retention = Duration.ofDays(7);

  /**
   * Uses an SQLite file, created on first use. Needs {@code org.xerial:sqlite-jdbc}.
   *
   * @param file the database file
   * @return this builder
   */
  public Outbox.Builder sqlite(Path file) {
    Objects.requireNonNull(file, "file");
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    this.source = () -> DriverManager.getConnection(url);
    return self();
  }

  /**
   * Uses any JDBC database through a data source (e.g. a connection pool). The outbox holds two
   * connections for its lifetime.
   *
   * @param dataSource the data source
   * @return this builder
   */
  public Outbox.Builder dataSource(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    this.source = dataSource::getConnection;
    return self();
  }

  /**
   * Sets the clock, for tests.
   *
   * @param value the clock
   * @return this builder
   */
  public Outbox.Builder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return self();
  }

  /**
   * Sets how long a claim lasts before another worker may take the event.
   *
   * @param value a positive duration
   * @return this builder
   */
  public Outbox.Builder lease(Duration value) {
    this.lease = Checks.positive(value, "lease");
    return self();
  }

  /**
   * Caps the attempts an event gets before a retryable failure dead-letters it, in addition to
   * the {@link #retryBudget time budget}. Default: no cap. Attempts refused without reaching
   * the vendor (an open circuit breaker, a paused sink, a shutdown) are not counted.
   *
   * @param value at least 1
   * @return this builder
   */
  public Outbox.Builder maxAttempts(int value) {
    this.maxAttempts = Checks.atLeast(value, 1, "maxAttempts");
    return self();
  }

  /**
   * Sets how long retryable failures of an event are retried, counted from its first failure,
   * before it is dead-lettered. Default 72 hours, longer than a weekend outage; a
   * {@link SyncPipeline} can set it per sink. A sink that fails as a whole (outage, expired
   * credentials) is paused by the pipeline instead, and its waiting events do not use their
   * budget.
   *
   * @param value a positive duration
   * @return this builder
   */
  public Outbox.Builder retryBudget(Duration value) {
    this.retryBudget = Checks.positive(value, "retryBudget");
    return self();
  }

  /**
   * Sets how often delivered events older than the {@link #retention retention} are purged
   * (from the outbox's writer thread when it is idle). Default 1 hour.
   *
   * @param value a positive duration
   * @return this builder
   */
  public Outbox.Builder purgeInterval(Duration value) {
    this.purgeInterval = Checks.positive(value, "purgeInterval");
    return self();
  }

  /**
   * Sets the retry backoff: the first delay, doubled per attempt up to the maximum.
   *
   * @param initial the first delay
   * @param max the cap
   * @return this builder
   */
  public Outbox.Builder backoff(Duration initial, Duration max) {
    Checks.positiveRange(initial, max);
    this.initialBackoff = initial;
    this.maxBackoff = max;
    return self();
  }

  /**
   * Sets the most enqueues written in one group commit.
   *
   * @param value at least 1
   * @return this builder
   */
  public Outbox.Builder maxBatch(int value) {
    this.maxBatch = Checks.atLeast(value, 1, "maxBatch");
    return self();
  }

  /**
   * Sets how long delivered events are kept before {@link Outbox#purgeDelivered()} deletes them.
   *
   * @param value a positive duration
   * @return this builder
   */
  public Outbox.Builder retention(Duration value) {
    this.retention = Checks.positive(value, "retention");
    return self();
  }

  /**
   * Opens the outbox, creating or migrating its tables.
   *
   * @return the outbox
   * @throws IllegalStateException if no database was configured
   * @throws OutboxException if the database cannot be opened
   */
  public Outbox build() {
    if (source == null) {
      throw new IllegalStateException("configure sqlite(Path) or dataSource(DataSource)");
    }
    return new Outbox(self(), source);
  }

  private Outbox.Builder self() {
    return (Outbox.Builder) this;
  }
}
