package dev.posbridge.core.sync;

import static dev.posbridge.core.sync.SyncTestSupport.T0;
import static dev.posbridge.core.sync.SyncTestSupport.await;
import static dev.posbridge.core.sync.SyncTestSupport.sale;
import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.MutableClock;
import dev.posbridge.core.SourceRecordException;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSource;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pollers under poison records and JVM errors. */
class PollerFaultsTest {

  private static final String POISON = "{\"id\":\"O-POISON\",\"line_items\":[{\"quantity\":\"1e999999999\"}]}";

  @TempDir Path dir;
  private Outbox outbox;
  private SyncPipeline pipeline;
  private SourcePoller poller;
  private final FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");

  @AfterEach
  void close() {
    if (poller != null) {
      poller.close();
    }
    if (pipeline != null) {
      pipeline.stop(Duration.ofSeconds(5));
    }
    outbox.close();
  }

  /** A vendor that answers each window with the sales whose updated-at (its own time) lies in it. */
  private static SalesSource vendor(List<Sale> sales) {
    return new PoisonedSource() {
      @Override
      public PagedIterable<Sale> sales(SalesQuery query) {
        List<Sale> hits = sales.stream().filter(s -> !s.updatedAt().isBefore(query.from())
            && s.updatedAt().isBefore(query.to())).toList();
        return PagedIterable.of(cursor -> new Page<>(hits, null));
      }
    };
  }

  /** Two good sales around one order that cannot be mapped, on one page; or an Error first. */
  private static class PoisonedSource implements SalesSource {
    final AtomicInteger errorsLeft = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public PagedIterable<Sale> sales(SalesQuery query) {
      reads.incrementAndGet();
      if (errorsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new OutOfMemoryError("Java heap space (simulated huge answer)");
      }
      Sale a = sale("A", "X", 1).toBuilder().updatedAt(T0.minusSeconds(60)).build();
      Sale b = sale("B", "X", 1).toBuilder().updatedAt(T0.minusSeconds(30)).build();
      SourceRecordException poison = new SourceRecordException("order cannot be mapped: quantity",
          ErrorContext.of("square", "SearchOrders"), "O-POISON", POISON, new ArithmeticException("Overflow"));
      return PagedIterable.of(cursor -> new Page<>(List.of(a, b), null, List.of(poison)));
    }

    @Override
    public PagedIterable<Refund> refunds(SalesQuery query) {
      return PagedIterable.of(cursor -> new Page<>(List.of(), null));
    }

    @Override
    public String system() {
      return "square";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.SALES_SOURCE);
    }

