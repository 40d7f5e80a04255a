package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * The outbox's database could not be used (component {@code "outbox"}, operation {@code
 * "jdbc"}): a local failure, never a vendor's. Retryable: the database may come back.
 */
public class OutboxException extends LocalException {

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the underlying database error, if any
   */
  public OutboxException(String message, @Nullable Throwable cause) {
    super(message, "outbox", "jdbc", true, cause);
  }
}
