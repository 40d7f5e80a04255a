package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.SaleLookup;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.internal.sync.EnvelopeCodec;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.spi.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 *       {@link SyncPipelineBuilder#salesSource(SaleLookup)}, or any registered connector that implements it)
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
 * backoff for a time budget (72 hours by default, {@link SyncPipelineBuilder#retryBudget(String, Duration)});
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
 * <p><b>Event bus.</b> With {@link SyncPipelineBuilder#eventBus(EventBus)} the deliveries are carried by
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
  /** The lanes, targets, router and delivery code built from the configured connectors. */
  private final PipelineWiring wiring;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  /** The settings, frozen by {@link SyncPipelineBuilder#build()}. */
  private final PipelineConfig config;
  private final SinkGuard guard;
  private final PipelineHealth health;
  private final Object wake = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;
  /**
   * The run that {@link #start()} began: each run's threads see only their own flag, so a thread
   * of a stopped run that is still finishing a call never takes the next run's start as its own.
   */
  private volatile AtomicBoolean run = new AtomicBoolean(false);

  SyncPipeline(PipelineConfig config, Outbox outbox) {
    this.config = config;
    this.outbox = outbox;
    this.guard = new SinkGuard(outbox::now, config.probeMin, config.probeMax, config.listener);
    this.health = new PipelineHealth(config.listener);
    this.wiring = new PipelineWiring(config, outbox, codec, this::submit);
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the documented defaults
   */
  public static SyncPipelineBuilder builder() {
    return new SyncPipelineBuilder();
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
   *     under the {@link SyncPipelineBuilder#totalsPolicy(TotalsPolicy) totals policy}; nothing is stored
   * @throws OutboxException if it could not be stored
   */
  public int submitSale(Sale sale) {
    Sale checked = sale.state() == dev.posbridge.core.model.SaleState.COMPLETED
        ? config.totalsPolicy.apply(sale, "sync.submit") : sale;
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
    return submit(List.of(refundEvent(config.totalsPolicy.apply(refund, "sync.submit"))));
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
      out.addAll(wiring.router.route(Objects.requireNonNull(e, "events contains null")));
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
      config.listener.onEnqueued(sourceEvents, stored);
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
   * Starts the delivery threads, or, with an {@link SyncPipelineBuilder#eventBus(EventBus) event bus}, starts
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
    RunControl control = new RunControl(live, guard, this::retryBudget, config.probeMax, wake, health);
    EventBus eventBus = config.eventBus;
    if (eventBus != null) {
      try {
        eventBus.start(new PipelineBus(outbox, wiring.lanesByType, codec, wiring.delivery, guard,
            config.listener, config.clock, control));
      } catch (RuntimeException e) {
        running = false;
        live.set(false);
        throw e;
      }
      return this;
    }
    String id = Long.toHexString(System.identityHashCode(this));
    for (int i = 0; i < config.workers; i++) {
      String name = PipelineHealth.DELIVERY_THREAD + (i + 1);
      DeliveryWorker worker = new DeliveryWorker(name + "@" + id + "-" + config.clock.millis(), outbox,
          wiring.lanes, wiring.delivery, codec, config.listener, config.clock, control, config.claimSize,
          config.idleMin, config.idleMax, i);
      Thread t = new Thread(worker, name);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return this;
  }

  /** The pipeline's listener. */
  SyncListener listener() {
    return config.listener;
  }

  /** The retry budget of a sink: its own, the pipeline's, or the outbox's. */
  Duration retryBudget(String sink) {
    Duration d = config.retryBudgets.get(sink);
    if (d != null) {
      return d;
    }
    Duration all = config.retryBudget;
    return all != null ? all : outbox.retryBudget();
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
    EventBus eventBus = config.eventBus;
    boolean clean = eventBus == null || eventBus.stop(timeout);
    clean &= Threads.joinUntil(threads, deadline);
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
    for (String t : wiring.targets) {
      if (guard.suspended(t)) {
        out.add(t);
      }
    }
    return Set.copyOf(out);
  }

  private String requireTarget(String sink) {
    Objects.requireNonNull(sink, "sink");
    if (!wiring.targets.contains(sink)) {
      throw new IllegalArgumentException("no target named " + sink + "; targets: " + wiring.targets);
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
    return health.status(guard.statuses(wiring.targets), outbox, wiring.router);
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
}
