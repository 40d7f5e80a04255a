package dev.posbridge.spring;

import dev.posbridge.ops.EngineView;
import dev.posbridge.ops.SinkActivity;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The Actuator health indicator and endpoint, when Actuator is on the class path. */
@AutoConfiguration(after = PosbridgeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class PosbridgeActuatorConfiguration {

  /** Creates the configuration; Spring calls it. */
  public PosbridgeActuatorConfiguration() {}

  /**
   * The {@code posbridge} health indicator.
   *
   * @param engine the engine's view
   * @param activity the sinks' recent deliveries
   * @param p the properties
   * @return the indicator
   */
  @Bean
  @ConditionalOnBean(EngineView.class)
  @ConditionalOnMissingBean(name = "posbridgeHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("posbridge")
  public PosbridgeHealthIndicator posbridgeHealthIndicator(EngineView engine, SinkActivity activity,
      PosbridgeProperties p) {
    return new PosbridgeHealthIndicator(engine, activity, p.health());
  }

  /**
   * The {@code posbridge} endpoint: dead letters and replay.
   *
   * @param engine the engine's view
   * @return the endpoint
   */
  @Bean
  @ConditionalOnBean(EngineView.class)
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  public PosbridgeEndpoint posbridgeEndpoint(EngineView engine) {
    return new PosbridgeEndpoint(engine);
  }
}
