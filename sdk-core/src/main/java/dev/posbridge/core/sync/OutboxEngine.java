package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The package-private half of {@link Outbox}: its storage classes wired together, and the engine
 * API that the pipeline's classes use (DeliveryWorker, Delivery, Router, SyncPipeline,
 * SourcePoller). {@link Outbox} extends it, so that the pipeline's calls ({@code
 * outbox.createBatch(..)}) and types ({@code Outbox.Failure}, {@code Outbox.Batch}) resolve as
 * before, while {@code Outbox} itself holds only the public API.
 *
 * <p>Each storage class owns one job and runs its transactions through a {@link Tx}: the
 * group-commit writer has one connection, every other class shares the workers' connection. On
 * SQLite the two connections take turns (one lock; see {@link Tx}). No lock is ever the public
 * outbox instance.
 */
abstract class OutboxEngine {

  final OutboxClock clock;
  /** The group-commit writer's connection (synchronous=FULL). */
  final Tx writes;
  /** The workers' connection (synchronous=NORMAL: a lost claim or completion means a redelivery). */
  final Tx work;
  final GroupCommitWriter writer;
  final OutboxCheckpoints checkpoints;
  final OutboxLeases leases;
  final OutboxRetries retries;
  final OutboxBatches batches;
  final OutboxDeadLetters deadLetters;
  final OutboxEchoes echoes;
  final OutboxCounts counts;
  final OutboxPurge purge;
  final Duration retryBudget;
  final Duration retention;

  /** Opens the connections, migrates the schema, starts the clock and the writer. */
  OutboxEngine(Outbox.Builder b, Tx.Source source) {
    this.clock = new OutboxClock(b.clock);
    this.retryBudget = b.retryBudget;
    this.retention = b.retention;
    String cannotOpen = "cannot open the outbox database";
    Tx w = null;
    try {
      w = new Tx(source, true, null);
      w.writeDeferred(cannotOpen, OutboxSchema::migrate);
      w.read(cannotOpen, c -> clock.start(c, b.lease));
      this.work = new Tx(source, false, w);
    } catch (SQLException | RuntimeException e) {
      if (w != null) {
        w.close();
      }
      throw e instanceof OutboxException oe ? oe : new OutboxException(cannotOpen, e);
    }
    this.writes = w;
    this.checkpoints = new OutboxCheckpoints(work);
    this.leases = new OutboxLeases(work, clock, b.lease);
    this.retries = new OutboxRetries(work, clock, b.maxAttempts, b.initialBackoff, b.maxBackoff);
    this.batches = new OutboxBatches(work, clock, b.lease, retries);
    this.deadLetters = new OutboxDeadLetters(work, clock);
    this.echoes = new OutboxEchoes(work, clock);
    this.counts = new OutboxCounts(work, clock);
    this.purge = new OutboxPurge(work, clock, b.retention, b.purgeInterval);
    this.writer = new GroupCommitWriter(writes, clock, b.maxBatch, b.queueCapacity, purge::purgeIfDue);
  }

  /** The outbox's time in epoch milliseconds: never going backwards (see {@link OutboxClock}). */
  long now() {
    return clock.now();
  }

  /** The default time budget of retryable failures. */
  Duration retryBudget() {
    return retryBudget;
  }

  /** Jittered exponential backoff after the n-th failed attempt, capped. */
  Duration backoff(int attempts) {
    return retries.backoff(attempts);
  }

  /**
   * Stores a receipt row (already delivered) with the given dedupe key and the events, in one
   * transaction; if the receipt key is already stored, stores nothing. The first id returned is the
   * receipt's ({@code -1} for a duplicate), then one per event.
   */
  List<Long> enqueueWithReceipt(String receiptKey, List<OutboxEvent> events) {
    return GroupCommitWriter.await(
        writer.submit(events, null, null, Objects.requireNonNull(receiptKey, "receiptKey")));
  }

  /** Like {@link Outbox#fail}; returns whether the event is now dead, or null if the lease was lost. */
  @Nullable Boolean failRecorded(long id, String worker, Failure f) {
    return retries.fail(id, worker, f);
  }

  List<ClaimedEvent> claimType(String worker, String type, int max, boolean followers) {
    return leases.claimType(worker, type, max, followers);
  }

  @Nullable Batch createBatch(String worker, String type, String key, List<ClaimedEvent> events) {
    return batches.create(worker, type, key, events);
  }

  @Nullable Batch claimOpenBatch(String worker, String type) {
    return batches.claimOpen(worker, type);
  }

  boolean completeBatch(Batch batch, String worker) {
    return batches.complete(batch, worker);
  }

  /**
   * Records a failed batch. RETRY: all members back off together (the batch stays open, to be
   * resent under its key) or, once the budget is used, are dead-lettered together. DEFER: the
   * batch is given back without counting the attempt. DEAD: a batch of one is dead-lettered; a
   * larger batch was rejected as a whole, so nothing of it was applied: it is split, and each
   * member is sent alone (under a new key) so that only the wrong one is dead-lettered. Returns
   * whether the members are now dead, or null if a lease was lost.
   */
  @Nullable Boolean failBatch(Batch batch, String worker, Failure f) {
    return batches.fail(batch, worker, f);
  }

