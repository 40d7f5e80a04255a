package dev.posbridge.core.spi;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/** Stopping the threads a pipeline or an event bus started. */
public final class Threads {

  private Threads() {}

  /**
   * Waits for threads to end until a deadline, then interrupts those still alive. If the calling
   * thread is interrupted while waiting, it stops waiting and keeps its interrupt flag set.
   *
   * @param threads the threads, asked to stop beforehand
   * @param deadlineNanos the {@link System#nanoTime()} after which no thread is waited for
   * @return {@code true} if every thread ended in time
   */
  public static boolean joinUntil(Collection<Thread> threads, long deadlineNanos) {
    boolean clean = true;
    for (Thread t : threads) {
      try {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left > 0) {
          t.join(left);
        }
        if (t.isAlive()) {
          clean = false;
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return clean;
  }
}
