package dev.posbridge.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The probing of a suspended sink, lane by lane. */
class SinkGuardTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final SinkGuard guard = new SinkGuard(now::get, Duration.ofMillis(20), Duration.ofMillis(50),
      new SyncListener() {});

  @Test
  void aProbeThatFoundNothingInOneLaneIsTakenAtOnceByTheSinksNextLane() {
    guard.failedAsWhole("quickbooks", "OUTAGE", "503");
    assertThat(guard.admit("quickbooks")).as("not yet due").isNull();
    now.addAndGet(20);

    assertThat(guard.admit("quickbooks")).as("the refunds lane gets the probe").isTrue();
    guard.probeDone("quickbooks", false); // nothing was due there
    assertThat(guard.admit("quickbooks")).as("the sales lane, in the same round").isTrue();
    guard.probeDone("quickbooks", true); // it delivered (and its failure or success settles it)

    assertThat(guard.admit("quickbooks")).as("the next probe waits an interval").isNull();
    now.addAndGet(20);
    assertThat(guard.admit("quickbooks")).isTrue();
  }

  @Test
  void oneProbeAtATime() {
    guard.failedAsWhole("netsuite", "AUTH", "401");
    now.addAndGet(20);
    assertThat(guard.admit("netsuite")).isTrue();
    assertThat(guard.admit("netsuite")).as("another worker, while the probe runs").isNull();
    guard.succeeded("netsuite");
    assertThat(guard.admit("netsuite")).as("resumed: deliveries flow normally").isFalse();
  }
}
