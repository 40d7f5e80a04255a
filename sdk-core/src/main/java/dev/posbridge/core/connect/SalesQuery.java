package dev.posbridge.core.connect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which sales (or refunds) to read: a time window on one timestamp, optional locations, and an
 * optional cursor to resume from.
 *
 * <p>Windows are half-open: {@code from} inclusive, {@code to} exclusive. Because POS systems may
 * upload offline sales late, poll on {@link TimeField#UPDATED} with an overlap and de-duplicate.
 *
 * @param field the timestamp the window applies to
 * @param from the window start, inclusive
 * @param to the window end, exclusive
 * @param locations the source system's locations to read; empty means all
 * @param completedOnly whether to read only completed sales (the default); {@code false} also
 *     returns open and cancelled ones where the vendor has them
 * @param cursor an opaque cursor from a previous {@link Page} to resume from, if any
 * @param pageSize the preferred page size, or {@code 0} for the connector's default
 */
public record SalesQuery(
    TimeField field, Instant from, Instant to, List<String> locations, boolean completedOnly,
    @Nullable String cursor, int pageSize) {

  /** The timestamp a window applies to. */
  public enum TimeField {
    /** When the sale was created. */
    CREATED,
    /** When the sale was last changed. */
    UPDATED,
    /** When the sale was completed. */
    CLOSED
  }

  /**
   * Validates the components.
   *
   * @param field the timestamp
   * @param from the start
   * @param to the end
   * @param locations the locations
   * @param completedOnly whether only completed sales
   * @param cursor the resume cursor
   * @param pageSize the page size
   * @throws IllegalArgumentException if the window is empty or inverted or the page size negative
   */
  public SalesQuery {
    if (field == null || from == null || to == null) {
      throw new IllegalArgumentException("field, from and to must not be null");
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to: " + from + " .. " + to);
    }
    if (locations == null) {
      throw new IllegalArgumentException("locations must not be null");
    }
    locations = List.copyOf(locations);
    if (cursor != null && cursor.isBlank()) {
      cursor = null;
    }
    if (pageSize < 0) {
      throw new IllegalArgumentException("pageSize must not be negative: " + pageSize);
    }
  }

  /**
   * Reads completed sales changed in a window, from all locations.
   *
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @return the query
   */
  public static SalesQuery updatedBetween(Instant from, Instant to) {
    return new SalesQuery(TimeField.UPDATED, from, to, List.of(), true, null, 0);
  }

  /**
   * Reads completed sales closed in a window, from all locations.
   *
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @return the query
   */
  public static SalesQuery closedBetween(Instant from, Instant to) {
    return new SalesQuery(TimeField.CLOSED, from, to, List.of(), true, null, 0);
  }

  /**
   * Returns a copy restricted to some locations.
   *
   * @param locationIds the source system's location ids
   * @return the query
   */
  public SalesQuery atLocations(List<String> locationIds) {
    return new SalesQuery(field, from, to, new ArrayList<>(locationIds), completedOnly, cursor, pageSize);
  }

  /**
   * Returns a copy that also returns sales that are not completed.
   *
   * @return the query
   */
  public SalesQuery includingIncomplete() {
    return new SalesQuery(field, from, to, locations, false, cursor, pageSize);
  }

  /**
   * Returns a copy resuming at a cursor.
   *
   * @param resumeCursor the cursor, or {@code null} to start at the beginning
   * @return the query
   */
  public SalesQuery resumingAt(@Nullable String resumeCursor) {
    return new SalesQuery(field, from, to, locations, completedOnly, resumeCursor, pageSize);
  }

  /**
   * Returns a copy with a preferred page size.
   *
   * @param size the page size, or {@code 0} for the default
   * @return the query
   */
  public SalesQuery withPageSize(int size) {
    return new SalesQuery(field, from, to, locations, completedOnly, cursor, size);
  }
}
