package dev.posbridge.core.spi;

import java.time.Duration;

/** Waits between retries; tests inject a recording sleeper so that no test really sleeps. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps with {@link Thread#sleep(long, int)}. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  /**
   * Waits for the given duration.
   *
   * @param duration how long to wait; not negative
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
