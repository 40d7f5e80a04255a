package dev.posbridge.core.connect;

import org.jspecify.annotations.Nullable;

/**
 * Fetches one page given a cursor. Implemented by connectors; called by {@link PagedIterable}.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface PageFetcher<T> {

  /**
   * Fetches the page at a cursor.
   *
   * @param cursor the cursor of the page, or {@code null} for the first page
   * @return the page
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails
   */
  Page<T> fetch(@Nullable String cursor);
}
