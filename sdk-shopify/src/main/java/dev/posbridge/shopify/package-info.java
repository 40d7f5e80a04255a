/**
 * The Shopify connector, on the Admin GraphQL API: {@link dev.posbridge.shopify.ShopifyConnector}
 * reads orders and refunds, reads and changes inventory, finds and writes customers, looks up
 * variants by SKU and lists locations; {@link dev.posbridge.shopify.ShopifyWebhookVerifier}
 * verifies and parses webhooks.
 */
@NullMarked
package dev.posbridge.shopify;

import org.jspecify.annotations.NullMarked;
