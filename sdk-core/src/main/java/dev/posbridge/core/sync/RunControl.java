package dev.posbridge.core.sync;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the delivery workers (or the event bus) of one run of a pipeline see of it. Each run has
 * its own flag, so that a thread of a stopped run that is still finishing a call never takes the
 * next run's start as its own.
 */
final class RunControl implements DeliveryWorker.Control {

  private final AtomicBoolean live;
  private final SinkGuard guard;
  private final Function<String, Duration> retryBudgets;
  private final Duration suspendedDelay;
  /** What a local submit notifies to wake idle workers. */
  private final Object wake;
  private final PipelineHealth health;

  RunControl(AtomicBoolean live, SinkGuard guard, Function<String, Duration> retryBudgets,
      Duration suspendedDelay, Object wake, PipelineHealth health) {
    this.live = live;
    this.guard = guard;
    this.retryBudgets = retryBudgets;
    this.suspendedDelay = suspendedDelay;
    this.wake = wake;
    this.health = health;
  }

  @Override
  public boolean running() {
    return live.get();
  }

  @Override
  public SinkGuard guard() {
    return guard;
  }

  @Override
  public Duration retryBudget(String sink) {
    return retryBudgets.apply(sink);
  }

  @Override
  public Duration suspendedDelay() {
    return suspendedDelay;
  }

  @Override
  @SuppressWarnings("WaitNotInLoop") // an idle pause: waking early (spuriously) is harmless here
  public void idleWait(long millis) throws InterruptedException {
    synchronized (wake) {
      if (live.get()) {
        wake.wait(Math.max(1, millis));
      }
    }
  }

  @Override
  public void died(String worker, @Nullable Throwable cause) {
    health.failed(worker, cause);
  }
}
