package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import dev.posbridge.core.internal.sync.EnvelopeCodec;
import dev.posbridge.core.internal.sync.SyncEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's side of a started {@link EventBus}: the bus relays the outbox's deliveries and
 * calls back here to deliver each one (one delivery per vendor call, under its own key) and to
 * report the ones it gave up on, which become the pipeline's dead letters. {@code lanesByType}
 * holds the unbatched lanes by event type.
 */
record PipelineBus(
    Outbox outbox,
    Map<String, Lane> lanesByType,
    EnvelopeCodec codec,
    Delivery delivery,
    SinkGuard guard,
    SyncListener listener,
    Clock clock,
    DeliveryWorker.Control control) implements EventBus.Context {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  @Override
  public Set<String> eventTypes() {
    return lanesByType.keySet();
  }

  @Override
  public EventBus.Outcome deliver(OutboxEvent event) {
    Objects.requireNonNull(event, "event");
    Lane lane = lanesByType.get(event.type());
    if (lane == null) {
      return new EventBus.Outcome(EventBus.Outcome.Status.DEAD,
          "no target delivers event type " + event.type() + "; types: " + lanesByType.keySet());
    }
    Instant start = clock.instant();
    try {
      SyncEnvelope envelope = codec.read(event.payload());
      delivery.deliver(lane, List.of(envelope), envelope.key());
    } catch (RuntimeException | Error ex) {
      Verdict v = Verdict.of(ex);
      boolean retry = v.kind() != Verdict.Kind.DEAD;
      switch (v.kind()) {
        case SINK_DOWN, CIRCUIT_OPEN -> guard.failedAsWhole(lane.sink(), v.code(), v.message());
        case UNAVAILABLE -> guard.unavailable(lane.sink(), v.message());
        default -> { }
      }
      try {
        if (retry) {
          listener.onRetry(lane.sink(), lane.action(), 1, ex);
        } else {
          listener.onDeadLettered(lane.sink(), lane.action(), 1, ex);
        }
      } catch (RuntimeException listenerFailure) {
        LOG.warn("sync listener failed", listenerFailure);
      }
      if (!retry) {
        // The bus dead-letters it at once: make it the pipeline's dead letter too.
        try {
          outbox.recordBusDeadLetter(event, v.code(), v.message());
        } catch (OutboxException e) {
          LOG.error("cannot record a dead letter of the event bus in the outbox: {}", e.getMessage());
        }
      }
      return new EventBus.Outcome(retry ? EventBus.Outcome.Status.RETRY : EventBus.Outcome.Status.DEAD,
          DeliveryWorker.describe(ex));
    }
    guard.succeeded(lane.sink());
    Instant end = clock.instant();
    try {
      listener.onDelivered(lane.sink(), lane.action(), 1, Duration.between(start, end), Duration.ZERO);
    } catch (RuntimeException listenerFailure) {
      LOG.warn("sync listener failed", listenerFailure);
    }
    return EventBus.Outcome.DELIVERED;
  }

  @Override
  public void deadLettered(OutboxEvent event, String error) {
    // Visible and replayable through the pipeline's own dead-letter API; a replay makes it
    // pending in the outbox, and the bus relays it again.
    try {
      outbox.recordBusDeadLetter(event, "BUS_DEAD_LETTER", error);
    } catch (OutboxException e) {
      LOG.error("cannot record a dead letter of the event bus in the outbox: {}", e.getMessage());
    }
    Lane lane = lanesByType.get(event.type());
    if (lane == null) {
      return;
    }
    try {
      listener.onDeadLettered(lane.sink(), lane.action(), 1, new IllegalStateException(error));
    } catch (RuntimeException listenerFailure) {
      LOG.warn("sync listener failed", listenerFailure);
    }
  }

  @Override
  public void awaitWork(long millis) throws InterruptedException {
    control.idleWait(millis);
  }
}
