package dev.posbridge.core.connect;

import dev.posbridge.core.model.ChangeEvent;
import java.util.List;

/**
 * Changes read from a {@link ChangeFeed} and the cursor to continue from.
 *
 * <p>Store {@code cursor} only after the events are processed (or durably enqueued): the feed then
 * resumes after them, and a crash before that re-reads them (at-least-once).
 *
 * @param events the changes, oldest first, de-duplicated within the batch
 * @param cursor the cursor to pass to the next {@link ChangeFeed#changesSince(String)}
 * @param hasMore whether more changes are already available after {@code cursor}
 */
public record ChangeBatch(List<ChangeEvent> events, String cursor, boolean hasMore) {

  /**
   * Validates the components.
   *
   * @param events the changes
   * @param cursor the next cursor
   * @param hasMore whether more are available
   * @throws IllegalArgumentException if events is null or the cursor is blank
   */
  public ChangeBatch {
    if (events == null) {
      throw new IllegalArgumentException("events must not be null");
    }
    events = List.copyOf(events);
    if (cursor == null || cursor.isBlank()) {
      throw new IllegalArgumentException("cursor must not be blank");
    }
  }
}
