package dev.posbridge.testing;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.testing.internal.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of a JSON value: a request or response body, or a copy of a simulator's stored
 * object. Tests navigate it and read values; nothing changes a view or the simulator behind it.
 *
 * <p>Navigation never fails: {@link #path(String)} and {@link #path(int)} answer a <i>missing</i>
 * view ({@link #isMissingNode()}) for an absent field or index, whose {@link #asText()} is
 * {@code ""} and whose {@link #size()} is 0, so a chain such as
 * {@code body.path("order").path("line_items").path(0).path("quantity").asText()} reads one value
 * without null checks. The names of the reading methods follow the usual JSON tree conventions
 * ({@code asText}, {@code textValue}, {@code decimalValue}, ...). Numbers keep their exact decimal
 * value.
 *
 * <p>Two views are equal when their JSON values are equal (object fields in any order, array
 * elements in order, numbers of the same kind and value). {@link #toString()} is the compact JSON
 * text.
 */
public final class JsonView implements Iterable<JsonView> {

  private static final JsonView MISSING = new JsonView(Json.mapper().missingNode());

  private final JsonNode node;

  /** Wraps a tree that no one else holds or changes (a fresh parse or a deep copy). */
  JsonView(JsonNode node) {
    this.node = node;
  }

  /**
   * Parses JSON text.
   *
   * @param json the JSON text
   * @return the view; a missing view for empty or blank text
   * @throws IllegalArgumentException if the text is not JSON
   */
  public static JsonView parse(String json) {
    if (json.isBlank()) {
      return MISSING;
    }
    try {
      return new JsonView(Json.mapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Converts a Java value the way a simulator would serialise it: maps become objects, lists
   * arrays, records and beans objects, a view inside a map or list its JSON value; a
   * {@code JsonView} is returned as it is, and a JSON tree node is copied.
   *
   * @param value the value; {@code null} becomes JSON {@code null}
   * @return the view of a private copy
   * @throws IllegalArgumentException if the value cannot be serialised
   */
  public static JsonView of(@Nullable Object value) {
    if (value instanceof JsonView v) {
      return v;
    }
    if (value instanceof JsonNode n) {
      return new JsonView(n.deepCopy());
    }
    return new JsonView(Json.mapper().valueToTree(value));
  }

  /** The wrapped tree, for this package's helpers and for serialising a view as its JSON value. */
  @JsonValue
  JsonNode node() {
    return node;
  }

  private static JsonView view(@Nullable JsonNode n) {
    return n == null || n.isMissingNode() ? MISSING : new JsonView(n);
  }

  /**
   * Returns a field of an object.
   *
   * @param field the field name
   * @return the field's value; a missing view if this is not an object or has no such field
   */
  public JsonView path(String field) {
    return view(node.get(field));
  }

  /**
   * Returns an element of an array.
   *
   * @param index the zero-based index
   * @return the element; a missing view if this is not an array or the index is out of range
   */
  public JsonView path(int index) {
    return view(node.get(index));
  }

  /**
   * Returns a field of an object, or {@code null}.
   *
   * @param field the field name
   * @return the field's value, {@code null} if this is not an object or has no such field
   */
  public @Nullable JsonView get(String field) {
    JsonNode n = node.get(field);
    return n == null ? null : new JsonView(n);
  }

  /**
   * Returns an element of an array, or {@code null}.
   *
   * @param index the zero-based index
   * @return the element, {@code null} if this is not an array or the index is out of range
   */
  public @Nullable JsonView get(int index) {
    JsonNode n = node.get(index);
    return n == null ? null : new JsonView(n);
  }

  /**
   * Reads the value at a JSON Pointer, e.g. {@code /order/line_items/0/uid}.
   *
   * @param pointer the JSON Pointer; {@code ""} is this value
   * @return the value; a missing view if there is none
   * @throws IllegalArgumentException if the pointer is malformed
   */
  public JsonView at(String pointer) {
    return view(node.at(pointer));
  }

  /**
   * Tells whether an object has a field (even one whose value is {@code null}).
   *
   * @param field the field name
   * @return whether this is an object with that field
   */
  public boolean has(String field) {
    return node.has(field);
  }

  /**
   * Tells whether an array has an element at an index.
   *
   * @param index the zero-based index
   * @return whether this is an array with that index
   */
  public boolean has(int index) {
    return node.has(index);
  }

  /** @return the number of fields of an object or elements of an array; 0 for anything else */
  public int size() {
    return node.size();
  }

  /** @return whether this is an empty object or array, or not a container at all */
  public boolean isEmpty() {
    return node.size() == 0;
  }

  /** @return whether navigation found nothing here */
  public boolean isMissingNode() {
    return node.isMissingNode();
  }

  /** @return whether this is JSON {@code null} */
  public boolean isNull() {
    return node.isNull();
  }

  /** @return whether this is an object */
  public boolean isObject() {
    return node.isObject();
  }

  /** @return whether this is an array */
  public boolean isArray() {
    return node.isArray();
  }

  /** @return whether this is a string */
  public boolean isTextual() {
    return node.isTextual();
  }

  /** @return whether this is a number */
  public boolean isNumber() {
    return node.isNumber();
  }

  /** @return whether this is {@code true} or {@code false} */
  public boolean isBoolean() {
    return node.isBoolean();
  }

  /**
   * Returns a scalar as text: a string's value, a number's or boolean's JSON text.
   *
   * @return the text; {@code ""} for a container or a missing value, {@code "null"} for null
   */
  public String asText() {
    return node.asText();
  }

  /**
   * Returns a scalar as text, or a default for a missing or {@code null} value.
   *
   * @param defaultValue what to answer for a missing or {@code null} value
   * @return the text or the default
   */
  public String asText(String defaultValue) {
    return node.asText(defaultValue);
  }

  /** @return a string's value; {@code null} if this is not a string */
  public @Nullable String textValue() {
    return node.textValue();
  }

  /** @return the value as an {@code int}, converting strings and numbers; 0 if it has none */
  public int asInt() {
    return node.asInt();
  }

  /**
   * Returns the value as an {@code int}, converting strings and numbers.
   *
   * @param defaultValue what to answer if the value cannot be converted
   * @return the value or the default
   */
  public int asInt(int defaultValue) {
    return node.asInt(defaultValue);
  }

  /** @return the value as a {@code long}, converting strings and numbers; 0 if it has none */
  public long asLong() {
    return node.asLong();
  }

  /**
   * Returns the value as a {@code long}, converting strings and numbers.
   *
   * @param defaultValue what to answer if the value cannot be converted
   * @return the value or the default
   */
  public long asLong(long defaultValue) {
    return node.asLong(defaultValue);
  }

  /** @return the value as a {@code double}, converting strings and numbers; 0 if it has none */
  public double asDouble() {
    return node.asDouble();
  }

  /** @return the value as a {@code boolean}: true for {@code true}, {@code "true"} or a non-zero number */
  public boolean asBoolean() {
    return node.asBoolean();
  }

  /** @return a number's exact value; {@link BigDecimal#ZERO} if this is not a number */
  public BigDecimal decimalValue() {
    return node.decimalValue();
  }

  /** @return a number's value as an {@code int}; 0 if this is not a number */
  public int intValue() {
    return node.intValue();
  }

  /** @return a number's value as a {@code long}; 0 if this is not a number */
  public long longValue() {
    return node.longValue();
  }

  /** @return a boolean's value; {@code false} if this is not a boolean */
  public boolean booleanValue() {
    return node.booleanValue();
  }

  /** @return the field names of an object in document order; none for anything else */
  public List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** @return the elements of an array, or the field values of an object, in order */
  @Override
  public Iterator<JsonView> iterator() {
    Iterator<JsonNode> it = node.elements();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public JsonView next() {
        return new JsonView(it.next());
      }
    };
  }

  /** @return the elements of an array, or the field values of an object, as a stream */
  public Stream<JsonView> stream() {
    return StreamSupport.stream(Spliterators.spliterator(iterator(), node.size(), Spliterator.ORDERED), false);
  }

  /**
   * Binds the value to a type, e.g. a record; unknown fields are ignored.
   *
   * @param type the target type
   * @param <T> the target type
   * @return the bound value
   * @throws IllegalArgumentException if the value does not fit the type
   */
  public <T> T as(Class<T> type) {
    try {
      return Json.mapper().treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** @return the compact JSON text; {@code ""} for a missing value */
  public String toJson() {
    return node.isMissingNode() ? "" : node.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof JsonView v && node.equals(v.node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }

  /** @return the compact JSON text, as {@link #toJson()} */
  @Override
  public String toString() {
    return toJson();
  }
}
