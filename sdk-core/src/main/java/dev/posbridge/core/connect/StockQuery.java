package dev.posbridge.core.connect;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which stock levels to read.
 *
 * @param skus canonical SKUs to read; empty means all tracked items
 * @param locations the system's location ids; empty means all
 * @param updatedAfter only levels changed after this moment, if given
 */
public record StockQuery(List<String> skus, List<String> locations, @Nullable Instant updatedAfter) {

  /**
   * Validates the components.
   *
   * @param skus the SKUs
   * @param locations the location ids
   * @param updatedAfter the lower bound, if any
   * @throws IllegalArgumentException if a list is null
   */
  public StockQuery {
    if (skus == null || locations == null) {
      throw new IllegalArgumentException("skus and locations must not be null");
    }
    skus = List.copyOf(skus);
    locations = List.copyOf(locations);
  }

  /**
   * Reads every tracked item at every location.
   *
   * @return the query
   */
  public static StockQuery all() {
    return new StockQuery(List.of(), List.of(), null);
  }

  /**
   * Reads every tracked item at some locations.
   *
   * @param locationIds the system's location ids
   * @return the query
   */
  public static StockQuery atLocations(List<String> locationIds) {
    return new StockQuery(List.of(), locationIds, null);
  }

  /**
   * Reads some SKUs at every location.
   *
   * @param skus the SKUs
   * @return the query
   */
  public static StockQuery forSkus(List<String> skus) {
    return new StockQuery(skus, List.of(), null);
  }
}
