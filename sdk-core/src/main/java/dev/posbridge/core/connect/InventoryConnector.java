package dev.posbridge.core.connect;

import dev.posbridge.core.model.StockChange;
import java.util.List;

/** Reads stock levels and applies stock changes. */
public interface InventoryConnector extends Connector {

  /**
   * Returns stock levels, lazily paged.
   *
   * @param query which SKUs and locations
   * @return the levels; vendor failures surface while iterating
   */
  PagedIterable<dev.posbridge.core.model.StockLevel> stockLevels(StockQuery query);

  /**
   * Applies stock changes, grouped into as few vendor calls as the vendor allows (at most
   * {@link #maxStockChangesPerCall()} changes per call). The n-th call carries the idempotency key
   * {@code options.derive(String.valueOf(n))}, so calling again with the same list and options
   * applies nothing twice.
   *
   * @param changes the changes, applied in order per item and location
   * @param options the idempotency key of the whole list
   * @return what was applied
   * @throws dev.posbridge.core.NotFoundException if a SKU or location is unknown to the vendor
   * @throws dev.posbridge.core.ConflictException if a compare-and-set check failed
   * @throws dev.posbridge.core.PosbridgeException for other vendor failures
   */
  StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options);

  /**
   * Returns how many changes one vendor call can apply.
   *
   * @return the vendor's per-call maximum
   */
  int maxStockChangesPerCall();

  /**
   * Returns the type of item ref this connector takes in {@link StockChange#item()} (and sale
   * lines, where it records sales), e.g. {@code "inventory_item"} for Shopify, where a variant id
   * would be refused. A ref of this connector's system but another type is refused with a
   * {@link dev.posbridge.core.ValidationException} naming both types before any vendor call; the
   * sync engine looks up refs of this type in its {@link IdMap}.
   *
   * @return the ref type; the default is {@code "item"}
   */
  default String itemRefType() {
    return "item";
  }
}
