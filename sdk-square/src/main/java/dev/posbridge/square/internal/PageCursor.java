package dev.posbridge.square.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * An opaque posbridge cursor over several Square listings: which phase (e.g. return orders, then
 * payment refunds), which batch (e.g. a group of ≤ 10 locations) and Square's own cursor in it.
 *
 * @param phase the phase, from 0
 * @param batch the batch within the phase, from 0
 * @param square Square's cursor within the batch, null at its start
 */
public record PageCursor(int phase, int batch, @Nullable String square) {

  /** The start of everything. */
  public static final PageCursor START = new PageCursor(0, 0, null);

  /**
   * Encodes the cursor for {@link dev.posbridge.core.connect.Page#nextCursor()}.
   *
   * @return the opaque text
   */
  public String encode() {
    String raw = "v1:" + phase + ":" + batch + ":" + (square == null ? "" : square);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a cursor.
   *
   * @param text the opaque text, or null for the start
   * @return the cursor
   * @throws IllegalArgumentException if the text is not a cursor of this connector
   */
  public static PageCursor decode(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return START;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", 4);
      if (parts.length != 4 || !parts[0].equals("v1")) {
        throw new IllegalArgumentException("not a Square connector cursor");
      }
      return new PageCursor(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
          parts[3].isEmpty() ? null : parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Square connector cursor: " + text, e);
    }
  }
}
