package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.sync.DeadLetter;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimFault;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.square.SquareSimulator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stock decrements from 1,000 sales, delivered by the pipeline to the Square simulator. */
class SquareInventoryBatchingTest {

  private static final String BATCH = "/v2/inventory/changes/batch-create";
  private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  /**
   * Sales happened in the past: the Square connector clamps a future occurred_at to its clock's
   * now, which would make a resent body differ from the first (IDEMPOTENCY_KEY_REUSED).
   */
  private static final Instant SOLD_AT = NOW.minus(Duration.ofHours(1));

  @TempDir Path dir;
  private SquareSimulator sim;
  private SquareConnector square;
  private Outbox outbox;
  private SyncPipeline pipeline;
  private String location;
  private final List<String> variations = new ArrayList<>();

  @BeforeEach
  void start() {
    sim = SquareSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(NOW)).build());
    location = sim.seedLocation("Main Street", "USD");
    for (int i = 0; i < 20; i++) {
      String v = sim.seedItem("SKU-" + i, 450);
      sim.seedStock(v, location, "1000");
      variations.add(v);
    }
    // One attempt per call: an ambiguous failure goes back to the pipeline, which must resend the
    // recorded batch under its key.
    square = SquareConnector.builder().credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN)).baseUrl(sim.baseUrl())
        .retry(RetrySettings.builder().maxAttempts(1).build()).build();
    outbox = Outbox.builder().sqlite(dir.resolve("outbox.db"))
        .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build();
    pipeline = SyncPipeline.builder().outbox(outbox).inventory(square)
        .locationMapping((loc, target) -> ExternalRef.of("square", "location", location))
        .idlePoll(Duration.ofMillis(2), Duration.ofMillis(20)).build();
    List<ChangeEvent> events = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Sale sale = Sale.builder().ref(ExternalRef.of("shopify", "order", "O" + i))
          .location(ExternalRef.of("shopify", "location", "1")).createdAt(SOLD_AT)
          .currency(Currency.getInstance("USD"))
          .addLine(SaleLine.of("SKU-" + (i % 20), "Item", BigDecimal.ONE, Money.of("4.50", "USD")))
          .deriveTotals().build();
      events.add(new ChangeEvent("shopify", "order-" + i, ChangeType.SALE, "orders/paid", sale.ref(),
          false, SOLD_AT, sale, null, List.of(), null));
    }
    pipeline.submit(events);
  }

  @AfterEach
  void stop() {
    pipeline.stop(Duration.ofSeconds(5));
    outbox.close();
    square.close();
    sim.assertNoInternalErrors();
    sim.close();
  }

  @Test
  void thousandDecrementsTakeAtMostTenBatchCalls() {
    pipeline.start();
    await();

    assertThat(sim.journal().count("POST", BATCH)).isLessThanOrEqualTo(10);
    assertLevels();
  }

  @Test
  void aBatchAppliedButNotAcknowledgedIsResentWholeUnderItsKeyAndAppliedOnce() {
    sim.faults().inject(SimFault.dropAfterProcessing().on("POST", BATCH).skip(2).times(1));
    pipeline.start();
    await();

    var calls = sim.journal().requests("POST", BATCH);
    assertThat(calls).hasSizeBetween(10, 11);
    List<String> keys = calls.stream().map(e -> e.request().json().path("idempotency_key").asText()).toList();
    assertThat(keys).as("the third batch was sent twice, under the same key").hasSize(11)
        .filteredOn(k -> k.equals(keys.get(2))).hasSize(2);
    assertThat(calls.get(3).request().json().path("changes"))
        .as("the resent batch is the same batch").isEqualTo(calls.get(2).request().json().path("changes"));
    assertLevels();
  }

  @Test
  void aBatchSquareRejectsIsSplitSoOnlyTheUnknownSkuIsDeadLettered() throws InterruptedException {
    Sale ghost = Sale.builder().ref(ExternalRef.of("shopify", "order", "GHOST"))
        .location(ExternalRef.of("shopify", "location", "1")).createdAt(SOLD_AT)
        .currency(Currency.getInstance("USD"))
        .addLine(SaleLine.of("NO-SUCH-SKU", "Ghost", BigDecimal.ONE, Money.of("4.50", "USD")))
        .deriveTotals().build();
    pipeline.submit(List.of(new ChangeEvent("shopify", "order-ghost", ChangeType.SALE, "orders/paid",
        ghost.ref(), false, SOLD_AT, ghost, null, List.of(), null)));
    pipeline.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (outbox.status().pending() > 0) {
      assertThat(System.nanoTime()).as("drained in time").isLessThan(deadline);
      Thread.sleep(10);
    }

    assertThat(outbox.status().dead()).as("only the unknown SKU").isEqualTo(1);
    DeadLetter d = pipeline.deadLetters(5).get(0);
    assertThat(d.sourceRef()).isEqualTo("shopify/order/GHOST");
    assertThat(d.errorCode()).isEqualTo("VALIDATION"); // UNMAPPED_SKU: refused before any call;
    assertLevels();
  }

  private void assertLevels() {
    for (String v : variations) {
      assertThat(sim.stock(v, location, "IN_STOCK")).as(v).isEqualByComparingTo("950");
    }
  }

  private void await() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (outbox.status().pending() > 0) {
      assertThat(System.nanoTime()).as("drained in time").isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertThat(outbox.status().dead()).isZero();
  }
}
