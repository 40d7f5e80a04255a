package dev.posbridge.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.sync.ClaimedEvent;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.ops.EngineView;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.square.SquareConnector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class PosbridgeAutoConfigurationTest {

  @TempDir Path dir;

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PosbridgeAutoConfiguration.class,
            PosbridgeActuatorConfiguration.class, PosbridgeMetricsConfiguration.class))
        .withPropertyValues("posbridge.outbox.path=" + dir.resolve("outbox.db"),
            "posbridge.id-map.path=" + dir.resolve("idmap.db"));
  }

  @Test
  void withoutSettingsNoConnectorAndNoPipelineAreCreated() {
    runner().run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx).doesNotHaveBean(SquareConnector.class).doesNotHaveBean(QuickBooksConnector.class)
          .doesNotHaveBean(SyncPipeline.class).doesNotHaveBean(PosbridgeRuntime.class);
    });
  }

  @Test
  void withARouteTheEngineRunsWithItsHealthIndicator() {
    runner().withBean(Books.class, () -> new Books(0)).withPropertyValues("posbridge.pipeline.sales-sinks=books")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx).hasSingleBean(Outbox.class).hasSingleBean(SyncPipeline.class).hasSingleBean(EngineView.class);
          assertThat(ctx.getBean(SyncPipeline.class).isRunning()).isTrue();
          assertThat(ctx).hasBean("posbridgeHealthIndicator");
        });
  }

  @Test
  void secretsComeFromEnvironmentVariablesAndNeverShowInToString() {
    runner()
        .withInitializer(c -> {
          // stands in for the process environment (Spring maps it by the source's name)
          c.getEnvironment().getPropertySources().replace("systemEnvironment", new SystemEnvironmentPropertySource(
              "systemEnvironment", Map.of("POSBRIDGE_SQUARE_ACCESSTOKEN", "EAAA-secret-token-123",
                  "POSBRIDGE_SQUARE_BASEURL", "http://127.0.0.1:1")));
          ConfigurationPropertySources.attach(c.getEnvironment());   // as SpringApplication does
        })
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(SquareConnector.class);
          PosbridgeProperties p = ctx.getBean(PosbridgeProperties.class);
          assertThat(p.square().accessToken()).isEqualTo("EAAA-secret-token-123");
          assertThat(p.toString()).doesNotContain("EAAA-secret-token-123").contains("(set)");
          assertThat(ctx.getBean(SquareConnector.class).toString()).doesNotContain("EAAA-secret-token-123");
        });
  }

  @Test
  void aMissingSecretNamesThePropertyAndItsEnvironmentVariable() {
    runner().withPropertyValues("posbridge.shopify.shop-domain=example.myshopify.com").run(ctx ->
        assertThat(ctx).hasFailed().getFailure().rootCause()
            .hasMessageContaining("posbridge.shopify.access-token is required")
            .hasMessageContaining("POSBRIDGE_SHOPIFY_ACCESSTOKEN"));
  }

  @Test
  void everyBeanBacksOffWhenTheApplicationDefinesItsOwn() {
    Outbox mine = Outbox.builder().sqlite(dir.resolve("mine.db")).build();
    IdMap myIds = IdMap.inMemory();
    runner().withBean("myOutbox", Outbox.class, () -> mine).withBean("myIds", IdMap.class, () -> myIds)
        .withBean(Books.class, () -> new Books(0)).withPropertyValues("posbridge.pipeline.sales-sinks=books")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean(Outbox.class)).isSameAs(mine);
          assertThat(ctx.getBean(IdMap.class)).isSameAs(myIds);
          assertThat(ctx.getBean(SyncPipeline.class).outbox()).isSameAs(mine);
        });
    mine.close();
  }

  @Test
  void routesNameTheApplicationsOwnConnectorBeansAndAnUnknownOneFailsWithTheList() {
    runner().withBean(Books.class, () -> new Books(0)).withPropertyValues("posbridge.pipeline.sales-sinks=books")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          SyncPipeline pipeline = ctx.getBean(SyncPipeline.class);
          pipeline.submitSale(Books.sale("S1"));
          Books books = ctx.getBean(Books.class);
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (books.booked.get() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          assertThat(books.booked.get()).isEqualTo(1);
        });
    runner().withPropertyValues("posbridge.pipeline.sales-sinks=quickbooks").run(ctx ->
        assertThat(ctx).hasFailed().getFailure().rootCause()
            .hasMessageContaining("posbridge.pipeline.sales-sinks names quickbooks, but no quickbooks connector"));
  }

  @Test
  void closingTheContextStopsTheWorkersAndReleasesClaimedDeliveriesAtOnce() {
    Books slow = new Books(150);
    runner().withBean(Books.class, () -> slow)
        .withPropertyValues("posbridge.pipeline.sales-sinks=books", "posbridge.pipeline.workers=1",
            "posbridge.pipeline.stop-timeout=5s")
        .run(ctx -> {
          SyncPipeline pipeline = ctx.getBean(SyncPipeline.class);
          for (int i = 0; i < 30; i++) {
            pipeline.submitSale(Books.sale("S" + i));
          }
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (slow.booked.get() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          ctx.close();
          assertThat(pipeline.isRunning()).isFalse();
        });
    int bookedAtStop = slow.booked.get();
    assertThat(bookedAtStop).isBetween(1, 29);
    try (Outbox next = Outbox.builder().sqlite(dir.resolve("outbox.db")).build()) {
      List<ClaimedEvent> free = next.claim("next-instance", 100);
      assertThat(free).as("released, not held until their lease expires").hasSize(30 - bookedAtStop);
    }
  }

  @Test
  void metersAreRegisteredForTheConfiguredSinks() {
    runner().withBean(Books.class, () -> new Books(0)).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("posbridge.pipeline.sales-sinks=books")
        .run(ctx -> {
          MeterRegistry registry = ctx.getBean(MeterRegistry.class);
          ctx.getBean(PosbridgeMetrics.class).bindTo(registry);
          SyncPipeline pipeline = ctx.getBean(SyncPipeline.class);
          pipeline.pause("books");
          pipeline.submitSale(Books.sale("S1"));
          Thread.sleep(1_100);   // the gauges read the outbox at most once a second
          assertThat(registry.get("posbridge.sync.backlog").tag("sink", "books").gauge().value()).isEqualTo(1);
          assertThat(registry.get("posbridge.sync.paused").tag("sink", "books").gauge().value()).isEqualTo(1);
          assertThat(registry.get("posbridge.sync.lag").tag("sink", "books").timeGauge().value()).isNotNegative();
          assertThat(registry.get("posbridge.sync.workers.alive").gauge().value()).isEqualTo(1);
          assertThat(registry.get("posbridge.reconcile.discrepancy.rate").tag("kind", "stock").gauge().value()).isNaN();
        });
  }
}
