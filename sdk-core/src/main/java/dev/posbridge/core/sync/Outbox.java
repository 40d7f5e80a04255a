package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A durable, transactional outbox of events awaiting delivery, over JDBC.
 *
 * <p><b>Durability.</b> {@link #enqueue} returns only after its events are committed. Concurrent
 * producers share commits (group commit): one writer thread takes every enqueue waiting at that
 * moment, writes them in one transaction, and then releases all their callers. On SQLite the
 * database runs in WAL mode with {@code synchronous=FULL}, so a committed event survives a power
 * loss.
 *
 * <p><b>Delivery.</b> Workers {@link #claim} events under a lease, deliver them, then
 * {@link #complete} or {@link #fail} them. Among pending events with the same ordering key only
 * the oldest can be claimed, so each key is delivered in order. A failed event is retried after a
 * jittered exponential backoff for a time budget (72 hours from its first failure by default);
 * then, or at once for a permanent failure, it becomes a {@link DeadLetter}, which no longer
 * blocks its key, and can be {@link #replay(long) replayed}, alone or by
 * {@link DeadLetterFilter filter}.
 *
 * <p><b>Faults.</b> Write transactions on SQLite take the write lock first, so a second
 * connection or process on the same file waits (busy timeout 10 s) instead of failing. After a
 * failed statement or commit (a full disk, an I/O error) the connection is replaced, so the
 * outbox recovers as soon as the fault clears; an enqueue whose commit reported a failure is
 * checked, so it is reported stored exactly when it is. The outbox's time never goes backwards
 * when the wall clock does. Delivered events are purged on schedule (webhook receipts are kept
 * at least 72 hours). See decision record 0020 for the multi-process stance. If a worker dies, its lease
 * expires and the event is claimed again: delivery is at-least-once, and sinks absorb duplicates
 * with idempotency keys.
 *
 * <p><b>Checkpoints.</b> {@link #enqueue(List, String, String)} stores a source's cursor in the
 * same transaction as the events read up to it, so that a poll is never half-recorded.
 *
 * <p>Thread-safe. One instance per database per process; several processes may share a database
 * (SQLite included: they take turns as writers). {@link #close()} finishes pending enqueues and closes the
 * connections.
 *
 * <pre>{@code
 * try (Outbox outbox = Outbox.sqlite(Path.of("posbridge-outbox.db"))) {
 *   outbox.enqueue(OutboxEvent.of("sale:" + saleId, "sale", json));
 *   for (ClaimedEvent e : outbox.claim("worker-1", 100)) {
 *     deliver(e);
 *     outbox.complete(e.id(), "worker-1");
 *   }
 * }
 * }</pre>
 */
public final class Outbox extends OutboxEngine implements AutoCloseable {

  Outbox(Builder b, Tx.Source source) {
    super(b, source);
  }

  /**
   * Opens (creating and migrating if needed) an SQLite outbox in one file with default settings.
   * Needs {@code org.xerial:sqlite-jdbc} on the class path.
   *
   * @param file the database file
   * @return the outbox
   * @throws OutboxException if the database cannot be opened
   */
  public static Outbox sqlite(Path file) {
    return builder().sqlite(file).build();
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the documented defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- enqueue

  /**
   * Stores one event durably.
   *
   * @param event the event
   * @return the event's outbox id, or {@code -1} if its dedupe key was already stored
   * @throws OutboxException if it could not be stored; the event is then not stored
   */
  public long enqueue(OutboxEvent event) {
    return enqueue(List.of(event), null, null).get(0);
  }

  /**
   * Stores events durably in one transaction, together with a source checkpoint.
   *
   * @param events the events, in order
   * @param checkpointSource the name of the source whose cursor to store, or {@code null}
   * @param checkpoint the cursor after these events, or {@code null}
   * @return the outbox ids in order; {@code -1} for an event whose dedupe key was already stored
   * @throws OutboxException if they could not be stored; then none is stored, nor the checkpoint
   */
  public List<Long> enqueue(
      List<OutboxEvent> events, @Nullable String checkpointSource, @Nullable String checkpoint) {
    return GroupCommitWriter.await(writer.submit(events, checkpointSource, checkpoint, null));
  }

  /**
   * Stores events durably in one transaction without waiting: the future completes once they are
   * committed. Lets one producer keep many enqueues in flight, so that they share group commits.
   * Blocks only while the outbox's queue of accepted enqueues is full (back-pressure).
   *
   * @param events the events, in order
   * @return the outbox ids in order, {@code -1} for an event whose dedupe key was already stored;
   *     completes exceptionally with an {@link OutboxException} if they could not be stored
   * @throws OutboxException if the outbox is closed
   */
  public CompletableFuture<List<Long>> enqueueAsync(List<OutboxEvent> events) {
    return writer.submit(events, null, null, null);
  }

  /**
   * Returns the stored cursor of a source.
   *
   * @param sourceName the source's name
   * @return the cursor, or {@code null} if none was stored
   * @throws OutboxException if the database cannot be read
   */
  public @Nullable String checkpoint(String sourceName) {
    return checkpoints.read(Objects.requireNonNull(sourceName, "sourceName"));
  }

  // ---------------------------------------------------------------- delivery

  /**
   * Claims up to {@code max} deliverable events for a worker, oldest first, at most one per
   * ordering key (the oldest pending one of that key), each under a lease of the configured length.
   *
   * @param worker a name unique to the worker, e.g. host and thread
   * @param max the maximum number of events
   * @return the claimed events, possibly empty
   * @throws OutboxException if the database cannot be used
   */
  public List<ClaimedEvent> claim(String worker, int max) {
    Objects.requireNonNull(worker, "worker");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1: " + max);
    }
    return leases.claim(worker, max);
  }

  /**
   * Marks a claimed event delivered.
   *
   * @param id the event's id
   * @param worker the worker that claimed it
   * @return {@code true} if it was marked; {@code false} if the lease was lost (another worker may
   *     deliver it again, which the sink's idempotency key absorbs)
   * @throws OutboxException if the database cannot be used
   */
  public boolean complete(long id, String worker) {
    return completeAll(List.of(id), worker) == 1;
  }

  /**
   * Marks several claimed events delivered in one transaction.
   *
   * @param ids the events' ids
   * @param worker the worker that claimed them
   * @return how many were marked (fewer if some leases were lost)
   * @throws OutboxException if the database cannot be used
   */
  public int completeAll(List<Long> ids, String worker) {
    return leases.completeAll(ids, worker);
  }

  /**
   * Releases a claimed event without counting an attempt, e.g. on graceful shutdown.
   *
   * @param id the event's id
   * @param worker the worker that claimed it
   * @return {@code true} if released
   * @throws OutboxException if the database cannot be used
   */
  public boolean release(long id, String worker) {
    return leases.release(id, worker);
  }

  /**
   * Records a failed delivery: the event is retried after a backoff, or dead-lettered when it has
   * used its attempts or the failure is permanent.
   *
   * @param id the event's id
   * @param worker the worker that claimed it
   * @param error what failed, without secrets or personal data
   * @param permanent {@code true} if retrying cannot help (e.g. a validation error)
   * @return {@code true} if recorded; {@code false} if the lease was lost
   * @throws OutboxException if the database cannot be used
   */
  public boolean fail(long id, String worker, String error, boolean permanent) {
    Objects.requireNonNull(error, "error");
    Failure f = permanent ? Failure.dead("FAILED", error, false, null)
        : Failure.retry("FAILED", error, null, retryBudget);
    return failRecorded(id, worker, f) != null;
  }

  /**
   * Lists dead-lettered events, oldest first.
   *
   * @param max the maximum number to return
   * @return the dead letters
   * @throws OutboxException if the database cannot be read
   */
  public List<DeadLetter> deadLetters(int max) {
    return deadLetters(DeadLetterFilter.ALL, max);
  }

  /**
   * Lists the dead-lettered events a filter selects, oldest first.
   *
   * @param filter which dead letters
   * @param max the maximum number to return
   * @return the dead letters
   * @throws OutboxException if the database cannot be read
   */
  public List<DeadLetter> deadLetters(DeadLetterFilter filter, int max) {
    return deadLetters.list(Objects.requireNonNull(filter, "filter"), max);
  }

  /**
   * Puts a dead-lettered event back for delivery, due at once, with fresh attempts and a fresh
   * time budget. It is delivered after every event of its ordering key that was enqueued before
   * it and is still pending. A member of a batch that was dead-lettered whole is replayed with its
   * batch, under the batch's key (the vendor may have applied it).
   *
   * @param id the dead letter's id
   * @return {@code true} if it was dead and is now pending again
   * @throws OutboxException if the database cannot be used
   */
  public boolean replay(long id) {
    return deadLetters.replay(id);
  }

  /**
   * Replays every dead letter a filter selects (see {@link #replay(long)}), in one transaction.
   *
   * @param filter which dead letters, e.g. one sink's since a time
   * @return how many dead letters are pending again
   * @throws OutboxException if the database cannot be used
   */
  public int replay(DeadLetterFilter filter) {
    return deadLetters.replay(Objects.requireNonNull(filter, "filter"));
  }

  /**
   * Counts events by state.
   *
   * @return the snapshot
   * @throws OutboxException if the database cannot be read
   */
  public OutboxStatus status() {
    return counts.status();
  }

  /**
   * Returns how long delivered events and webhook receipts are kept.
   *
   * @return the retention period
   */
  public Duration retention() {
    return retention;
  }

  /**
   * Counts events by state for each event type (for the pipeline, a type is {@code sink/action},
   * e.g. {@code "quickbooks/sale"}), e.g. to show backlog and lag per target.
   *
   * @return a snapshot per event type that has any event; {@code delivered} counts the retained ones
   * @throws OutboxException if the database cannot be read
   */
  public Map<String, OutboxStatus> statusByType() {
    return counts.byType();
  }

  /**
   * Deletes delivered events older than the retention period, and closed batch records. Webhook
   * receipts are kept at least 72 hours whatever the retention, so that a vendor's late retry of
   * a webhook is still recognised as a duplicate. Called on schedule by the outbox itself
   * ({@link Builder#purgeInterval}).
   *
   * @return how many events were deleted
   * @throws OutboxException if the database cannot be used
   */
  public int purgeDelivered() {
    return purge.purge();
  }

  /** Stores every enqueue already accepted, then closes the connections. */
  @Override
  public void close() {
    writer.close();
    work.close();
    writes.close();
  }

  /**
   * Builds an {@link Outbox}. Defaults: lease 60 s (longer than any vendor call with retries);
   * retryable failures retried for 72 hours from an event's first failure (no cap on the number
   * of attempts); backoff from 1 s doubling to 5 min with ±20 % jitter; up to 1,000 events per
   * group commit; 10,000 enqueues queued; delivered events kept 7 days, purged every hour
   * (webhook receipts at least 72 hours, the longest vendor webhook retry horizon).
   */
  public static final class Builder extends OutboxSettings {
    private Builder() {}
  }
}
