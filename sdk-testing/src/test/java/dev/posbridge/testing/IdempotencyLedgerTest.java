package dev.posbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyLedgerTest {

  private final SimClock clock = SimClock.fixed(Instant.parse("2025-01-01T00:00:00Z"));
  private final IdempotencyLedger ledger = new IdempotencyLedger(clock, Duration.ofHours(24));
  private final AtomicInteger effects = new AtomicInteger();

  private SimResponse apply() {
    return SimResponse.json(200, java.util.Map.of("n", effects.incrementAndGet()));
  }

  @Test
  void sameKeyAndFingerprintReplaysTheStoredResponseWithoutASecondEffect() {
    SimResponse first = ledger.replayOrRun("s", "k", "fp", this::apply);
    SimResponse second = ledger.replayOrRun("s", "k", "fp", this::apply);

    assertThat(second.body()).isEqualTo(first.body());
    assertThat(effects).hasValue(1);
    assertThat(ledger.replays()).isEqualTo(1);
    assertThat(ledger.find("s", "k")).get().extracting(IdempotencyLedger.Entry::fingerprint)
        .isEqualTo("fp");
  }

  @Test
  void sameKeyWithAnotherFingerprintThrowsConflict() {
    ledger.replayOrRun("s", "k", "fp", this::apply);

    assertThatThrownBy(() -> ledger.replayOrRun("s", "k", "other", this::apply))
        .isInstanceOfSatisfying(IdempotencyConflictException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.key()).isEqualTo("k");
          assertThat(e.scope()).isEqualTo("s");
        });
    assertThat(effects).hasValue(1);
  }

  @Test
  void conflictCallbackBuildsTheVendorResponse() {
    ledger.replayOrRun("s", "k", "fp", this::apply);

    SimResponse r = ledger.replayOrRun("s", "k", "other", this::apply,
        previous -> SimResponse.json(400, java.util.Map.of("code", "IDEMPOTENCY_KEY_REUSED",
            "first", previous.fingerprint())));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("first").asText()).isEqualTo("fp");
  }

  @Test
  void keysAreScoped() {
    ledger.replayOrRun("realm-1", "k", "fp", this::apply);
    ledger.replayOrRun("realm-2", "k", "other", this::apply);

    assertThat(effects).hasValue(2);
    assertThat(ledger.size()).isEqualTo(2);
  }

  @Test
  void failedActionStoresNothingSoARetryRunsAgain() {
    assertThatThrownBy(() -> ledger.replayOrRun("s", "k", "fp", () -> {
      throw new SimulatorError(500, "boom");
    })).isInstanceOf(SimulatorError.class);

    ledger.replayOrRun("s", "k", "fp", this::apply);

    assertThat(effects).hasValue(1);
  }

  @Test
  void keysExpireAfterTheRetention() {
    ledger.replayOrRun("s", "k", "fp", this::apply);
    clock.advance(Duration.ofHours(25));

    ledger.replayOrRun("s", "k", "other", this::apply);

    assertThat(effects).hasValue(2);
  }

  @Test
  void concurrentIdenticalRequestsProduceOneEffect() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<SimResponse>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return ledger.replayOrRun("s", "k", "fp", this::apply);
        }));
      }
      go.countDown();
      for (Future<SimResponse> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS).json().path("n").asInt()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(effects).hasValue(1);
    assertThat(ledger.replays()).isEqualTo(threads - 1);
  }

  @Test
  void clearForgetsKeys() {
    ledger.replayOrRun("s", "k", "fp", this::apply);
    ledger.clear();

    ledger.replayOrRun("s", "k", "fp", this::apply);

    assertThat(effects).hasValue(2);
  }
}
