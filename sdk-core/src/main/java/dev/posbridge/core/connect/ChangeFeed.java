package dev.posbridge.core.connect;

import org.jspecify.annotations.Nullable;

/**
 * Changes since a cursor, for vendors without webhooks or as a backstop for missed webhooks.
 *
 * <p>Implementations poll with an overlap window and de-duplicate, so that a change landing while
 * a poll runs is returned by this poll or the next one, never neither.
 */
public interface ChangeFeed extends Connector {

  /**
   * Reads the changes after a cursor.
   *
   * @param cursor a cursor from a previous {@link ChangeBatch}, or {@code null} to start from now
   *     (the connector's documented initial look-back)
   * @return the changes and the next cursor
   * @throws IllegalArgumentException if the cursor was not produced by this feed
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails
   */
  ChangeBatch changesSince(@Nullable String cursor);
}
