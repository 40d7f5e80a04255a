package dev.posbridge.core.sync;

import org.jspecify.annotations.Nullable;

/**
 * An event to store in the {@link Outbox}.
 *
 * @param orderingKey events with the same key are delivered one at a time, in enqueue order (e.g.
 *     {@code "sku:LATTE-12@store-1"} or {@code "sale:square/order/X"}); at most 255 characters
 * @param type what the event is, e.g. {@code "sale"}, used by workers to route it; at most 64
 *     characters
 * @param payload the event body, typically JSON
 * @param dedupeKey a key that makes enqueueing idempotent: a second event with the same key is not
 *     stored (e.g. the vendor's webhook event id); {@code null} for none; at most 255 characters
 */
public record OutboxEvent(String orderingKey, String type, String payload, @Nullable String dedupeKey) {

  /**
   * Validates the components.
   *
   * @param orderingKey the ordering key
   * @param type the type
   * @param payload the payload
   * @param dedupeKey the dedupe key, if any
   * @throws IllegalArgumentException if a required part is blank or too long
   */
  public OutboxEvent {
    requireText(orderingKey, "orderingKey", 255);
    requireText(type, "type", 64);
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null");
    }
    if (dedupeKey != null) {
      requireText(dedupeKey, "dedupeKey", 255);
    }
  }

  /**
   * Creates an event without a dedupe key.
   *
   * @param orderingKey the ordering key
   * @param type the type
   * @param payload the payload
   * @return the event
   */
  public static OutboxEvent of(String orderingKey, String type, String payload) {
    return new OutboxEvent(orderingKey, type, payload, null);
  }

  private static void requireText(@Nullable String value, String field, int max) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(field + " must be at most " + max + " characters: " + value.length());
    }
  }
}
