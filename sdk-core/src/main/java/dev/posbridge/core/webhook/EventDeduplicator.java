package dev.posbridge.core.webhook;

import java.time.Clock;
import java.time.Duration;

/**
 * Remembers which event ids were already accepted, so a vendor's retry or a replay is processed
 * once. Implementations are thread-safe.
 */
public interface EventDeduplicator {

  /**
   * Records an event id and tells whether this is the first time it is seen.
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
   * Creates an in-memory deduplicator that remembers up to {@code maxEntries} ids for
   * {@code ttl} each. Vendors retry for up to 72 hours (Square, Shopify 48 h): a {@code ttl}
   * shorter than that lets late retries through; a durable deduplicator (the sync engine's outbox)
   * has no such limit.
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
   * Creates an in-memory deduplicator remembering 100,000 ids for 72 hours.
   *
   * @return the deduplicator
   */
  static EventDeduplicator inMemory() {
    return inMemory(100_000, Duration.ofHours(72), Clock.systemUTC());
  }
}
