package dev.posbridge.core.reconcile;

import dev.posbridge.core.model.StockChange;
import java.util.List;

/**
 * One call's worth of corrections for one target system.
 *
 * @param system the reconciler's name of the target system
 * @param index the batch's position among the target's batches, from 0
 * @param idempotencyKey the key the batch is applied with, derived from the report (its timestamp,
 *     the system of record's and the target's quantities, the target, SKU × location), so applying
 *     the same plan again applies nothing twice
 * @param changes the changes, at most the target connector's {@code maxStockChangesPerCall()}
 */
public record CorrectionBatch(String system, int index, String idempotencyKey, List<StockChange> changes) {

  /**
   * Validates and copies the components.
   *
   * @param system the target
   * @param index the position
   * @param idempotencyKey the key
   * @param changes the changes
   * @throws IllegalArgumentException if a part is missing, the index is negative or there are no
   *     changes
   */
  public CorrectionBatch {
    if (system == null || idempotencyKey == null || idempotencyKey.isBlank() || changes == null) {
      throw new IllegalArgumentException("system, idempotencyKey and changes are required");
    }
    if (index < 0 || changes.isEmpty()) {
      throw new IllegalArgumentException("a batch needs an index >= 0 and at least one change");
    }
    changes = List.copyOf(changes);
  }
}
