package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's group commit: one thread takes every enqueue waiting at that moment, stores them in
 * one transaction ({@link OutboxInserts}), and then releases all their callers. A commit that
 * reports a failure is checked with a token written in the same transaction, so that an enqueue
 * is reported stored exactly when it is. When idle, the thread runs a scheduled task (the purge).
 */
final class GroupCommitWriter {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  /** One accepted enqueue. */
  record Write(List<OutboxEvent> events, @Nullable String checkpointSource, @Nullable String checkpoint,
      @Nullable String receiptKey, CompletableFuture<List<Long>> done) {}

  private final Tx tx;
  private final OutboxClock clock;
  private final boolean sqlite;
  private final int maxBatch;
  private final Runnable idle;
  private final BlockingQueue<Write> queue;
  private final Thread thread;
  private volatile boolean closed;

  GroupCommitWriter(Tx tx, OutboxClock clock, int maxBatch, int capacity, Runnable idle) {
    this.tx = tx;
    this.clock = clock;
    this.sqlite = tx.sqlite();
    this.maxBatch = maxBatch;
    this.idle = idle;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::loop, "posbridge-outbox-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Accepts an enqueue; blocks while the queue is full (back-pressure). */
  CompletableFuture<List<Long>> submit(List<OutboxEvent> events, @Nullable String checkpointSource,
      @Nullable String checkpoint, @Nullable String receiptKey) {
    Objects.requireNonNull(events, "events");
    if ((checkpointSource == null) != (checkpoint == null)) {
      throw new IllegalArgumentException("checkpointSource and checkpoint go together");
    }
    for (OutboxEvent e : events) {
      Objects.requireNonNull(e, "events contains null");
    }
    if (closed) {
      throw new OutboxException("outbox is closed", null);
    }
    Write write = new Write(List.copyOf(events), checkpointSource, checkpoint, receiptKey,
        new CompletableFuture<>());
    try {
      queue.put(write);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutboxException("interrupted while enqueueing; the events are not stored", e);
    }
    return write.done();
  }

  /** Waits for an enqueue to be stored. */
  static List<Long> await(CompletableFuture<List<Long>> done) {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutboxException("interrupted while enqueueing; the events may or may not be stored", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OutboxException oe) {
        throw new OutboxException(Objects.requireNonNullElse(oe.getMessage(), "enqueue failed"), oe);
      }
      throw new OutboxException("enqueue failed", e.getCause());
    }
  }

  private void loop() {
    List<Write> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Write first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (!closed) {
            idle.run();
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        // The writer must outlive anything: a dead writer would leave every enqueue waiting.
        LOG.error("outbox writer: unexpected failure", e);
        for (Write w : batch) {
          w.done().completeExceptionally(new OutboxException("enqueue failed", e));
        }
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Write> batch) {
    String token = java.util.UUID.randomUUID().toString();
    try {
      List<List<Long>> ids = tx.writeChecked("enqueue failed",
          c -> OutboxInserts.insert(c, batch, token, clock.now(), sqlite),
          c -> OutboxInserts.committed(c, token));
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).done().complete(ids.get(i));
      }
    } catch (RuntimeException e) {
      // One bad write must not fail its neighbours: retry them one by one.
      if (batch.size() > 1) {
        for (Write w : batch) {
          commit(List.of(w));
        }
      } else {
        batch.get(0).done().completeExceptionally(
            e instanceof OutboxException ? e : new OutboxException("enqueue failed", e));
      }
    }
  }

  /** Stores every enqueue already accepted (waiting up to 30 s); fails those left. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Write left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new OutboxException("outbox closed", null));
    }
  }

  boolean closed() {
    return closed;
  }
}
