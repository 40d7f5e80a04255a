package dev.posbridge.core.sync;

import java.time.Duration;

/**
 * Receives a {@link SyncPipeline}'s metrics and notable events, e.g. to feed Micrometer or logs.
 * Every method has an empty default, so implement only what you need.
 *
 * <p>Methods are called from the pipeline's worker and producer threads, concurrently: implementations
 * must be thread-safe and fast (no blocking I/O). An exception thrown by a listener is logged and
 * otherwise ignored.
 */
public interface SyncListener {

  /**
   * Called after source events were fanned out and durably enqueued.
   *
   * @param sourceEvents the source events submitted
   * @param deliveries the outbox events (one per target action) stored; duplicates excluded
   */
  default void onEnqueued(int sourceEvents, int deliveries) {}

  /**
   * Called after a vendor call succeeded and its deliveries were marked done.
   *
   * @param sink the target system
   * @param action what was done
   * @param batchSize how many deliveries the call carried (1 without batching)
   * @param callTime how long the vendor call took
   * @param endToEnd from enqueue of the oldest delivery in the call to its completion
   */
  default void onDelivered(
      String sink, SyncAction action, int batchSize, Duration callTime, Duration endToEnd) {}

  /**
   * Called after a delivery failed and will be retried after a backoff.
   *
   * @param sink the target system
   * @param action what was attempted
   * @param batchSize how many deliveries the call carried
   * @param error the failure
   */
  default void onRetry(String sink, SyncAction action, int batchSize, Throwable error) {}

  /**
   * Called after deliveries moved to the dead-letter state.
   *
   * @param sink the target system
   * @param action what was attempted
   * @param batchSize how many deliveries were dead-lettered
   * @param error the last failure
   */
  default void onDeadLettered(String sink, SyncAction action, int batchSize, Throwable error) {}

  /**
   * Called when an incoming stock change was recognised as the echo of the pipeline's own write
   * and not propagated.
   *
   * @param system the system it came from
   * @param sku the canonical SKU, or the vendor item id when the SKU is unknown
   * @param locationId the vendor location id
   */
  default void onEchoSuppressed(String system, String sku, String locationId) {}

  /**
   * Called when a sink is suspended because it fails as a whole (credentials rejected after a
   * refresh, a maintenance page, an outage): its deliveries wait and it is probed until it works.
   *
   * @param sink the target system
   * @param errorCode {@code AUTH}, {@code FORBIDDEN}, {@code MAINTENANCE} or {@code OUTAGE}
   * @param reason what failed, without secrets
   */
  default void onSinkSuspended(String sink, String errorCode, String reason) {}

  /**
   * Called when a suspended sink works again (a probe succeeded) or the operator resumed it.
   *
   * @param sink the target system
   */
  default void onSinkResumed(String sink) {}

  /**
   * Called when a delivery thread or a poller stopped for good while it should run, or keeps
   * failing: the pipeline's health is then {@code DOWN} (see {@link SyncPipeline#status()}).
   *
   * @param component e.g. {@code posbridge-sync-1} or {@code poller square-sales}
   * @param error what ended it
   */
  default void onComponentFailed(String component, Throwable error) {}

  /**
   * Called when a source record could not be read and was quarantined as a dead letter.
   *
   * @param system the source system
   * @param recordRef the record's id
   * @param error why
   */
  default void onQuarantined(String system, String recordRef, Throwable error) {}

  /** A listener that ignores everything. */
  SyncListener NONE = new SyncListener() {};
}
