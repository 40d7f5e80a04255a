package dev.posbridge.testing.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The records a simulator keeps, shared by the four vendor simulators: one map per resource type
 * (in insertion order or sorted by id), an optional second key per type (e.g. NetSuite's external
 * id), sequential id assignment, deletion tombstones (for change feeds), and cursors bound to the
 * query they came from.
 *
 * <p>Every method locks the table, and reads return copies of the lists, so a caller may iterate
 * them while other threads write. A simulator that reads and then writes under one rule (e.g. a
 * version check) still holds its own lock around both.
 *
 * @param <T> the record type (usually a JSON object)
 */
public final class ResourceTable<T> {

  /**
   * A deleted record, for change feeds.
   *
   * @param type the resource type
   * @param id the record's id
   * @param at when it was deleted
   */
  public record Tombstone(String type, String id, Instant at) {}

  /**
   * One page of a list.
   *
   * @param items the items on this page
   * @param cursor the cursor of the next page, or null on the last page
   * @param <E> the item type
   */
  public record Page<E>(List<E> items, @Nullable String cursor) {}

  private record CursorState(String operation, String fingerprint, int offset) {}

  private final Map<String, Map<String, T>> records = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> keys = new HashMap<>();
  private final List<Tombstone> tombstones = new ArrayList<>();
  private final Map<String, CursorState> cursors = new HashMap<>();
  private final Supplier<Map<String, T>> newMap;
  private final Function<T, @Nullable String> secondKey;
  private long nextId = 1;

  private ResourceTable(Collection<String> types, Supplier<Map<String, T>> newMap,
      Function<T, @Nullable String> secondKey) {
    this.newMap = newMap;
    this.secondKey = secondKey;
    for (String type : types) {
      records.put(type, newMap.get());
      keys.put(type, new HashMap<>());
    }
  }

  /**
   * A table whose lists come in insertion order.
   *
   * @param types the resource types it stores
   * @param <T> the record type
   * @return the empty table
   */
  public static <T> ResourceTable<T> inInsertionOrder(Collection<String> types) {
    return new ResourceTable<>(types, LinkedHashMap::new, r -> null);
  }

  /**
   * A table whose lists come sorted by id, with a second unique key per type.
   *
   * @param types the resource types it stores
   * @param idOrder the order of ids
   * @param secondKey the second key of a record, or null if it has none
   * @param <T> the record type
   * @return the empty table
   */
  public static <T> ResourceTable<T> sortedById(Collection<String> types, Comparator<String> idOrder,
      Function<T, @Nullable String> secondKey) {
    return new ResourceTable<>(types, () -> new TreeMap<>(idOrder), secondKey);
  }

  private Map<String, T> of(String type) {
    Map<String, T> m = records.get(type);
    if (m == null) {
      throw new IllegalArgumentException("unknown kind: " + type);
    }
    return m;
  }

  private Map<String, String> keysOf(String type) {
    of(type);
    return keys.computeIfAbsent(type, t -> new HashMap<>());
  }

  /**
   * Tells whether the table stores a resource type.
   *
   * @param type the resource type
   * @return true if it does
   */
  public synchronized boolean stores(String type) {
    return records.containsKey(type);
  }

  /**
   * Returns a record.
   *
   * @param type the resource type
   * @param id the id, null for none
   * @return the record, or null if there is none
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized @Nullable T get(String type, @Nullable String id) {
    Map<String, T> m = of(type);
    return id == null ? null : m.get(id);
  }

  /**
   * Returns a record.
   *
   * @param type the resource type
   * @param id the id
   * @return the record, or empty if there is none
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized Optional<T> find(String type, String id) {
    return Optional.ofNullable(of(type).get(id));
  }

  /**
   * Tells whether a record exists.
   *
   * @param type the resource type
   * @param id the id
   * @return true if it does
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized boolean contains(String type, String id) {
    return of(type).containsKey(id);
  }

  /**
   * Returns the id of the record with a second key.
   *
   * @param type the resource type
   * @param key the second key
   * @return the id, or null if no record has that key
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized @Nullable String idByKey(String type, String key) {
    return keysOf(type).get(key);
  }

  /**
   * Returns the records of a type, in the table's order.
   *
   * @param type the resource type
   * @return a copy of the list
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized List<T> list(String type) {
    return new ArrayList<>(of(type).values());
  }

  /**
   * Returns the ids of a type, in the table's order.
   *
   * @param type the resource type
   * @return a copy of the list
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized List<String> ids(String type) {
    return new ArrayList<>(of(type).keySet());
  }

  /**
   * Returns the id of the first record of a type, in the table's order.
   *
   * @param type the resource type
   * @return the id, or null if there are none
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized @Nullable String firstId(String type) {
    Map<String, T> m = of(type);
    return m.isEmpty() ? null : m.keySet().iterator().next();
  }

  /**
   * Returns the ids of the records of a type that match a filter, in the table's order.
   *
   * @param type the resource type
   * @param filter the filter
   * @return the ids
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized List<String> idsWhere(String type, Predicate<? super T> filter) {
    List<String> out = new ArrayList<>();
    of(type).forEach((id, record) -> {
      if (filter.test(record)) {
        out.add(id);
      }
    });
    return out;
  }

  /**
   * Returns how many records of a type exist.
   *
   * @param type the resource type
   * @return the count
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized int count(String type) {
    return of(type).size();
  }

  /**
   * Assigns the next sequential id (1, 2, 3, ... across all types until {@link #clear()}).
   *
   * @return the id
   */
  public synchronized String nextId() {
    return Long.toString(nextId++);
  }

