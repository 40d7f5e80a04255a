package dev.posbridge.core.sync;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the delivery workers (or the event bus) of one run of a pipeline see of it. Each run has
 * its own flag, so that a thread of a stopped run that is still finishing a call never takes the
 * next run's start as its own.
 *
 * @param live whether the run is still on
 * @param guard the sinks' circuit state
 * @param retryBudgets each sink's retry budget
 * @param suspendedDelay how long a worker waits while its sink is suspended
 * @param wake what a local submit notifies to wake idle workers
 * @param health the pipeline's health
 */
record RunControl(AtomicBoolean live, SinkGuard guard, Function<String, Duration> retryBudgets,
    Duration suspendedDelay, Object wake, PipelineHealth health) implements DeliveryWorker.Control {

  @Override
  public boolean running() {
    return live.get();
  }

  @Override
  public Duration retryBudget(String sink) {
    return retryBudgets.apply(sink);
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
