package dev.posbridge.core.connect;

import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;

/** Reads sales and refunds from a point-of-sale or commerce system. */
public interface SalesSource extends Connector {

  /**
   * Returns the sales matching a query, lazily paged in the vendor's order for the chosen time
   * field (oldest first where the vendor allows).
   *
   * @param query the window, locations and resume cursor
   * @return the sales; vendor failures surface while iterating
   */
  PagedIterable<Sale> sales(SalesQuery query);

  /**
   * Returns the refunds and returns matching a query, lazily paged.
   *
   * @param query the window, locations and resume cursor
   * @return the refunds; vendor failures surface while iterating
   */
  PagedIterable<Refund> refunds(SalesQuery query);
}
