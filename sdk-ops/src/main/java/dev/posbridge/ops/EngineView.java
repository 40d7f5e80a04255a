package dev.posbridge.ops;

import dev.posbridge.core.sync.DeadLetter;
import dev.posbridge.core.sync.OutboxStatus;
import dev.posbridge.core.sync.SyncPipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link SyncPipeline}'s operational state and replays its dead letters: the one place
 * where posbridge's operations code (this module and the Spring Boot starter) touches the engine's
 * status, dead-letter, replay and pause API, so that a change of that API is absorbed here.
 *
 * <p>Thread-safe; every call reads the outbox afresh.
 */
public final class EngineView {

  /** The checkpoint name the health check writes. */
  static final String HEALTH_CHECKPOINT = "posbridge-health-check";

  private static final Pattern CODE = Pattern.compile("\\(([A-Z][A-Z0-9_]{2,})[:)]");

  private final SyncPipeline pipeline;
  private final List<String> sinks;

  /**
   * Creates a view.
   *
   * @param pipeline the pipeline
   * @param sinks the pipeline's target systems, listed even while nothing waits for them
   */
  public EngineView(SyncPipeline pipeline, List<String> sinks) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.sinks = List.copyOf(sinks);
  }

  /**
   * Returns the state of every sink: the configured ones, and any other that has deliveries.
   *
   * @return one entry per sink, in name order
   * @throws dev.posbridge.core.OutboxException if the outbox cannot be read
   */
  public List<SinkState> sinks() {
    Map<String, long[]> bySink = new TreeMap<>();
    for (String s : sinks) {
      bySink.put(s, new long[4]);
    }
    for (Map.Entry<String, OutboxStatus> e : pipeline.outbox().statusByType().entrySet()) {
      long[] r = bySink.computeIfAbsent(sinkOf(e.getKey()), k -> new long[4]);
      OutboxStatus st = e.getValue();
      r[0] += st.pending();
      r[1] += st.inFlight();
      r[2] += st.dead();
      r[3] = Math.max(r[3], st.oldestPendingAge().toMillis());
    }
    Set<String> paused = pipeline.paused();
    List<SinkState> result = new ArrayList<>();
    bySink.forEach((sink, r) -> result.add(new SinkState(sink, r[0], r[1], r[2], Duration.ofMillis(r[3]),
        paused.contains(sink), paused.contains(sink) ? "paused by an operator" : null)));
    return result;
  }

  /**
   * Returns the totals across sinks.
   *
   * @return backlog, in flight, dead, delivered (retained) and the oldest wait
   * @throws dev.posbridge.core.OutboxException if the outbox cannot be read
   */
  public Totals totals() {
    OutboxStatus s = pipeline.status();
    return new Totals(s.pending(), s.inFlight(), s.dead(), s.delivered(), s.oldestPendingAge());
  }

  /**
   * Lists dead letters, oldest first.
   *
   * @param max the most to return
   * @return the dead letters
   * @throws dev.posbridge.core.OutboxException if the outbox cannot be read
   */
  public List<FailedDelivery> deadLetters(int max) {
    List<FailedDelivery> result = new ArrayList<>();
    for (DeadLetter d : pipeline.deadLetters(max)) {
      String type = d.event().type();
      int slash = type.indexOf('/');
      String action = slash < 0 ? type : type.substring(slash + 1);
      result.add(new FailedDelivery(d.id(), sinkOf(type), action, d.event().orderingKey(),
          errorCode(d.lastError()), d.lastError(), d.attempts(), d.failedAt()));
    }
    return result;
  }

  /**
   * Puts a dead letter back for delivery, e.g. after fixing a mapping.
   *
   * @param id the dead letter's id
   * @return {@code true} if it was dead and is pending again
   * @throws dev.posbridge.core.OutboxException if the outbox cannot be used
   */
  public boolean replay(long id) {
    return pipeline.replay(id);
  }

  /**
   * Replays every dead letter of one sink (all sinks when {@code sink} is {@code null}).
   *
   * @param sink the sink, or {@code null} for all
   * @param max the most to replay
   * @return how many were replayed
   * @throws dev.posbridge.core.OutboxException if the outbox cannot be used
   */
  public int replayAll(@Nullable String sink, int max) {
    int n = 0;
    for (FailedDelivery d : deadLetters(max)) {
      if ((sink == null || sink.equals(d.sink())) && replay(d.id())) {
        n++;
      }
    }
    return n;
  }

  /**
   * Checks that the engine can take and deliver work: the outbox can be read and written (a
   * checkpoint row of its own is written), and the delivery workers run.
   *
   * @return the health
   */
  public EngineHealth health() {
    boolean outbox;
    String detail = "";
    try {
      pipeline.status();
      // A real write: a checkpoint row of its own, in the outbox's write path (disk full, read-only
      // file or a closed outbox fail here).
      pipeline.outbox().enqueue(List.of(), HEALTH_CHECKPOINT, Instant.now().toString());
      outbox = true;
    } catch (RuntimeException e) {
      outbox = false;
      detail = "the outbox cannot be written: " + e.getMessage();
    }
    boolean workers = pipeline.isRunning();
    if (!workers) {
      detail = (detail.isEmpty() ? "" : detail + "; ") + "the delivery workers are not running";
    }
    return new EngineHealth(outbox, workers, detail);
  }

  /**
   * Returns the configured sinks and every sink seen in the outbox.
   *
   * @return sink names
   */
  public Set<String> sinkNames() {
    Set<String> names = new LinkedHashSet<>(sinks);
    for (SinkState s : sinks()) {
      names.add(s.sink());
    }
    return names;
  }

  static String sinkOf(String type) {
    int slash = type.indexOf('/');
    return slash < 0 ? type : type.substring(0, slash);
  }

  static String errorCode(String error) {
    Matcher m = CODE.matcher(error);
    return m.find() ? m.group(1) : "";
  }

  /**
   * The engine's totals.
   *
   * @param backlog deliveries waiting, including in flight
   * @param inFlight deliveries being delivered now
   * @param deadLetters deliveries in the dead-letter state
   * @param delivered delivered deliveries still retained
   * @param oldestWait how long the oldest waiting delivery has waited
   */
  public record Totals(long backlog, long inFlight, long deadLetters, long delivered, Duration oldestWait) {}
}
