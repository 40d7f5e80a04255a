package dev.posbridge.core.connect;

import dev.posbridge.core.BatchItemsException;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.util.ArrayList;
import java.util.List;

/**
 * Records sales and refunds made elsewhere, e.g. as sales receipts in accounting.
 *
 * <p>Pass an idempotency key in the options, derived from the source sale, so that a retried or
 * replayed delivery records the sale once. Each transition of a sale has its own key: the key of
 * a booking includes the sale's {@link Sale#revision()}, the key of a void says so (see
 * {@link #idempotencyKey(Sale, String)}).
 *
 * <p>Amounts are written exactly: the booked total is the source's {@link
 * dev.posbridge.core.model.Totals#total()} (for a refund, {@link Refund#amount()}). A sale or
 * refund whose parts do not add up to it is rejected with a {@link
 * dev.posbridge.core.ValidationException} ({@code unbalanced_totals}) instead of being booked at
 * another total; {@code dev.posbridge.core.sync.TotalsPolicy} can add an explicit rounding line
 * first. A document in a currency other than the books' home currency needs an {@link
 * dev.posbridge.core.model.ExchangeRate}.
 */
public interface SalesSink extends Connector {

  /**
   * Records one completed sale. If this sink already booked an earlier version of the same source
   * sale (same ref, other {@link Sale#revision()}), the booked document is updated to this
   * version instead of booking a second one; booking the same version again is a replay.
   *
   * @param sale the sale, in state {@link dev.posbridge.core.model.SaleState#COMPLETED}
   * @param options the idempotency key and timeout
   * @return the recorded document
   * @throws dev.posbridge.core.ValidationException if the vendor rejects the content, e.g. an
   *     unmapped SKU or account
   * @throws dev.posbridge.core.PosbridgeException for other vendor failures
   */
  WriteResult recordSale(Sale sale, RequestOptions options);

  /**
   * Voids the document booked for a sale that was cancelled, voided or deleted at the source.
   * Idempotent: voiding a voided document changes nothing.
   *
   * @param sourceSale the source sale's ref (its version is ignored)
   * @param options the idempotency key and timeout
   * @return the voided document, or empty if nothing was booked for the sale
   * @throws UnsupportedOperationException if the sink cannot void documents
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails
   */
  default java.util.Optional<WriteResult> voidSale(
      dev.posbridge.core.model.ExternalRef sourceSale, RequestOptions options) {
    throw new UnsupportedOperationException(system() + " cannot void booked sales");
  }

  /**
   * Derives the idempotency key of one transition of a sale: {@code base}, the transition
   * ({@code book} or {@code void}) and, for a booking, the sale's revision. A retry of the same
   * transition reuses the key; an amendment or a void gets a new one.
   *
   * @param sale the sale
   * @param base the caller's base key, e.g. derived from the source ref and the sink
   * @return the key
   */
  static String idempotencyKey(Sale sale, String base) {
    return sale.state().isVoid() ? base + ":void" : base + ":book@" + sale.revision();
  }

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
            e instanceof dev.posbridge.core.VendorException ve ? ve.context()
                : dev.posbridge.core.ErrorContext.of(system(), "RecordSales"),
            sales.size(), booked.keySet(), booked, java.util.Map.of(i, e));
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
