package dev.posbridge.shopify.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sizes query pages to Shopify's cost budget instead of a fixed cap.
 *
 * <p>Shopify charges a connection {@code 2 + first × (cost of one node)} up front and refuses a
 * query whose requested cost exceeds 1,000 points. The cost of one node depends on the nested
 * page sizes the query asks for (the "shape", e.g. line items per order), not on the data. After
 * each page the sizer records the cost per node Shopify reported for that shape; the next page
 * takes as many nodes as fit in the budget at the smallest cost known for this shape or a larger
 * one (a larger shape costs at least as much per node, so that figure is a safe upper bound).
 * Until a shape or a larger one has been seen, pages take a conservative default. Thread-safe.
 */
final class PageSizer {

  /** Shopify's largest {@code first}. */
  static final int MAX_FIRST = 250;
  /** Shopify's single-query limit, less 3 points for the connection itself and its page info. */
  static final double BUDGET = 1000 - 3;

  private final Map<Integer, Double> costPerNode = new ConcurrentHashMap<>();

  /**
   * Returns how many nodes the next page should ask for.
   *
   * @param shape the nested sizes of one node, e.g. line items per order; larger costs more
   * @param initial the page size while nothing is known for this shape
   * @param cap the most the caller wants, e.g. a query's own page size
   * @return 1 .. min(cap, 250)
   */
  int first(int shape, int initial, int cap) {
    int max = Math.max(1, Math.min(cap, MAX_FIRST));
    double known = Double.MAX_VALUE;
    for (Map.Entry<Integer, Double> e : costPerNode.entrySet()) {
      if (e.getKey() >= shape) {
        known = Math.min(known, e.getValue());
      }
    }
    if (known == Double.MAX_VALUE) {
      return Math.max(1, Math.min(initial, max));
    }
    return (int) Math.max(1, Math.min(max, Math.floor(BUDGET / known)));
  }

  /**
   * Records what a page cost.
   *
   * @param shape the page's shape
   * @param first the nodes it asked for
   * @param requestedCost the {@code requestedQueryCost} Shopify reported; ignored if not positive
   */
  void observe(int shape, int first, double requestedCost) {
    if (first > 0 && requestedCost > 0) {
      costPerNode.put(shape, Math.max(1, Math.ceil((requestedCost - 2) / first)));
    }
  }
}
