package dev.posbridge.core.connect;

import dev.posbridge.core.model.StockLevel;
import java.util.List;

/**
 * The outcome of {@link InventoryConnector#applyStockChanges}.
 *
 * @param applied how many changes the vendor accepted
 * @param calls how many vendor calls it took
 * @param levels the resulting stock levels where the vendor reported them; may be empty
 */
public record StockWriteResult(int applied, int calls, List<StockLevel> levels) {

  /**
   * Validates the components.
   *
   * @param applied the accepted changes
   * @param calls the vendor calls
   * @param levels the reported levels
   * @throws IllegalArgumentException if a count is negative or {@code levels} is null
   */
  public StockWriteResult {
    if (applied < 0 || calls < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + applied + ", " + calls);
    }
    if (levels == null) {
      throw new IllegalArgumentException("levels must not be null");
    }
    levels = List.copyOf(levels);
  }
}
