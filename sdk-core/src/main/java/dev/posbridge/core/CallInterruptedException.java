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
 */
public class CallInterruptedException extends PosbridgeException {

  /**
   * Creates the exception.
   *
   * @param message what was interrupted
   * @param context where
   * @param cause the {@link InterruptedException} or interrupted I/O, if any
   */
  public CallInterruptedException(String message, ErrorContext context, @Nullable Throwable cause) {
    super(message, context, true, cause);
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
