package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.spi.Json;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One QBO fault envelope, read from either wire shape: the PascalCase {@code Fault/Error} of
 * validation faults or the camelCase {@code fault/error} of 401/403 responses.
 *
 * @param type the fault type, e.g. {@code ValidationFault} or {@code AUTHENTICATION}
 * @param errors the errors, in order
 */
public record QboFault(@Nullable String type, List<FaultError> errors) {

  /**
   * One error of a fault.
   *
   * @param code the QBO code, e.g. {@code 5010}
   * @param message the message
   * @param detail the detail
   * @param element the element the error is about, if any
   */
  public record FaultError(String code, String message, String detail, @Nullable String element) {}

  /** Normalises the fault. */
  public QboFault {
    errors = List.copyOf(errors);
  }

  /**
   * Reads a fault from a response body or a batch item.
   *
   * @param body the JSON holding {@code Fault} or {@code fault}, or the fault object itself
   * @return the fault, or {@code null} if the body holds none
   */
  public static @Nullable QboFault read(@Nullable JsonNode body) {
    if (body == null || !body.isObject()) {
      return null;
    }
    JsonNode fault = Json.fieldIgnoringCase(body, "Fault");
    if (fault == null || !fault.isObject()) {
      if (Json.fieldIgnoringCase(body, "Error") != null) {
        fault = body;
      } else {
        return null;
      }
    }
    List<FaultError> errors = new ArrayList<>();
    JsonNode list = Json.fieldIgnoringCase(fault, "Error");
    if (list != null && list.isArray()) {
      for (JsonNode e : list) {
        errors.add(new FaultError(
            code(text(e, "code")), nonNull(text(e, "Message")), nonNull(text(e, "Detail")),
            blankToNull(text(e, "element"))));
      }
    }
    return new QboFault(text(fault, "type"), errors);
  }

  /**
   * Returns the first error's code.
   *
   * @return the code, or {@code null} without errors
   */
  public @Nullable String firstCode() {
    return errors.isEmpty() ? null : errors.get(0).code();
  }

  /**
   * Tells whether any error has the code.
   *
   * @param code the code
   * @return whether it is present
   */
  public boolean has(String code) {
    return errors.stream().anyMatch(e -> e.code().equals(code));
  }

  /**
   * Summarises the errors for an exception message: codes and messages, never the details (they
   * may quote data).
   *
   * @return the summary
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    for (FaultError e : errors) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(e.code()).append(' ').append(e.message());
    }
    return sb.toString();
  }

  /** Strips the leading zeros of codes like {@code 003200} inside camelCase messages. */
  private static String code(@Nullable String raw) {
    if (raw == null || raw.isBlank()) {
      return "";
    }
    String c = raw.trim();
    while (c.length() > 1 && c.charAt(0) == '0') {
      c = c.substring(1);
    }
    return c;
  }

  private static String nonNull(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static @Nullable String text(JsonNode node, String name) {
    JsonNode v = Json.fieldIgnoringCase(node, name);
    return v == null || v.isNull() ? null : v.asText();
  }
}
