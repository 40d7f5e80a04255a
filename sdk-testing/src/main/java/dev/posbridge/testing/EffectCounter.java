package dev.posbridge.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the effects a simulator applied, per kind and key, so tests can assert that something
 * happened exactly once.
 *
 * <p>A simulator calls {@link #record(String, String)} whenever it applies a change, keyed by what
 * identifies the business event (for example kind {@code "order"} and the client's reference), so
 * a retried write that slipped past idempotency shows up as a duplicate. Thread-safe.
 *
 * <pre>{@code
 * assertThat(sim.effects().count("sales_receipt", "sale-42")).isEqualTo(1);
 * assertThat(sim.effects().duplicates("sales_receipt")).isEmpty();
 * }</pre>
 */
public final class EffectCounter {

  private final Map<String, Map<String, Integer>> counts = new ConcurrentHashMap<>();

  /** Creates an empty counter. */
  public EffectCounter() {}

  /**
   * Records one applied effect.
   *
   * @param kind the kind of effect, e.g. {@code "order"}
   * @param key what identifies the business event
   * @return how many times this effect has now been applied
   */
  public int record(String kind, String key) {
    return counts.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).merge(key, 1, Integer::sum);
  }

  /**
   * Returns how many times an effect was applied.
   *
   * @param kind the kind of effect
   * @param key the event key
   * @return the count, 0 if never
   */
  public int count(String kind, String key) {
    Map<String, Integer> byKey = counts.get(kind);
    return byKey == null ? 0 : byKey.getOrDefault(key, 0);
  }

  /**
   * Returns how many effects of a kind were applied, duplicates included.
   *
   * @param kind the kind of effect
   * @return the total
   */
  public int total(String kind) {
    Map<String, Integer> byKey = counts.get(kind);
    return byKey == null ? 0 : byKey.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Returns the keys of a kind applied more than once.
   *
   * @param kind the kind of effect
   * @return key to count, sorted by key; empty if every effect was applied once
   */
  public Map<String, Integer> duplicates(String kind) {
    Map<String, Integer> out = new TreeMap<>();
    Map<String, Integer> byKey = counts.get(kind);
    if (byKey != null) {
      byKey.forEach(
          (k, n) -> {
            if (n > 1) {
              out.put(k, n);
            }
          });
    }
    return out;
  }

  /** Forgets all effects. */
  public void clear() {
    counts.clear();
  }
}
