package dev.posbridge.spring;

import dev.posbridge.ops.EngineHealth;
import dev.posbridge.ops.EngineView;
import dev.posbridge.ops.SinkActivity;
import dev.posbridge.ops.SinkState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The sync engine's health, as {@code posbridge} in {@code /actuator/health}:
 * <ul>
 *   <li>DOWN when the outbox cannot be read, the delivery workers are not running, or a sink is
 *       failing (its last {@code posbridge.health.failing-after} calls failed, the last within
 *       {@code posbridge.health.failure-window}, e.g. during a vendor outage: deliveries wait in the
 *       outbox, and health is UP again with the first success or when the window passes without a
 *       failure); a rejected delivery (unmapped SKU, invalid data) is a dead letter, not a failing sink;
 *   <li>DOWN on dead letters only with {@code posbridge.health.down-on-dead-letters=true};
 *   <li>UP otherwise, with the backlog, lag, paused sinks (a deliberate pause is not a failure)
 *       and dead letters in the details.
 * </ul>
 */
public class PosbridgeHealthIndicator extends AbstractHealthIndicator {

  private final EngineView engine;
  private final SinkActivity activity;
  private final PosbridgeProperties.Health settings;

  /**
   * Creates the indicator.
   *
   * @param engine the engine's view
   * @param activity the sinks' recent deliveries
   * @param settings the thresholds
   */
  public PosbridgeHealthIndicator(EngineView engine, SinkActivity activity, PosbridgeProperties.Health settings) {
    super("posbridge health check failed");
    this.engine = engine;
    this.activity = activity;
    this.settings = settings;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    EngineHealth h = engine.health();
    builder.withDetail("outbox", h.outboxAvailable() ? "available" : "unavailable");
    builder.withDetail("workers", h.workersAlive() ? "running" : "stopped");
    if (!h.up()) {
      builder.down().withDetail("problem", h.detail());
      return;
    }
    List<String> failing = new ArrayList<>();
    List<String> paused = new ArrayList<>();
    long dead = 0;
    Map<String, Object> sinks = new LinkedHashMap<>();
    for (SinkState s : engine.sinks()) {
      SinkActivity.Snapshot a = activity.of(s.sink());
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("backlog", s.backlog());
      d.put("lagSeconds", s.lag().toSeconds());
      d.put("deadLetters", s.deadLetters());
      if (s.paused()) {
        d.put("paused", s.pauseReason() == null ? "yes" : s.pauseReason());
        paused.add(s.sink());
      }
      if (a.failing(settings.failingAfter(), settings.failureWindow(), java.time.Instant.now())) {
        d.put("failing", a.consecutiveFailures() + " failed calls in a row; last: " + a.lastError());
        failing.add(s.sink());
      }
      dead += s.deadLetters();
      sinks.put(s.sink(), d);
    }
    builder.withDetail("sinks", sinks).withDetail("deadLetters", dead);
    if (!paused.isEmpty()) {
      builder.withDetail("paused", paused);
    }
    if (!failing.isEmpty()) {
      builder.down().withDetail("failing", failing);
    } else if (dead > 0 && settings.downOnDeadLetters()) {
      builder.down();
    } else {
      builder.up();
    }
  }
}
