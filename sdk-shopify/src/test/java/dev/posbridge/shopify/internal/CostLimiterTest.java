package dev.posbridge.shopify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostLimiterTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final List<Duration> sleeps = new ArrayList<>();
  private final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final CostLimiter limiter = new CostLimiter(clock, d -> {
    sleeps.add(d);
    now = now.plus(d);
  });

  @Test
  void waitsForTheRestoreRateToCoverTheLastRequestedCost() throws Exception {
    limiter.observe("Orders", new CostLimiter.Cost(60, 100, 10, 50));

    limiter.acquire("Orders");

    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void doesNotWaitWhileTheBucketHasRoom() throws Exception {
    limiter.observe("Orders", new CostLimiter.Cost(60, 1000, 900, 50));

    limiter.acquire("Orders");
    limiter.acquire("Orders");

    assertThat(sleeps).isEmpty();
    assertThat(limiter.available()).isEqualTo(780);
  }

  @Test
  void refillsWithTimeUpToTheMaximum() throws Exception {
    limiter.observe("Orders", new CostLimiter.Cost(60, 100, 0, 50));
    now = now.plusSeconds(10);

    assertThat(limiter.available()).isEqualTo(100);
    limiter.acquire("Orders");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void unknownOperationsAssumeADefaultCost() throws Exception {
    limiter.observe("Other", new CostLimiter.Cost(10, 100, 50, 50));

    limiter.acquire("Orders");

    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void throttledWaitIsTheMissingPointsOverTheRestoreRate() {
    assertThat(limiter.throttledWait(new CostLimiter.Cost(70, 1000, 20, 100)))
        .isEqualTo(Duration.ofMillis(500));
    assertThat(limiter.throttledWait(new CostLimiter.Cost(70, 1000, 90, 100)))
        .isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void aCostAboveTheBucketWaitsOnlyForAFullBucket() throws Exception {
    limiter.observe("Huge", new CostLimiter.Cost(5000, 1000, 0, 100));

    limiter.acquire("Huge");

    assertThat(sleeps).containsExactly(Duration.ofSeconds(10));
  }
}