    @Override
    public void close() {}
  }

  private void open(MutableClock clock) {
    outbox = Outbox.builder().sqlite(dir.resolve("poll.db")).clock(clock).build();
    pipeline = SyncPipeline.builder().outbox(outbox).salesSink(quickbooks).clock(clock).build();
  }

  @Test
  void aPoisonRecordIsQuarantinedWithItsRawPayloadAndThePollerMovesOn() {
    MutableClock clock = new MutableClock();
    open(clock);
    PoisonedSource source = new PoisonedSource();
    poller = SourcePoller.builder().pipeline(pipeline).salesSource(source).clock(clock).build();

    assertThat(poller.pollOnce()).isEqualTo(2);
    DeadLetter d = pipeline.deadLetters(DeadLetterFilter.sink("square").withErrorCode("POISON_SOURCE"), 10)
        .get(0);
    assertThat(d.event().payload()).isEqualTo(POISON);
    assertThat(d.action()).isEqualTo("intake");
    assertThat(d.sourceRef()).isEqualTo("square/O-POISON");
    assertThat(d.lastError()).contains("ArithmeticException");
    assertThat(outbox.checkpoint(poller.name())).as("the checkpoint moved past it").isNotNull();

    clock.advance(Duration.ofMinutes(1));
    poller.pollOnce(); // the same poison in the overlap is not quarantined twice
    assertThat(pipeline.status().dead()).isEqualTo(1);
    assertThat(pipeline.replay(d.id())).as("nothing to resend: fix it at the source").isFalse();

    pipeline.start();
    await("good sales delivered", () -> quickbooks.bookings().size() == 2);
  }

  @Test
  void aPollerSurvivesAnErrorAndShowsItInTheStatusWhileItLasts() {
    MutableClock clock = new MutableClock();
    open(clock);
    PoisonedSource source = new PoisonedSource();
    source.errorsLeft.set(1_000_000);
    poller = SourcePoller.builder().pipeline(pipeline).salesSource(source).clock(clock)
        .interval(Duration.ofMillis(10)).build().start();

    await("failing poller reported", () -> pipeline.status().health() == OutboxStatus.Health.DOWN);
    assertThat(pipeline.status().problems()).anySatisfy(p -> assertThat(p).contains(poller.name())
        .contains("OutOfMemoryError"));
    int before = source.reads.get();
    await("still polling", () -> source.reads.get() > before + 3);

    source.errorsLeft.set(0);
    await("recovered", () -> pipeline.status().health() == OutboxStatus.Health.UP
        && pipeline.status().pending() >= 2);
  }

  @Test
  void aPollerMissesNothingWhenTheLocalClockStepsEitherWayWhileTheVendorsDoesNot() {
    MutableClock clock = new MutableClock();
    open(clock);
    List<Sale> sales = new java.util.concurrent.CopyOnWriteArrayList<>();
    SalesSource source = vendor(sales);
    poller = SourcePoller.builder().pipeline(pipeline).salesSource(source).clock(clock)
        .overlap(Duration.ofMinutes(5)).build();
    // The vendor stamps sales with its own clock, which never steps.
    sales.add(sale("A", "X", 1).toBuilder().updatedAt(T0.minusSeconds(10)).build());
    assertThat(poller.pollOnce()).isEqualTo(1);

    clock.advance(Duration.ofHours(-1)); // this machine's clock steps back an hour
    sales.add(sale("B", "X", 1).toBuilder().updatedAt(T0.plusSeconds(20)).build());
    assertThat(poller.pollOnce()).as("a sale made now is read at once, not an hour later").isEqualTo(1);

    clock.advance(Duration.ofHours(2)); // ... then an hour ahead of the vendor
    assertThat(poller.pollOnce()).isZero();
    sales.add(sale("C", "X", 1).toBuilder().updatedAt(T0.plusSeconds(40)).build());
    assertThat(poller.pollOnce()).isEqualTo(1);

    clock.advance(Duration.ofHours(-1)); // ... and is corrected
    sales.add(sale("D", "X", 1).toBuilder().updatedAt(T0.plusSeconds(50)).build());
    assertThat(poller.pollOnce()).as("the hour ahead moved no mark past the vendor's time").isEqualTo(1);
    assertThat(outbox.status().pending()).as("one booking each for A, B, C and D").isEqualTo(4);
  }

  @Test
  void aRecordStampedFarInTheFutureDoesNotSkipTheSalesAfterIt() {
    MutableClock clock = new MutableClock();
    open(clock);
    List<Sale> sales = new java.util.concurrent.CopyOnWriteArrayList<>();
    SalesSource source = vendor(sales);
    poller = SourcePoller.builder().pipeline(pipeline).salesSource(source).clock(clock).build();
    sales.add(sale("SKEWED", "X", 1).toBuilder().updatedAt(T0.plus(Duration.ofHours(20))).build());
    assertThat(poller.pollOnce()).isEqualTo(1);
    sales.add(sale("NEXT", "X", 1).toBuilder().updatedAt(T0.plusSeconds(5)).build());
    clock.advance(Duration.ofSeconds(30));
    assertThat(poller.pollOnce()).isEqualTo(1);
  }
}
