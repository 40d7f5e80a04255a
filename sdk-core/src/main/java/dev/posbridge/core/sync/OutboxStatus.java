package dev.posbridge.core.sync;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of the outbox's counts and, from a {@link SyncPipeline}, the health of its sinks,
 * delivery threads and pollers.
 *
 * @param pending events waiting for delivery, including those in flight
 * @param inFlight events currently claimed under an unexpired lease
 * @param dead events in the dead-letter state
 * @param delivered delivered events still retained (purged after the retention period)
 * @param oldestPendingAge how long the oldest pending event has waited; zero when none (measured
 *     on the outbox's time, which does not go back when the wall clock does)
 * @param health the overall health
 * @param sinks each target system's state; empty from a bare {@link Outbox}
 * @param problems what is wrong, one line each (a suspended sink, a dead thread, a failing
 *     poller, an unavailable database); empty when healthy
 * @param unrouted source events the pipeline took in but could not route to any delivery (a
 *     summary with no sales source to read it, a deletion, a type nothing consumes), since the
 *     pipeline was built; each is also logged at WARN with its id. Zero from {@link Outbox#status()}
 * @param staleStockDropped incoming stock levels dropped because a newer level of the same item
 *     and location had already been routed, since the pipeline was built; zero from
 *     {@link Outbox#status()}
 */
public record OutboxStatus(long pending, long inFlight, long dead, long delivered,
    Duration oldestPendingAge, Health health, List<SinkStatus> sinks, List<String> problems,
    long unrouted, long staleStockDropped) {

  /** Overall health. */
  public enum Health {
    /** Everything runs. */
    UP,
    /** Running, but something waits: a sink is suspended or paused, a poller fails. */
    DEGRADED,
    /** Something stopped that should run (a delivery thread or poller died, the database fails). */
    DOWN
  }

  /**
   * Validates the components.
   *
   * @param pending pending count
   * @param inFlight in-flight count
   * @param dead dead count
   * @param delivered delivered count
   * @param oldestPendingAge age of the oldest pending event
   * @param health the health
   * @param sinks the sinks' states
   * @param problems the problems
   * @param unrouted source events not routed
   * @param staleStockDropped stock levels dropped as older than one applied
   * @throws IllegalArgumentException if a count is negative or a component null
   */
  public OutboxStatus {
    if (pending < 0 || inFlight < 0 || dead < 0 || delivered < 0 || oldestPendingAge == null
        || health == null || sinks == null || problems == null || unrouted < 0 || staleStockDropped < 0) {
      throw new IllegalArgumentException("counts must not be negative and components not null");
    }
    if (oldestPendingAge.isNegative()) {
      oldestPendingAge = Duration.ZERO;
    }
    sinks = List.copyOf(sinks);
    problems = List.copyOf(problems);
  }

  /**
   * Creates a healthy snapshot of counts only.
   *
   * @param pending pending count
   * @param inFlight in-flight count
   * @param dead dead count
   * @param delivered delivered count
   * @param oldestPendingAge age of the oldest pending event
   */
  public OutboxStatus(long pending, long inFlight, long dead, long delivered, Duration oldestPendingAge) {
    this(pending, inFlight, dead, delivered, oldestPendingAge, Health.UP, List.of(), List.of(), 0, 0);
  }

  /**
   * Creates a snapshot without intake counts.
   *
   * @param pending pending count
   * @param inFlight in-flight count
   * @param dead dead count
   * @param delivered delivered count
   * @param oldestPendingAge age of the oldest pending event
   * @param health the health
   * @param sinks the sinks' states
   * @param problems the problems
   */
  public OutboxStatus(long pending, long inFlight, long dead, long delivered, Duration oldestPendingAge,
      Health health, List<SinkStatus> sinks, List<String> problems) {
    this(pending, inFlight, dead, delivered, oldestPendingAge, health, sinks, problems, 0, 0);
  }
}
