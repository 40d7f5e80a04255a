package dev.posbridge.ops;

import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.sync.SyncAction;
import dev.posbridge.core.sync.SyncListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Remembers, per sink, how its recent deliveries went: a {@link SyncListener} to register on the
 * pipeline ({@code SyncPipeline.builder().listener(activity)}), read by health checks and the
 * operator's page. A sink is <em>failing</em> while its latest calls failed and none succeeded
 * since.
 *
 * <p>Thread-safe.
 */
public final class SinkActivity implements SyncListener {

  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** Creates an activity tracker on the system clock. */
  public SinkActivity() {
    this(Clock.systemUTC());
  }

  /**
   * Creates an activity tracker.
   *
   * @param clock the clock for the recorded times
   */
  public SinkActivity(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What is known of one sink's recent deliveries.
   *
   * @param delivered deliveries made since start
   * @param consecutiveFailures failed calls since the last success
   * @param lastSuccess when a call last succeeded, if ever
   * @param lastFailure when a call last failed, if ever
   * @param lastError the last failure's message, empty if none
   */
  public record Snapshot(long delivered, long consecutiveFailures, @Nullable Instant lastSuccess,
      @Nullable Instant lastFailure, String lastError) {

    /**
     * Tells whether the sink is failing: its latest calls failed.
     *
     * @return {@code true} if at least one call failed since the last success
     */
    public boolean failing() {
      return consecutiveFailures > 0;
    }

    /**
     * Tells whether the sink is failing now: at least {@code threshold} calls failed in a row and
     * the last of them within {@code window} of {@code now}. A sink whose last failure is older
     * (its deliveries were dead-lettered, nothing was sent since) no longer counts as failing.
     *
     * @param threshold failed calls in a row
     * @param window how recent the last failure must be
     * @param now the current time
     * @return {@code true} if failing now
     */
    public boolean failing(long threshold, Duration window, Instant now) {
      Instant last = lastFailure;
      return consecutiveFailures >= Math.max(1, threshold) && last != null && !last.plus(window).isBefore(now);
    }
  }

  private static final class Entry {
    long delivered;
    long failures;
    @Nullable Instant lastSuccess;
    @Nullable Instant lastFailure;
    String lastError = "";

    synchronized Snapshot snapshot() {
      return new Snapshot(delivered, failures, lastSuccess, lastFailure, lastError);
    }
  }

  @Override
  public void onDelivered(String sink, SyncAction action, int batchSize, Duration callTime, Duration endToEnd) {
    Entry e = entries.computeIfAbsent(sink, k -> new Entry());
    synchronized (e) {
      e.delivered += batchSize;
      e.failures = 0;
      e.lastSuccess = clock.instant();
    }
  }

  @Override
  public void onRetry(String sink, SyncAction action, int batchSize, Throwable error) {
    failed(sink, error);
  }

  /**
   * Counts a dead letter as a failed call only when its failure was the vendor's (retryable, e.g.
   * an outage that outlasted the retries) or an unexpected error: a rejected delivery (an
   * unmapped SKU, invalid data) and a local failure (a {@link dev.posbridge.core.LocalException},
   * e.g. unbalanced totals) say nothing about the sink's health.
   */
  @Override
  public void onDeadLettered(String sink, SyncAction action, int batchSize, Throwable error) {
    if (!(error instanceof PosbridgeException)
        || (error instanceof VendorException e && e.isRetryable())) {
      failed(sink, error);
    }
  }

  private void failed(String sink, Throwable error) {
    Entry e = entries.computeIfAbsent(sink, k -> new Entry());
    synchronized (e) {
      e.failures++;
      e.lastFailure = clock.instant();
      String m = error.getMessage();
      e.lastError = error.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
  }

  /**
   * Returns what is known of each sink that had any delivery or failure.
   *
   * @return snapshots by sink name
   */
  public Map<String, Snapshot> snapshot() {
    Map<String, Snapshot> result = new TreeMap<>();
    entries.forEach((k, v) -> result.put(k, v.snapshot()));
    return result;
  }

  /**
   * Returns one sink's snapshot.
   *
   * @param sink the sink
   * @return the snapshot; all zero when nothing happened yet
   */
  public Snapshot of(String sink) {
    Entry e = entries.get(sink);
    return e == null ? new Snapshot(0, 0, null, null, "") : e.snapshot();
  }
}
