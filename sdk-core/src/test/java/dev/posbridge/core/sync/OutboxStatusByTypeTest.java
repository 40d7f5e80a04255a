package dev.posbridge.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxStatusByTypeTest {

  @TempDir Path dir;

  @Test
  void countsPendingInFlightDeadAndDeliveredPerTypeAndTheOldestWaitOfEach() {
    MutableClock clock = new MutableClock();
    try (Outbox outbox = Outbox.builder().sqlite(dir.resolve("o.db")).clock(clock).maxAttempts(1)
        .lease(Duration.ofSeconds(30)).build()) {
      outbox.enqueue(OutboxEvent.of("a", "books/sale", "{}"));
      clock.advance(Duration.ofSeconds(10));
      outbox.enqueue(List.of(OutboxEvent.of("b", "books/sale", "{}"), OutboxEvent.of("c", "erp/sale", "{}"),
          OutboxEvent.of("d", "erp/sale", "{}")), null, null);
      List<ClaimedEvent> claimed = outbox.claim("w", 10);
      long erpDead = claimed.stream().filter(c -> c.event().orderingKey().equals("c")).findFirst().orElseThrow().id();
      long erpDone = claimed.stream().filter(c -> c.event().orderingKey().equals("d")).findFirst().orElseThrow().id();
      outbox.fail(erpDead, "w", "ValidationException: x(UNMAPPED_SKU: SKU Q)", true);
      outbox.complete(erpDone, "w");
      clock.advance(Duration.ofSeconds(5));

      Map<String, OutboxStatus> byType = outbox.statusByType();

      assertThat(byType).containsOnlyKeys("books/sale", "erp/sale");
      OutboxStatus books = byType.get("books/sale");
      assertThat(books.pending()).isEqualTo(2);
      assertThat(books.inFlight()).isEqualTo(2);
      assertThat(books.oldestPendingAge()).isEqualTo(Duration.ofSeconds(15));
      OutboxStatus erp = byType.get("erp/sale");
      assertThat(erp.pending()).isZero();
      assertThat(erp.dead()).isEqualTo(1);
      assertThat(erp.delivered()).isEqualTo(1);
      assertThat(erp.oldestPendingAge()).isZero();
      OutboxStatus all = outbox.status();
      assertThat(byType.values().stream().mapToLong(OutboxStatus::pending).sum()).isEqualTo(all.pending());
      assertThat(byType.values().stream().mapToLong(OutboxStatus::dead).sum()).isEqualTo(all.dead());
    }
  }
}
