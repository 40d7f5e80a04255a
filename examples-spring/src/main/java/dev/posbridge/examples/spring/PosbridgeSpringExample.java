package dev.posbridge.examples.spring;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.spring.PosbridgeRuntime;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application on the posbridge starter: Square and Shopify sales are booked in
 * QuickBooks Online and NetSuite, stock follows in the other channel, and the operator's page
 * ({@code /posbridge/operator}), health ({@code /actuator/health}) and metrics
 * ({@code /actuator/metrics}) show how it goes. All configuration is in {@code application.yml}
 * and the {@code posbridge.*} properties of {@link Simulators}; the only code is this class.
 *
 * <p>Run it with {@code mvn -B -q -pl examples-spring -am compile exec:java}: the four vendors are
 * simulators on {@code 127.0.0.1}, seeded with a store and a few SKUs; on start it rings up a
 * Square and a Shopify sale, sends their webhooks, and runs the stock reconciliation once.
 */
@SpringBootApplication
public class PosbridgeSpringExample {

  /**
   * Starts the simulators and the application.
   *
   * @param args Spring Boot arguments, e.g. {@code --server.port=9090}
   */
  public static void main(String[] args) {
    Simulators simulators = Simulators.start();
    Runtime.getRuntime().addShutdownHook(new Thread(simulators::close, "simulators-shutdown"));
    // Fresh simulators each run: a fresh outbox too, unless one is given.
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
    if (all.stream().noneMatch(a -> a.startsWith("--posbridge.outbox.path="))) {
      try {
        all.add("--posbridge.outbox.path="
            + java.nio.file.Files.createTempDirectory("posbridge-example").resolve("outbox.db"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    ConfigurableApplicationContext app = run(simulators, all.toArray(String[]::new));
    String port = app.getEnvironment().getProperty("local.server.port");
    String base = "http://127.0.0.1:" + port;
    // A sale at the store and one online, announced by their webhooks as the vendors would.
    simulators.squareOrderWebhook(base + "/posbridge/webhooks/square", simulators.squareSale("LATTE-12", 2));
    simulators.shopifyOrderWebhook(base + "/posbridge/webhooks/shopify", simulators.shopifySale("MUG-RED", 1));
    app.getBean(PosbridgeRuntime.class).reconcileStock();   // what the nightly schedule runs
    System.out.printf("posbridge example running: operator's page http://127.0.0.1:%s/posbridge/operator,"
        + " health http://127.0.0.1:%s/actuator/health%n", port, port);
  }

  /**
   * Starts the application against running simulators.
   *
   * @param simulators the simulators
   * @param args Spring Boot arguments
   * @return the application context
   */
  public static ConfigurableApplicationContext run(Simulators simulators, String... args) {
    return new SpringApplicationBuilder(PosbridgeSpringExample.class)
        .initializers(ctx -> ctx.getBeanFactory().registerSingleton("simulators", simulators))
        .properties(simulators.properties())
        .run(args);
  }

  /**
   * The id map the simulators were seeded with. Defining it makes the starter's own (a SQLite
   * file) back off; a real deployment keeps the starter's and fills it as docs/guides/id-map.md
   * shows.
   *
   * @param simulators the simulators
   * @return the id map
   */
  @Bean
  IdMap idMap(Simulators simulators) {
    return simulators.idMap();
  }
}
