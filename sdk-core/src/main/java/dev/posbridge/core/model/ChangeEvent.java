package dev.posbridge.core.model;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A canonical notice that something changed in a vendor system, from a webhook or a change feed.
 *
 * <p>Many vendors send only a summary; then the payload parts are absent and the consumer fetches
 * the object named by {@code subject}. When a vendor sends the object itself, the connector maps it
 * into the matching payload part.
 *
 * @param system the vendor system that reported the change
 * @param eventId the vendor's event id, used for de-duplication
 * @param type what kind of object changed
 * @param rawType the vendor's own event type, e.g. {@code "order.updated"}
 * @param subject the changed object
 * @param deleted whether the object was deleted
 * @param occurredAt when the vendor says the change happened
 * @param sale the changed sale, when the event carried it
 * @param refund the changed refund, when the event carried it
 * @param stockLevels the new stock levels, when the event carried them
 * @param customer the changed customer, when the event carried it
 */
public record ChangeEvent(
    String system,
    String eventId,
    ChangeType type,
    String rawType,
    ExternalRef subject,
    boolean deleted,
    Instant occurredAt,
    @Nullable Sale sale,
    @Nullable Refund refund,
    List<StockLevel> stockLevels,
    @Nullable Customer customer) {

  /**
   * Validates the components.
   *
   * @param system the system
   * @param eventId the event id
   * @param type the kind
   * @param rawType the vendor's event type
   * @param subject the changed object
   * @param deleted whether deleted
   * @param occurredAt when it happened
   * @param sale the sale payload
   * @param refund the refund payload
   * @param stockLevels the stock payload
   * @param customer the customer payload
   * @throws IllegalArgumentException if a required part is missing
   */
  public ChangeEvent {
    Checks.notBlank(system, "system");
    Checks.id(system, "system");
    Checks.notBlank(eventId, "eventId");
    Checks.id(eventId, "eventId");
    Checks.notNull(type, "type");
    Checks.notBlank(rawType, "rawType");
    rawType = Checks.requiredText(rawType, "rawType");
    Checks.notNull(subject, "subject");
    Checks.notNull(occurredAt, "occurredAt");
    stockLevels = Checks.list(stockLevels, "stockLevels");
  }

  /**
   * Creates a summary event without payload.
   *
   * @param system the system
   * @param eventId the event id
   * @param type the kind
   * @param rawType the vendor's event type
   * @param subject the changed object
   * @param occurredAt when it happened
   * @return the event
   */
  public static ChangeEvent summary(
      String system, String eventId, ChangeType type, String rawType, ExternalRef subject,
      Instant occurredAt) {
    return new ChangeEvent(
        system, eventId, type, rawType, subject, false, occurredAt, null, null, List.of(), null);
  }
}
