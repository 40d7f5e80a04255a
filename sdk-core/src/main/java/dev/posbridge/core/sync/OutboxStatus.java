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
 */
public record OutboxStatus(long pending, long inFlight, long dead, long delivered, Duration oldestPendingAge) {

  /**
   * Validates the components.
   *
   * @param pending pending count
   * @param inFlight in-flight count
   * @param dead dead count
   * @param delivered delivered count
   * @param oldestPendingAge age of the oldest pending event
   * @throws IllegalArgumentException if a count is negative or the age is null
   */
  public OutboxStatus {
    if (pending < 0 || inFlight < 0 || dead < 0 || delivered < 0 || oldestPendingAge == null) {
      throw new IllegalArgumentException("counts must not be negative and age not null");
    }
  }
}
