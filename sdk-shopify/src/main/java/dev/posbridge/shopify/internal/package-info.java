/**
 * Internals of the Shopify connector: the GraphQL documents, the cost-based rate limiter, the
 * GraphQL client over the shared transport, error mapping and the mappers between Shopify's JSON
 * and the canonical model. Not public API.
 */
@NullMarked
package dev.posbridge.shopify.internal;

import org.jspecify.annotations.NullMarked;
