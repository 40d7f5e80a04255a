package dev.posbridge.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Injects faults into a simulator's responses: queued {@link SimFault}s, outages and a standing
 * latency.
 *
 * <p>Thread-safe. For each request the injector first checks the outage switch (503 for every
 * request while on), then fires the oldest queued fault that matches the request and whose
 * {@link SimFault#skip(int)} count is used up; each matching fault that is still skipping counts
 * the request. Faults are checked before authentication and routing. {@link #fired()} counts
 * every fault that fired, outages included.
 *
 * <pre>{@code
 * sim.faults().inject(SimFault.status(503).retryAfter(Duration.ofSeconds(1)));
 * sim.faults().outage(true);   // every request answers 503 until outage(false)
 * sim.faults().outage(3);      // the next three requests answer 503
 * }</pre>
 */
public final class FaultInjector {

  private static final class Armed {
    final SimFault fault;
    int remaining;
    int skip;

    Armed(SimFault fault) {
      this.fault = fault;
      this.remaining = fault.times();
      this.skip = fault.skipped();
    }
  }

  private final List<Armed> queue = new ArrayList<>();
  private final Map<SimFault.Kind, Integer> firedByKind = new EnumMap<>(SimFault.Kind.class);
  private boolean outage;
  private int outagesFired;
  private Duration latency = Duration.ZERO;

  FaultInjector() {}

  /**
   * Queues a fault behind those already queued.
   *
   * @param fault the fault
   * @return this injector
   */
  public synchronized FaultInjector inject(SimFault fault) {
    queue.add(new Armed(fault));
    return this;
  }

  /**
   * Switches a full outage on or off: while on, every request answers 503 with the simulator's
   * error envelope and is not handled.
   *
   * @param on whether the vendor is down
   * @return this injector
   */
  public synchronized FaultInjector outage(boolean on) {
    this.outage = on;
    return this;
  }

  /**
   * Answers the next requests with 503 without handling them.
   *
   * @param requests how many requests, at least 1
   * @return this injector
   * @throws IllegalArgumentException if requests is below 1
   */
  public FaultInjector outage(int requests) {
    return inject(SimFault.status(503).times(requests));
  }

  /**
   * Tells whether the outage switch is on.
   *
   * @return whether every request answers 503
   */
  public synchronized boolean outageActive() {
    return outage;
  }

  /**
   * Delays every response by a fixed latency (WireMock's fixed delay), until set back to zero.
   * Adds to any {@link SimFault.Kind#DELAY} that fires.
   *
   * @param delay the latency; zero turns it off
   * @return this injector
   * @throws IllegalArgumentException if the delay is negative
   */
  public synchronized FaultInjector latency(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + delay);
    }
    this.latency = delay;
    return this;
  }

  /**
   * Returns the standing latency.
   *
   * @return the latency, zero if none
   */
  public synchronized Duration latency() {
    return latency;
  }

  /**
   * Returns how many queued faults have not fired all their times yet.
   *
   * @return the number of pending faults
   */
  public synchronized int pending() {
    return queue.size();
  }

  /**
   * Returns how many times faults fired, outages included.
   *
   * @return the total
   */
  public synchronized int fired() {
    int total = outagesFired;
    for (int n : firedByKind.values()) {
      total += n;
    }
    return total;
  }

  /**
   * Returns how many times faults of one kind fired (outages count as {@link
   * SimFault.Kind#STATUS}).
   *
   * @param kind the kind
   * @return the count
   */
  public synchronized int fired(SimFault.Kind kind) {
    int n = firedByKind.getOrDefault(kind, 0);
    return kind == SimFault.Kind.STATUS ? n + outagesFired : n;
  }

  /** Removes queued faults, ends any outage and the standing latency; keeps the counters. */
  public synchronized void clear() {
    queue.clear();
    outage = false;
    latency = Duration.ZERO;
  }

  synchronized void reset() {
    clear();
    firedByKind.clear();
    outagesFired = 0;
  }

  /** Returns the fault to apply, or null; a null fault with outage=true is signalled separately. */
  synchronized @Nullable SimFault next(SimRequest request) {
    Armed chosen = null;
    for (Armed armed : queue) {
      if (!armed.fault.matches(request)) {
        continue;
      }
      if (armed.skip > 0) {
        armed.skip--;
      } else if (chosen == null) {
        chosen = armed;
      }
    }
    if (chosen == null) {
      return null;
    }
    chosen.remaining--;
    if (chosen.remaining == 0) {
      for (Iterator<Armed> it = queue.iterator(); it.hasNext(); ) {
        if (it.next() == chosen) {
          it.remove();
          break;
        }
      }
    }
    firedByKind.merge(chosen.fault.kind(), 1, Integer::sum);
    return chosen.fault;
  }

  synchronized boolean takeOutage() {
    if (outage) {
      outagesFired++;
    }
    return outage;
  }
}
