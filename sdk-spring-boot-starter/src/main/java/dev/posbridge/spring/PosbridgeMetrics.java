package dev.posbridge.spring;

import dev.posbridge.core.http.VendorCallListener;
import dev.posbridge.core.sync.SyncAction;
import dev.posbridge.core.sync.SyncListener;
import dev.posbridge.ops.EngineView;
import dev.posbridge.ops.ReconciliationBoard;
import dev.posbridge.ops.ReportSummary;
import dev.posbridge.ops.SinkState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * posbridge's Micrometer meters, fed by the pipeline ({@link SyncListener}), every connector's
 * HTTP calls ({@link VendorCallListener}) and the outbox (read at most once a second when scraped).
 * The names and tags are documented in {@code docs/metrics.md}; all start with {@code posbridge.}.
 */
public class PosbridgeMetrics implements MeterBinder, SyncListener, VendorCallListener, DisposableBean {

  private static final long SNAPSHOT_MILLIS = 1_000;

  private final Supplier<@Nullable EngineView> engine;
  private final ReconciliationBoard board;
  private final Collection<String> sinks;
  private final Collection<String> vendors;
  private final Map<String, AtomicInteger> circuits = new ConcurrentHashMap<>();
  private final VendorCallListener.Registration registration;
  private volatile @Nullable MeterRegistry registry;
  private volatile List<SinkState> snapshot = List.of();
  private volatile long snapshotAt;

  /**
   * Creates the meters' source.
   *
   * @param engine supplies the engine's view (resolved lazily: the pipeline is built with this
   *     listener)
   * @param board the latest reconciliations
   * @param sinks the sinks to report backlog and lag for
   * @param vendors the vendors to report circuit state for
   */
  public PosbridgeMetrics(Supplier<@Nullable EngineView> engine, ReconciliationBoard board,
      Collection<String> sinks, Collection<String> vendors) {
    this.engine = engine;
    this.board = board;
    this.sinks = List.copyOf(sinks);
    this.vendors = List.copyOf(vendors);
    this.registration = VendorCallListener.register(this);
  }

  @Override
  public void bindTo(MeterRegistry r) {
    this.registry = r;
    for (String sink : sinks) {
      Gauge.builder("posbridge.sync.backlog", this, m -> m.sink(sink, SinkState::backlog))
          .tag("sink", sink).description("Deliveries waiting for the sink, including those in flight")
          .baseUnit("deliveries").register(r);
      Gauge.builder("posbridge.sync.in.flight", this, m -> m.sink(sink, SinkState::inFlight))
          .tag("sink", sink).description("Deliveries being delivered to the sink now").baseUnit("deliveries")
          .register(r);
      TimeGauge.builder("posbridge.sync.lag", this, TimeUnit.MILLISECONDS, m -> m.sink(sink, s -> s.lag().toMillis()))
          .tag("sink", sink).description("How long the sink's oldest waiting delivery has waited").register(r);
      Gauge.builder("posbridge.sync.dead.letters", this, m -> m.sink(sink, SinkState::deadLetters))
          .tag("sink", sink).description("The sink's deliveries in the dead-letter state").baseUnit("deliveries")
          .register(r);
      Gauge.builder("posbridge.sync.paused", this, m -> m.sink(sink, s -> s.paused() ? 1 : 0))
          .tag("sink", sink).description("1 while deliveries to the sink are paused").register(r);
    }
    Gauge.builder("posbridge.sync.workers.alive", this, m -> {
      EngineView v = m.engine.get();
      return v != null && v.health().workersAlive() ? 1 : 0;
    }).description("1 while the delivery workers run").register(r);
    for (String vendor : vendors) {
      circuit(vendor);
    }
    for (String kind : List.of("stock", "sales")) {
      Gauge.builder("posbridge.reconcile.discrepancy.rate", board, b -> report(b, kind, ReportSummary::discrepancyRate))
          .tag("kind", kind).description("Share of compared keys in disagreement at the last reconciliation")
          .register(r);
      Gauge.builder("posbridge.reconcile.discrepancies", board, b -> report(b, kind, s -> s.discrepancies()))
          .tag("kind", kind).description("Keys in disagreement at the last reconciliation").register(r);
      Gauge.builder("posbridge.reconcile.compared", board, b -> report(b, kind, s -> s.compared()))
          .tag("kind", kind).description("Keys compared at the last reconciliation").register(r);
    }
  }

  private static double report(ReconciliationBoard b, String kind, ToDoubleFunction<ReportSummary> f) {
    ReportSummary s = b.latest().get(kind);
    return s == null ? Double.NaN : f.applyAsDouble(s);
  }