  /**
   * Stores a record, replacing any with the same id (a replaced record keeps its place in an
   * insertion-ordered table) and moving its second key.
   *
   * @param type the resource type
   * @param id the id
   * @param record the record
   * @return the record
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized T put(String type, String id, T record) {
    T old = of(type).put(id, record);
    Map<String, String> index = keysOf(type);
    String oldKey = old == null ? null : secondKey.apply(old);
    String newKey = secondKey.apply(record);
    if (oldKey != null && !oldKey.equals(newKey)) {
      index.remove(oldKey);
    }
    if (newKey != null) {
      index.put(newKey, id);
    }
    return record;
  }

  /**
   * Removes a record without a trace.
   *
   * @param type the resource type
   * @param id the id
   * @return the removed record, or null if there was none
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized @Nullable T remove(String type, String id) {
    T old = of(type).remove(id);
    String key = old == null ? null : secondKey.apply(old);
    if (key != null) {
      keysOf(type).remove(key);
    }
    return old;
  }

  /**
   * Deletes a record and leaves a tombstone for change feeds.
   *
   * @param type the resource type
   * @param id the id
   * @param at the deletion time
   * @return the deleted record, or null if there was none (then no tombstone is left)
   * @throws IllegalArgumentException if the type is unknown
   */
  public synchronized @Nullable T delete(String type, String id, Instant at) {
    T old = remove(type, id);
    if (old != null) {
      tombstones.add(new Tombstone(type, id, at));
    }
    return old;
  }

  /**
   * Returns the tombstones of deleted records, oldest first.
   *
   * @return a copy of the list
   */
  public synchronized List<Tombstone> tombstones() {
    return new ArrayList<>(tombstones);
  }

  /**
   * Pages a result list; a cursor only works with the operation and query it came from.
   *
   * @param operation the list operation
   * @param fingerprint the query's fingerprint, without its cursor
   * @param cursor the cursor the caller sent, null or empty for the first page
   * @param all every result, in order
   * @param limit the page size
   * @param newCursor makes the next page's cursor
   * @param invalidCursor the error for a cursor that is unknown or came from another query
   * @param <E> the item type
   * @return the page
   */
  public synchronized <E> Page<E> page(String operation, String fingerprint, @Nullable String cursor, List<E> all,
      int limit, Supplier<String> newCursor, Supplier<? extends RuntimeException> invalidCursor) {
    int offset = 0;
    if (cursor != null && !cursor.isEmpty()) {
      CursorState s = cursors.get(cursor);
      if (s == null || !s.operation().equals(operation) || !s.fingerprint().equals(fingerprint)) {
        throw invalidCursor.get();
      }
      offset = s.offset();
    }
    int end = Math.min(all.size(), offset + limit);
    List<E> items = offset >= all.size() ? List.of() : all.subList(offset, end);
    String next = null;
    if (end < all.size()) {
      next = newCursor.get();
      cursors.put(next, new CursorState(operation, fingerprint, end));
    }
    return new Page<>(List.copyOf(items), next);
  }

  /** Empties the table: records, second keys, tombstones and cursors; ids start at 1 again. */
  public synchronized void clear() {
    records.replaceAll((type, m) -> newMap.get());
    keys.values().forEach(Map::clear);
    tombstones.clear();
    cursors.clear();
    nextId = 1;
  }
}
