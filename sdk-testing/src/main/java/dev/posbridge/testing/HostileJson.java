package dev.posbridge.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import org.jspecify.annotations.Nullable;

/**
 * Builds hostile variants of a valid vendor payload for tests: replaces (or removes) the value at
 * a path with raw JSON text, which may be anything a vendor could send ({@code 1e999999999},
 * {@code 1500.7}, {@code null}, {@code {}}), and wraps the result as a simulator fault body.
 *
 * <p>Paths are dotted field names with array indexes: {@code orders[0].line_items[1].quantity}.
 */
public final class HostileJson {

  /** Pass as the replacement to remove the field (or array element) instead. */
  public static final String REMOVE = "\u0000remove";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String MARK = "__posbridge_hostile_value_7f3a__";

  private HostileJson() {}

  /**
   * Replaces the value at {@code path} with raw JSON text.
   *
   * @param json the valid payload
   * @param path where to put the hostile value
   * @param rawJson the replacement, as JSON text, or {@link #REMOVE}
   * @return the hostile payload, as JSON text
   * @throws IllegalArgumentException if the payload is not JSON or the path does not exist
   */
  @SuppressWarnings("StringSplitter") // a trailing dot in the path is ignored, as it always was
  public static String mutate(String json, String path, String rawJson) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload is not JSON", e);
    }
    String[] steps = path.split("\\.");
    JsonNode parent = root;
    for (int i = 0; i < steps.length - 1; i++) {
      parent = step(parent, steps[i], path);
    }
    String last = steps[steps.length - 1];
    int bracket = last.indexOf('[');
    if (bracket >= 0) {
      parent = parent.path(last.substring(0, bracket));
      int index = Integer.parseInt(last.substring(bracket + 1, last.length() - 1));
      if (!(parent instanceof ArrayNode a) || index >= a.size()) {
        throw new IllegalArgumentException("no array element at " + path);
      }
      if (REMOVE.equals(rawJson)) {
        a.remove(index);
      } else {
        a.set(index, a.textNode(MARK));
      }
    } else {
      if (!(parent instanceof ObjectNode o)) {
        throw new IllegalArgumentException("no object at " + path);
      }
      if (REMOVE.equals(rawJson)) {
        o.remove(last);
      } else {
        o.put(last, MARK);
      }
    }
    String out = root.toString();
    return REMOVE.equals(rawJson) ? out : out.replace("\"" + MARK + "\"", rawJson);
  }

  /**
   * Wraps JSON text so that a simulator fault sends it verbatim.
   *
   * @param json the JSON text
   * @return a body for {@link SimFault#body(Object)}
   */
  public static Object raw(String json) {
    return new RawValue(json);
  }

  private static JsonNode step(JsonNode node, String step, String path) {
    int bracket = step.indexOf('[');
    JsonNode n = bracket < 0 ? node.path(step) : node.path(step.substring(0, bracket));
    if (bracket >= 0) {
      n = n.path(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
    }
    if (n.isMissingNode()) {
      throw new IllegalArgumentException("no value at " + step + " of " + path);
    }
    return n;
  }

  /**
   * Tells whether a throwable chain contains a type.
   *
   * @param t the throwable, or null
   * @param type the type to look for
   * @return {@code true} if {@code t} or one of its causes is an instance of {@code type}
   */
  public static boolean causedBy(@Nullable Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
