package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.spi.DataGuard;
import dev.posbridge.core.spi.Json;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** Reads QBO JSON values strictly: malformed values fail with InvalidResponseException. */
final class Nodes {

  private Nodes() {}

  static @Nullable String text(@Nullable JsonNode node, String field) {
    JsonNode v = Json.value(node, field);
    if (v == null) {
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
    JsonNode v = Json.value(node, field);
    if (v == null) {
      return null;
    }
    try {
      return Json.decimal(v, field);
    } catch (IllegalArgumentException e) {
      throw QboApi.invalid(operation, String.valueOf(e.getMessage()), e);
    }
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
    JsonNode v = Json.value(node, field);
    if (v == null) {
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
    return bounded(node, field, operation, DataGuard::quantity);
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
    return bounded(node, field, operation, DataGuard::amount);
  }

  /** A number (or numeric text) that {@code bounds} accepts, or null when absent. */
  private static @Nullable BigDecimal bounded(
      @Nullable JsonNode node, String field, String operation,
      BiFunction<BigDecimal, String, BigDecimal> bounds) {
    BigDecimal d = decimal(node, field, operation);
    if (d == null) {
      return null;
    }
    try {
      return bounds.apply(d, field);
    } catch (IllegalArgumentException e) {
      throw QboApi.invalid(operation, field + " is out of range", e);
    }
  }
}
