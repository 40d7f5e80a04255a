package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.spi.DataGuard;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** Reads QBO JSON values strictly: malformed values fail with InvalidResponseException. */
final class Nodes {

  private Nodes() {}

  static @Nullable String text(@Nullable JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw QboApi.invalid("read", field + " is not a value");
    }
    String s = v.asText();
    return s.isBlank() ? null : s;
  }

  static String requireText(JsonNode node, String field, String operation) {
    String s = text(node, field);
    if (s == null) {
      throw QboApi.invalid(operation, "missing " + field);
    }
    return s;
  }

  static @Nullable String refValue(@Nullable JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode ref = node.get(field);
    return ref == null || !ref.isObject() ? null : text(ref, "value");
  }

  static @Nullable BigDecimal decimal(@Nullable JsonNode node, String field, String operation) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isTextual()) {
      try {
        return new BigDecimal(v.asText().trim());
      } catch (NumberFormatException e) {
        throw QboApi.invalid(operation, field + " is not a number", e);
      }
    }
    throw QboApi.invalid(operation, field + " is not a number");
  }

  static @Nullable Instant time(@Nullable JsonNode node, String field, String operation) {
    String s = text(node, field);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeException e2) {
        throw QboApi.invalid(operation, field + " is not a timestamp", e);
      }
    }
  }

  static @Nullable Instant lastUpdated(JsonNode entity, String operation) {
    return time(entity.get("MetaData"), "LastUpdatedTime", operation);
  }

  static @Nullable Instant created(JsonNode entity, String operation) {
    return time(entity.get("MetaData"), "CreateTime", operation);
  }

  static boolean bool(@Nullable JsonNode node, String field) {
    if (node == null) {
      return false;
    }
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual() && ("true".equalsIgnoreCase(v.asText()) || "false".equalsIgnoreCase(v.asText()))) {
      return "true".equalsIgnoreCase(v.asText());
    }
    throw QboApi.invalid("read", field + " is not a boolean");
  }

  /**
   * Reads a stock quantity strictly: a number (or numeric text) within the model's bounds.
   *
   * @param node the object
   * @param field the field, e.g. {@code QtyOnHand}
   * @param operation for errors
   * @return the quantity, or null when absent
   */
  static @Nullable BigDecimal quantity(@Nullable JsonNode node, String field, String operation) {
    BigDecimal q = decimal(node, field, operation);
    if (q == null) {
      return null;
    }
    try {
      return DataGuard.quantity(q, field);
    } catch (IllegalArgumentException e) {
      throw QboApi.invalid(operation, field + " is out of range", e);
    }
  }

  /**
   * Reads an amount strictly: a number (or numeric text) within the model's bounds for money.
   *
   * @param node the object
   * @param field the field, e.g. {@code UnitPrice}
   * @param operation for errors
   * @return the amount, or null when absent
   */
  static @Nullable BigDecimal amount(@Nullable JsonNode node, String field, String operation) {
    BigDecimal a = decimal(node, field, operation);
    if (a == null) {
      return null;
    }
    try {
      return DataGuard.amount(a, field);
    } catch (IllegalArgumentException e) {
      throw QboApi.invalid(operation, field + " is out of range", e);
    }
  }
}
