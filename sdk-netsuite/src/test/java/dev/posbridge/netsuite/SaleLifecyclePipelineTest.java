package dev.posbridge.netsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleState;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.core.sync.TotalsPolicy;
import dev.posbridge.testing.JsonView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each transition in the life of a sale goes through the engine (SyncPipeline, outbox, delivery
 * workers) into the NetSuite simulator exactly once: booking, amendment, replay, cancellation and
 * deletion at the source.
 */
class SaleLifecyclePipelineTest extends SimFixture {

  @TempDir Path dir;
  private Outbox outbox;
  private SyncPipeline pipeline;

  @BeforeEach
  void startPipeline() {
    outbox = Outbox.builder().sqlite(dir.resolve("outbox.db")).maxAttempts(3)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
    pipeline = SyncPipeline.builder().outbox(outbox).salesSink(connector).totalsPolicy(TotalsPolicy.strict())
        .idlePoll(Duration.ofMillis(2), Duration.ofMillis(20)).build().start();
  }

  @AfterEach
  void stopPipeline() {
    pipeline.close();
    outbox.close();
  }

  private void drained() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    BooleanSupplier done = () -> outbox.status().pending() == 0 && outbox.status().inFlight() == 0;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("outbox not drained: " + outbox.status() + " " + outbox.deadLetters(3));
      }
      Thread.sleep(5);
    }
    assertThat(outbox.status().dead()).as("dead letters: %s", outbox.deadLetters(3)).isZero();
  }

  private int writes() {
    return requests("PUT", "/services/rest/record/v1/{type}/{id}").size();
  }

  private JsonView cashSale() {
    return sim.recordByExternalId("cashSale", "POS-square-LC-1").orElseThrow();
  }

  @Test
  void aSaleIsBookedOnceAmendedOnceAndVoidedOnceAsItsSourceChanges() throws Exception {
    Sale v1 = sale("LC-1", "MUG-01", "1").toBuilder().version("1").build();
    assertThat(pipeline.submitSale(v1)).isEqualTo(1);
    assertThat(pipeline.submitSale(v1)).isZero();
    drained();
    assertThat(writes()).isEqualTo(1);
    assertThat(cashSale().path("total").decimalValue()).isEqualByComparingTo("9.99");

    Sale v2 = sale("LC-1", "MUG-01", "2").toBuilder().version("2").build();
    assertThat(pipeline.submitSale(v2)).isEqualTo(1);
    assertThat(pipeline.submitSale(v2)).isZero();
    drained();
    assertThat(writes()).isEqualTo(2);
    assertThat(sim.count("cashSale")).isEqualTo(1);
    assertThat(cashSale().path("total").decimalValue()).isEqualByComparingTo("19.98");
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("8");

    Sale canceled = v2.toBuilder().version("3").state(SaleState.CANCELED).build();
    assertThat(pipeline.submitSale(canceled)).isEqualTo(1);
    assertThat(pipeline.submitSale(canceled)).isZero();
    drained();
    assertThat(writes()).isEqualTo(3);
    assertThat(cashSale().path("total").decimalValue()).isEqualByComparingTo("0");
    assertThat(cashSale().path("memo").asText()).startsWith("VOIDED");
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("10");
    assertThat(connector.bookedSale(v1.ref()).orElseThrow().state()).isEqualTo(SaleState.VOIDED);
  }

  @Test
  void aSaleDeletedAtItsSourceIsVoidedInTheBooks() throws Exception {
    Sale v1 = sale("LC-1", "MUG-01", "1");
    pipeline.submitSale(v1);
    drained();

    assertThat(pipeline.submit(List.of(new ChangeEvent("square", "del-LC-1", ChangeType.SALE, "order.deleted",
        v1.ref(), true, T0.plusSeconds(60), null, null, List.of(), null)))).isEqualTo(1);
    drained();

    assertThat(cashSale().path("memo").asText()).startsWith("VOIDED");
    assertThat(writes()).isEqualTo(2);
  }

  @Test
  void anOpenSaleWaitsUntilItCompletes() throws Exception {
    Sale open = sale("LC-1", "MUG-01", "1").toBuilder().version("1").state(SaleState.OPEN).build();
    assertThat(pipeline.submitSale(open)).isZero();
    drained();
    assertThat(sim.count("cashSale")).isZero();

    pipeline.submitSale(open.toBuilder().version("2").state(SaleState.COMPLETED).build());
    drained();
    assertThat(sim.count("cashSale")).isEqualTo(1);
  }
}
