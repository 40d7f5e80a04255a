package dev.posbridge.core;

import dev.posbridge.core.connect.WriteResult;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A batch write the vendor answered item by item, where some items failed: tells which items were
 * applied, which failed and why, and which were not processed at all (e.g. after the call that
 * failed, in a batch sent as several calls).
 *
 * <p>Batch writes ({@link dev.posbridge.core.connect.SalesSink#recordSales SalesSink.recordSales}, {@link dev.posbridge.core.connect.InventoryConnector#applyStockChanges InventoryConnector.applyStockChanges}) throw it
 * so that a caller completes what the vendor booked and retries or dead-letters only the rest: the
 * sync pipeline does exactly that, and sends what is left under new idempotency keys. A batch
 * write that fails as a whole with any other exception must have applied nothing.
 *
 * <p>Retryable only if every failure is.
 */
public class BatchItemsException extends VendorException {

  /** How many items the batch had. */
  private final int size;
  /** The vendor's results of applied items, by index. */
  private final Map<Integer, WriteResult> results;
  /** The indexes of applied items. */
  private final Set<Integer> applied;
  /** The failures of failed items, by index. */
  private final Map<Integer, PosbridgeException> failures;

  /**
   * Creates the exception.
   *
   * @param message what happened, without secrets or personal data
   * @param context where it happened
   * @param size how many items the batch had
   * @param applied the indexes of the items the vendor applied
   * @param results what the vendor returned for applied items, by index, where it returns something
   *     (a subset of {@code applied}; empty for stock changes)
   * @param failures the failure of each failed item, by index
   * @throws IllegalArgumentException if an index is out of range or both applied and failed, or
   *     nothing failed
   */
  public BatchItemsException(String message, ErrorContext context, int size, Set<Integer> applied,
      Map<Integer, WriteResult> results, Map<Integer, PosbridgeException> failures) {
    super(message, context, !failures.isEmpty()
        && failures.values().stream().allMatch(PosbridgeException::isRetryable), firstCause(failures));
    if (failures.isEmpty()) {
      throw new IllegalArgumentException("a batch without failures is not an exception");
    }
    for (int i : applied) {
      if (i < 0 || i >= size || failures.containsKey(i)) {
        throw new IllegalArgumentException("applied index out of range or also failed: " + i);
      }
    }
    for (int i : failures.keySet()) {
      if (i < 0 || i >= size) {
        throw new IllegalArgumentException("failed index out of range: " + i);
      }
    }
    if (!applied.containsAll(results.keySet())) {
      throw new IllegalArgumentException("results only for applied items");
    }
    this.size = size;
    // In index order, so that callers and logs walk the batch as it was sent.
    this.applied = Collections.unmodifiableSortedSet(new TreeSet<>(applied));
    this.results = Collections.unmodifiableSortedMap(new TreeMap<>(results));
    this.failures = Collections.unmodifiableSortedMap(new TreeMap<>(failures));
  }

  private static PosbridgeException firstCause(Map<Integer, PosbridgeException> failures) {
    return Objects.requireNonNull(failures.get(new TreeSet<>(failures.keySet()).first()));
  }

  /**
   * Returns how many items the batch had.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * Returns the indexes of the items the vendor applied.
   *
   * @return the indexes
   */
  public Set<Integer> applied() {
    return applied;
  }

  /**
   * Returns the vendor's result for applied items, where it returns one.
   *
   * @return results by index
   */
  public Map<Integer, WriteResult> results() {
    return results;
  }

  /**
   * Returns the failed items' failures.
   *
   * @return failures by index
   */
  public Map<Integer, PosbridgeException> failures() {
    return failures;
  }

  /**
   * Tells whether an item was neither applied nor failed: the vendor did not process it.
   *
   * @param index the item's index
   * @return {@code true} if it was not processed
   */
  public boolean notProcessed(int index) {
    return !applied.contains(index) && !failures.containsKey(index);
  }
}
