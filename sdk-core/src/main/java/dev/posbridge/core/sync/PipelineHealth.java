package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's health: components (delivery threads, pollers) that stopped (DOWN) or report a
 * problem while they run (DEGRADED), and the sinks' states, joined with the outbox's counts.
 */
final class PipelineHealth {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);
  /** The name of every delivery thread starts with this. */
  static final String DELIVERY_THREAD = "posbridge-sync-";

  private final SyncListener listener;
  /** Components (threads, pollers) that failed, with why (DOWN while not empty). */
  private final Map<String, String> down = new ConcurrentHashMap<>();
  /** Whether the pipeline was stopped after it ran (DEGRADED until started again). */
  private volatile boolean stopped;
  /** Components that work but report a problem, e.g. a failing poller (DEGRADED). */
  private final Map<String, String> degraded = new ConcurrentHashMap<>();

  PipelineHealth(SyncListener listener) {
    this.listener = listener;
  }

  /** Forgets the components that stopped (a new start). */
  void restarted() {
    down.clear();
    stopped = false;
  }

  /** Records that {@link SyncPipeline#stop} was called: shown until the next start. */
  void stopped() {
    stopped = true;
  }

  /** Records that a component stopped or fails: health DOWN. */
  void failed(String component, @Nullable Throwable cause) {
    String why = cause == null ? "ended" : Verdict.describe(cause);
    down.put(component, why);
    LOG.error("{} stopped while the pipeline runs: {}; deliveries it handled no longer flow", component,
        why, cause);
    Throwable error = cause != null ? cause : new IllegalStateException(component + " ended");
    try {
      listener.onComponentFailed(component, error);
    } catch (RuntimeException ex) {
      LOG.warn("sync listener failed", ex);
    }
  }

  /** Records (or, with a null problem, clears) a problem of a component that still runs. */
  void problem(String component, @Nullable String problem) {
    if (problem == null) {
      degraded.remove(component);
      down.remove(component);
    } else {
      degraded.put(component, problem);
    }
  }

  /** Tells whether a delivery thread stopped. */
  boolean deliveryThreadDown() {
    for (String component : down.keySet()) {
      if (component.startsWith(DELIVERY_THREAD)) {
        return true;
      }
    }
    return false;
  }

  /** See {@link SyncPipeline#status()}. */
  OutboxStatus status(List<SinkStatus> sinks, Outbox outbox, Router router) {
    List<String> problems = new ArrayList<>();
    OutboxStatus.Health health = OutboxStatus.Health.UP;
    for (SinkStatus s : sinks) {
      if (s.state() == SinkStatus.State.SUSPENDED) {
        problems.add("sink " + s.sink() + " suspended (" + s.errorCode() + "): " + s.reason());
        health = OutboxStatus.Health.DEGRADED;
      } else if (s.state() == SinkStatus.State.PAUSED) {
        problems.add("sink " + s.sink() + " paused by the operator");
        health = OutboxStatus.Health.DEGRADED;
      }
    }
    if (stopped) {
      problems.add("delivery stopped: accepted events are stored and wait for start()");
      health = OutboxStatus.Health.DEGRADED;
    }
    for (Map.Entry<String, String> d : degraded.entrySet()) {
      problems.add(d.getKey() + ": " + d.getValue());
      health = OutboxStatus.Health.DEGRADED;
    }
    for (Map.Entry<String, String> d : down.entrySet()) {
      problems.add(d.getKey() + " stopped: " + d.getValue());
      health = OutboxStatus.Health.DOWN;
    }
    OutboxStatus counts;
    try {
      counts = outbox.status();
    } catch (OutboxException e) {
      problems.add("outbox unavailable: " + e.getMessage());
      return new OutboxStatus(0, 0, 0, 0, Duration.ZERO, OutboxStatus.Health.DOWN, sinks, problems,
          router.unrouted(), router.staleStock());
    }
    return new OutboxStatus(counts.pending(), counts.inFlight(), counts.dead(), counts.delivered(),
        counts.oldestPendingAge(), health, sinks, problems, router.unrouted(), router.staleStock());
  }
}
