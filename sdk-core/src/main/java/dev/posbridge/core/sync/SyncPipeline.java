package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import dev.posbridge.core.connect.Connector;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.SaleLookup;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.internal.sync.EnvelopeCodec;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sales, refunds, stock and customers between systems through a durable {@link Outbox}: the
 * middleware and event-driven architectures of posbridge in one engine.
 *
 * <p><b>Routes</b>, built in code from the connectors given to the builder, each target being
 * every registered connector of the role except the event's own system:
 * <ul>
 *   <li>a <em>sale</em> is recorded in every sales sink, decrements stock (one change per line) in
 *       every inventory connector, and upserts its customer in every customer connector;
 *   <li>a <em>refund</em> is recorded in every sales sink, and its {@code restock} lines go back on
 *       hand in every inventory connector;
 *   <li>a <em>stock change</em> (levels read from a webhook or feed) is set in every other
 *       inventory connector, unless it is the echo of the pipeline's own write;
 *   <li>a <em>customer change</em> is upserted in every customer connector;
 *   <li>a <em>summary</em> (a webhook naming an order, payment or refund without its content) is
 *       stored as a <em>fetch</em> step on its source's lane; delivering it reads the sale or
 *       refunds through the source's {@link SaleLookup} (registered with
 *       {@link Builder#salesSource(SaleLookup)}, or any registered connector that implements it)
 *       and submits them like a poll would, under the same keys, so a webhook and a poll book
 *       once. A failed read is retried with the outbox's backoff.
 * </ul>
 *
 * <p>An event that leads to no delivery (a summary without a source to read it, a deletion, a
 * type nothing consumes) is logged at WARN with its id and counted in {@link #status()}; an
 * incoming stock level older than one already applied for the same item and location is dropped,
 * logged and counted too.
 *
 * <p><b>Delivery guarantees.</b> {@link #submit} fans an event out, at once and in one
 * transaction, into one outbox delivery per target action, each with a deterministic idempotency
 * key derived from the source object, the target and the action. The key is also the delivery's
 * outbox dedupe key, so submitting the same sale twice (a webhook and a poll, a restart) stores it
 * once, and a redelivery after a crash reaches the vendor under the same key, which applies it
 * once. Deliveries of one entity to one target (a sale and its refunds; one SKU at one location)
 * are delivered in order; different targets and entities never wait for each other, so one
 * vendor's outage delays only its own deliveries. Deliveries to a connector with a batch write
 * ({@link InventoryConnector#maxStockChangesPerCall()}, {@link SalesSink#maxBatchSize()}) are grouped
 * up to that size; the batch's membership and key are stored before the call, so that a retry after
 * a crash resends exactly the same batch under the same key.
 *
 * <p><b>Failures.</b> A retryable failure of one delivery
 * ({@link dev.posbridge.core.PosbridgeException#isRetryable()}) is retried with the outbox's
 * backoff for a time budget (72 hours by default, {@link Builder#retryBudget(String, Duration)});
 * a delivery the vendor rejects (validation, unmapped SKU or location) moves to the dead-letter
 * state at once, while other deliveries keep flowing: fix the cause, then {@link #replay(long)}
 * or {@link #replay(DeadLetterFilter)}. A sink that fails <em>as a whole</em> (credentials
 * rejected after a refresh, a maintenance page, an outage, an open circuit breaker) is suspended
 * instead: its deliveries wait, {@link #status()} and the listener say why, and it is probed with
 * one delivery until it works again (or {@link #resume(String)}). Batch writes report per-item
 * outcomes, so only the wrong item of a batch is dead-lettered. Delivery threads survive
 * anything thrown by a connector, JVM errors included; a thread that ends anyway shows as
 * {@code DOWN} in {@link #status()}. See decision record 0020.
 *
 * <p><b>Event bus.</b> With {@link Builder#eventBus(EventBus)} the deliveries are carried by
 * another transport (e.g. Kafka, module {@code sdk-kafka}) instead of this pipeline's delivery
 * threads: intake and the outbox stay as they are, and the bus calls back into this pipeline's
 * delivery code, one delivery per vendor call under the delivery's own idempotency key.
 *
 * <p><b>Lifecycle.</b> {@link #start()} starts the delivery threads ({@code posbridge-sync-N},
 * daemon). {@link #stop(Duration)} lets in-flight deliveries finish and releases claimed ones that
 * have not started. {@link #pause(String)} holds back one target's deliveries (they keep being
 * accepted). The pipeline does not close its outbox or connectors. Thread-safe.
 *
 * <pre>{@code
 * SyncPipeline pipeline = SyncPipeline.builder()
 *     .outbox(Outbox.sqlite(Path.of("posbridge.db")))
 *     .salesSink(quickbooks, sale -> withAccounts(sale))
 *     .inventory(shopify)
 *     .inventory(square)
 *     .customers(quickbooks)
 *     .workers(4)
 *     .build();
 * pipeline.start();
 * pipeline.submitSale(sale);   // durable when it returns
 * }</pre>
 */
public final class SyncPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  private final Outbox outbox;
  private final Router router;
  private final List<Lane> lanes;
  /** Unbatched lanes by event type, for an event bus. */
  private final Map<String, Lane> lanesByType;
  private final Set<String> targets;
  private final Delivery delivery;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final SyncListener listener;
  private final Clock clock;
  private final int workerCount;
  private final int claimSize;
  private final Duration idleMin;
  private final Duration idleMax;
  private final SinkGuard guard;
  private final @Nullable Duration retryBudget;
  private final Map<String, Duration> retryBudgets;
  private final Duration probeMax;
  private final PipelineHealth health;
  private final Object wake = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private final @Nullable EventBus eventBus;
  private final TotalsPolicy totalsPolicy;
  private volatile boolean running;
  /**
   * The run that {@link #start()} began: each run's threads see only their own flag, so a thread
   * of a stopped run that is still finishing a call never takes the next run's start as its own.
   */
  private volatile AtomicBoolean run = new AtomicBoolean(false);

  private SyncPipeline(Builder b) {
    this.outbox = Objects.requireNonNull(b.outbox);
    this.listener = b.listener;
    this.clock = b.clock;
    this.workerCount = b.workers;
    this.claimSize = b.claimSize;
    this.idleMin = b.idleMin;
    this.idleMax = b.idleMax;
    this.retryBudget = b.retryBudget;
    this.retryBudgets = Map.copyOf(b.retryBudgets);
    this.probeMax = b.probeMax;
    this.guard = new SinkGuard(outbox::now, b.probeMin, b.probeMax, listener);
    this.health = new PipelineHealth(listener);
    this.eventBus = b.eventBus;
    this.totalsPolicy = b.totalsPolicy;
    PipelineWiring wiring = new PipelineWiring(b, outbox, codec, this::submit);
    this.lanes = wiring.lanes;
    this.lanesByType = wiring.lanesByType;
    this.targets = wiring.targets;
    this.router = wiring.router;
    this.delivery = wiring.delivery;
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the documented defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- intake

  /**
   * Fans events out into deliveries and stores them durably in one transaction.
   *
   * @param events the source events, e.g. from a webhook or a change feed
   * @return the number of deliveries stored (deliveries already stored are not counted)
   * @throws OutboxException if they could not be stored; then none is
   */
  public int submit(List<ChangeEvent> events) {
    return submit(events, null, null);
  }

  /**
   * Fans events out and stores the deliveries and a source checkpoint in one transaction.
   *
   * @param events the source events
   * @param checkpointSource the source whose cursor to store, or {@code null}
   * @param checkpoint the cursor after these events, or {@code null}
   * @return the number of deliveries stored
   * @throws OutboxException if they could not be stored; then neither they nor the checkpoint is
   */
  public int submit(
      List<ChangeEvent> events, @Nullable String checkpointSource, @Nullable String checkpoint) {
    List<OutboxEvent> out = fanOut(events);
    int stored = count(outbox.enqueue(out, checkpointSource, checkpoint), 0);
    afterEnqueue(events.size(), stored);
    return stored;
  }

  /**
   * Fans events out and stores the deliveries without waiting: the future completes once they are
   * durable. Lets one producer keep several submits in flight so that they share group commits.
   *
   * @param events the source events
   * @return the number of deliveries stored; completes exceptionally with an
   *     {@link OutboxException} if they could not be stored
   * @throws OutboxException if the outbox is closed
   */
  public java.util.concurrent.CompletableFuture<Integer> submitAsync(List<ChangeEvent> events) {
    List<OutboxEvent> out = fanOut(events);
    int sourceEvents = events.size();
    return outbox.enqueueAsync(out).thenApply(ids -> {
      int stored = count(ids, 0);
      afterEnqueue(sourceEvents, stored);
      return stored;
    });
  }

  /**
   * Returns the idempotency key under which this engine books a sale in a sales sink (per booked
   * version of the sale; for a sale in a void state, the key of its void): the key of the delivery
   * (and of the outbox entry that dedupes repeated submits), passed to
   * {@link SalesSink#recordSale} when the sink books one sale per call. A correction that books a
   * missing sale directly through the sink passes the same key, so the sale is booked once whether
   * the engine or the correction gets there first.
   *
   * @param sale the source sale
   * @param sink the sink's {@link SalesSink#system()}
   * @return the key
   */
  public static String idempotencyKey(Sale sale, String sink) {
    return Router.saleKey(sale, sink);
  }

  /**
   * Returns the idempotency key under which this engine books a refund in a sales sink; see
   * {@link #idempotencyKey(Sale, String)}.
   *
   * @param refund the source refund
   * @param sink the sink's {@link SalesSink#system()}
   * @return the key
   */
  public static String idempotencyKey(Refund refund, String sink) {
    return Router.refundKey(refund, sink);
  }

  /**
   * Submits one sale read from its source system ({@code sale.ref().system()}).
   *
   * @param sale the sale
   * @return the number of deliveries stored; {@code 0} if the sale was submitted before
   * @throws dev.posbridge.core.UnbalancedTotalsException if a completed sale does not add up
   *     under the {@link Builder#totalsPolicy(TotalsPolicy) totals policy}; nothing is stored
   * @throws OutboxException if it could not be stored
   */
  public int submitSale(Sale sale) {
    Sale checked = sale.state() == dev.posbridge.core.model.SaleState.COMPLETED
        ? totalsPolicy.apply(sale, "sync.submit") : sale;
    return submit(List.of(saleEvent(checked)));
  }

  /**
   * Submits one refund read from its source system ({@code refund.ref().system()}).
   *
   * @param refund the refund
   * @return the number of deliveries stored
   * @throws dev.posbridge.core.UnbalancedTotalsException if the refund does not add up under
   *     the totals policy; nothing is stored
   * @throws OutboxException if it could not be stored
   */
  public int submitRefund(Refund refund) {
    return submit(List.of(refundEvent(totalsPolicy.apply(refund, "sync.submit"))));
  }

  /**
   * Stores a webhook's events with a receipt under {@code receiptKey}, in one transaction; a
   * receipt already stored means a duplicate, and nothing is stored.
   *
   * @return {@code true} if stored, {@code false} for a duplicate
   */
  boolean submitWithReceipt(String receiptKey, List<ChangeEvent> events) {
    List<OutboxEvent> out = fanOut(events);
    List<Long> ids = outbox.enqueueWithReceipt(receiptKey, out);
    boolean fresh = ids.get(0) >= 0;
    if (fresh) {
      afterEnqueue(events.size(), count(ids, 1));
    }
    return fresh;
  }

  static ChangeEvent saleEvent(Sale sale) {
    ExternalRef ref = sale.ref();
    String version = sale.ref().version() != null ? sale.ref().version()
        : String.valueOf(sale.updatedAt() != null ? sale.updatedAt() : sale.createdAt());
    return new ChangeEvent(ref.system(), "sale:" + ref.id() + "@" + version, ChangeType.SALE, "sale",
        ref, false, sale.updatedAt() != null ? sale.updatedAt() : sale.createdAt(), sale, null,
        List.of(), null);
  }

  static ChangeEvent refundEvent(Refund refund) {
    ExternalRef ref = refund.ref();
    return new ChangeEvent(ref.system(), "refund:" + ref.id(), ChangeType.REFUND, "refund", ref,
        false, refund.createdAt(), null, refund, List.of(), null);
  }

  private List<OutboxEvent> fanOut(List<ChangeEvent> events) {
    Objects.requireNonNull(events, "events");
    List<OutboxEvent> out = new ArrayList<>();
    for (ChangeEvent e : events) {
      out.addAll(router.route(Objects.requireNonNull(e, "events contains null")));
    }
    return out;
  }

  private static int count(List<Long> ids, int from) {
    int n = 0;
    for (int i = from; i < ids.size(); i++) {
      if (ids.get(i) >= 0) {
        n++;
      }
    }
    return n;
  }

  private void afterEnqueue(int sourceEvents, int stored) {
    try {
      listener.onEnqueued(sourceEvents, stored);
    } catch (RuntimeException ex) {
      LOG.warn("sync listener failed", ex);
    }
    if (stored > 0) {
      wakeWorkers();
    }
  }

  /** Wakes idle delivery threads: there is work. */
  private void wakeWorkers() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts the delivery threads, or, with an {@link Builder#eventBus(EventBus) event bus}, starts
   * the bus instead. Does nothing if already running.
   *
   * @return this pipeline
   */
  public synchronized SyncPipeline start() {
    if (running) {
      return this;
    }
    running = true;
    threads.clear();
    health.restarted();
    AtomicBoolean live = new AtomicBoolean(true);
    run = live;
    RunControl control = new RunControl(live, guard, this::retryBudget, probeMax, wake, health);
    if (eventBus != null) {
      try {
        eventBus.start(new PipelineBus(outbox, lanesByType, codec, delivery, guard, listener, clock, control));
      } catch (RuntimeException e) {
        running = false;
        live.set(false);
        throw e;
      }
      return this;
    }
    String id = Long.toHexString(System.identityHashCode(this));
    for (int i = 0; i < workerCount; i++) {
      String name = PipelineHealth.DELIVERY_THREAD + (i + 1);
      DeliveryWorker worker = new DeliveryWorker(name + "@" + id + "-" + clock.millis(), outbox,
          lanes, delivery, codec, listener, clock, control, claimSize, idleMin, idleMax, i);
      Thread t = new Thread(worker, name);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return this;
  }

  /** The pipeline's listener. */
  SyncListener listener() {
    return listener;
  }

  /** The retry budget of a sink: its own, the pipeline's, or the outbox's. */
  Duration retryBudget(String sink) {
    Duration d = retryBudgets.get(sink);
    if (d != null) {
      return d;
    }
    return retryBudget != null ? retryBudget : outbox.retryBudget();
  }

  /** Records that a component (a delivery thread, a poller) stopped or fails: health DOWN. */
  void componentFailed(String component, @Nullable Throwable cause) {
    health.failed(component, cause);
  }

  /** Records (or, with a null problem, clears) a problem of a component that still runs. */
  void componentProblem(String component, @Nullable String problem) {
    health.problem(component, problem);
  }

  /**
   * Stops the delivery threads: each finishes the vendor call it is making and releases the
   * deliveries it claimed but has not started. Threads still busy after {@code timeout} are
   * interrupted; a delivery interrupted that way is given back (not counted as an attempt, never
   * dead-lettered) and taken up again at the next start. A shutdown never dead-letters.
   *
   * @param timeout how long to wait for in-flight deliveries
   * @return {@code true} if every thread stopped within the timeout
   */
  public synchronized boolean stop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    running = false;
    run.set(false);
    health.stopped();
    wakeWorkers();
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean clean = true;
    if (eventBus != null) {
      clean = eventBus.stop(timeout);
    }
    for (Thread t : threads) {
      try {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left > 0) {
          t.join(left);
        }
        if (t.isAlive()) {
          clean = false;
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        clean = false;
        break;
      }
    }
    threads.clear();
    return clean;
  }

  /** Stops the pipeline, waiting up to 30 seconds for in-flight deliveries. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  /**
   * Tells whether the delivery threads run.
   *
   * @return {@code true} between {@link #start()} and {@link #stop(Duration)}, unless a delivery
   *     thread died (then {@link #status()} says which and why)
   */
  public boolean isRunning() {
    return running && !health.deliveryThreadDown();
  }

  /**
   * Holds back deliveries to one target system; they keep being accepted and stored.
   *
   * @param sink the target's system name, e.g. {@code "quickbooks"}
   * @throws IllegalArgumentException if the pipeline has no such target
   */
  public void pause(String sink) {
    guard.pause(requireTarget(sink));
  }

  /**
   * Resumes deliveries to a target paused by the operator or suspended automatically (e.g. after
   * renewing its credentials), at once.
   *
   * @param sink the target's system name
   * @throws IllegalArgumentException if the pipeline has no such target
   */
  public void resume(String sink) {
    guard.resume(requireTarget(sink));
    wakeWorkers();
  }

  /**
   * Returns the targets paused by the operator.
   *
   * @return an immutable snapshot
   */
  public Set<String> paused() {
    return guard.paused();
  }

  /**
   * Returns the targets that currently receive no deliveries because they fail as a whole.
   *
   * @return an immutable snapshot
   */
  public Set<String> suspended() {
    Set<String> out = new LinkedHashSet<>();
    for (String t : targets) {
      if (guard.suspended(t)) {
        out.add(t);
      }
    }
    return Set.copyOf(out);
  }

  private String requireTarget(String sink) {
    Objects.requireNonNull(sink, "sink");
    if (!targets.contains(sink)) {
      throw new IllegalArgumentException("no target named " + sink + "; targets: " + targets);
    }
    return sink;
  }

  /**
   * Returns the outbox's counts (pending, in flight, dead, delivered, oldest pending age) and the
   * pipeline's health: each sink's state, and every problem while it lasts (a suspended sink, a
   * dead delivery thread, a failing poller, an unavailable database, delivery stopped by
   * {@link #stop(Duration)} until the next {@link #start()}). Never throws: when the database
   * cannot be read, the counts are zero and the health is {@code DOWN}. The intake counts say how
   * many source events could not be routed and how many stock levels were dropped as older than
   * one already applied.
   *
   * @return the snapshot
   */
  public OutboxStatus status() {
    return health.status(guard.statuses(targets), outbox, router);
  }

  /**
   * Lists dead-lettered deliveries, oldest first.
   *
   * @param max the most to return
   * @return the dead letters
   * @throws OutboxException if the database cannot be read
   */
  public List<DeadLetter> deadLetters(int max) {
    return outbox.deadLetters(max);
  }

  /**
   * Lists the dead letters a filter selects, oldest first.
   *
   * @param filter e.g. {@code DeadLetterFilter.sink("quickbooks")}
   * @param max the most to return
   * @return the dead letters
   * @throws OutboxException if the database cannot be read
   */
  public List<DeadLetter> deadLetters(DeadLetterFilter filter, int max) {
    return outbox.deadLetters(filter, max);
  }

  /**
   * Replays every dead letter a filter selects (sink, error code, time range), due at once.
   *
   * @param filter which dead letters
   * @return how many are pending again
   * @throws OutboxException if the database cannot be used
   */
  public int replay(DeadLetterFilter filter) {
    int n = outbox.replay(filter);
    if (n > 0) {
      wakeWorkers();
    }
    return n;
  }

  /**
   * Puts a dead-lettered delivery back for delivery, due at once (a member of a batch that was
   * dead-lettered whole with its batch, resent under the batch's key), e.g. after fixing a mapping.
   *
   * @param id the dead letter's id
   * @return {@code true} if it was dead and is pending again
   * @throws OutboxException if the database cannot be used
   */
  public boolean replay(long id) {
    boolean replayed = outbox.replay(id);
    if (replayed) {
      wakeWorkers();
    }
    return replayed;
  }

  /**
   * Returns the outbox this pipeline stores its deliveries in.
   *
   * @return the outbox
   */
  public Outbox outbox() {
    return outbox;
  }

  /**
   * Builds a {@link SyncPipeline}. Defaults: 2 worker threads; 16 deliveries claimed per round of
   * an unbatched target; idle polling from 5 ms doubling to 500 ms; echo window 10 minutes; SKUs
   * identical in every system; locations through the {@link IdMap}; stock changes propagated.
   */
  public static final class Builder {
    // Package-private: read by SyncPipeline and PipelineWiring.
    @Nullable Outbox outbox;
    final Map<String, SalesSink> salesSinks = new LinkedHashMap<>();
    final Map<String, SaleTransformer> transformers = new LinkedHashMap<>();
    final Map<String, InventoryConnector> inventories = new LinkedHashMap<>();
    final Map<String, CustomerConnector> customers = new LinkedHashMap<>();
    final Map<String, CustomerConnector> customerSources = new LinkedHashMap<>();
    final Map<String, SaleLookup> lookups = new LinkedHashMap<>();
    IdMap idMap = IdMap.inMemory();
    SkuMapping skuMapping = (sku, target) -> sku;
    @Nullable LocationMapping locationMapping;
    SyncListener listener = SyncListener.NONE;
    Clock clock = Clock.systemUTC();
    int workers = 2;
    int claimSize = 16;
    Duration idleMin = Duration.ofMillis(5);
    Duration idleMax = Duration.ofMillis(500);
    Duration echoWindow = Duration.ofMinutes(10);
    TotalsPolicy totalsPolicy = TotalsPolicy.strict();
    boolean propagateStock = true;
    @Nullable EventBus eventBus;
    @Nullable Duration retryBudget;
    final Map<String, Duration> retryBudgets = new LinkedHashMap<>();
    Duration probeMin = Duration.ofSeconds(5);
    Duration probeMax = Duration.ofMinutes(1);

    private Builder() {}

    /**
     * Sets how long retryable failures of a delivery are retried, from its first failure, before
     * it is dead-lettered, for every sink without its own budget. Default: the outbox's
     * ({@link Outbox.Builder#retryBudget}, 72 hours).
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder retryBudget(Duration value) {
      this.retryBudget = positive(value, "retryBudget");
      return this;
    }

    /**
     * Sets the retry budget of one sink.
     *
     * @param sink the sink's system name
     * @param value a positive duration
     * @return this builder
     */
    public Builder retryBudget(String sink, Duration value) {
      retryBudgets.put(Objects.requireNonNull(sink, "sink"), positive(value, "retryBudget"));
      return this;
    }

    /**
     * Sets how often a suspended sink (failing as a whole) is probed with one delivery: first after
     * {@code min}, doubling up to {@code max}. Default 5 s to 1 min.
     *
     * @param min the first interval
     * @param max the longest interval
     * @return this builder
     */
    public Builder probeInterval(Duration min, Duration max) {
      positive(min, "min");
      positive(max, "max");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("need min <= max: " + min + ", " + max);
      }
      this.probeMin = min;
      this.probeMax = max;
      return this;
    }

    private static Duration positive(@Nullable Duration value, String field) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be positive: " + value);
      }
      return value;
    }

    /**
     * Carries deliveries over an event bus instead of the pipeline's own delivery threads: then
     * {@link SyncPipeline#start()} starts the bus, and {@link #workers(int)} is not used. Without
     * one (the default) deliveries go from the outbox to the sinks in this process.
     *
     * @param value the bus, e.g. a {@code KafkaEventBus}
     * @return this builder
     */
    public Builder eventBus(EventBus value) {
      this.eventBus = Objects.requireNonNull(value, "eventBus");
      return this;
    }

    /**
     * Sets the outbox (required). The pipeline does not close it.
     *
     * @param value the outbox
     * @return this builder
     */
    public Builder outbox(Outbox value) {
      this.outbox = Objects.requireNonNull(value, "outbox");
      return this;
    }

    /**
     * Adds a sales sink: sales and refunds from other systems are recorded in it.
     *
     * @param sink the sink
     * @return this builder
     * @throws IllegalArgumentException if a sales sink of the same system was added
     */
    public Builder salesSink(SalesSink sink) {
      return salesSink(sink, SaleTransformer.IDENTITY);
    }

    /**
     * Adds a sales sink with a transformer that adapts each sale (accounts, tax codes, item refs).
     *
     * @param sink the sink
     * @param transformer applied at delivery time
     * @return this builder
     * @throws IllegalArgumentException if a sales sink of the same system was added
     */
    public Builder salesSink(SalesSink sink, SaleTransformer transformer) {
      unique(salesSinks, sink, "sales sink");
      transformers.put(sink.system(), Objects.requireNonNull(transformer, "transformer"));
      return this;
    }

    /**
     * Adds an inventory connector: sales, refunds and stock changes from other systems change
     * stock in it.
     *
     * @param inventory the connector
     * @return this builder
     * @throws IllegalArgumentException if one of the same system was added
     */
    public Builder inventory(InventoryConnector inventory) {
      unique(inventories, inventory, "inventory connector");
      return this;
    }

    /**
     * Adds a customer connector: customers from other systems are upserted in it, and customers
     * of its own system referenced by a sale are read from it.
     *
     * @param connector the connector
     * @return this builder
     * @throws IllegalArgumentException if one of the same system was added
     */
    public Builder customers(CustomerConnector connector) {
      unique(customers, connector, "customer connector");
      return this;
    }

    /**
     * Adds a customer connector only read from: when a sale of its system references a customer,
     * the customer is fetched from it to be upserted elsewhere.
     *
     * @param connector the connector
     * @return this builder
     */
    public Builder customerSource(CustomerConnector connector) {
      customerSources.put(connector.system(), Objects.requireNonNull(connector, "connector"));
      return this;
    }

    /**
     * Adds a sales source that summary events of its system are read from: a webhook that names
     * an order, payment or refund without its content becomes a fetch step, delivered by reading
     * the object through {@code source} and submitting it. Registered inventory and customer
     * connectors that implement {@link SaleLookup} are used for this without being added here.
     *
     * @param source the source
     * @return this builder
     */
    public Builder salesSource(SaleLookup source) {
      lookups.put(source.system(), Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * Sets the id cross-reference used for SKUs, items, locations, and to record created
     * customers and sales.
     *
     * @param value the id map; default in-memory
     * @return this builder
     */
    public Builder idMap(IdMap value) {
      this.idMap = Objects.requireNonNull(value, "idMap");
      return this;
    }

    /**
     * Sets how canonical SKUs map to each target's SKU.
     *
     * @param value the mapping; default identity
     * @return this builder
     */
    public Builder skuMapping(SkuMapping value) {
      this.skuMapping = Objects.requireNonNull(value, "skuMapping");
      return this;
    }

    /**
     * Sets how locations map to each target's locations.
     *
     * @param value the mapping; default through the {@link IdMap}
     * @return this builder
     */
    public Builder locationMapping(LocationMapping value) {
      this.locationMapping = Objects.requireNonNull(value, "locationMapping");
      return this;
    }

    /**
     * Sets the metrics listener.
     *
     * @param value the listener
     * @return this builder
     */
    public Builder listener(SyncListener value) {
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    /**
     * Sets the clock, for tests.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the number of delivery threads.
     *
     * @param value 1 to 256
     * @return this builder
     */
    public Builder workers(int value) {
      if (value < 1 || value > 256) {
        throw new IllegalArgumentException("workers must be 1..256: " + value);
      }
      this.workers = value;
      return this;
    }

    /**
     * Sets how many deliveries of an unbatched target a worker claims at once.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder claimSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("claimSize must be at least 1: " + value);
      }
      this.claimSize = value;
      return this;
    }

    /**
     * Sets the idle polling backoff: after a round with nothing to deliver a worker waits
     * {@code min}, doubling up to {@code max}; a local submit wakes it at once.
     *
     * @param min the first wait
     * @param max the longest wait
     * @return this builder
     */
    public Builder idlePoll(Duration min, Duration max) {
      if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("need 0 < min <= max: " + min + ", " + max);
      }
      this.idleMin = min;
      this.idleMax = max;
      return this;
    }

    /**
     * Sets how long a stock write is remembered to recognise its echo.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder echoWindow(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("echoWindow must be positive: " + value);
      }
      this.echoWindow = value;
      return this;
    }

    /**
     * Sets what happens to a sale or refund whose parts do not add up to its total: checked by
     * {@link SyncPipeline#submitSale} and {@link SyncPipeline#submitRefund} (which throw) and
     * before each booking (which is dead-lettered with an {@link
     * dev.posbridge.core.UnbalancedTotalsException}).
     *
     * @param value the policy; default {@link TotalsPolicy#strict()}
     * @return this builder
     */
    public Builder totalsPolicy(TotalsPolicy value) {
      this.totalsPolicy = Objects.requireNonNull(value, "totalsPolicy");
      return this;
    }

    /**
     * Sets whether incoming stock levels are propagated to the other inventory connectors.
     *
     * @param value default {@code true}
     * @return this builder
     */
    public Builder propagateStockChanges(boolean value) {
      this.propagateStock = value;
      return this;
    }

    /**
     * Builds the pipeline (not started).
     *
     * @return the pipeline
     * @throws IllegalStateException if no outbox or no target was configured
     */
    public SyncPipeline build() {
      if (outbox == null) {
        throw new IllegalStateException("outbox(Outbox) is required");
      }
      if (salesSinks.isEmpty() && inventories.isEmpty() && customers.isEmpty()) {
        throw new IllegalStateException("add at least one sales sink, inventory or customer connector");
      }
      return new SyncPipeline(this);
    }

    private static <C extends Connector> void unique(Map<String, C> map, C connector, String role) {
      Objects.requireNonNull(connector, role);
      if (map.putIfAbsent(connector.system(), connector) != null) {
        throw new IllegalArgumentException("a " + role + " for " + connector.system() + " was already added");
      }
    }
  }
}
