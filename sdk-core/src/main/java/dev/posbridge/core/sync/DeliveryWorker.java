package dev.posbridge.core.sync;

import dev.posbridge.core.BatchItemsException;
import dev.posbridge.core.OutboxException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.internal.sync.EnvelopeCodec;
import dev.posbridge.core.internal.sync.IdempotencyKeys;
import dev.posbridge.core.internal.sync.SyncEnvelope;
import dev.posbridge.core.model.ExternalRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery thread's loop: visits every lane in turn, claims what is due (resuming recorded
 * batches first), delivers, and completes or fails; sleeps with a growing idle backoff when there
 * is nothing to do. Applies the retry, suspend and dead-letter policy of {@link Verdict}. Survives
 * anything thrown in a round (JVM errors included); if it ever ends while the pipeline runs, it
 * says so through {@link Control#died}.
 */
final class DeliveryWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  /** Shared state of the pipeline the workers read. */
  interface Control {
    boolean running();

    SinkGuard guard();

    /** The time budget of retryable failures of a sink. */
    Duration retryBudget(String sink);

    /** How long a delivery refused because its sink is suspended waits before it is due again. */
    Duration suspendedDelay();

    void idleWait(long millis) throws InterruptedException;

    /** The worker ends while the pipeline should run. */
    void died(String worker, @Nullable Throwable cause);
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
    Throwable cause = null;
    try {
      loop();
    } catch (Throwable t) {
      cause = t;
      throw t;
    } finally {
      if (control.running()) {
        control.died(name, cause);
      }
    }
  }

  private void loop() {
    long idle = idleMin.toMillis();
    while (control.running()) {
      if (Thread.interrupted()) {
        // A stray interrupt left over from the last round: consumed, or it would fail the next call.
        LOG.debug("{}: interrupt flag cleared while the pipeline runs", name);
      }
      boolean worked = false;
      try {
        for (int i = 0; i < lanes.size() && control.running(); i++) {
          worked |= visit(lanes.get((next + i) % lanes.size()));
        }
        next = lanes.isEmpty() ? 0 : (next + 1) % lanes.size();
      } catch (OutboxException e) {
        LOG.warn("outbox unavailable; delivery pauses: {}", e.getMessage());
      } catch (RuntimeException e) {
        // A bug must not kill the thread: what it held is taken up again when its lease expires.
        LOG.error("{}: unexpected failure in a delivery round", name, e);
      } catch (Error e) {
        // E.g. OutOfMemoryError outside a vendor call: log, breathe, and go on.
        LOG.error("{}: JVM error in a delivery round; the thread continues", name, e);
        worked = false;
      }
      if (worked) {
        idle = idleMin.toMillis();
        continue;
      }
      try {
        control.idleWait(idle);
      } catch (InterruptedException e) {
        if (!control.running()) {
          Thread.currentThread().interrupt();
          return;
        }
        // A stray interrupt (a library, a timed-out call, a failed commit) while the pipeline runs
        // must not end the worker: the interrupt is consumed and delivery goes on.
        LOG.debug("{}: interrupted while the pipeline runs; continuing", name);
      }
      idle = Math.min(idleMax.toMillis(), Math.max(1, idle * 2));
    }
  }

  private boolean visit(Lane lane) {
    Boolean probe = control.guard().admit(lane.sink());
    if (probe == null) {
      return false;
    }
    boolean claimed = true; // if the round throws, treat the probe as spent
    try {
      claimed = lane.batched() ? batchRound(lane) : singleRound(lane, probe);
      return claimed;
    } finally {
      if (probe) {
        control.guard().probeDone(lane.sink(), claimed);
      }
    }
  }

  /** Whether deliveries to the lane's sink may go on within a round. */
  private boolean mayGoOn(Lane lane) {
    return control.running() && !control.guard().operatorPaused(lane.sink())
        && !control.guard().suspended(lane.sink());
  }

  private boolean singleRound(Lane lane, boolean probe) {
    List<ClaimedEvent> claimed = outbox.claimType(name, lane.type(), probe ? 1 : claimSize, false);
    // Successes are completed together, one transaction per round: a crash before that only
    // redelivers them under the same keys.
    List<ClaimedEvent> delivered = new ArrayList<>(claimed.size());
    List<Instant> starts = new ArrayList<>(claimed.size());
    try {
      for (int i = 0; i < claimed.size(); i++) {
        if (i > 0 && !mayGoOn(lane)) {
          for (int j = i; j < claimed.size(); j++) {
            outbox.release(claimed.get(j).id(), name);
          }
          break;
        }
        ClaimedEvent e = claimed.get(i);
        SyncEnvelope envelope;
        try {
          envelope = codec.read(e.event().payload());
        } catch (RuntimeException ex) {
          record(lane, e, null, new Verdict(Verdict.Kind.DEAD, "UNDECODABLE", Verdict.describe(ex)), ex);
          continue;
        }
        Instant start = clock.instant();
        try {
          delivery.deliver(lane, List.of(envelope), envelope.key());
        } catch (Throwable ex) {
          failed(lane, e, envelope, ex);
          continue;
        }
        control.guard().succeeded(lane.sink());
        delivered.add(e);
        starts.add(start);
      }
    } finally {
      if (!delivered.isEmpty()) {
        List<Long> ids = new ArrayList<>(delivered.size());
        for (ClaimedEvent e : delivered) {
          ids.add(e.id());
        }
        completeDelivered(ids);
        for (int i = 0; i < delivered.size(); i++) {
          notifyDelivered(lane, 1, starts.get(i), delivered.get(i).enqueuedAt());
        }
      }
    }
    return !claimed.isEmpty();
  }

  /**
   * Marks delivered events done. The vendor has accepted them: a failure of the local database
   * here must not turn them into failures; the completion is retried, and if it cannot be stored
   * the lease expires and they are sent again under the same keys, which the vendor absorbs.
   */
  private void completeDelivered(List<Long> ids) {
    for (int attempt = 1; ; attempt++) {
      try {
        outbox.completeAll(ids, name);
        return;
      } catch (OutboxException e) {
        if (attempt >= 5 || !control.running()) {
          LOG.warn("{}: cannot mark {} delivered event(s) done ({}); they will be resent under the"
              + " same idempotency keys", name, ids.size(), e.getMessage());
          return;
        }
        sleepQuietly(50L * attempt);
      }
    }
  }

  private void failed(Lane lane, ClaimedEvent e, SyncEnvelope envelope, Throwable ex) {
    if (ex instanceof Error err) {
      LOG.error("{}: {} while delivering {} to {}; the delivery is dead-lettered, the thread"
          + " continues", name, err.getClass().getSimpleName(), sourceRef(envelope), lane.sink(), err);
    }
    if (!control.running()) {
      // A shutdown is not the delivery's fault: give it back.
      record(lane, e, envelope, new Verdict(Verdict.Kind.DEFER, "STOPPED", Verdict.describe(ex)), ex);
      return;
    }
    record(lane, e, envelope, Verdict.of(ex), ex);
  }

  private void record(Lane lane, ClaimedEvent e, @Nullable SyncEnvelope envelope, Verdict v, Throwable ex) {
    // An interrupt must not keep the failure from being recorded; the flag is restored after.
    boolean interrupted = Thread.interrupted();
    try {
      OutboxEngine.Failure f = failure(lane, v, envelope == null ? null : sourceRef(envelope), e.attempt());
      Boolean dead = outbox.failRecorded(e.id(), name, f);
      notifyFailure(lane, 1, ex, dead, f);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Turns a verdict into what the outbox records, updating the sink's state. */
  private OutboxEngine.Failure failure(Lane lane, Verdict v, @Nullable String sourceRef, int attempt) {
    SinkGuard guard = control.guard();
    String sink = lane.sink();
    Duration wait = control.suspendedDelay();
    return switch (v.kind()) {
      case SINK_DOWN, CIRCUIT_OPEN -> {
        guard.failedAsWhole(sink, v.code(), v.message());
        yield Outbox.Failure.defer(v.code(), v.message(), v.kind() == Verdict.Kind.CIRCUIT_OPEN, wait);
      }
      case UNAVAILABLE -> {
        if (guard.suspended(sink) || guard.unavailable(sink, v.message())) {
          guard.failedAsWhole(sink, "OUTAGE", v.message());
          yield Outbox.Failure.defer(v.code(), v.message(), true, wait);
        }
        yield Outbox.Failure.retry(v.code(), v.message(), sourceRef, control.retryBudget(sink));
      }
      case DEFER -> Outbox.Failure.defer(v.code(), v.message(), true, outbox.backoff(attempt));
      case RETRY -> Outbox.Failure.retry(v.code(), v.message(), sourceRef, control.retryBudget(sink));
      case DEAD -> {
        if (v.rejected()) {
          if (v.vendorRefused()) {
            guard.succeeded(sink); // the vendor answered: the sink works
          }
          yield Outbox.Failure.dead(v.code(), v.message(), false, sourceRef);
        }
        // Unknown whether the vendor applied it: a batch stays whole, under its key.
        yield Outbox.Failure.deadAsSent(v.code(), v.message(), sourceRef);
      }
    };
  }

  private boolean batchRound(Lane lane) {
    OutboxEngine.Batch batch = outbox.claimOpenBatch(name, lane.type());
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
        SyncEnvelope envelope = null;
        try {
          envelope = codec.read(e.event().payload());
          SyncEnvelope prepared = delivery.prepare(lane, envelope);
          OutboxEvent ev = e.event();
          ready.add(new ClaimedEvent(e.id(), new OutboxEvent(ev.orderingKey(), ev.type(),
              codec.write(prepared), ev.dedupeKey()), e.attempt(), e.enqueuedAt(), e.leaseUntil()));
          keys.add(prepared.key());
        } catch (Throwable ex) {
          if (envelope == null) {
            record(lane, e, null, new Verdict(Verdict.Kind.DEAD, "UNDECODABLE", Verdict.describe(ex)), ex);
          } else {
            failed(lane, e, envelope, ex);
          }
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
    if (!control.running() || control.guard().operatorPaused(lane.sink())) {
      outbox.releaseBatch(batch, name);
      return true;
    }
    deliverBatch(lane, batch);
    return true;
  }

  private void deliverBatch(Lane lane, OutboxEngine.Batch batch) {
    int size = batch.events().size();
    Instant start = clock.instant();
    List<SyncEnvelope> envelopes = new ArrayList<>(size);
    try {
      for (ClaimedEvent e : batch.events()) {
        envelopes.add(codec.read(e.event().payload()));
      }
      delivery.deliver(lane, envelopes, batch.idempotencyKey());
    } catch (BatchItemsException partial) {
      settle(lane, batch, envelopes, partial);
      return;
    } catch (Throwable ex) {
      if (ex instanceof Error err) {
        LOG.error("{}: {} while delivering a batch of {} to {}", name, err.getClass().getSimpleName(),
            size, lane.sink(), err);
      }
      Verdict v = control.running() ? Verdict.of(ex)
          : new Verdict(Verdict.Kind.DEFER, "STOPPED", Verdict.describe(ex));
      String ref = envelopes.size() == 1 ? sourceRef(envelopes.get(0)) : null;
      OutboxEngine.Failure f = failure(lane, v, ref, batch.events().get(0).attempt());
      Boolean dead = outbox.failBatch(batch, name, f);
      notifyFailure(lane, size, ex, dead, f);
      return;
    }
    control.guard().succeeded(lane.sink());
    boolean completed = false;
    for (int attempt = 1; attempt <= 5 && !completed; attempt++) {
      try {
        completed = outbox.completeBatch(batch, name);
        break;
      } catch (OutboxException e) {
        // Accepted by the vendor: never a failure because the local database hiccuped.
        LOG.warn("{}: cannot mark batch {} done (attempt {}): {}", name, batch.id(), attempt, e.getMessage());
        sleepQuietly(50L * attempt);
      }
    }
    if (completed) {
      Instant oldest = batch.events().get(0).enqueuedAt();
      for (ClaimedEvent e : batch.events()) {
        if (e.enqueuedAt().isBefore(oldest)) {
          oldest = e.enqueuedAt();
        }
      }
      notifyDelivered(lane, size, start, oldest);
    }
  }

  /** The vendor answered item by item: complete what it booked, fail only the rest. */
  private void settle(Lane lane, OutboxEngine.Batch batch, List<SyncEnvelope> envelopes, BatchItemsException partial) {
    Map<Long, OutboxEngine.Failure> failed = new HashMap<>();
    Set<Long> notProcessed = new HashSet<>();
    boolean answered = !partial.applied().isEmpty();
    for (int i = 0; i < batch.events().size(); i++) {
      ClaimedEvent e = batch.events().get(i);
      PosbridgeException ex = partial.failures().get(i);
      if (ex != null) {
        Verdict v = control.running() ? Verdict.of(ex)
            : new Verdict(Verdict.Kind.DEFER, "STOPPED", Verdict.describe(ex));
        answered |= v.kind() == Verdict.Kind.DEAD;
        failed.put(e.id(), failure(lane, v, i < envelopes.size() ? sourceRef(envelopes.get(i)) : null,
            e.attempt()));
      } else if (partial.notProcessed(i)) {
        notProcessed.add(e.id());
      }
    }
    if (answered && failed.values().stream().noneMatch(f -> f.disposition() == Outbox.Disposition.DEFER)) {
      control.guard().succeeded(lane.sink());
    }
    int done = outbox.settleBatch(batch, name, failed, notProcessed);
    if (done > 0) {
      notifyDelivered(lane, done, clock.instant(), batch.events().get(0).enqueuedAt());
    }
    for (Map.Entry<Long, OutboxEngine.Failure> f : failed.entrySet()) {
      boolean dead = f.getValue().disposition() == Outbox.Disposition.DEAD;
      notifyFailure(lane, 1, partial, done < 0 ? null : dead, f.getValue());
    }
  }

  static boolean retryable(Throwable t) {
    if (t instanceof PosbridgeException pe) {
      return pe.isRetryable();
    }
    return false;
  }

  static String describe(Throwable t) {
    return Verdict.describe(t);
  }

  static @Nullable String sourceRef(SyncEnvelope e) {
    ExternalRef ref = null;
    if (e.sale() != null) {
      ref = e.sale().ref();
    } else if (e.refund() != null) {
      ref = e.refund().ref();
    } else if (e.stock() != null && e.stock().source() != null) {
      ref = e.stock().source();
    } else if (e.customerRef() != null) {
      ref = e.customerRef();
    }
    if (ref != null) {
      return ref.system() + "/" + ref.type() + "/" + ref.id();
    }
    return e.origin() + "/" + e.originEvent();
  }

  private void notifyFailure(Lane lane, int size, Throwable ex, @Nullable Boolean dead, OutboxEngine.Failure f) {
    if (dead == null) {
      LOG.debug("{}: lease lost while recording a failure of {}", name, lane.type());
      return;
    }
    if (dead) {
      listenerSafe(() -> listener.onDeadLettered(lane.sink(), lane.action(), size, ex));
    } else if (f.disposition() != Outbox.Disposition.DEFER) {
      LOG.debug("{}: {} failed, will retry: {}", name, lane.type(), ex.toString());
      listenerSafe(() -> listener.onRetry(lane.sink(), lane.action(), size, ex));
    }
  }

  private void notifyDelivered(Lane lane, int size, Instant start, Instant enqueuedAt) {
    Instant end = clock.instant();
    Duration call = Duration.between(start, end);
    Duration e2e = Duration.between(enqueuedAt, end);
    listenerSafe(() -> listener.onDelivered(lane.sink(), lane.action(), size,
        call.isNegative() ? Duration.ZERO : call, e2e.isNegative() ? Duration.ZERO : e2e));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void listenerSafe(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException ex) {
      LOG.warn("sync listener failed", ex);
    }
  }
}
