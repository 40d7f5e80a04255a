/**
 * Connector interfaces: one small interface per capability a vendor may offer.
 *
 * <p>A vendor connector ({@code SquareConnector}, {@code ShopifyConnector},
 * {@code QuickBooksConnector}, {@code NetSuiteConnector}) implements the capabilities its vendor
 * supports and lists them in {@link dev.posbridge.core.connect.Connector#capabilities()}, so a
 * caller checks once instead of catching {@link java.lang.UnsupportedOperationException}:
 * {@link dev.posbridge.core.connect.SalesSource}, {@link dev.posbridge.core.connect.SalesSink},
 * {@link dev.posbridge.core.connect.InventoryConnector},
 * {@link dev.posbridge.core.connect.CustomerConnector},
 * {@link dev.posbridge.core.connect.CatalogConnector},
 * {@link dev.posbridge.core.connect.ChangeFeed} and
 * {@link dev.posbridge.core.connect.LocationDirectory}.
 *
 * <p>Lists are returned as lazy {@link dev.posbridge.core.connect.PagedIterable}s that fetch a page
 * only when iteration needs it. Writes take {@link dev.posbridge.core.connect.RequestOptions}
 * carrying the idempotency key that makes a retried write take effect once.
 * {@link dev.posbridge.core.connect.IdMap} keeps the cross-reference between canonical SKUs,
 * customers and locations and each vendor's ids.
 *
 * <p>Connectors are long-lived, thread-safe and {@link java.lang.AutoCloseable}.
 */
@NullMarked
package dev.posbridge.core.connect;

import org.jspecify.annotations.NullMarked;
