package dev.posbridge.core.connect;

import dev.posbridge.core.SourceRecordException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of results and the opaque cursor of the next page.
 *
 * <p>The cursor is a checkpoint: store it, and a later {@link PagedIterable} started from it
 * continues after this page.
 *
 * <p>A page may also carry records that could not be mapped ({@link SourceRecordException}, with
 * the raw record): one poison record does not take its page with it.
 *
 * @param items the page's items
 * @param nextCursor the cursor of the next page, or {@code null} if this is the last page
 * @param failures the records of this page that could not be mapped; usually empty
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @Nullable String nextCursor, List<SourceRecordException> failures) {

  /**
   * Validates the components.
   *
   * @param items the items; copied
   * @param nextCursor the next cursor; a blank cursor means no next page
   * @param failures the unmappable records; copied
   * @throws IllegalArgumentException if {@code items} or {@code failures} is null or contains null
   */
  public Page {
    if (items == null || failures == null) {
      throw new IllegalArgumentException("items and failures must not be null");
    }
    items = List.copyOf(items);
    failures = List.copyOf(failures);
    if (nextCursor != null && nextCursor.isBlank()) {
      nextCursor = null;
    }
  }

  /**
   * Creates a page without unmappable records.
   *
   * @param items the items; copied
   * @param nextCursor the next cursor; a blank cursor means no next page
   * @throws IllegalArgumentException if {@code items} is null or contains null
   */
  public Page(List<T> items, @Nullable String nextCursor) {
    this(items, nextCursor, List.of());
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
