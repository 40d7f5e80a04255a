package dev.posbridge.core.reconcile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link CorrectionPlan#apply()} did.
 *
 * @param appliedBySystem how many changes each target system accepted (0 for a batch the vendor
 *     had already applied under the same idempotency key)
 * @param calls how many {@code applyStockChanges} calls were made in total
 */
public record CorrectionResult(Map<String, Integer> appliedBySystem, int calls) {

  /**
   * Validates and copies the components.
   *
   * @param appliedBySystem applied changes per target
   * @param calls calls made
   * @throws IllegalArgumentException if the map is null or calls is negative
   */
  public CorrectionResult {
    if (appliedBySystem == null || calls < 0) {
      throw new IllegalArgumentException("appliedBySystem is required and calls must be >= 0");
    }
    appliedBySystem = Collections.unmodifiableMap(new LinkedHashMap<>(appliedBySystem));
  }

  /**
   * Returns the total number of changes applied.
   *
   * @return the sum over systems
   */
  public int applied() {
    return appliedBySystem.values().stream().mapToInt(Integer::intValue).sum();
  }
}
