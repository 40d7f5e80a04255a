package dev.posbridge.core.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks whether each sink fails as a whole. A suspended sink gets no deliveries except one probe
 * now and then (its interval doubling from {@code probeMin} to {@code probeMax}); the first
 * success resumes it. Times are the outbox's (monotonic) time. Thread-safe.
 */
final class SinkGuard {

  private static final Logger LOG = LoggerFactory.getLogger(SinkGuard.class);
  /** Consecutive "unavailable" failures (after the transport's own retries) that suspend a sink. */
  static final int OUTAGE_THRESHOLD = 3;

  private final LongSupplier now;
  private final Duration probeMin;
  private final Duration probeMax;
  private final SyncListener listener;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final java.util.Set<String> operatorPaused = ConcurrentHashMap.newKeySet();

  private static final class State {
    boolean suspended;
    @Nullable String code;
    @Nullable String reason;
    long since;
    long nextProbe;
    long probeDelay;
    boolean probing;
    int unavailableInARow;
  }

  SinkGuard(LongSupplier now, Duration probeMin, Duration probeMax, SyncListener listener) {
    this.now = now;
    this.probeMin = probeMin;
    this.probeMax = probeMax;
    this.listener = listener;
  }

  private State state(String sink) {
    return states.computeIfAbsent(sink, s -> new State());
  }

  void pause(String sink) {
    operatorPaused.add(sink);
  }

  /** Operator resume: lifts a pause and a suspension at once. */
  void resume(String sink) {
    operatorPaused.remove(sink);
    State s = state(sink);
    boolean was;
    synchronized (s) {
      was = s.suspended;
      clear(s);
    }
    if (was) {
      LOG.info("sink {} resumed by the operator", sink);
      safe(() -> listener.onSinkResumed(sink));
    }
  }

  java.util.Set<String> paused() {
    return java.util.Set.copyOf(operatorPaused);
  }

  boolean operatorPaused(String sink) {
    return operatorPaused.contains(sink);
  }

  boolean suspended(String sink) {
    State s = state(sink);
    synchronized (s) {
      return s.suspended;
    }
  }

  /**
   * Tells whether a worker may deliver to the sink now. For a suspended sink, grants one probe
   * when it is due ({@link #probeDone} must follow).
   *
   * @return {@code null} if not allowed, {@code false} if allowed normally, {@code true} if this
   *     is a probe (deliver one only)
   */
  @Nullable Boolean admit(String sink) {
    if (operatorPaused.contains(sink)) {
      return null;
    }
    State s = state(sink);
    synchronized (s) {
      if (!s.suspended) {
        return false;
      }
      if (s.probing || now.getAsLong() < s.nextProbe) {
        return null;
      }
      s.probing = true;
      return true;
    }
  }

  /**
   * Ends a probe that did not settle the sink's state (a success resumes it, a failure pushes the
   * next probe out). A probe that found nothing due in its lane stays due, so that the sink's
   * next lane takes it at once: a sink has several lanes (sales, refunds, ...), and a probe spent
   * on an empty one must not wait an interval, or a steady rhythm of workers and probes can land
   * every probe on an empty lane while the waiting delivery is never tried.
   *
   * @param sink the sink
   * @param claimed whether the probe claimed anything
   */
  void probeDone(String sink, boolean claimed) {
    State s = state(sink);
    synchronized (s) {
      if (s.probing) {
        s.probing = false;
        if (claimed) {
          s.nextProbe = now.getAsLong() + s.probeDelay;
        }
      }
    }
  }

  /** A delivery reached the sink and succeeded (or was individually rejected): the sink works. */
  void succeeded(String sink) {
    State s = state(sink);
    boolean was;
    String reason;
    synchronized (s) {
      s.unavailableInARow = 0;
      was = s.suspended;
      reason = s.reason;
      if (!was) {
        return;
      }
      clear(s);
    }
    LOG.info("sink {} works again (it was suspended: {}); its waiting deliveries resume", sink, reason);
    safe(() -> listener.onSinkResumed(sink));
  }

  /**
   * A failure of the sink as a whole: suspends it (or, while suspended, pushes the next probe
   * further out).
   */
  void failedAsWhole(String sink, String code, String reason) {
    State s = state(sink);
    boolean fresh;
    synchronized (s) {
      long t = now.getAsLong();
      fresh = !s.suspended;
      if (fresh) {
        s.suspended = true;
        s.since = t;
        s.probeDelay = probeMin.toMillis();
      } else {
        s.probeDelay = Math.min(probeMax.toMillis(), Math.max(probeMin.toMillis(), s.probeDelay * 2));
      }
      s.code = code;
      s.reason = reason;
      s.probing = false;
      s.nextProbe = t + s.probeDelay;
    }
    if (fresh) {
      if ("OUTAGE".equals(code)) {
        LOG.warn("sink {} suspended ({}): {}; deliveries wait and it is probed until it works",
            sink, code, reason);
      } else {
        LOG.error("sink {} suspended ({}): {}; deliveries wait until it works again (fix the cause"
            + " or resume it)", sink, code, reason);
      }
      safe(() -> listener.onSinkSuspended(sink, code, reason));
    }
  }

  /**
   * A retryable "unavailable" failure: counts towards an outage.
   *
   * @return {@code true} if the sink is (now) suspended
   */
  boolean unavailable(String sink, String reason) {
    State s = state(sink);
    boolean suspend;
    synchronized (s) {
      s.unavailableInARow++;
      suspend = s.suspended || s.unavailableInARow >= OUTAGE_THRESHOLD;
    }
    if (suspend) {
      failedAsWhole(sink, "OUTAGE", reason);
    }
    return suspend;
  }

  List<SinkStatus> statuses(Iterable<String> sinks) {
    List<SinkStatus> out = new ArrayList<>();
    for (String sink : sinks) {
      State s = state(sink);
      synchronized (s) {
        if (s.suspended) {
          out.add(new SinkStatus(sink, SinkStatus.State.SUSPENDED, s.reason, s.code,
              Instant.ofEpochMilli(s.since), Instant.ofEpochMilli(s.nextProbe)));
        } else if (operatorPaused.contains(sink)) {
          out.add(new SinkStatus(sink, SinkStatus.State.PAUSED, "paused by the operator", null, null, null));
        } else {
          out.add(new SinkStatus(sink, SinkStatus.State.ACTIVE, null, null, null, null));
        }
      }
    }
    return out;
  }

  private static void clear(State s) {
    s.suspended = false;
    s.code = null;
    s.reason = null;
    s.probing = false;
    s.unavailableInARow = 0;
  }

  private static void safe(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("sync listener failed", e);
    }
  }
}
