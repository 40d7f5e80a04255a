package dev.posbridge.core.connect;

/** A capability a connector may offer; each corresponds to one connector interface. */
public enum Capability {
  /** Reads sales and refunds: {@link SalesSource}. */
  SALES_SOURCE,
  /** Records sales and refunds, e.g. as accounting documents: {@link SalesSink}. */
  SALES_SINK,
  /** Reads stock levels and applies stock changes: {@link InventoryConnector}. */
  INVENTORY,
  /** Finds and upserts customers: {@link CustomerConnector}. */
  CUSTOMERS,
  /** Looks up catalog items by SKU and lists the catalog: {@link CatalogConnector}. */
  CATALOG,
  /** Reads changes since a cursor by polling: {@link ChangeFeed}. */
  CHANGE_FEED,
  /** Lists locations: {@link LocationDirectory}. */
  LOCATIONS,
  /** Reads back the documents booked by a {@link SalesSink}: {@link BookedSalesReader}. */
  BOOKED_SALES,
  /** Verifies and parses the vendor's webhooks: see {@code dev.posbridge.core.webhook}. */
  WEBHOOKS
}
