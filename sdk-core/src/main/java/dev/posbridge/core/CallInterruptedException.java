package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * The calling thread was interrupted while it waited (for a rate limiter, a retry delay, a
 * vendor's cost budget) or while a call was in flight. The thread's interrupt flag is set again
 * when this is thrown.
 *
 * <p>An interrupt says nothing about the call itself: it may not have been sent, or it may have
 * been applied without an answer. Repeating it under the same idempotency key is safe, so the
 * exception is {@linkplain #isRetryable() retryable}; the sync pipeline gives such a delivery back
 * without counting an attempt and never dead-letters it.
 *
 * <p>A {@link LocalException}: the interrupt came from this process, not from the vendor.
 */
public class CallInterruptedException extends LocalException {

  /**
   * Creates the exception.
   *
   * @param message what was interrupted
   * @param component what was waiting, e.g. {@code "square-client"}
   * @param operation the operation it was waiting in, e.g. {@code "SearchOrders"}
   * @param cause the {@link InterruptedException} or interrupted I/O, if any
   * @throws IllegalArgumentException if {@code component} or {@code operation} is blank
   */
  public CallInterruptedException(
      String message, String component, String operation, @Nullable Throwable cause) {
    super(message, component, operation, true, cause);
  }

  /**
   * Tells whether a failure was caused by an interrupt of the thread: this exception, an {@link
   * InterruptedException}, a {@link java.nio.channels.ClosedByInterruptException} or interrupted
   * I/O anywhere in its cause chain. A socket time-out, though an {@link
   * java.io.InterruptedIOException} in Java's hierarchy, is not an interrupt.
   *
   * @param failure the failure
   * @return {@code true} if an interrupt caused it
   */
  public static boolean causedBy(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof CallInterruptedException
          || t instanceof InterruptedException
          || t instanceof java.nio.channels.ClosedByInterruptException
          || t.getClass() == java.io.InterruptedIOException.class) {
        return true;
      }
    }
    return false;
  }
}
