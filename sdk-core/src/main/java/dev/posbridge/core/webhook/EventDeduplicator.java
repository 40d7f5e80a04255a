package dev.posbridge.core.webhook;

import dev.posbridge.core.WebhookRejectedException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Remembers which event ids were already accepted, so a vendor's retry or a replay is processed
 * once. Implementations are thread-safe.
 *
 * <p><b>Check, then mark once durable.</b> A verifier only <em>checks</em> ({@link #seen}) while it
 * verifies a delivery; the id is <em>marked</em> ({@link #markSeen}) only after the event was
 * stored or processed ({@link WebhookVerifier#accepted(WebhookEvent)}, called by the sync
 * engine's {@code WebhookIngress} after its transaction committed). A delivery that could not be
 * stored (and was answered 5xx) therefore leaves no trace, and the vendor's retry is accepted.
 *
 * <p><b>How long.</b> Ids must be remembered at least as long as the vendor keeps retrying
 * (Square 72 hours, Shopify 4 hours, see {@code docs/security.md}); verifiers reject
 * signed events older than that window as {@link WebhookRejectedException.Reason#STALE}, so a
 * replay after the ids were forgotten is still refused.
 */
public interface EventDeduplicator {

  /**
   * Records an event id and tells whether this is the first time it is seen (check and mark in one
   * step). Prefer {@link #seen} and {@link #markSeen} so that an id is marked only once the event is
   * durable.
   *
   * @param system the vendor system
   * @param eventId the vendor's event id
   * @return {@code true} the first time, {@code false} for a duplicate
   */
  boolean firstSeen(String system, String eventId);

  /**
   * Forgets an event id, e.g. because processing the event failed and the vendor's retry must be
   * accepted.
   *
   * @param system the vendor system
   * @param eventId the vendor's event id
   */
  void forget(String system, String eventId);

  /**
   * Tells whether an event id was marked seen and is still remembered, without marking it.
   *
   * <p>The default implementation marks and forgets again; implementations override it.
   *
   * @param system the vendor system
   * @param eventId the vendor's event id
   * @return {@code true} if the id was already accepted
   */
  default boolean seen(String system, String eventId) {
    if (firstSeen(system, eventId)) {
      forget(system, eventId);
      return false;
    }
    return true;
  }

  /**
   * Marks an event id seen, once its event is durable. Marking an id twice is harmless.
   *
   * @param system the vendor system
   * @param eventId the vendor's event id
   */
  default void markSeen(String system, String eventId) {
    firstSeen(system, eventId);
  }

  /**
   * Creates an in-memory deduplicator that remembers up to {@code maxEntries} ids for
   * {@code ttl} each. It is lost on restart and not shared between processes: use
   * {@link #jdbc(DataSource, Duration, Clock)} when either matters.
   *
   * @param maxEntries the capacity; the oldest ids are forgotten first
   * @param ttl how long an id is remembered
   * @param clock the clock
   * @return the deduplicator
   */
  static EventDeduplicator inMemory(int maxEntries, Duration ttl, Clock clock) {
    return new InMemoryEventDeduplicator(maxEntries, ttl, clock);
  }

  /**
   * Creates an in-memory deduplicator remembering 100,000 ids for 8 days (longer than any
   * supported vendor's retry window).
   *
   * @return the deduplicator
   */
  static EventDeduplicator inMemory() {
    return inMemory(100_000, DEFAULT_TTL, Clock.systemUTC());
  }

  /**
   * Creates a durable deduplicator in a JDBC database (table {@code pb_webhook_seen}, created if
   * needed), e.g. the sync engine's outbox database or any other. Several processes sharing the
   * database share the ids. A connection is borrowed per call.
   *
   * @param dataSource where the ids are stored
   * @param ttl how long an id is remembered; at least the vendor's retry window
   * @param clock the clock
   * @return the deduplicator
   * @throws IllegalStateException if the table cannot be created
   */
  static EventDeduplicator jdbc(DataSource dataSource, Duration ttl, Clock clock) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcEventDeduplicator(dataSource::getConnection, ttl, clock);
  }

  /**
   * Creates a durable deduplicator in an SQLite file (for example the outbox's file), remembering
   * ids for 8 days. Needs {@code org.xerial:sqlite-jdbc}.
   *
   * @param file the database file, created if needed
   * @return the deduplicator
   * @throws IllegalStateException if the table cannot be created
   */
  static EventDeduplicator sqlite(Path file) {
    String url = "jdbc:sqlite:" + Objects.requireNonNull(file, "file").toAbsolutePath();
    return new JdbcEventDeduplicator(() -> DriverManager.getConnection(url), DEFAULT_TTL,
        Clock.systemUTC());
  }

  /** How long the default deduplicators remember an id: 8 days. */
  Duration DEFAULT_TTL = Duration.ofDays(8);
}
