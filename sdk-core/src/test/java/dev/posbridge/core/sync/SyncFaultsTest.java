package dev.posbridge.core.sync;

import static dev.posbridge.core.sync.SyncTestSupport.await;
import static dev.posbridge.core.sync.SyncTestSupport.sale;
import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.CircuitOpenException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.MutableClock;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.model.ExternalRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine under the faults of a real store: outages, credentials, bad items, errors, stops. */
class SyncFaultsTest {

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private Outbox.Builder outboxBuilder(Clock clock) {
    return Outbox.builder().sqlite(dir.resolve("faults.db")).clock(clock)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(20));
  }

  private Outbox outbox(Outbox.Builder b) {
    Outbox o = b.build();
    opened.add(o);
    return o;
  }

  private SyncPipeline started(SyncPipelineBuilder b) {
    SyncPipeline p = b.idlePoll(Duration.ofMillis(1), Duration.ofMillis(20))
        .probeInterval(Duration.ofMillis(20), Duration.ofMillis(50)).build();
    opened.add(0, p);
    return p.start();
  }

  private static ErrorContext ctx() {
    return ErrorContext.of("quickbooks", "RecordSale");
  }

  /** Records the sink events a pipeline reports. */
  private static final class Events implements SyncListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onSinkSuspended(String sink, String errorCode, String reason) {
      events.add("suspended " + sink + " " + errorCode);
    }

    @Override
    public void onSinkResumed(String sink) {
      events.add("resumed " + sink);
    }

    @Override
    public void onDeadLettered(String sink, SyncAction action, int batchSize, Throwable error) {
      events.add("dead " + sink + " " + batchSize);
    }
  }

  @Test
  void anAuthFailureThatSurvivesARefreshSuspendsTheSinkAndTheBacklogWaitsInsteadOfDying() {
    ScriptedSink qbo = new ScriptedSink("quickbooks", 1);
    qbo.script(s -> new AuthenticationException("401 after token refresh", ctx(), null));
    Events events = new Events();
    SyncPipeline p = started(SyncPipeline.builder().outbox(outbox(outboxBuilder(Clock.systemUTC())))
        .salesSink(qbo).listener(events));

    for (int i = 0; i < 20; i++) {
      p.submitSale(sale("S" + i, "A", 1));
    }
    await("suspended", () -> p.suspended().contains("quickbooks"));
    // The listener hears of the suspension, and the failed delivery goes back to the backlog,
    // just after the sink is marked suspended: wait for both rather than race them.
    await("suspension reported", () -> events.events.contains("suspended quickbooks AUTH"));
    await("backlog waiting", () -> p.status().pending() == 20);
    OutboxStatus status = p.status();
    assertThat(status.dead()).isZero();
    assertThat(status.pending()).isEqualTo(20);
    assertThat(status.health()).isEqualTo(OutboxStatus.Health.DEGRADED);
    assertThat(status.problems()).anySatisfy(line -> assertThat(line).contains("quickbooks").contains("AUTH"));
    assertThat(status.sinks()).filteredOn(s -> s.sink().equals("quickbooks")).singleElement()
        .satisfies(s -> {
          assertThat(s.state()).isEqualTo(SinkStatus.State.SUSPENDED);
          assertThat(s.errorCode()).isEqualTo("AUTH");
          assertThat(s.reason()).contains("401");
        });
    assertThat(events.events).contains("suspended quickbooks AUTH");

    qbo.script(s -> null); // the operator renews the credentials: the next probe succeeds
    await("delivered", () -> qbo.bookings().size() == 20);
    await("resumed", () -> events.events.contains("resumed quickbooks"));
    assertThat(p.status().dead()).isZero();
    assertThat(p.status().health()).isEqualTo(OutboxStatus.Health.UP);
  }

  @Test
  void aMaintenancePageSuspendsTheSinkAndTheOperatorCanResumeIt() {
    ScriptedSink qbo = new ScriptedSink("quickbooks", 10);
    qbo.script(s -> new InvalidResponseException("Malformed or unexpected JSON in response",
        ctx().withStatus(200), "<!DOCTYPE html><html><body>Down for maintenance</body></html>", null));
    SyncPipeline p = started(SyncPipeline.builder().outbox(outbox(outboxBuilder(Clock.systemUTC())))
        .salesSink(qbo).probeInterval(Duration.ofHours(1), Duration.ofHours(1)));

    for (int i = 0; i < 20; i++) {
      p.submitSale(sale("S" + i, "A", 1));
    }
    await("suspended", () -> p.suspended().contains("quickbooks"));
    assertThat(p.status().sinks()).anySatisfy(s -> assertThat(s.errorCode()).isEqualTo("MAINTENANCE"));
    assertThat(p.status().dead()).isZero();

    qbo.script(s -> null);
    p.resume("quickbooks"); // the probe is an hour away: the operator does not wait for it
    await("delivered", () -> qbo.bookings().size() == 20);
    assertThat(p.status().dead()).isZero();
  }

  @Test
  void refusalsOfAnOpenCircuitBreakerAreNotCountedAndNeverDeadLetter() {
    ScriptedSink qbo = new ScriptedSink("quickbooks", 1);
    qbo.script(s -> new CircuitOpenException("Circuit open: quickbooks is failing, call not sent", ctx(), null));
    SyncPipeline p = started(SyncPipeline.builder()
        .outbox(outbox(outboxBuilder(Clock.systemUTC()).maxAttempts(1))).salesSink(qbo));

    p.submitSale(sale("S1", "A", 1));
    await("suspended as an outage", () -> p.status().sinks().stream()
        .anyMatch(s -> "OUTAGE".equals(s.errorCode())));
    await("probed several times", () -> qbo.calls.get() >= 3);
    assertThat(p.status().dead()).as("maxAttempts 1, yet refusals are not attempts").isZero();

    qbo.script(s -> null);
    await("delivered", () -> qbo.bookings().size() == 1);
    assertThat(p.status().dead()).isZero();
  }

  @Test
  void retryableFailuresOfOneDeliveryRetryOnATimeBudgetNotOnACountOfAttempts() {
    MutableClock clock = new MutableClock();
    ScriptedSink qbo = new ScriptedSink("quickbooks", 1);
    // S1 keeps failing retryably while the sink otherwise works (not an outage).
    qbo.script(s -> s.ref().id().equals("S1")
        ? new VendorException("transient failure of this document", ctx(), true, null) : null);
    Outbox outbox = outbox(outboxBuilder(clock));
    SyncPipeline p = started(SyncPipeline.builder().outbox(outbox).salesSink(qbo).clock(clock)
        .retryBudget("quickbooks", Duration.ofHours(24)));

    p.submitSale(sale("S1", "A", 1));
    for (int i = 0; i < 30; i++) {
      int before = qbo.calls.get();
      p.submitSale(sale("T" + i, "A", 1));
      clock.advance(Duration.ofMinutes(30));
      await("attempted again", () -> qbo.calls.get() > before + 1);
      // S1's failure must be recorded before the clock moves again: recorded after the next
      // advance, its retry would fall due only after the one after that.
      await("attempt recorded", () -> outbox.status().inFlight() == 0);
    }
    assertThat(p.status().dead()).as("30 attempts over 15 hours: within the 24-hour budget").isZero();

    clock.advance(Duration.ofHours(10));
    await("dead after the budget", () -> p.status().dead() == 1);
    DeadLetter d = p.deadLetters(1).get(0);
    assertThat(d.retryable()).isTrue();
    assertThat(d.sink()).isEqualTo("quickbooks");
    assertThat(d.sourceRef()).isEqualTo("square/order/S1");
    assertThat(Duration.between(d.firstFailedAt(), d.failedAt())).isGreaterThanOrEqualTo(Duration.ofHours(24));
    assertThat(qbo.bookings()).hasSize(30);
  }

  @Test
  void theDefaultsRetryForDaysNotTenAttempts() {
    MutableClock clock = new MutableClock();
    Outbox outbox = outbox(outboxBuilder(clock));
    long id = outbox.enqueue(OutboxEvent.of("k", "t", "p"));
    for (int i = 0; i < 50; i++) {
      clock.advance(Duration.ofMinutes(30));
      assertThat(outbox.claim("w", 1)).hasSize(1);
      outbox.fail(id, "w", "503", false);
    }
    assertThat(outbox.status().dead()).isZero();
    clock.advance(Duration.ofHours(48));
    assertThat(outbox.claim("w", 1)).hasSize(1);
    outbox.fail(id, "w", "503", false);
    assertThat(outbox.status().dead()).as("72 hours after the first failure").isEqualTo(1);
  }

  @Test
  void replayedDeliveriesAreDueAtOnceAndCanBeChosenBySinkAndErrorCode() {
    MutableClock clock = new MutableClock(); // never advances
    ScriptedSink qbo = new ScriptedSink("quickbooks", 10);
    qbo.script(s -> new ValidationException("unmapped account", ctx().withStatus(400), List.of(), null));
    SyncPipeline p = started(SyncPipeline.builder()
        .outbox(outbox(outboxBuilder(clock).lease(Duration.ofHours(1)))).salesSink(qbo).clock(clock));

    for (int i = 0; i < 40; i++) {
      p.submitSale(sale("S" + i, "A", 1));
    }
    await("all dead", () -> p.status().dead() == 40);
    assertThat(p.deadLetters(DeadLetterFilter.sink("quickbooks").withErrorCode("VALIDATION"), 100)).hasSize(40);
    assertThat(p.deadLetters(DeadLetterFilter.sink("shopify"), 100)).isEmpty();

    qbo.script(s -> null);
    assertThat(p.replay(DeadLetterFilter.sink("quickbooks").withErrorCode("CONFLICT"))).isZero();
    assertThat(p.replay(DeadLetterFilter.sink("quickbooks").withErrorCode("VALIDATION"))).isEqualTo(40);
    // The clock stands still: nothing may wait for a lease or a backoff to run out.
    await("replayed at once", () -> qbo.bookings().size() == 40 && p.status().pending() == 0);
    assertThat(p.status().dead()).isZero();
  }

  @Test
  void oneBadSaleInABatchDeadLettersOnlyItselfAndItsReplaySendsOnlyItUnderANewKey() {
    ScriptedSink qbo = new ScriptedSink("quickbooks", 10);
    qbo.script(s -> "bad".equals(s.note())
        ? new ValidationException("item not mapped", ctx().withStatus(400), List.of(), null) : null);
    Outbox outbox = outbox(outboxBuilder(Clock.systemUTC()));
    SyncPipelineBuilder b = SyncPipeline.builder().outbox(outbox).salesSink(qbo).workers(1);
    SyncPipeline p = b.idlePoll(Duration.ofMillis(1), Duration.ofMillis(20)).build();
    opened.add(0, p);
    for (int i = 0; i < 10; i++) {
      p.submitSale(sale("S" + i, "A", 1, i == 4 ? "bad" : null));
    }
    p.start();
    await("nine booked, one dead", () -> qbo.bookings().size() == 9 && p.status().dead() == 1);
    assertThat(p.status().pending()).isZero();
    DeadLetter d = p.deadLetters(10).get(0);
    assertThat(d.sourceRef()).isEqualTo("square/order/S4");
    assertThat(d.errorCode()).isEqualTo("VALIDATION");
    java.util.Set<String> keysBefore = qbo.keys();

    qbo.script(s -> null);
    assertThat(p.replay(d.id())).isTrue();
    await("booked after replay", () -> qbo.bookings().size() == 10);
    assertThat(qbo.bookings()).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    java.util.Set<String> replayKeys = qbo.keys();
    replayKeys.removeAll(keysBefore);
    assertThat(replayKeys).as("the replay is a new batch of one").hasSize(1);
    assertThat(p.status().dead()).isZero();
  }

  @Test
  void aBatchRejectedAsAWholeIsSplitSoOnlyTheWrongChangeIsDeadLettered() {
    FakeInventory square = new FakeInventory("square", 100);
    square.rejectSku("BAD");
    SyncPipeline p = started(SyncPipeline.builder().outbox(outbox(outboxBuilder(Clock.systemUTC())))
        .inventory(square).locationMapping(SyncTestSupport.SAME_ID).workers(1));
    for (int i = 0; i < 20; i++) {
      p.submit(List.of(SyncPipeline.saleEvent(sale("S" + i, i == 7 ? "BAD" : "GOOD", 1)
          .toBuilder().ref(ExternalRef.of("shopify", "order", "S" + i)).build())));
    }
    await("drained", () -> p.status().pending() == 0);
    assertThat(p.status().dead()).isEqualTo(1);
    assertThat(square.level("GOOD", "L1")).isEqualByComparingTo("-19");
    assertThat(p.deadLetters(5).get(0).sourceRef()).isEqualTo("shopify/order/S7");
  }

  @Test
  void aDeliveryTheVendorAcceptedIsNeverDeadLetteredBecauseLocalBookkeepingFailed() {
    ScriptedSink qbo = new ScriptedSink("quickbooks", 10);
    IdMap failing = new IdMap() {
      @Override
      public void put(Kind kind, String canonicalId, ExternalRef ref) {
        throw new IllegalStateException("cannot store the id mapping: [SQLITE_BUSY] database is locked");
      }

      @Override
      public Optional<ExternalRef> find(Kind kind, String canonicalId, String system) {
        return Optional.empty();
      }

      @Override
      public Optional<ExternalRef> find(Kind kind, String canonicalId, String system, String type) {
        return Optional.empty();
      }

      @Override
      public Optional<String> canonicalId(Kind kind, ExternalRef ref) {
        throw new IllegalStateException("[SQLITE_BUSY] database is locked");
      }

      @Override
      public List<ExternalRef> refs(Kind kind, String canonicalId) {
        return List.of();
      }
    };
    SyncPipeline p = started(SyncPipeline.builder().outbox(outbox(outboxBuilder(Clock.systemUTC())))
        .salesSink(qbo).idMap(failing));
    for (int i = 0; i < 25; i++) {
      p.submitSale(sale("S" + i, "A", 1));
    }
    await("drained", () -> p.status().pending() == 0);
    assertThat(p.status().dead()).isZero();
    assertThat(qbo.bookings()).hasSize(25).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
  }

  @Test
  void anErrorInAConnectorDeadLettersThatDeliveryAndTheWorkersGoOn() {
    ScriptedSink qbo = new ScriptedSink("quickbooks", 1);
    qbo.script(s -> switch (s.ref().id()) {
      case "HUGE" -> new OutOfMemoryError("Java heap space (simulated huge answer)");
      case "DEEP" -> new StackOverflowError();
      default -> null;
    });
    SyncPipeline p = started(SyncPipeline.builder().outbox(outbox(outboxBuilder(Clock.systemUTC())))
        .salesSink(qbo).workers(2));
    p.submitSale(sale("HUGE", "A", 1));
    p.submitSale(sale("DEEP", "A", 1));
    await("both dead", () -> p.status().dead() == 2);
    for (int i = 0; i < 10; i++) {
      p.submitSale(sale("S" + i, "A", 1));
    }
    await("later sales delivered", () -> qbo.bookings().size() == 10);
    assertThat(p.isRunning()).isTrue();
    assertThat(p.status().health()).isEqualTo(OutboxStatus.Health.UP);
    assertThat(p.deadLetters(10)).extracting(DeadLetter::errorCode).containsOnly("INTERNAL");
  }

  @Test
  void stoppingReleasesBusyDeliveriesInsteadOfDeadLetteringThem() throws Exception {
    CountDownLatch inCall = new CountDownLatch(1);
    ScriptedSink qbo = new ScriptedSink("quickbooks", 1);
    qbo.script(s -> {
      if (s.ref().id().equals("SLOW")) {
        inCall.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new IllegalStateException("Interrupted while waiting to retry");
        }
      }
      return null;
    });
    Outbox outbox = outbox(outboxBuilder(Clock.systemUTC()));
    SyncPipeline p = started(SyncPipeline.builder().outbox(outbox).salesSink(qbo).workers(1));
    p.submitSale(sale("SLOW", "A", 1));
    assertThat(inCall.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    p.submitSale(sale("NEXT", "A", 1));

    assertThat(p.stop(Duration.ofMillis(100))).as("interrupted").isFalse();
    await("worker gone", () -> outbox.status().inFlight() == 0);
    assertThat(outbox.status().dead()).isZero();
    assertThat(outbox.status().pending()).isEqualTo(2);

    qbo.script(s -> null);
    p.start();
    await("delivered after restart", () -> qbo.bookings().size() == 2);
    assertThat(outbox.status().dead()).isZero();
  }

  @Test
  void aDeliveryStillUnwindingFromAStopIsGivenBackEvenAfterTheNextStartHasBegun() throws Exception {
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch restarted = new CountDownLatch(1);
    ScriptedSink qbo = new ScriptedSink("quickbooks", 1);
    qbo.script(s -> {
      if (s.ref().id().equals("SLOW")) {
        inCall.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          // The old thread finishes its failure only after the pipeline has been started again.
          Thread.interrupted();
          try {
            restarted.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
          }
          return new IllegalStateException("the vendor library gave up when interrupted");
        }
      }
      return null;
    });
    Outbox outbox = outbox(outboxBuilder(Clock.systemUTC()));
    SyncPipeline p = started(SyncPipeline.builder().outbox(outbox).salesSink(qbo).workers(1));
    p.submitSale(sale("SLOW", "A", 1));
    assertThat(inCall.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThat(p.stop(Duration.ofMillis(100))).as("interrupted").isFalse();
    qbo.script(s -> null);
    p.start();
    restarted.countDown();

    await("delivered after restart", () -> qbo.bookings().containsKey("SLOW"));
    assertThat(outbox.status().dead()).as("a stop dead-letters nothing, whatever the old thread throws").isZero();
  }

  @Test
  void aStrayInterruptDuringAVendorCallNeverDeadLettersTheDelivery() {
    ScriptedSink qbo = new ScriptedSink("quickbooks", 1);
    java.util.concurrent.atomic.AtomicInteger interrupts = new java.util.concurrent.atomic.AtomicInteger();
    qbo.script(s -> {
      int n = interrupts.incrementAndGet();
      if (n == 1) {
        Thread.currentThread().interrupt();
        return new dev.posbridge.core.CallInterruptedException("Interrupted while waiting for the rate limiter",
            "quickbooks-client", "RecordSale", new InterruptedException());
      }
      if (n == 2) {
        // A vendor library that wraps the interrupt in its own non-retryable exception.
        return new VendorException("lookup failed", ctx(), false,
            new java.io.InterruptedIOException("interrupted"));
      }
      return null;
    });
    Outbox outbox = outbox(outboxBuilder(Clock.systemUTC()));
    SyncPipeline p = started(SyncPipeline.builder().outbox(outbox).salesSink(qbo).workers(1));
    p.submitSale(sale("S1", "A", 1));

    await("delivered", () -> qbo.bookings().containsKey("S1"));
    assertThat(outbox.status().dead()).isZero();
    assertThat(p.isRunning()).as("the worker outlives the interrupts").isTrue();
  }

  @Test
  void aSocketTimeoutIsNotTakenForAnInterrupt() {
    assertThat(dev.posbridge.core.CallInterruptedException.causedBy(
        new VendorUnavailableException("Connection failed", ctx(), new java.net.SocketTimeoutException("read"))))
        .isFalse();
    assertThat(dev.posbridge.core.CallInterruptedException.causedBy(
        new VendorException("x", ctx(), false, new java.nio.channels.ClosedByInterruptException())))
        .isTrue();
  }

  @Test
  void aStoppedPipelineSaysSoInItsStatusUntilItIsStartedAgain() {
    ScriptedSink qbo = new ScriptedSink("quickbooks", 1);
    SyncPipeline p = started(SyncPipeline.builder().outbox(outbox(outboxBuilder(Clock.systemUTC())))
        .salesSink(qbo));
    assertThat(p.status().health()).isEqualTo(OutboxStatus.Health.UP);

    p.stop(Duration.ofSeconds(5));
    p.submitSale(sale("WAITS", "A", 1));
    OutboxStatus stopped = p.status();
    assertThat(stopped.health()).isEqualTo(OutboxStatus.Health.DEGRADED);
    assertThat(stopped.problems()).anySatisfy(line -> assertThat(line).contains("delivery stopped"));
    assertThat(stopped.pending()).isEqualTo(1);

    p.start();
    await("delivered", () -> qbo.bookings().containsKey("WAITS"));
    assertThat(p.status().health()).isEqualTo(OutboxStatus.Health.UP);
    assertThat(p.status().problems()).isEmpty();
  }
}
