package dev.posbridge.shopify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockLevel;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parses Shopify webhook payloads (REST-resource JSON in the subscription's API version) into
 * canonical change events. Orders and refunds become summary events naming the object (read it
 * with the connector for the full sale; a refund's subject is its order, whose refunds are read); {@code inventory_levels/*} carry the new available
 * level; {@code customers/*} carry the customer when the payload names one.
 */
public final class WebhookPayloads {

  private WebhookPayloads() {}

  /**
   * Parses one payload.
   *
   * @param topic the {@code X-Shopify-Topic}, e.g. {@code orders/create}
   * @param eventId the event id
   * @param body the payload
   * @param receivedAt the delivery time, used when the payload has no timestamp
   * @return the change event
   * @throws IllegalArgumentException if the payload lacks what the topic requires
   */
  public static ChangeEvent parse(String topic, String eventId, JsonNode body, Instant receivedAt) {
    String resource = topic.contains("/") ? topic.substring(0, topic.indexOf('/')) : topic;
    String action = topic.contains("/") ? topic.substring(topic.indexOf('/') + 1) : "";
    Instant occurred = Objects.requireNonNullElse(
        time(body, "updated_at", time(body, "created_at", null)), receivedAt);
    switch (resource) {
      case "orders":
        return new ChangeEvent(ShopifyGraphql.SYSTEM, eventId, ChangeType.SALE, topic,
            subject(body, "order", "Order"), action.equals("delete"), occurred, null, null,
            List.of(), null);
      case "refunds": {
        // A refund is read through its order (the payload names it): the subject is the order.
        JsonNode orderId = body.path("order_id");
        ExternalRef subject = orderId.isIntegralNumber() || (orderId.isTextual() && !orderId.asText().isBlank())
            ? Nodes.ref("order", Nodes.gid("Order", orderId.asText()))
            : subject(body, "refund", "Refund");
        return new ChangeEvent(ShopifyGraphql.SYSTEM, eventId, ChangeType.REFUND, topic,
            subject, false, occurred, null, null, List.of(), null);
      }
      case "inventory_levels": {
        String item = Nodes.gid("InventoryItem", id(body, "inventory_item_id"));
        String location = Nodes.gid("Location", id(body, "location_id"));
        JsonNode available = body.path("available");
        List<StockLevel> levels = List.of();
        if (available.isIntegralNumber()) {
          levels = List.of(new StockLevel(Nodes.ref("inventory_item", item), null,
              Nodes.ref("location", location), null, available.decimalValue(), null, occurred));
        }
        return new ChangeEvent(ShopifyGraphql.SYSTEM, eventId, ChangeType.STOCK, topic,
            Nodes.ref("inventory_item", item), action.equals("disconnect"), occurred, null, null,
            levels, null);
      }
      case "inventory_items", "products":
        return new ChangeEvent(ShopifyGraphql.SYSTEM, eventId, ChangeType.CATALOG, topic,
            subject(body, resource.equals("products") ? "product" : "inventory_item",
                resource.equals("products") ? "Product" : "InventoryItem"),
            action.equals("delete"), occurred, null, null, List.of(), null);
      case "customers": {
        ExternalRef subject = subject(body, "customer", "Customer");
        boolean deleted = action.equals("delete");
        return new ChangeEvent(ShopifyGraphql.SYSTEM, eventId, ChangeType.CUSTOMER, topic, subject,
            deleted, occurred, null, null, List.of(), deleted ? null : customer(body, subject));
      }
      default: {
        String gid = Nodes.optText(body, "admin_graphql_api_id");
        ExternalRef subject = gid != null ? Nodes.ref(resource, gid)
            : ExternalRef.of(ShopifyGraphql.SYSTEM, "webhook", eventId);
        return new ChangeEvent(ShopifyGraphql.SYSTEM, eventId, ChangeType.OTHER, topic, subject,
            false, occurred, null, null, List.of(), null);
      }
    }
  }

  /**
   * Returns the time inside a signed payload: {@code updated_at}, else {@code created_at}.
   *
   * @param body the payload
   * @return the time, or {@code null} if the payload carries none
   * @throws IllegalArgumentException if a time is not ISO 8601
   */
  public static @Nullable Instant signedTime(JsonNode body) {
    return time(body, "updated_at", time(body, "created_at", null));
  }

  private static @Nullable Customer customer(JsonNode body, ExternalRef subject) {
    String first = Nodes.optText(body, "first_name");
    String last = Nodes.optText(body, "last_name");
    String email = Nodes.optText(body, "email");
    String phone = Nodes.optText(body, "phone");
    if (first == null && last == null && email == null && phone == null) {
      return null;
    }
    return Customer.builder().putRef(subject).givenName(first).familyName(last).email(email)
        .phone(phone).note(Nodes.optText(body, "note"))
        .createdAt(time(body, "created_at", null)).updatedAt(time(body, "updated_at", null))
        .build();
  }

  private static ExternalRef subject(JsonNode body, String type, String gidType) {
    String gid = Nodes.optText(body, "admin_graphql_api_id");
    return Nodes.ref(type, gid != null ? gid : Nodes.gid(gidType, id(body, "id")));
  }

  private static String id(JsonNode body, String field) {
    JsonNode n = body.path(field);
    if (n.isIntegralNumber() || (n.isTextual() && !n.asText().isBlank())) {
      return n.asText();
    }
    throw new IllegalArgumentException("payload has no " + field);
  }

  private static @Nullable Instant time(JsonNode body, String field, @Nullable Instant fallback) {
    String s = Nodes.optText(body, field);
    if (s == null) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " is not an ISO 8601 date-time", e);
    }
  }
}
