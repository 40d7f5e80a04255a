package dev.posbridge.core.webhook;

import dev.posbridge.core.model.ChangeEvent;
import java.time.Instant;
import java.util.List;

/**
 * A verified, first-seen webhook delivery in canonical form.
 *
 * @param system the vendor system
 * @param eventId the vendor's event id (the de-duplication key)
 * @param topic the vendor's event type or topic, e.g. {@code "order.updated"}
 * @param createdAt when the vendor created the event
 * @param attempt the vendor's delivery attempt number, {@code 0} for the first delivery
 * @param changes the canonical changes the event reports (usually one; batch events may carry more)
 */
public record WebhookEvent(
    String system, String eventId, String topic, Instant createdAt, int attempt,
    List<ChangeEvent> changes) {

  /**
   * Validates the components.
   *
   * @param system the system
   * @param eventId the event id
   * @param topic the topic
   * @param createdAt the creation time
   * @param attempt the attempt number
   * @param changes the changes
   * @throws IllegalArgumentException if a component is missing or the attempt negative
   */
  public WebhookEvent {
    if (system == null || system.isBlank() || eventId == null || eventId.isBlank()
        || topic == null || topic.isBlank() || createdAt == null || changes == null) {
      throw new IllegalArgumentException("system, eventId, topic, createdAt, changes are required");
    }
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative: " + attempt);
    }
    changes = List.copyOf(changes);
  }
}
