package dev.posbridge.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimiterTest {


  @Test
  void maxConcurrentIsNeverExceededUnderSixteenThreads() throws Exception {
    RateLimiter limiter = RateLimiter.maxConcurrent(3);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      futures.add(pool.submit(() -> {
        go.await();
        for (int j = 0; j < 20; j++) {
          RateLimiter.Permit permit = limiter.acquire("op");
          try {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.yield();
          } finally {
            inFlight.decrementAndGet();
            permit.release(200, Map.of());
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(peak.get()).isBetween(1, 3);
  }

  @Test
  void releasingAPermitTwiceFreesOnlyOneSlot() throws Exception {
    RateLimiter limiter = RateLimiter.maxConcurrent(1);
    RateLimiter.Permit p = limiter.acquire("op");
    p.release(0, Map.of());
    p.release(0, Map.of());
    limiter.acquire("op");
    Thread t = new Thread(() -> {
      try {
        limiter.acquire("op");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    t.start();
    t.join(200);
    assertThat(t.isAlive()).isTrue();
    t.interrupt();
    t.join();
  }

  @Test
  void tokenBucketLetsTheBurstThroughThenWaitsInArrivalOrder() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    List<Duration> waits = new CopyOnWriteArrayList<>();
    RateLimiter bucket = new TokenBucketRateLimiter(2.0, 2, clock, waits::add);

    for (int i = 0; i < 4; i++) {
      bucket.acquire("op");
    }
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));

    waits.clear();
    clock.advance(Duration.ofSeconds(10));
    bucket.acquire("op");
    bucket.acquire("op");
    assertThat(waits).isEmpty();
  }

  @Test
  void compositeAcquiresAllAndReleasesInReverseOrder() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    RateLimiter a = op -> {
      log.add("acquire a");
      return (s, h) -> log.add("release a " + s);
    };
    RateLimiter b = op -> {
      log.add("acquire b");
      return (s, h) -> log.add("release b " + s);
    };

    RateLimiter.all(a, b).acquire("op").release(429, Map.of());

    assertThat(log).containsExactly("acquire a", "acquire b", "release b 429", "release a 429");
  }

  @Test
  void unlimitedNeverBlocks() throws Exception {
    RateLimiter.unlimited().acquire("op").release(200, Map.of());
    RateLimiter.perSecond(1000).acquire("op").release(200, Map.of());
  }
}
