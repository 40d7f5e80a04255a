package dev.posbridge.core.sync;

import java.time.Duration;

/**
 * A snapshot of the outbox's counts.
 *
 * @param pending events waiting for delivery, including those in flight
 * @param inFlight events currently claimed under an unexpired lease
 * @param dead events in the dead-letter state
 * @param delivered delivered events still retained (purged after the retention period)
 * @param oldestPendingAge how long the oldest pending event has waited; zero when none
 * @param unrouted source events the pipeline took in but could not route to any delivery (a
 *     summary with no sales source to read it, a deletion, a type nothing consumes), since the
 *     pipeline was built; each is also logged at WARN with its id. Zero from {@link Outbox#status()}
 * @param staleStockDropped incoming stock levels dropped because a newer level of the same item
 *     and location had already been routed, since the pipeline was built; zero from
 *     {@link Outbox#status()}
 */
public record OutboxStatus(long pending, long inFlight, long dead, long delivered, Duration oldestPendingAge,
    long unrouted, long staleStockDropped) {

  /**
   * Validates the components.
   *
   * @param pending pending count
   * @param inFlight in-flight count
   * @param dead dead count
   * @param delivered delivered count
   * @param oldestPendingAge age of the oldest pending event
   * @param unrouted source events not routed
   * @param staleStockDropped stock levels dropped as older than one applied
   * @throws IllegalArgumentException if a count is negative or the age is null
   */
  public OutboxStatus {
    if (pending < 0 || inFlight < 0 || dead < 0 || delivered < 0 || oldestPendingAge == null
        || unrouted < 0 || staleStockDropped < 0) {
      throw new IllegalArgumentException("counts must not be negative and age not null");
    }
  }

  /**
   * Creates a snapshot of the outbox's own counts, with no intake counts.
   *
   * @param pending pending count
   * @param inFlight in-flight count
   * @param dead dead count
   * @param delivered delivered count
   * @param oldestPendingAge age of the oldest pending event
   */
  public OutboxStatus(long pending, long inFlight, long dead, long delivered, Duration oldestPendingAge) {
    this(pending, inFlight, dead, delivered, oldestPendingAge, 0, 0);
  }

  /**
   * Returns a copy with the pipeline's intake counts.
   *
   * @param unroutedEvents source events not routed
   * @param staleStock stock levels dropped as older than one applied
   * @return the copy
   */
  public OutboxStatus withIntake(long unroutedEvents, long staleStock) {
    return new OutboxStatus(pending, inFlight, dead, delivered, oldestPendingAge, unroutedEvents, staleStock);
  }
}
