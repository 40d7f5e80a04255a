package dev.posbridge.core.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.OutboxException;
import dev.posbridge.core.SourceRecordException;
import dev.posbridge.core.connect.ChangeBatch;
import dev.posbridge.core.connect.ChangeFeed;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSource;
import dev.posbridge.core.internal.sync.BuilderConfig;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.spi.Checks;
import dev.posbridge.core.spi.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a {@link SalesSource} or a {@link ChangeFeed} into a {@link SyncPipeline}, storing the
 * source's checkpoint in the same transaction as the events read up to it: a crash between the two
 * is impossible, so nothing is skipped, and what is read twice is de-duplicated.
 *
 * <p><b>Sales sources</b> are read in windows on the UPDATED time (POS systems upload offline
 * sales late): each poll reads from a high-water mark minus an overlap, for at most
 * {@code maxWindow}, and skips sales already seen in the overlap (same id and version, or
 * updated-at when the vendor has no version). Refunds are read the same way. The mark is the
 * latest updated-at the vendor has shown, in the vendor's time, so steps of this machine's clock
 * in either direction neither skip nor stall sales; the local clock only places the first window
 * ({@code initialLookback}) and tells when a window lies wholly in the past (catching up). <b>Change feeds</b>
 * are read from their stored cursor until they report no more.
 *
 * <p><b>Poison records.</b> A record the source cannot map (a {@link SourceRecordException}) is
 * quarantined as a dead letter with its raw payload (error code {@code POISON_SOURCE}), and the
 * poll goes on with the next record.
 *
 * <p>{@link #pollOnce()} polls on the caller's thread; {@link #start()} polls every
 * {@code interval} on a daemon thread named {@code posbridge-poller-<name>}, logging failures and
 * trying again at the next interval; a failing poller shows in the pipeline's
 * {@link SyncPipeline#status() status} until it works again. Thread-safe.
 */
public final class SourcePoller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);
  private static final ObjectMapper JSON = Json.create();
  /** At most this many (sale, version) keys are remembered in the checkpoint (~30 chars each). */
  private static final int MAX_SEEN = 110;

  /** The settings, frozen by {@link Builder#build()}. */
  private final Config config;
  private final SyncPipeline pipeline;
  private final String name;
  private @Nullable ScheduledExecutorService scheduler;
  /** Consecutive failed scheduled polls (poller thread only). */
  private int failures;
  /**
   * Keys submitted by this poller within the overlap, beyond the few the checkpoint can hold: a
   * busy overlap is not submitted again on every poll (the outbox would drop the copies, but each
   * costs a write). This process only; after a restart the checkpoint's keys and the outbox's
   * dedupe keys do the same work. Guarded by {@code this} (polls are synchronized).
   */
  private final Map<String, Long> recent = new java.util.HashMap<>();

  /**
   * The stored position of a sales source: the high-water mark (the latest updated-at read, in
   * the vendor's time; or the end of a window caught up over) and what was seen in its overlap,
   * id@version to updated-at in epoch milliseconds.
   */
  record SalesCursor(int v, Instant to, Map<String, Long> seen) {}

  private SourcePoller(Config config, SyncPipeline pipeline) {
    this.config = config;
    this.pipeline = pipeline;
    this.name = config.name != null ? config.name
        : (config.sales != null ? config.sales.system() + "-sales"
            : Objects.requireNonNull(config.feed).system() + "-feed");
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the documented defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the name the checkpoint is stored under.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Polls once on the calling thread.
   *
   * @return how many new source events were submitted
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails; nothing is stored
   * @throws OutboxException if the events cannot be stored; then the checkpoint is not moved either
   */
  public synchronized int pollOnce() {
    SalesSource sales = config.sales;
    return sales != null ? pollSales(sales) : pollFeed(Objects.requireNonNull(config.feed));
  }

  private int pollFeed(ChangeFeed source) {
    int submitted = 0;
    String cursor = pipeline.outbox().checkpoint(name);
    for (int i = 0; i < config.maxFeedBatches; i++) {
      ChangeBatch batch = source.changesSince(cursor);
      pipeline.submit(batch.events(), name, batch.cursor());
      submitted += batch.events().size();
      cursor = batch.cursor();
      if (!batch.hasMore()) {
        break;
      }
    }
    return submitted;
  }

  private int pollSales(SalesSource source) {
    Instant now = config.clock.instant();
    Duration overlap = config.overlap;
    SalesCursor cursor = readCursor(pipeline.outbox().checkpoint(name));
    // The cursor is a high-water mark in the vendor's own time (the latest updated-at read), not
    // this machine's: a local clock that steps back or forward cannot move it past sales the
    // vendor has not shown yet, and the window's end is open up to maxWindow, not "now".
    Instant from = cursor == null ? now.minus(config.initialLookback) : cursor.to().minus(overlap);
    Instant previous = cursor == null ? from : cursor.to();
    Instant to = from.plus(config.maxWindow);
    // A vendor timestamp further ahead than this is not trusted as the mark (a skewed record
    // would otherwise skip every sale before it); the mark still moves by up to the overlap a poll.
    Instant trustedUntil = (now.isAfter(previous) ? now : previous).plus(overlap);
    Instant mark = previous;
    Map<String, Long> seen = new LinkedHashMap<>(cursor == null ? Map.of() : cursor.seen());
    Map<String, Long> fresh = new java.util.HashMap<>();
    List<ChangeEvent> events = new ArrayList<>();
    SalesQuery query = SalesQuery.updatedBetween(from, to);
    String system = source.system();
    java.util.Iterator<Sale> it = source.sales(query).iterator();
    for (Sale sale = nextReadable(it, system); sale != null; sale = nextReadable(it, system)) {
      Instant at = sale.updatedAt() != null ? sale.updatedAt() : sale.createdAt();
      mark = later(mark, at, trustedUntil);
      String key = seenKey("s", sale.ref().id(),
          sale.ref().version() != null ? sale.ref().version() : at.toString());
      if (seen.putIfAbsent(key, at.toEpochMilli()) == null && !recent.containsKey(key)) {
        events.add(SyncPipeline.saleEvent(sale));
        fresh.put(key, at.toEpochMilli());
      }
    }
    if (config.refunds) {
      java.util.Iterator<Refund> refundIt = source.refunds(query).iterator();
      for (Refund refund = nextReadable(refundIt, system); refund != null;
          refund = nextReadable(refundIt, system)) {
        mark = later(mark, refund.createdAt(), trustedUntil);
        String key = seenKey("r", refund.ref().id(), refund.status().name());
        if (seen.putIfAbsent(key, refund.createdAt().toEpochMilli()) == null && !recent.containsKey(key)) {
          events.add(SyncPipeline.refundEvent(refund));
          fresh.put(key, refund.createdAt().toEpochMilli());
        }
      }
    }
    if (to.isBefore(now.minus(overlap)) && mark.isBefore(to)) {
      // Catching up (after downtime, or a store idle for longer than a window): the window lies
      // wholly in the past, so the next one starts after it.
      mark = to;
    }
    Instant end = mark;
    long keepFrom = end.minus(overlap).toEpochMilli();
    seen.values().removeIf(t -> t < keepFrom);
    // The seen set only saves re-routing work: a sale submitted again is dropped by the outbox's
    // dedupe keys. Keep the checkpoint small (it must fit the 4,000-character column on any
    // database): forget the oldest entries first.
    if (seen.size() > MAX_SEEN) {
      List<Map.Entry<String, Long>> entries = new ArrayList<>(seen.entrySet());
      entries.sort(Map.Entry.comparingByValue());
      for (int i = 0; i < entries.size() - MAX_SEEN; i++) {
        seen.remove(entries.get(i).getKey());
      }
    }
    pipeline.submit(events, name, writeCursor(new SalesCursor(1, end, seen)));
    // Only what is stored counts as submitted: a failed submit leaves nothing remembered.
    recent.putAll(fresh);
    recent.values().removeIf(t -> t < keepFrom);
    return events.size();
  }

  /** The later of the mark and a vendor timestamp, ignoring timestamps past {@code trustedUntil}. */
  private static Instant later(Instant mark, Instant at, Instant trustedUntil) {
    return at.isAfter(mark) && !at.isAfter(trustedUntil) ? at : mark;
  }

  /**
   * The next record the source could read; a record that cannot be read is stored as a dead letter
   * with its raw payload, so that the poll moves on past it instead of failing on it for ever.
   * Null at the end.
   */
  private <T> @Nullable T nextReadable(java.util.Iterator<T> it, String system) {
    while (it.hasNext()) {
      try {
        return it.next();
      } catch (SourceRecordException poison) {
        quarantine(system, poison);
      }
    }
    return null;
  }

  private void quarantine(String system, SourceRecordException poison) {
    boolean fresh = pipeline.outbox().quarantine(system, poison.recordRef(), poison.rawPayload(),
        "POISON_SOURCE", Verdict.describe(poison.getCause() != null ? poison.getCause() : poison));
    if (fresh) {
      LOG.warn("poller {}: record {} of {} cannot be read and is quarantined as a dead letter: {}",
          name, poison.recordRef(), system, poison.getMessage());
      try {
        pipeline.listener().onQuarantined(system, poison.recordRef(), poison);
      } catch (RuntimeException e) {
        LOG.warn("sync listener failed", e);
      }
    }
  }

  /** A short, fixed-length key for the seen set: 64 bits of SHA-256, base64url. */
  private static String seenKey(String kind, String id, String version) {
    String full = dev.posbridge.core.internal.sync.IdempotencyKeys.of(kind, id, version);
    return full.substring(2, 15);
  }

  private static @Nullable SalesCursor readCursor(@Nullable String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, SalesCursor.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored sales cursor is unreadable", e);
    }
  }

  private static String writeCursor(SalesCursor cursor) {
    try {
      return JSON.writeValueAsString(cursor);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write sales cursor", e);
    }
  }

  /**
   * Starts polling every interval on a daemon thread. Does nothing if started.
   *
   * @return this poller
   */
  public synchronized SourcePoller start() {
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "posbridge-poller-" + name);
        t.setDaemon(true);
        return t;
      });
      // pollLogged reports every failure itself; the scheduler's shutdown ends the task.
      var unused = scheduler.scheduleWithFixedDelay(this::pollLogged, 0, config.interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /**
   * One scheduled poll. Catches everything: an exception escaping a task of
   * {@code scheduleWithFixedDelay} would cancel every later poll without a word. Failures are
   * logged and shown in the pipeline's status while they last.
   */
  private void pollLogged() {
    String component = "poller " + name;
    try {
      int n = pollOnce();
      LOG.debug("poller {} submitted {} events", name, n);
      if (failures > 0) {
        LOG.info("poller {} works again after {} failed poll(s)", name, failures);
      }
      failures = 0;
      pipeline.componentProblem(component, null);
    } catch (RuntimeException e) {
      failures++;
      LOG.warn("poller {} failed ({} in a row); retrying in {}: {}", name, failures, config.interval, e.toString());
      pipeline.componentProblem(component, "failing (" + failures + " polls in a row): " + e);
    } catch (Throwable e) {
      failures++;
      // E.g. OutOfMemoryError on a huge answer: the poller keeps its schedule, and says so.
      pipeline.componentFailed(component, e);
    }
  }

  /** Stops polling, waiting up to 30 seconds for a poll in progress. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = scheduler;
      scheduler = null;
    }
    if (s != null) {
      s.shutdown();
      try {
        s.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Builds a {@link SourcePoller}. Defaults: interval 30 s; overlap 5 min; first poll looks back
   * 1 h; windows of at most 1 day (a long outage is caught up in steps); refunds read too; up to
   * 10 change-feed batches per poll; checkpoint named {@code <system>-sales} or
   * {@code <system>-feed}.
   */
  public static final class Builder {
    private final Config config = new Config();

    private Builder() {}

    /**
     * Sets the pipeline to submit to (required).
     *
     * @param value the pipeline
     * @return this builder
     */
    public Builder pipeline(SyncPipeline value) {
      config.pipeline = Objects.requireNonNull(value, "pipeline");
      return this;
    }

    /**
     * Polls a sales source (this or {@link #changeFeed} is required).
     *
     * @param value the source
     * @return this builder
     */
    public Builder salesSource(SalesSource value) {
      config.sales = Objects.requireNonNull(value, "salesSource");
      return this;
    }

    /**
     * Polls a change feed (this or {@link #salesSource} is required).
     *
     * @param value the feed
     * @return this builder
     */
    public Builder changeFeed(ChangeFeed value) {
      config.feed = Objects.requireNonNull(value, "changeFeed");
      return this;
    }

    /**
     * Sets the name the checkpoint is stored under; must be unique per outbox.
     *
     * @param value the name
     * @return this builder
     */
    public Builder name(String value) {
      config.name = Checks.notBlank(value, "name");
      return this;
    }

    /**
     * Sets the time between polls of {@link #start()}.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder interval(Duration value) {
      config.interval = Checks.positive(value, "interval");
      return this;
    }

    /**
     * Sets how far each sales window reaches back before the previous one's end, to catch sales
     * whose updated-at lands late.
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder overlap(Duration value) {
      config.overlap = Checks.nonNegative(value, "overlap");
      return this;
    }

    /**
     * Sets how far the first poll (no checkpoint yet) looks back.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder initialLookback(Duration value) {
      config.initialLookback = Checks.positive(value, "initialLookback");
      return this;
    }

    /**
     * Sets the longest window one poll reads.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder maxWindow(Duration value) {
      config.maxWindow = Checks.positive(value, "maxWindow");
      return this;
    }

    /**
     * Sets whether refunds are read from a sales source.
     *
     * @param value default {@code true}
     * @return this builder
     */
    public Builder includeRefunds(boolean value) {
      config.refunds = value;
      return this;
    }

    /**
     * Sets the clock, for tests.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      config.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Builds the poller (not started).
     *
     * @return the poller
     * @throws IllegalStateException if the pipeline or the source is missing, or both sources set
     */
    public SourcePoller build() {
      SyncPipeline pipeline = config.pipeline;
      if (pipeline == null || (config.sales == null) == (config.feed == null)) {
        throw new IllegalStateException("a pipeline and exactly one of salesSource or changeFeed are required");
      }
      if (config.overlap.compareTo(config.maxWindow) >= 0) {
        throw new IllegalStateException("overlap must be shorter than maxWindow");
      }
      return new SourcePoller(config.frozen(), pipeline);
    }
  }

  /**
   * The settings of one poller, with their defaults: filled by the {@link Builder}, and copied by
   * {@link Builder#build()} into the poller, which never changes its copy.
   */
  private static final class Config extends BuilderConfig {
    private @Nullable SyncPipeline pipeline;
    private @Nullable SalesSource sales;
    private @Nullable ChangeFeed feed;
    private @Nullable String name;
    private Duration interval = Duration.ofSeconds(30);
    private Duration overlap = Duration.ofMinutes(5);
    private Duration initialLookback = Duration.ofHours(1);
    private Duration maxWindow = Duration.ofDays(1);
    private boolean refunds = true;
    private int maxFeedBatches = 10;
    private Clock clock = Clock.systemUTC();

    /** A copy that the builder no longer writes to (every value is immutable, so shallow). */
    Config frozen() {
      return (Config) shallowCopy();
    }
  }
}
