package dev.posbridge.spring;

import dev.posbridge.core.connect.Connector;
import dev.posbridge.ops.EngineView;
import dev.posbridge.ops.ReconciliationBoard;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** posbridge's Micrometer meters, when Micrometer is on the class path. */
@AutoConfiguration(before = PosbridgeAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public class PosbridgeMetricsConfiguration {

  /** Creates the configuration; Spring calls it. */
  public PosbridgeMetricsConfiguration() {}

  /**
   * The meters; also a listener of the pipeline and of every vendor call.
   *
   * @param p the properties
   * @param engine the engine's view, resolved when scraped
   * @param board the reconciliations
   * @param connectors the connectors, for the circuit-state gauges
   * @return the meter binder
   */
  @Bean
  @ConditionalOnMissingBean
  public PosbridgeMetrics posbridgeMetrics(PosbridgeProperties p, ObjectProvider<EngineView> engine,
      ReconciliationBoard board, ObjectProvider<Connector> connectors) {
    Set<String> sinks = new LinkedHashSet<>();
    sinks.addAll(p.pipeline().salesSinks());
    sinks.addAll(p.pipeline().inventory());
    sinks.addAll(p.pipeline().customers());
    Set<String> vendors = new LinkedHashSet<>();
    connectors.orderedStream().forEach(c -> vendors.add(c.system()));
    return new PosbridgeMetrics(engine::getIfAvailable, board, List.copyOf(sinks), vendors);
  }
}