  private double sink(String sink, ToDoubleFunction<SinkState> f) {
    long now = System.currentTimeMillis();
    if (now - snapshotAt > SNAPSHOT_MILLIS) {
      EngineView v = engine.get();
      if (v == null) {
        return Double.NaN;
      }
      try {
        snapshot = v.sinks();
      } catch (RuntimeException e) {
        return Double.NaN;
      }
      snapshotAt = now;
    }
    for (SinkState s : snapshot) {
      if (s.sink().equals(sink)) {
        return f.applyAsDouble(s);
      }
    }
    return 0;
  }

  private AtomicInteger circuit(String vendor) {
    return circuits.computeIfAbsent(vendor, v -> {
      AtomicInteger state = new AtomicInteger();
      MeterRegistry r = registry;
      if (r != null) {
        Gauge.builder("posbridge.vendor.circuit.state", state, AtomicInteger::get).tag("vendor", v)
            .description("The vendor's circuit breaker: 0 closed, 1 half-open, 2 open").register(r);
      }
      return state;
    });
  }

  // ------------------------------------------------------------------ SyncListener

  @Override
  public void onEnqueued(int sourceEvents, int deliveries) {
    MeterRegistry r = registry;
    if (r != null) {
      Counter.builder("posbridge.sync.enqueued").description("Deliveries stored in the outbox")
          .baseUnit("deliveries").register(r).increment(deliveries);
    }
  }

  @Override
  public void onDelivered(String sink, SyncAction action, int batchSize, Duration callTime, Duration endToEnd) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    Timer.builder("posbridge.sync.delivery.latency").tag("sink", sink).tag("action", action.code())
        .description("From enqueue of the oldest delivery in a vendor call to its completion")
        .register(r).record(endToEnd);
    Counter.builder("posbridge.sync.delivered").tag("sink", sink).tag("action", action.code())
        .description("Deliveries the sink accepted").baseUnit("deliveries").register(r).increment(batchSize);
  }

  @Override
  public void onRetry(String sink, SyncAction action, int batchSize, Throwable error) {
    countFailed("posbridge.sync.retries", "Deliveries that failed and will be retried", sink, action,
        batchSize, error);
  }

  @Override
  public void onDeadLettered(String sink, SyncAction action, int batchSize, Throwable error) {
    countFailed("posbridge.sync.dead.lettered", "Deliveries moved to the dead-letter state", sink, action,
        batchSize, error);
  }

  /** Counts failed deliveries of one sink and action, tagged with the error's type. */
  private void countFailed(String name, String description, String sink, SyncAction action, int batchSize,
      Throwable error) {
    MeterRegistry r = registry;
    if (r != null) {
      Counter.builder(name).tag("sink", sink).tag("action", action.code())
          .tag("error", error.getClass().getSimpleName())
          .description(description).baseUnit("deliveries").register(r)
          .increment(batchSize);
    }
  }

  @Override
  public void onEchoSuppressed(String system, String sku, String locationId) {
    MeterRegistry r = registry;
    if (r != null) {
      Counter.builder("posbridge.sync.echo.suppressed").tag("system", system)
          .description("Stock webhooks recognised as the echo of the engine's own write").register(r).increment();
    }
  }

  // ------------------------------------------------------------------ VendorCallListener

  @Override
  public void onCall(String system, String operation, int status, Duration duration) {
    MeterRegistry r = registry;
    if (r != null) {
      Timer.builder("posbridge.vendor.calls").tag("vendor", system).tag("outcome", outcome(status))
          .description("HTTP calls to the vendor, each attempt").register(r).record(duration);
    }
  }

  @Override
  public void onThrottleWait(String system, String source, Duration waited) {
    MeterRegistry r = registry;
    if (r != null) {
      Timer.builder("posbridge.vendor.throttle.wait").tag("vendor", system).tag("source", source)
          .description("Time calls waited for a rate limit: posbridge's limiter (client) or the vendor's answer (vendor)")
          .register(r).record(waited);
    }
  }

  @Override
  public void onCircuitState(String system, String state) {
    circuit(system).set(switch (state) {
      case "open" -> 2;
      case "half_open" -> 1;
      default -> 0;
    });
  }

  static String outcome(int status) {
    if (status == 0) {
      return "no_answer";
    }
    if (status == 429) {
      return "throttled";
    }
    if (status < 400) {
      return "success";
    }
    return status < 500 ? "client_error" : "server_error";
  }

  @Override
  public void destroy() {
    registration.close();
  }
}
