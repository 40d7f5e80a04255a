package dev.posbridge.core.spi;

import dev.posbridge.core.model.Customer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the customers a connector's {@code upsertCustomer} stored, so that upserting exactly the same
 * customer again (same refs and versions, same fields, same source timestamps) answers the stored
 * result without any call. A sync engine upserts a customer with every sale that names it; a
 * customer who buys ten times a day is one upsert (a look-up and a write), not ten.
 *
 * <p>The memo is per connector instance, bounded (least recently used entries go first) and only
 * fed by successful upserts. It trusts that nothing else changed the customer in the target since
 * this connector wrote it: a changed source customer (any field, version or {@code updatedAt})
 * misses and is written again. Thread-safe; two concurrent upserts of the same customer may
 * both call the vendor, as without the memo.
 */
public final class UpsertMemo {

  /** Entries kept by default. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final Map<Customer, Customer> stored;

  /** Creates a memo of {@value #DEFAULT_CAPACITY} customers. */
  public UpsertMemo() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * Creates a memo.
   *
   * @param capacity the most customers kept
   */
  public UpsertMemo(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.stored = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Customer, Customer> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * Returns what an earlier upsert of the same customer stored, or runs the upsert and remembers
   * its result.
   *
   * @param customer the customer to upsert
   * @param upsert the vendor calls
   * @return the stored customer
   */
  public Customer upsert(Customer customer, Supplier<Customer> upsert) {
    Customer known;
    synchronized (stored) {
      known = stored.get(customer);
    }
    if (known != null) {
      return known;
    }
    Customer result = upsert.get();
    synchronized (stored) {
      stored.put(customer, result);
    }
    return result;
  }

  /**
   * Forgets a customer, e.g. when the vendor no longer has the stored one.
   *
   * @param customer the customer as it was upserted
   * @return the forgotten result, if any
   */
  public @Nullable Customer forget(Customer customer) {
    synchronized (stored) {
      return stored.remove(customer);
    }
  }
}
