/**
 * The Shopify Admin GraphQL simulator: {@link dev.posbridge.testing.shopify.ShopifySimulator}
 * and the {@link dev.posbridge.testing.shopify.OrderSeed} it seeds orders from.
 */
@NullMarked
package dev.posbridge.testing.shopify;

import org.jspecify.annotations.NullMarked;
