package dev.posbridge.core.reconcile;

import dev.posbridge.core.model.ExternalRef;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A stock level that could not be joined because its item or location has no canonical id in the
 * {@link dev.posbridge.core.connect.IdMap}. Fix the map and reconcile again.
 *
 * @param system the reconciler's name of the system that reported it
 * @param item the system's item id
 * @param location the system's location id
 * @param reportedSku the SKU the system reported, if any (not trusted for joining)
 * @param quantity the reported quantity
 * @param reason what could not be mapped
 */
public record UnmappedLevel(
    String system,
    ExternalRef item,
    ExternalRef location,
    @Nullable String reportedSku,
    BigDecimal quantity,
    Reason reason) {

  /** What could not be mapped. */
  public enum Reason {
    /** The item has no SKU in the id map. */
    ITEM,
    /** The location has no canonical location in the id map. */
    LOCATION,
    /** Neither is mapped. */
    ITEM_AND_LOCATION
  }

  /**
   * Validates the components.
   *
   * @param system the system name
   * @param item the item id
   * @param location the location id
   * @param reportedSku the reported SKU
   * @param quantity the quantity
   * @param reason the reason
   * @throws IllegalArgumentException if a required part is null
   */
  public UnmappedLevel {
    if (system == null || item == null || location == null || quantity == null || reason == null) {
      throw new IllegalArgumentException("system, item, location, quantity and reason are required");
    }
  }
}
