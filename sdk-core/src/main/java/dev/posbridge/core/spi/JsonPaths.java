package dev.posbridge.core.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Names the place in a JSON document where decoding failed, e.g. {@code orders[0].line_items[2]
 * .base_price_money.amount}, from Jackson's path: field names and indexes only, never values (a
 * body may hold personal data).
 */
final class JsonPaths {

  private static final int MAX = 200;

  private JsonPaths() {}

  /**
   * Describes where decoding failed.
   *
   * @param e the decoding failure
   * @return {@code " at <path>"}, or an empty string when Jackson has no path
   */
  public static String at(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName().length() > 64 ? r.getFieldName().substring(0, 64) : r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
      if (b.length() > MAX) {
        b.setLength(MAX);
        b.append('…');
        break;
      }
    }
    return b.length() == 0 ? "" : " at " + b;
  }
}
