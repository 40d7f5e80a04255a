package dev.posbridge.core.sync;

import java.time.Instant;

/**
 * An event a worker has claimed for delivery. The worker must call {@link Outbox#complete} or
 * {@link Outbox#fail} before {@code leaseUntil}; otherwise the lease expires and another worker
 * may deliver it again (at-least-once).
 *
 * @param id the outbox's id of the event; ids grow in enqueue order
 * @param event the event
 * @param attempt which delivery attempt this is, starting at 1
 * @param enqueuedAt when it was enqueued
 * @param leaseUntil when the claim expires
 */
public record ClaimedEvent(long id, OutboxEvent event, int attempt, Instant enqueuedAt, Instant leaseUntil) {

  /**
   * Validates the components.
   *
   * @param id the id
   * @param event the event
   * @param attempt the attempt number
   * @param enqueuedAt the enqueue time
   * @param leaseUntil the lease end
   * @throws IllegalArgumentException if a component is missing or out of range
   */
  public ClaimedEvent {
    if (event == null || enqueuedAt == null || leaseUntil == null) {
      throw new IllegalArgumentException("event, enqueuedAt and leaseUntil must not be null");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
    }
  }
}
