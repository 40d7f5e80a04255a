package dev.posbridge.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.MutableClock;
import dev.posbridge.core.OutboxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private final List<Outbox> opened = new ArrayList<>();

  private Outbox open() {
    Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db")).clock(clock)
        .lease(Duration.ofSeconds(30)).maxAttempts(3)
        .backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).build();
    opened.add(outbox);
    return outbox;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Outbox::close);
  }

  @Test
  void enqueuedEventsSurviveARestart() {
    Outbox first = open();
    long id = first.enqueue(OutboxEvent.of("sale:1", "sale", "{\"n\":1}"));
    first.close();

    Outbox second = open();
    List<ClaimedEvent> claimed = second.claim("w", 10);

    assertThat(claimed).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(id);
      assertThat(e.event().payload()).isEqualTo("{\"n\":1}");
      assertThat(e.attempt()).isEqualTo(1);
    });
  }

  @Test
  void onlyTheOldestPendingEventOfAKeyIsClaimable() {
    Outbox outbox = open();
    long a1 = outbox.enqueue(OutboxEvent.of("sku:A", "stock", "1"));
    long a2 = outbox.enqueue(OutboxEvent.of("sku:A", "stock", "2"));
    long b1 = outbox.enqueue(OutboxEvent.of("sku:B", "stock", "3"));

    assertThat(outbox.claim("w1", 10)).extracting(ClaimedEvent::id).containsExactly(a1, b1);
    assertThat(outbox.claim("w2", 10)).isEmpty();

    assertThat(outbox.complete(a1, "w1")).isTrue();
    assertThat(outbox.claim("w2", 10)).extracting(ClaimedEvent::id).containsExactly(a2);
  }

  @Test
  void anExpiredLeaseLetsAnotherWorkerTakeTheEventAndTheOldWorkerLosesIt() {
    Outbox outbox = open();
    long id = outbox.enqueue(OutboxEvent.of("k", "t", "p"));
    outbox.claim("crashed", 1);

    clock.advance(Duration.ofSeconds(31));
    List<ClaimedEvent> retaken = outbox.claim("survivor", 1);

    assertThat(retaken).singleElement().satisfies(e -> assertThat(e.attempt()).isEqualTo(2));
    assertThat(outbox.complete(id, "crashed")).isFalse();
    assertThat(outbox.complete(id, "survivor")).isTrue();
  }

  @Test
  void failedEventsBackOffThenGoToDeadLetterAndCanBeReplayed() {
    Outbox outbox = open();
    long poison = outbox.enqueue(OutboxEvent.of("k", "t", "bad"));
    long next = outbox.enqueue(OutboxEvent.of("k", "t", "good"));

    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(outbox.claim("w", 10)).extracting(ClaimedEvent::id).containsExactly(poison);
      outbox.fail(poison, "w", "boom " + attempt, false);
      if (attempt < 3) {
        assertThat(outbox.claim("w", 10)).as("backing off, and the key stays blocked").isEmpty();
        clock.advance(Duration.ofSeconds(20));
      }
    }

    assertThat(outbox.deadLetters(10)).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo(poison);
      assertThat(d.attempts()).isEqualTo(3);
      assertThat(d.lastError()).isEqualTo("boom 3");
    });
    assertThat(outbox.claim("w", 10)).as("the rest flows").extracting(ClaimedEvent::id)
        .containsExactly(next);
    outbox.complete(next, "w");

    assertThat(outbox.replay(poison)).isTrue();
    assertThat(outbox.claim("w", 10)).extracting(ClaimedEvent::id).containsExactly(poison);
    assertThat(outbox.status().dead()).isZero();
  }

  @Test
  void permanentFailuresAreDeadLetteredAtOnce() {
    Outbox outbox = open();
    long id = outbox.enqueue(OutboxEvent.of("k", "t", "p"));
    outbox.claim("w", 1);

    outbox.fail(id, "w", "validation", true);

    assertThat(outbox.status().dead()).isEqualTo(1);
  }

  @Test
  void aCardNumberInAVendorErrorIsMaskedBeforeItIsStored() {
    Outbox outbox = open();
    long id = outbox.enqueue(OutboxEvent.of("k", "t", "p"));
    outbox.claim("w", 1);

    outbox.fail(id, "w", "PrivateNote 4111 1111 1111 1111 exp 12/28 is invalid", true);

    assertThat(outbox.deadLetters(10)).singleElement().satisfies(d ->
        assertThat(d.lastError()).isEqualTo("PrivateNote 4111 11** **** 1111 exp 12/28 is invalid"));
  }

  @Test
  void aDedupeKeyIsStoredOnce() {
    Outbox outbox = open();
    long first = outbox.enqueue(new OutboxEvent("k", "t", "p", "square:event-1"));
    long again = outbox.enqueue(new OutboxEvent("k", "t", "p", "square:event-1"));

    assertThat(first).isPositive();
    assertThat(again).isEqualTo(-1);
    assertThat(outbox.status().pending()).isEqualTo(1);
  }

  @Test
  void checkpointIsStoredWithItsEvents() {
    Outbox outbox = open();

    outbox.enqueue(List.of(OutboxEvent.of("k", "sale", "1"), OutboxEvent.of("k", "sale", "2")),
        "square-orders", "cursor-2");

    assertThat(outbox.checkpoint("square-orders")).isEqualTo("cursor-2");
    assertThat(outbox.status().pending()).isEqualTo(2);
    outbox.enqueue(List.of(), "square-orders", "cursor-3");
    assertThat(outbox.checkpoint("square-orders")).isEqualTo("cursor-3");
    assertThat(outbox.checkpoint("other")).isNull();
  }

  @Test
  void statusCountsPendingInFlightDeadDeliveredAndOldestAge() {
    Outbox outbox = open();
    long a = outbox.enqueue(OutboxEvent.of("a", "t", "p"));
    outbox.enqueue(OutboxEvent.of("b", "t", "p"));
    outbox.enqueue(OutboxEvent.of("c", "t", "p"));
    clock.advance(Duration.ofSeconds(5));
    outbox.claim("w", 2);
    outbox.complete(a, "w");

    OutboxStatus status = outbox.status();

    assertThat(status.pending()).isEqualTo(2);
    assertThat(status.inFlight()).isEqualTo(1);
    assertThat(status.delivered()).isEqualTo(1);
    assertThat(status.dead()).isZero();
    assertThat(status.oldestPendingAge()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void concurrentProducersAllGetDistinctDurableIds() throws Exception {
    Outbox outbox = open();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 250; i++) {
          ids.add(outbox.enqueue(OutboxEvent.of("k" + thread, "t", "p" + i)));
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();

    Set<Long> distinct = new HashSet<>(ids);
    assertThat(distinct).hasSize(2000).allMatch(id -> id > 0);
    assertThat(outbox.status().pending()).isEqualTo(2000);
  }

  @Test
  void releaseGivesTheEventBackWithoutUsingAnAttempt() {
    Outbox outbox = open();
    long id = outbox.enqueue(OutboxEvent.of("k", "t", "p"));
    outbox.claim("w", 1);

    assertThat(outbox.release(id, "w")).isTrue();
    assertThat(outbox.claim("w", 1)).singleElement()
        .satisfies(e -> assertThat(e.attempt()).isEqualTo(1));
  }

  @Test
  void invalidInputIsRejectedClearly() {
    assertThatThrownBy(() -> OutboxEvent.of(" ", "t", "p"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orderingKey");
    assertThatThrownBy(() -> Outbox.builder().build()).isInstanceOf(IllegalStateException.class);
    Outbox outbox = open();
    assertThatThrownBy(() -> outbox.enqueue(List.of(), "source", null))
        .isInstanceOf(IllegalArgumentException.class);
    outbox.close();
    assertThatThrownBy(() -> outbox.enqueue(OutboxEvent.of("k", "t", "p")))
        .isInstanceOf(OutboxException.class);
  }
}