  /**
   * Records per-item outcomes of a batch the vendor answered item by item: members not named are
   * delivered; failed members leave the batch and are retried or dead-lettered alone (a later
   * attempt sends them under a new key); members the vendor did not process leave the batch
   * without counting an attempt. The batch is closed. Returns the number of members marked
   * delivered, or -1 if a lease was lost (nothing recorded).
   */
  int settleBatch(Batch batch, String worker, Map<Long, Failure> failed, Set<Long> notProcessed) {
    return batches.settle(batch, worker, failed, notProcessed);
  }

  void releaseBatch(Batch batch, String worker) {
    batches.release(batch, worker);
  }

  void recordEchoes(List<EchoWrite> writes, String batchKey, Duration window) {
    echoes.record(writes, batchKey, window);
  }

  void resolveEchoes(String batchKey, List<EchoWrite> results) {
    echoes.resolve(batchKey, results);
  }

  boolean consumeEcho(String system, String locationId, @Nullable String sku, @Nullable String itemId,
      String quantity) {
    return echoes.consume(system, locationId, sku, itemId, quantity);
  }

  boolean advanceStockClock(String system, String itemKey, String locationId, Instant asOf) {
    return echoes.advanceStockClock(system, itemKey, locationId, asOf);
  }

  /**
   * Stores a record read from a source that cannot be turned into an event (poison at intake) as
   * a dead letter with its raw payload, so that the source can move on and a person can look at
   * it. Replaying it resubmits nothing by itself (type {@code <system>/intake}): fix the record at
   * its source, and it is read again when it changes.
   */
  boolean quarantine(String system, String ref, String rawPayload, String code, String message) {
    return deadLetters.quarantine(system, ref, rawPayload, code, message);
  }

  /**
   * Records a delivery an event bus gave up on (e.g. sent to Kafka's dead-letter topic) as a dead
   * letter of this outbox, so that it is listed and replayed like any other: replaying makes it
   * pending again, and the bus relays it again. The outbox row of the event (delivered to the bus)
   * is turned back into a dead letter; if it was purged, a new row is stored.
   */
  void recordBusDeadLetter(OutboxEvent event, String code, String message) {
    deadLetters.recordBus(event, code, message);
  }

  /** A batch whose membership and idempotency key are stored; package-private for the pipeline. */
  record Batch(long id, String idempotencyKey, List<ClaimedEvent> events) {}

  /** One write the pipeline made to a system, remembered to recognise its echo. */
  record EchoWrite(String system, String locationId, @Nullable String sku, @Nullable String itemId,
      @Nullable String quantity) {}

  /** What to do with a failed attempt. */
  enum Disposition {
    /** Count the attempt; back off; dead-letter once the attempts or the time budget are used up. */
    RETRY,
    /**
     * Dead-letter now: the vendor rejected the delivery (nothing applied). A rejected batch is
     * split, so that only the wrong member ends up dead.
     */
    DEAD,
    /**
     * Dead-letter now, a batch whole and under its key: whether the vendor applied it is unknown
     * (its answer could not be read, or the call failed inside posbridge).
     */
    DEAD_AS_SENT,
    /**
     * The attempt did not count (refused by an open circuit breaker, a paused sink, a shutdown):
     * give the event back, due after {@code delay}, without using its attempts or budget.
     */
    DEFER
  }

  /**
   * A failed attempt as the pipeline records it.
   *
   * @param code the error code (see {@link DeadLetter})
   * @param message what failed, without secrets or personal data
   * @param retryable whether the failure was retryable
   * @param disposition what to do
   * @param sourceRef the source object, e.g. {@code square/order/O1}, or null
   * @param budget the time budget of retries (RETRY)
   * @param delay when to try again (DEFER)
   */
  record Failure(String code, String message, boolean retryable, Disposition disposition,
      @Nullable String sourceRef, Duration budget, Duration delay) {

    static Failure retry(String code, String message, @Nullable String sourceRef, Duration budget) {
      return new Failure(code, message, true, Disposition.RETRY, sourceRef, budget, Duration.ZERO);
    }

    static Failure dead(String code, String message, boolean retryable, @Nullable String sourceRef) {
      return new Failure(code, message, retryable, Disposition.DEAD, sourceRef, Duration.ZERO, Duration.ZERO);
    }

    static Failure deadAsSent(String code, String message, @Nullable String sourceRef) {
      return new Failure(code, message, false, Disposition.DEAD_AS_SENT, sourceRef, Duration.ZERO,
          Duration.ZERO);
    }

    static Failure defer(String code, String message, boolean retryable, Duration delay) {
      return new Failure(code, message, retryable, Disposition.DEFER, null, Duration.ZERO, delay);
    }

    String truncated() {
      // no card number in last_error or the log
      return dev.posbridge.core.spi.DataGuard.text(
          message.length() > 2000 ? message.substring(0, 2000) : message);
    }
  }
}
