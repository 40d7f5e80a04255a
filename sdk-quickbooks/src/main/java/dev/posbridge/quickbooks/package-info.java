/**
 * QuickBooks Online connector: records POS sales and refunds as sales and refund receipts, keeps
 * inventory quantities, customers and items in step, reads changes through CDC and verifies
 * webhooks. Start with {@link dev.posbridge.quickbooks.QuickBooksConnector#builder()}.
 */
@NullMarked
package dev.posbridge.quickbooks;

import org.jspecify.annotations.NullMarked;
