package dev.posbridge.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxBatchTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Outbox outbox;

  private Outbox open() {
    outbox = Outbox.builder().sqlite(dir.resolve("batch.db")).clock(clock).lease(Duration.ofSeconds(30))
        .maxAttempts(3).backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).build();
    return outbox;
  }

  @AfterEach
  void close() {
    outbox.close();
  }

  @Test
  void aWorkerWhoseLeaseExpiredCannotRecordTheEventsInABatch() {
    Outbox o = open();
    o.enqueue(List.of(OutboxEvent.of("k1", "shop/stock", "a"), OutboxEvent.of("k2", "shop/stock", "b")),
        null, null);
    List<ClaimedEvent> slow = o.claimType("slow", "shop/stock", 10, true);
    clock.advance(Duration.ofSeconds(31));
    List<ClaimedEvent> fast = o.claimType("fast", "shop/stock", 10, true);

    assertThat(o.createBatch("fast", "shop/stock", "key-fast", fast)).isNotNull();
    assertThat(o.createBatch("slow", "shop/stock", "key-slow", slow)).as("lease lost").isNull();
    assertThat(o.claimOpenBatch("anyone", "shop/stock")).as("the fast batch is leased").isNull();
  }

  @Test
  void aBatchIsResentWithItsMembersAndKeyAfterItsLeaseExpiresAndCompletesOnce() {
    Outbox o = open();
    o.enqueue(List.of(OutboxEvent.of("k1", "shop/stock", "a"), OutboxEvent.of("k1", "shop/stock", "b"),
        OutboxEvent.of("k2", "shop/stock", "c")), null, null);
    List<ClaimedEvent> claimed = o.claimType("w1", "shop/stock", 10, true);
    assertThat(claimed).as("head of k1 with its follower, and k2").hasSize(3);
    Outbox.Batch batch = o.createBatch("w1", "shop/stock", "key-1", claimed);

    clock.advance(Duration.ofSeconds(31));
    Outbox.Batch again = o.claimOpenBatch("w2", "shop/stock");

    assertThat(again).isNotNull();
    assertThat(again.idempotencyKey()).isEqualTo("key-1");
    assertThat(again.events()).extracting(ClaimedEvent::id)
        .containsExactlyElementsOf(batch.events().stream().map(ClaimedEvent::id).toList());
    assertThat(o.claimType("w3", "shop/stock", 10, true)).as("members are never claimed again").isEmpty();
    assertThat(o.completeBatch(batch, "w1")).as("w1 lost its lease").isFalse();
    assertThat(o.completeBatch(again, "w2")).isTrue();
    assertThat(o.status().pending()).isZero();
  }

  @Test
  void aBatchRejectedAsAWholeIsSplitAndItsMembersAreSentAlone() {
    Outbox o = open();
    o.enqueue(List.of(OutboxEvent.of("k1", "shop/stock", "a"), OutboxEvent.of("k2", "shop/stock", "b")),
        null, null);
    Outbox.Batch batch = o.createBatch("w", "shop/stock", "key-1", o.claimType("w", "shop/stock", 10, true));
    assertThat(o.failBatch(batch, "w", Outbox.Failure.dead("VALIDATION", "bad sku", false, null))).isFalse();
    assertThat(o.status().dead()).isZero();
    assertThat(o.claimOpenBatch("w", "shop/stock")).as("the batch is closed").isNull();
    assertThat(o.claimType("w", "shop/stock", 10, true)).as("one at a time").hasSize(1);
  }

  @Test
  void replayingOneDeadMemberReopensTheWholeBatchUnderItsKey() {
    Outbox o = open();
    o.enqueue(List.of(OutboxEvent.of("k1", "shop/stock", "a"), OutboxEvent.of("k2", "shop/stock", "b")),
        null, null);
    Outbox.Batch batch = o.createBatch("w", "shop/stock", "key-1", o.claimType("w", "shop/stock", 10, true));
    // Dead together when the retry budget runs out: the vendor may have applied the batch.
    assertThat(o.failBatch(batch, "w", Outbox.Failure.retry("UNAVAILABLE", "503", null, Duration.ZERO))).isTrue();
    assertThat(o.status().dead()).isEqualTo(2);

    assertThat(o.replay(batch.events().get(1).id())).isTrue();

    Outbox.Batch resent = o.claimOpenBatch("w", "shop/stock");
    assertThat(resent).isNotNull();
    assertThat(resent.idempotencyKey()).isEqualTo("key-1");
    assertThat(resent.events()).hasSize(2);
    assertThat(o.status().dead()).isZero();
  }
}
