package dev.posbridge.core.sync;

import java.time.Instant;

/**
 * An event that failed every attempt and waits for a person: fix the cause, then
 * {@link Outbox#replay(long)} it.
 *
 * @param id the outbox id
 * @param event the event
 * @param attempts how many attempts were made
 * @param lastError the last failure's message (no secrets or personal data: exception messages
 *     of posbridge are written that way)
 * @param failedAt when it was dead-lettered
 */
public record DeadLetter(long id, OutboxEvent event, int attempts, String lastError, Instant failedAt) {

  /**
   * Validates the components.
   *
   * @param id the id
   * @param event the event
   * @param attempts the attempts
   * @param lastError the last error
   * @param failedAt when it failed
   * @throws IllegalArgumentException if a component is missing
   */
  public DeadLetter {
    if (event == null || lastError == null || failedAt == null) {
      throw new IllegalArgumentException("event, lastError and failedAt must not be null");
    }
  }
}
