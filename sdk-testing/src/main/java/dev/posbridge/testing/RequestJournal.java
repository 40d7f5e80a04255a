package dev.posbridge.testing;

import dev.posbridge.testing.internal.PathTemplate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every request a simulator received, oldest first, for tests to assert what a client sent.
 *
 * <p>Thread-safe. Bounded: when full, the oldest entry is dropped ({@link #evicted()} counts
 * them); the capacity is set by {@link SimulatorConfig.Builder#journalCapacity(int)}. Queries by
 * method and path template use the same templates as routes, so {@code count("POST",
 * "/v2/orders")} counts the requests to that endpoint whatever the simulator answered.
 */
public final class RequestJournal {

  private final int capacity;
  private final ArrayDeque<JournalEntry> entries = new ArrayDeque<>();
  private long evicted;

  RequestJournal(int capacity) {
    this.capacity = capacity;
  }

  synchronized void record(JournalEntry entry) {
    if (entries.size() == capacity) {
      entries.removeFirst();
      evicted++;
    }
    entries.addLast(entry);
  }

  /**
   * Returns a snapshot of all retained entries.
   *
   * @return the entries, oldest first
   */
  public synchronized List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  /**
   * Returns the number of retained entries.
   *
   * @return the count
   */
  public synchronized int count() {
    return entries.size();
  }

  /**
   * Counts the requests to an endpoint.
   *
   * @param method the HTTP method, or {@code *} for any
   * @param pathTemplate a path template such as {@code /v2/orders/{order_id}}
   * @return the number of retained matching requests
   * @throws IllegalArgumentException if the template is malformed
   */
  public int count(String method, String pathTemplate) {
    return requests(method, pathTemplate).size();
  }

  /**
   * Returns the requests to an endpoint.
   *
   * @param method the HTTP method, or {@code *} for any
   * @param pathTemplate a path template such as {@code /v2/orders/{order_id}}
   * @return the matching entries, oldest first
   * @throws IllegalArgumentException if the template is malformed
   */
  public List<JournalEntry> requests(String method, String pathTemplate) {
    PathTemplate template = PathTemplate.compile(pathTemplate);
    String m = method.toUpperCase(Locale.ROOT);
    return matching(
        e -> ("*".equals(m) || e.request().method().equals(m))
            && template.matches(e.request().path()));
  }

  /**
   * Returns the entries a predicate accepts.
   *
   * @param filter the condition
   * @return the matching entries, oldest first
   */
  public synchronized List<JournalEntry> matching(Predicate<JournalEntry> filter) {
    List<JournalEntry> out = new ArrayList<>();
    for (JournalEntry e : entries) {
      if (filter.test(e)) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Returns the newest entry.
   *
   * @return the last request received, or empty if the journal is empty
   */
  public synchronized Optional<JournalEntry> last() {
    return Optional.ofNullable(entries.peekLast());
  }

  /**
   * Returns how many entries were dropped because the journal was full.
   *
   * @return the number of evicted entries
   */
  public synchronized long evicted() {
    return evicted;
  }

  /**
   * Returns the maximum number of retained entries.
   *
   * @return the capacity
   */
  public int capacity() {
    return capacity;
  }

  /** Removes all entries and resets the eviction count. */
  public synchronized void clear() {
    entries.clear();
    evicted = 0;
  }
}
