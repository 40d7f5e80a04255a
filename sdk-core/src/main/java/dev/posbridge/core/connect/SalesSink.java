package dev.posbridge.core.connect;

import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.util.ArrayList;
import java.util.List;

/**
 * Records sales and refunds made elsewhere, e.g. as sales receipts in accounting.
 *
 * <p>Pass an idempotency key in the options, derived from the source sale, so that a retried or
 * replayed delivery records the sale once.
 */
public interface SalesSink extends Connector {

  /**
   * Records one sale.
   *
   * @param sale the sale
   * @param options the idempotency key and timeout
   * @return the recorded document
   * @throws dev.posbridge.core.ValidationException if the vendor rejects the content, e.g. an
   *     unmapped SKU or account
   * @throws dev.posbridge.core.PosbridgeException for other vendor failures
   */
  WriteResult recordSale(Sale sale, RequestOptions options);

  /**
   * Records one refund.
   *
   * @param refund the refund
   * @param options the idempotency key and timeout
   * @return the recorded document
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails
   */
  WriteResult recordRefund(Refund refund, RequestOptions options);

  /**
   * Records several sales, using the vendor's batch operation where it has one, in groups of at
   * most {@link #maxBatchSize()}. The default records them one by one, the i-th with
   * {@code options.derive(String.valueOf(i))}.
   *
   * <p>Outcomes are per sale: when some sales were recorded and others failed (or were not sent),
   * this throws a {@link BatchItemsException} saying which; any other exception means that nothing
   * was recorded.
   *
   * @param sales the sales
   * @param options the idempotency key of the whole group
   * @return one result per sale, in order
   * @throws BatchItemsException if some sales failed: names the recorded, failed and unsent ones
   * @throws dev.posbridge.core.PosbridgeException if the first vendor call fails
   */
  default List<WriteResult> recordSales(List<Sale> sales, RequestOptions options) {
    List<WriteResult> results = new ArrayList<>(sales.size());
    for (int i = 0; i < sales.size(); i++) {
      try {
        results.add(recordSale(sales.get(i), options.derive(String.valueOf(i))));
      } catch (dev.posbridge.core.PosbridgeException e) {
        if (i == 0) {
          throw e;
        }
        java.util.Map<Integer, WriteResult> booked = new java.util.LinkedHashMap<>();
        for (int j = 0; j < i; j++) {
          booked.put(j, results.get(j));
        }
        throw new BatchItemsException(i + " of " + sales.size() + " sales recorded before one failed",
            e.context(), sales.size(), booked.keySet(), booked, java.util.Map.of(i, e));
      }
    }
    return results;
  }

  /**
   * Returns how many sales one vendor call can record.
   *
   * @return the batch size, {@code 1} when the vendor has no batch operation
   */
  default int maxBatchSize() {
    return 1;
  }
}
