package dev.posbridge.shopify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.spi.DataGuard;
import dev.posbridge.core.spi.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Strict readers for Shopify JSON: a missing required value or a malformed one throws
 * {@link IllegalArgumentException} naming the field, which the mappers turn into an
 * {@code InvalidResponseException} with context.
 */
final class Nodes {

  private Nodes() {}

  static String text(JsonNode parent, String field) {
    JsonNode n = parent.path(field);
    if (!n.isTextual() || n.asText().isBlank()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return n.asText();
  }

  static @Nullable String optText(JsonNode parent, String field) {
    JsonNode n = parent.path(field);
    if (n.isContainerNode()) {
      throw new IllegalArgumentException(field + " is not a string");
    }
    return n.isValueNode() && !n.isNull() && !n.asText().isBlank() ? n.asText() : null;
  }

  static @Nullable String optId(JsonNode parent, String objectField) {
    return optText(parent.path(objectField), "id");
  }

  static boolean bool(JsonNode parent, String field) {
    return Boolean.TRUE.equals(
        Json.typed(parent, field, JsonNode::isBoolean, "a boolean", JsonNode::booleanValue));
  }

  static Instant instant(JsonNode parent, String field) {
    Instant i = optInstant(parent, field);
    if (i == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return i;
  }

  static @Nullable Instant optInstant(JsonNode parent, String field) {
    String s = optText(parent, field);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " is not an ISO 8601 date-time: " + DataGuard.quote(s), e);
    }
  }

  static BigDecimal decimal(JsonNode parent, String field) {
    JsonNode n = Json.value(parent, field);
    if (n == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return Json.decimal(n, field);
  }

  static @Nullable BigDecimal optInt(JsonNode parent, String field) {
    return Json.typed(parent, field, JsonNode::isIntegralNumber, "an integer", JsonNode::decimalValue);
  }

  /**
   * Reads a {@code MoneyBag}'s shop-currency amount.
   *
   * @param parent the object holding the bag
   * @param field the bag's field, e.g. {@code totalPriceSet}
   * @param currency the shop currency every amount must be in
   * @return the money
   */
  static Money money(JsonNode parent, String field, Currency currency) {
    JsonNode bag = parent.path(field);
    if (!bag.isObject()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return moneyV2(bag.path("shopMoney"), field + ".shopMoney", currency);
  }

  static Money optMoney(JsonNode parent, String field, Currency currency) {
    JsonNode bag = parent.path(field);
    return bag.isObject() ? money(parent, field, currency) : Money.zero(currency);
  }

  static Money moneyV2(JsonNode m, String what, Currency currency) {
    if (!m.isObject()) {
      throw new IllegalArgumentException("missing " + what);
    }
    Currency c = Money.currency(text(m, "currencyCode"));
    if (!c.equals(currency)) {
      throw new IllegalArgumentException(what + " is in " + c + ", not the shop currency " + currency);
    }
    return Money.of(decimal(m, "amount"), currency);
  }

  /**
   * The elements of an array: absent or null is empty; anything else that is not an array, or a
   * null or non-object element, is invalid vendor data (never skipped).
   *
   * @param n the array node
   * @param field the field's name, for the message
   * @return the elements
   * @throws InvalidResponseException naming the field and index
   */
  static List<JsonNode> list(JsonNode n, String field) {
    List<JsonNode> out = new ArrayList<>();
    if (n.isMissingNode() || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw malformed(field + " is not an array");
    }
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (e == null || !e.isObject()) {
        throw malformed(field + "[" + i + "] is " + (e == null || e.isNull() ? "null" : "not an object"));
      }
      out.add(e);
    }
    return out;
  }

  /**
   * The {@code nodes} of a connection, or the elements of a plain list.
   *
   * @param connectionOrList the connection or list
   * @param field the field's name, for the message
   * @return the elements
   * @throws InvalidResponseException if malformed
   */
  static List<JsonNode> nodes(JsonNode connectionOrList, String field) {
    if (connectionOrList.isArray()) {
      return list(connectionOrList, field);
    }
    if (!connectionOrList.isMissingNode() && !connectionOrList.isNull() && !connectionOrList.isObject()) {
      throw malformed(field + " is not a connection");
    }
    return list(connectionOrList.path("nodes"), field + ".nodes");
  }

  /** {@link #list(JsonNode, String)} for callers that do not name the field. */
  static List<JsonNode> list(JsonNode n) {
    return list(n, "array");
  }

  /** {@link #nodes(JsonNode, String)} for callers that do not name the field. */
  static List<JsonNode> nodes(JsonNode connectionOrList) {
    return nodes(connectionOrList, "connection");
  }

  /**
   * Reads a whole-number quantity strictly: an integer within the model's bounds.
   *
   * @param parent the object
   * @param field the field
   * @return the quantity
   * @throws IllegalArgumentException if missing, fractional, not a number or out of range
   */
  static BigDecimal quantity(JsonNode parent, String field) {
    BigDecimal q = optInt(parent, field);
    if (q == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return DataGuard.quantity(q, field);
  }

  static InvalidResponseException malformed(String message) {
    return new InvalidResponseException("Shopify answered malformed data: " + message,
        ErrorContext.of(ExternalRef.SHOPIFY, "read"), "", null);
  }

  static ExternalRef ref(String type, String gid) {
    return ExternalRef.of(ExternalRef.SHOPIFY, type, gid);
  }

  static @Nullable ExternalRef optRef(String type, @Nullable String gid) {
    return gid == null ? null : ref(type, gid);
  }

  /**
   * Builds a GID from a GID or a bare numeric id.
   *
   * @param type the GID type, e.g. {@code Location}
   * @param id a GID or a number
   * @return the GID
   */
  static String gid(String type, String id) {
    String s = id.trim();
    if (s.startsWith("gid://")) {
      return s;
    }
    if (!s.matches("[0-9]+")) {
      throw new IllegalArgumentException("not a Shopify " + type + " id: " + DataGuard.quote(s));
    }
    return "gid://shopify/" + type + "/" + s;
  }

  /** The number at the end of a Shopify GID (its {@code legacyResourceId}). */
  static String legacyId(String gid) {
    int slash = gid.lastIndexOf('/');
    String tail = slash < 0 ? gid : gid.substring(slash + 1);
    int q = tail.indexOf('?');
    tail = q < 0 ? tail : tail.substring(0, q);
    if (!tail.matches("[0-9]+")) {
      throw new IllegalArgumentException("not a numeric Shopify id: " + DataGuard.quote(gid));
    }
    return tail;
  }
}
