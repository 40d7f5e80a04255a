package dev.posbridge.core.connect;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of results and the opaque cursor of the next page.
 *
 * <p>The cursor is a checkpoint: store it, and a later {@link PagedIterable} started from it
 * continues after this page.
 *
 * @param items the page's items
 * @param nextCursor the cursor of the next page, or {@code null} if this is the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

  /**
   * Validates the components.
   *
   * @param items the items; copied
   * @param nextCursor the next cursor; a blank cursor means no next page
   * @throws IllegalArgumentException if {@code items} is null or contains null
   */
  public Page {
    if (items == null) {
      throw new IllegalArgumentException("items must not be null");
    }
    items = List.copyOf(items);
    if (nextCursor != null && nextCursor.isBlank()) {
      nextCursor = null;
    }
  }

  /**
   * Tells whether another page follows.
   *
   * @return {@code true} if {@link #nextCursor()} is present
   */
  public boolean hasNext() {
    return nextCursor != null;
  }
}
