package dev.posbridge.kafka.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.sync.OutboxEvent;
import org.jspecify.annotations.Nullable;

/**
 * The JSON value of a bus record: one outbox delivery, versioned.
 *
 * <pre>{@code
 * {"schema":1,"type":"quickbooks/sale","orderingKey":"quickbooks|sale:square/order/O1",
 *  "dedupeKey":"pb...","outboxId":42,"payload":{...the delivery's envelope...}}
 * }</pre>
 *
 * <p>The record key is the ordering key. {@code payload} holds the outbox payload as JSON when it
 * is a JSON object, otherwise {@code payloadText} holds it verbatim. Readers take the fields they
 * know and ignore the others, so a newer writer may add fields; a record without a schema version
 * or without the required fields is unreadable (dead-lettered).
 */
public final class BusRecord {

  /** The schema version this code writes. */
  public static final int SCHEMA = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BusRecord() {}

  /**
   * Encodes an outbox delivery.
   *
   * @param event the delivery
   * @param outboxId its id in the relaying outbox, for tracing
   * @return the JSON text
   */
  public static String encode(OutboxEvent event, long outboxId) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("type", event.type());
    root.put("orderingKey", event.orderingKey());
    if (event.dedupeKey() != null) {
      root.put("dedupeKey", event.dedupeKey());
    }
    root.put("outboxId", outboxId);
    JsonNode payload = parseObject(event.payload());
    if (payload != null) {
      root.set("payload", payload);
    } else {
      root.put("payloadText", event.payload());
    }
    return root.toString();
  }

  /**
   * Decodes a record value.
   *
   * @param json the value
   * @return the delivery
   * @throws IllegalArgumentException if it is not a readable bus record
   */
  public static OutboxEvent decode(@Nullable String json) {
    if (json == null) {
      throw new IllegalArgumentException("bus record has no value");
    }
    JsonNode root = parseObject(json);
    if (root == null) {
      throw new IllegalArgumentException("bus record is not a JSON object");
    }
    if (!root.path("schema").canConvertToInt() || root.path("schema").asInt() < 1) {
      throw new IllegalArgumentException("bus record has no schema version");
    }
    String type = text(root, "type");
    String key = text(root, "orderingKey");
    String payload;
    if (root.path("payload").isObject()) {
      payload = root.get("payload").toString();
    } else if (root.path("payloadText").isTextual()) {
      payload = root.get("payloadText").asText();
    } else {
      throw new IllegalArgumentException("bus record has no payload");
    }
    JsonNode dedupe = root.get("dedupeKey");
    return new OutboxEvent(key, type, payload, dedupe != null && dedupe.isTextual() ? dedupe.asText() : null);
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new IllegalArgumentException("bus record has no " + field);
    }
    return n.asText();
  }

  private static @Nullable JsonNode parseObject(String text) {
    try {
      JsonNode n = MAPPER.readTree(text);
      return n != null && n.isObject() ? n : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
