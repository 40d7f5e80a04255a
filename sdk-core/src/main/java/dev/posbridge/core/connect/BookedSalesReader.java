package dev.posbridge.core.connect;

import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.util.Optional;

/**
 * Reads back the documents a {@link SalesSink} booked (sales receipts, cash sales, refund
 * receipts, cash refunds), through the vendor's public API, so that the books can be reconciled
 * with the sources.
 *
 * <p>Contract of a document read back (see docs/decisions/0021-books-that-balance.md):
 *
 * <ul>
 *   <li>{@link Sale#ref()} / {@link Refund#ref()} is the SOURCE document's ref as it was given to
 *       the sink, with the booked {@link Sale#version()} as its version, so it joins to the source
 *       sale with {@link ExternalRef#sameObject(ExternalRef)}. A document that posbridge did not
 *       book (no source ref stored with it) has its own book ref there instead.
 *   <li>The book's own ref (e.g. {@code quickbooks/salesreceipt/123}, version = the vendor's
 *       SyncToken or last-modified stamp) is in {@link Sale#refs()}: {@code sale.refIn(system())}.
 *   <li>{@link Sale#state()} is {@code COMPLETED}, or {@code VOIDED} for a voided document.
 *   <li>The amounts are the booked ones, in the document's currency, with its exchange rate:
 *       lines (quantity, unit price, gross, discounts, taxability, taxes), totals, customer (the
 *       book's customer ref) and document number. A refund's {@link Refund#originalSale()} is the
 *       source sale's ref when it was stored.
 * </ul>
 *
 * <p>Queries: {@link SalesQuery} windows apply to the document date ({@code CREATED} and
 * {@code CLOSED}, date-granular in the books' time zone: a document is returned when its date
 * falls in the window's dates) or to the vendor's last-modified time ({@code UPDATED}).
 * {@code completedOnly()} hides voided documents. Locations are ignored. Order is the vendor's.
 */
public interface BookedSalesReader extends Connector {

  /**
   * Returns the sales documents booked in a window, lazily paged.
   *
   * @param query the window
   * @return the booked sales; vendor failures surface while iterating
   */
  PagedIterable<Sale> bookedSales(SalesQuery query);

  /**
   * Returns the refund documents booked in a window, lazily paged.
   *
   * @param query the window
   * @return the booked refunds; vendor failures surface while iterating
   */
  PagedIterable<Refund> bookedRefunds(SalesQuery query);

  /**
   * Finds the document booked for a source sale.
   *
   * @param sourceRef the source sale's ref (its version is ignored)
   * @return the booked sale, or empty if none
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails
   */
  Optional<Sale> bookedSale(ExternalRef sourceRef);

  /**
   * Finds a booked sales document by its document number in the books.
   *
   * @param documentNumber the number (QuickBooks DocNumber, NetSuite tranId)
   * @return the booked sale, or empty if none
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails
   */
  Optional<Sale> bookedSaleByNumber(String documentNumber);

  /**
   * Finds the document booked for a source refund.
   *
   * @param sourceRef the source refund's ref (its version is ignored)
   * @return the booked refund, or empty if none
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails
   */
  Optional<Refund> bookedRefund(ExternalRef sourceRef);

  /**
   * Finds a booked refund document by its document number in the books.
   *
   * @param documentNumber the number
   * @return the booked refund, or empty if none
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails
   */
  Optional<Refund> bookedRefundByNumber(String documentNumber);
}
