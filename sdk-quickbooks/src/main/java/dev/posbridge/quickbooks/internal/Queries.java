package dev.posbridge.quickbooks.internal;

import java.util.Collection;
import java.util.stream.Collectors;

/** Builds QBO query text (docs/vendors/quickbooks.md). */
public final class Queries {

  /** The most rows one query returns. */
  public static final int MAX_RESULTS = 1000;

  private Queries() {}

  /**
   * Quotes a string literal: single quotes, apostrophes escaped as {@code \'}.
   *
   * @param value the value
   * @return the literal
   */
  public static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * Builds an {@code IN} list.
   *
   * @param values the values
   * @return {@code ('a', 'b')}
   */
  public static String in(Collection<String> values) {
    return values.stream().map(Queries::quote).collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * Appends paging.
   *
   * @param query the query
   * @param start the 1-based start position
   * @param max the page size
   * @return the query with STARTPOSITION and MAXRESULTS
   */
  public static String page(String query, int start, int max) {
    return query + " STARTPOSITION " + start + " MAXRESULTS " + max;
  }
}
