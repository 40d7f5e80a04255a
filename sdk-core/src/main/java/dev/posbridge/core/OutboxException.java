package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/** The outbox's database could not be used. Retryable: the database may come back. */
public class OutboxException extends PosbridgeException {

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the underlying database error, if any
   */
  public OutboxException(String message, @Nullable Throwable cause) {
    super(message, ErrorContext.of("outbox", "jdbc"), true, cause);
  }
}
