package dev.posbridge.core.sync;

import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;

/**
 * Adapts sales (and refunds) for one sales sink before they are recorded, e.g. to set accounts,
 * tax codes or item refs the sink needs. Called at delivery time, so that a fixed transformer
 * applies to replayed dead letters. Must be deterministic and thread-safe.
 */
@FunctionalInterface
public interface SaleTransformer {

  /**
   * Transforms a sale for the sink.
   *
   * @param sale the canonical sale from the source
   * @return the sale to record
   * @throws dev.posbridge.core.ValidationException if the sale cannot be mapped; the delivery is
   *     then dead-lettered
   */
  Sale transform(Sale sale);

  /**
   * Transforms a refund for the sink; the default returns it unchanged.
   *
   * @param refund the canonical refund
   * @return the refund to record
   */
  default Refund transformRefund(Refund refund) {
    return refund;
  }

  /** A transformer that changes nothing. */
  SaleTransformer IDENTITY = sale -> sale;
}
