package dev.posbridge.square.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.core.webhook.WebhookEvent;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Parses Square's webhook envelope (docs/vendors/square.md) into canonical change events. */
public final class WebhookParser {

  private static final String SYSTEM = ExternalRef.SQUARE;
  private static final ObjectMapper MAPPER = SquareJson.create();

  private WebhookParser() {}

  /**
   * Parses a verified body.
   *
   * @param body the raw body
   * @param attempt the delivery attempt
   * @return the event
   * @throws WebhookRejectedException with MALFORMED if the body is not a Square event
   */
  public static WebhookEvent parse(byte[] body, int attempt) {
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("body is not a JSON object");
      }
      String eventId = text(root, "event_id");
      String type = text(root, "type");
      String created = text(root, "created_at");
      if (eventId == null || type == null || created == null) {
        throw new IllegalArgumentException("event_id, type and created_at are required");
      }
      Instant at = SalesMapper.require(Convert.time(created), "created_at");
      JsonNode data = root.path("data");
      List<ChangeEvent> changes = List.of(change(eventId, type, at, data));
      return new WebhookEvent(SYSTEM, eventId, type, at, attempt, changes);
    } catch (IOException | IllegalArgumentException | DateTimeException | PosbridgeException e) {
      if (e instanceof WebhookRejectedException w) {
        throw w;
      }
      throw new WebhookRejectedException(WebhookRejectedException.Reason.MALFORMED,
          "not a Square event: " + e.getClass().getSimpleName(), SYSTEM, e);
    }
  }

  private static ChangeEvent change(String eventId, String type, Instant at, JsonNode data)
      throws IOException {
    String dataId = text(data, "id");
    JsonNode object = data.path("object");
    boolean deleted = data.path("deleted").asBoolean(false) || type.endsWith(".deleted");
    if (type.startsWith("order.")) {
      JsonNode summary = object.path(text(data, "type") == null ? "" : text(data, "type"));
      String orderId = text(summary, "order_id") != null ? text(summary, "order_id") : dataId;
      JsonNode v = summary.get("version");
      ExternalRef subject = new ExternalRef(SYSTEM, "order", required(orderId, "order id"),
          v == null || v.isNull() ? null : v.asText());
      return new ChangeEvent(SYSTEM, eventId, ChangeType.SALE, type, subject, deleted, at, null, null,
          List.of(), null);
    }
    if (type.startsWith("payment.")) {
      JsonNode p = object.path("payment");
      String id = text(p, "id") != null ? text(p, "id") : dataId;
      return new ChangeEvent(SYSTEM, eventId, ChangeType.PAYMENT, type,
          ExternalRef.of(SYSTEM, "payment", required(id, "payment id")), deleted, at, null, null,
          List.of(), null);
    }
    if (type.startsWith("refund.")) {
      Dto.SqRefund r = MAPPER.treeToValue(object.path("refund"), Dto.SqRefund.class);
      Refund refund = r == null ? null : SalesMapper.paymentRefund(r, "webhook");
      String id = refund != null ? refund.ref().id() : dataId;
      return new ChangeEvent(SYSTEM, eventId, ChangeType.REFUND, type,
          ExternalRef.of(SYSTEM, "refund", required(id, "refund id")), deleted, at, null, refund,
          List.of(), null);
    }
    if (type.equals("inventory.count.updated")) {
      List<StockLevel> levels = new ArrayList<>();
      for (JsonNode n : object.path("inventory_counts")) {
        Dto.SqInventoryCount c = MAPPER.treeToValue(n, Dto.SqInventoryCount.class);
        if (c != null && (c.state() == null || "IN_STOCK".equals(c.state()))) {
          levels.add(RecordMapper.stockLevel(c, null, "webhook"));
        }
      }
      String subjectId = dataId != null ? dataId : eventId;
      return new ChangeEvent(SYSTEM, eventId, ChangeType.STOCK, type,
          ExternalRef.of(SYSTEM, "inventory_counts", subjectId), false, at, null, null, levels, null);
    }
    if (type.startsWith("customer.")) {
      JsonNode cn = object.path("customer");
      Customer customer = null;
      if (cn.isObject()) {
        Dto.SqCustomer c = MAPPER.treeToValue(cn, Dto.SqCustomer.class);
        if (c != null && hasIdentity(c)) {
          customer = RecordMapper.customer(c, "webhook");
        }
      }
      String id = text(cn, "id") != null ? text(cn, "id") : dataId;
      return new ChangeEvent(SYSTEM, eventId, ChangeType.CUSTOMER, type,
          ExternalRef.of(SYSTEM, "customer", required(id, "customer id")), deleted, at, null, null,
          List.of(), customer);
    }
    if (type.startsWith("catalog.")) {
      return ChangeEvent.summary(SYSTEM, eventId, ChangeType.CATALOG, type,
          ExternalRef.of(SYSTEM, "catalog", dataId != null ? dataId : "catalog"), at);
    }
    String dataType = text(data, "type");
    return new ChangeEvent(SYSTEM, eventId, ChangeType.OTHER, type,
        ExternalRef.of(SYSTEM, dataType != null ? dataType : "event", dataId != null ? dataId : eventId),
        deleted, at, null, null, List.of(), null);
  }

  private static boolean hasIdentity(Dto.SqCustomer c) {
    return c.givenName() != null || c.familyName() != null || c.companyName() != null
        || c.emailAddress() != null || c.phoneNumber() != null;
  }

  private static String required(@Nullable String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return s;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }
}
