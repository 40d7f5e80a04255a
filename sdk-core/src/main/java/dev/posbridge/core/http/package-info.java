/**
 * Configuration of how connectors talk HTTP: retries, circuit breaking, timeouts and client-side
 * rate limiting.
 *
 * <p>All types here are immutable values or small SPIs; none exposes OkHttp, Jackson or Failsafe.
 * Connector builders accept them and hand them to the internal transport, which builds its
 * resilience policies once per connector.
 *
 * <p>{@link dev.posbridge.core.http.RateLimiter} is an extension point: besides the factories it
 * offers ({@code unlimited}, {@code perSecond}, {@code tokenBucket}, {@code maxConcurrent},
 * {@code all}), vendor modules implement adaptive limiters (Shopify's query-cost bucket,
 * QuickBooks' per-minute and concurrency limits, NetSuite's concurrency governor).
 */
@NullMarked
package dev.posbridge.core.http;

import org.jspecify.annotations.NullMarked;
