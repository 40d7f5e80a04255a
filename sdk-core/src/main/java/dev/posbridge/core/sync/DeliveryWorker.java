package dev.posbridge.core.sync;

import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.internal.sync.EnvelopeCodec;
import dev.posbridge.core.internal.sync.IdempotencyKeys;
import dev.posbridge.core.internal.sync.SyncEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery thread's loop: visits every lane in turn, claims what is due (resuming recorded
 * batches first), delivers, and completes or fails; sleeps with a growing idle backoff when there
 * is nothing to do.
 */
final class DeliveryWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  /** Shared state of the pipeline the workers read. */
  interface Control {
    boolean running();

    Set<String> paused();

    void idleWait(long millis) throws InterruptedException;
  }

  private final String name;
  private final Outbox outbox;
  private final List<Lane> lanes;
  private final Delivery delivery;
  private final EnvelopeCodec codec;
  private final SyncListener listener;
  private final Clock clock;
  private final Control control;
  private final int claimSize;
  private final Duration idleMin;
  private final Duration idleMax;
  private int next;

  DeliveryWorker(String name, Outbox outbox, List<Lane> lanes, Delivery delivery, EnvelopeCodec codec,
      SyncListener listener, Clock clock, Control control, int claimSize, Duration idleMin,
      Duration idleMax, int offset) {
    this.name = name;
    this.outbox = outbox;
    this.lanes = lanes;
    this.delivery = delivery;
    this.codec = codec;
    this.listener = listener;
    this.clock = clock;
    this.control = control;
    this.claimSize = claimSize;
    this.idleMin = idleMin;
    this.idleMax = idleMax;
    this.next = lanes.isEmpty() ? 0 : offset % lanes.size();
  }

  @Override
  public void run() {
    long idle = idleMin.toMillis();
    while (control.running()) {
      boolean worked = false;
      try {
        for (int i = 0; i < lanes.size() && control.running(); i++) {
          Lane lane = lanes.get((next + i) % lanes.size());
          if (control.paused().contains(lane.sink())) {
            continue;
          }
          worked |= lane.batched() ? batchRound(lane) : singleRound(lane);
        }
        next = lanes.isEmpty() ? 0 : (next + 1) % lanes.size();
      } catch (OutboxException e) {
        LOG.warn("outbox unavailable; delivery pauses: {}", e.getMessage());
      } catch (RuntimeException e) {
        // A bug must not kill the thread: what it held is taken up again when its lease expires.
        LOG.warn("{}: unexpected failure in a delivery round", name, e);
      }
      if (worked) {
        idle = idleMin.toMillis();
        continue;
      }
      try {
        control.idleWait(idle);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      idle = Math.min(idleMax.toMillis(), Math.max(1, idle * 2));
    }
  }

  private boolean singleRound(Lane lane) {
    List<ClaimedEvent> claimed = outbox.claimType(name, lane.type(), claimSize, false);
    // Successes are completed together, one transaction per round: a crash before that only
    // redelivers them under the same keys.
    List<ClaimedEvent> delivered = new ArrayList<>(claimed.size());
    List<Instant> starts = new ArrayList<>(claimed.size());
    try {
      for (int i = 0; i < claimed.size(); i++) {
        if (!control.running() || control.paused().contains(lane.sink())) {
          for (int j = i; j < claimed.size(); j++) {
            outbox.release(claimed.get(j).id(), name);
          }
          break;
        }
        ClaimedEvent e = claimed.get(i);
        SyncEnvelope envelope;
        try {
          envelope = codec.read(e.event().payload());
        } catch (IllegalArgumentException ex) {
          deadLetterOne(lane, e, ex);
          continue;
        }
        Instant start = clock.instant();
        try {
          delivery.deliver(lane, List.of(envelope), envelope.key());
        } catch (RuntimeException ex) {
          Boolean dead = outbox.failRecorded(e.id(), name, describe(ex), !retryable(ex));
          notifyFailure(lane, 1, ex, dead);
          continue;
        }
        delivered.add(e);
        starts.add(start);
      }
    } finally {
      if (!delivered.isEmpty()) {
        List<Long> ids = new ArrayList<>(delivered.size());
        for (ClaimedEvent e : delivered) {
          ids.add(e.id());
        }
        outbox.completeAll(ids, name);
        for (int i = 0; i < delivered.size(); i++) {
          notifyDelivered(lane, 1, starts.get(i), delivered.get(i).enqueuedAt());
        }
      }
    }
    return !claimed.isEmpty();
  }

  private boolean batchRound(Lane lane) {
    Outbox.Batch batch = outbox.claimOpenBatch(name, lane.type());
    if (batch == null) {
      List<ClaimedEvent> fresh = outbox.claimType(name, lane.type(), lane.batchMax(), true);
      if (fresh.isEmpty()) {
        return false;
      }
      List<ClaimedEvent> ready = new ArrayList<>(fresh.size());
      List<String> keys = new ArrayList<>(fresh.size() + 2);
      keys.add("batch");
      keys.add(lane.type());
      for (ClaimedEvent e : fresh) {
        try {
          SyncEnvelope prepared = delivery.prepare(lane, codec.read(e.event().payload()));
          OutboxEvent ev = e.event();
          ready.add(new ClaimedEvent(e.id(), new OutboxEvent(ev.orderingKey(), ev.type(),
              codec.write(prepared), ev.dedupeKey()), e.attempt(), e.enqueuedAt(), e.leaseUntil()));
          keys.add(prepared.key());
        } catch (RuntimeException ex) {
          deadLetterOne(lane, e, ex);
        }
      }
      if (ready.isEmpty()) {
        return true;
      }
      String key = IdempotencyKeys.of(keys.toArray(String[]::new));
      batch = outbox.createBatch(name, lane.type(), key, ready);
      if (batch == null) {
        // Some leases expired before the batch was recorded: give back what is still ours.
        for (ClaimedEvent e : ready) {
          outbox.release(e.id(), name);
        }
        return true;
      }
    }
    if (!control.running() || control.paused().contains(lane.sink())) {
      outbox.releaseBatch(batch, name);
      return true;
    }
    deliverBatch(lane, batch);
    return true;
  }

  private void deliverBatch(Lane lane, Outbox.Batch batch) {
    int size = batch.events().size();
    Instant start = clock.instant();
    try {
      List<SyncEnvelope> envelopes = new ArrayList<>(size);
      for (ClaimedEvent e : batch.events()) {
        envelopes.add(codec.read(e.event().payload()));
      }
      delivery.deliver(lane, envelopes, batch.idempotencyKey());
    } catch (RuntimeException ex) {
      Boolean dead = outbox.failBatch(batch, name, describe(ex), !retryable(ex));
      notifyFailure(lane, size, ex, dead);
      return;
    }
    if (outbox.completeBatch(batch, name)) {
      Instant oldest = batch.events().get(0).enqueuedAt();
      for (ClaimedEvent e : batch.events()) {
        if (e.enqueuedAt().isBefore(oldest)) {
          oldest = e.enqueuedAt();
        }
      }
      notifyDelivered(lane, size, start, oldest);
    }
  }

  private void deadLetterOne(Lane lane, ClaimedEvent e, RuntimeException ex) {
    Boolean dead = outbox.failRecorded(e.id(), name, describe(ex), true);
    notifyFailure(lane, 1, ex, dead);
  }

  static boolean retryable(Throwable t) {
    if (t instanceof PosbridgeException pe) {
      return pe.isRetryable();
    }
    return false;
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private void notifyFailure(Lane lane, int size, RuntimeException ex, Boolean dead) {
    if (dead == null) {
      LOG.debug("{}: lease lost while recording a failure of {}", name, lane.type());
      return;
    }
    if (dead) {
      listenerSafe(() -> listener.onDeadLettered(lane.sink(), lane.action(), size, ex));
    } else {
      LOG.debug("{}: {} failed, will retry: {}", name, lane.type(), ex.toString());
      listenerSafe(() -> listener.onRetry(lane.sink(), lane.action(), size, ex));
    }
  }

  private void notifyDelivered(Lane lane, int size, Instant start, Instant enqueuedAt) {
    Instant end = clock.instant();
    Duration call = Duration.between(start, end);
    Duration e2e = Duration.between(enqueuedAt, end);
    listenerSafe(() -> listener.onDelivered(lane.sink(), lane.action(), size, call,
        e2e.isNegative() ? Duration.ZERO : e2e));
  }

  private static void listenerSafe(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException ex) {
      LOG.warn("sync listener failed", ex);
    }
  }
}
