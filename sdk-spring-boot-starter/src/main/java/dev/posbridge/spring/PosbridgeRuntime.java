package dev.posbridge.spring;

import dev.posbridge.core.Loggers;
import dev.posbridge.core.connect.Connector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.SalesSource;
import dev.posbridge.core.reconcile.CorrectionResult;
import dev.posbridge.core.reconcile.Reconciler;
import dev.posbridge.core.reconcile.ReconciliationReport;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SourcePoller;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.ops.ReconciliationBoard;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.support.CronExpression;

/**
 * Runs the sync engine with the application: on start, the delivery workers, one
 * {@link SourcePoller} per {@code posbridge.pollers} entry, the outbox purge and the stock
 * reconciliation schedule; on stop (context close, graceful shutdown), the pollers finish their
 * poll, the workers finish the vendor call they are in and release the deliveries they claimed but
 * did not start, so that the next instance takes them up at once.
 *
 * <p>It starts before the web server accepts requests and stops after it stopped
 * ({@link #getPhase()}), so webhooks are never accepted by a half-started engine.
 */
public class PosbridgeRuntime implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(Loggers.SYNC);

  private final PosbridgeProperties properties;
  private final SyncPipeline pipeline;
  private final Outbox outbox;
  private final Map<String, Connector> connectors;
  private final IdMap idMap;
  private final ReconciliationBoard board;
  private final Map<String, SourcePoller> pollers = new LinkedHashMap<>();
  private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private @Nullable ScheduledExecutorService scheduler;

  /**
   * Creates the runtime.
   *
   * @param properties the settings
   * @param pipeline the pipeline
   * @param outbox the outbox
   * @param connectors the connectors by system name
   * @param idMap the id map
   * @param board where reconciliations are recorded
   */
  public PosbridgeRuntime(PosbridgeProperties properties, SyncPipeline pipeline, Outbox outbox,
      Map<String, Connector> connectors, IdMap idMap, ReconciliationBoard board) {
    this.properties = Objects.requireNonNull(properties, "properties");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.connectors = Map.copyOf(connectors);
    this.idMap = Objects.requireNonNull(idMap, "idMap");
    this.board = Objects.requireNonNull(board, "board");
  }

  @Override
  public synchronized void start() {
    if (running.get()) {
      return;
    }
    ScheduledExecutorService s = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "posbridge-scheduler");
      t.setDaemon(true);
      return t;
    });
    scheduler = s;
    pipeline.start();
    for (PosbridgeProperties.Poller p : properties.pollers()) {
      Connector c = connectors.get(p.source());
      if (!(c instanceof SalesSource source)) {
        throw new IllegalStateException("posbridge.pollers names " + p.source()
            + ", which is not a configured sales source; connectors: " + connectors.keySet());
      }
      SourcePoller poller = SourcePoller.builder().pipeline(pipeline).salesSource(source).name(p.source())
          .interval(p.interval()).initialLookback(p.initialLookback()).includeRefunds(p.includeRefunds()).build();
      pollers.put(p.source(), poller.start());
    }
    Duration purge = properties.outbox().purgeInterval();
    schedules.add(s.scheduleWithFixedDelay(this::purge, purge.toMillis(), purge.toMillis(), TimeUnit.MILLISECONDS));
    String cron = properties.reconciliation().stock().cron();
    if (!cron.isBlank()) {
      CronExpression expression = CronExpression.parse(cron);
      scheduleNext(expression, ZoneId.of(properties.reconciliation().stock().zone()));
    }
    running.set(true);
    LOG.info("posbridge sync engine started: {} poller(s), stock reconciliation {}", pollers.size(),
        cron.isBlank() ? "not scheduled" : "at '" + cron + "'");
  }

  private synchronized void scheduleNext(CronExpression cron, ZoneId zone) {
    ScheduledExecutorService s = scheduler;
    if (s == null) {
      return;
    }
    ZonedDateTime now = ZonedDateTime.now(zone);
    ZonedDateTime next = cron.next(now);
    if (next == null) {
      return;
    }
    long delay = Math.max(0, Duration.between(now, next).toMillis());
    schedules.add(s.schedule(() -> {
      try {
        reconcileStock();
      } catch (RuntimeException e) {
        LOG.warn("scheduled stock reconciliation failed: {}", e.toString());
      }
      scheduleNext(cron, zone);
    }, delay, TimeUnit.MILLISECONDS));
  }

  private void purge() {
    try {
      int n = outbox.purgeDelivered();
      LOG.debug("purged {} delivered outbox events past retention", n);
    } catch (RuntimeException e) {
      LOG.warn("outbox purge failed: {}", e.toString());
    }
  }

  /**
   * Reconciles stock across {@code posbridge.reconciliation.stock.systems} now, records the report
   * for the operator's page and metrics, and applies the corrections when configured.
   *
   * @return the report
   * @throws IllegalStateException if fewer than two systems are configured
   */
  public ReconciliationReport reconcileStock() {
    PosbridgeProperties.StockReconciliation r = properties.reconciliation().stock();
    if (r.systems().size() < 2) {
      throw new IllegalStateException("posbridge.reconciliation.stock.systems needs at least two systems");
    }
    Reconciler.Builder b = Reconciler.builder().idMap(idMap);
    for (String system : r.systems()) {
      b.system(PosbridgeAutoConfiguration.role(connectors, system, InventoryConnector.class,
          "posbridge.reconciliation.stock.systems"));
    }
    if (r.systemOfRecord() != null) {
      b.systemOfRecord(r.systemOfRecord());
    }
    ReconciliationReport report = b.build().reconcile();
    board.stock(report);
    LOG.info("stock reconciliation: {} of {} SKU x store counts disagree", report.summary().discrepancies(),
        report.summary().compared());
    if (r.applyCorrections() && r.systemOfRecord() != null) {
      CorrectionResult result = report.correctionPlan().apply();
      LOG.info("stock corrections applied from {}: {}", r.systemOfRecord(), result);
    }
    return report;
  }

  /**
   * Polls a source now, on the runtime's scheduler, e.g. because its webhook told of a change.
   * Does nothing when no poller is configured for it.
   *
   * @param source the source's system name
   * @return whether a poll was scheduled
   */
  public boolean pollSoon(String source) {
    SourcePoller poller = pollers.get(source);
    ScheduledExecutorService s = scheduler;
    if (poller == null || s == null || !running.get()) {
      return false;
    }
    // The task logs its own failure: nothing to read from the future.
    var unused = s.schedule(() -> {
      try {
        poller.pollOnce();
      } catch (RuntimeException e) {
        LOG.warn("poll of {} after a webhook failed; the scheduled poll retries: {}", source, e.toString());
      }
    }, 200, TimeUnit.MILLISECONDS);
    return true;
  }

  /**
   * Returns the poller of a source.
   *
   * @param source the source's system name
   * @return the poller, if configured
   */
  public Optional<SourcePoller> poller(String source) {
    return Optional.ofNullable(pollers.get(source));
  }

  @Override
  public synchronized void stop() {
    if (!running.getAndSet(false)) {
      return;
    }
    for (ScheduledFuture<?> f : schedules) {
      f.cancel(false);
    }
    schedules.clear();
    for (SourcePoller p : pollers.values()) {
      p.close();
    }
    pollers.clear();
    ScheduledExecutorService s = scheduler;
    scheduler = null;
    if (s != null) {
      s.shutdown();
    }
    boolean clean = pipeline.stop(properties.pipeline().stopTimeout());
    LOG.info("posbridge sync engine stopped{}", clean ? "" : " (some deliveries were still running and will be"
        + " taken up again when their lease expires)");
  }

  @Override
  public boolean isRunning() {
    return running.get();
  }

  /**
   * Starts before and stops after the web server (which uses phases just below the default).
   *
   * @return the phase
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }
}
