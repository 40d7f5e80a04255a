/**
 * Stateful local simulators of vendor APIs, for posbridge's own tests and for yours.
 *
 * <p>Each vendor simulator ({@code dev.posbridge.testing.square.SquareSimulator},
 * {@code dev.posbridge.testing.shopify.ShopifySimulator},
 * {@code dev.posbridge.testing.quickbooks.QuickBooksSimulator},
 * {@code dev.posbridge.testing.netsuite.NetSuiteSimulator}) extends {@link
 * dev.posbridge.testing.VendorSimulator}, which runs a WireMock server on {@code 127.0.0.1} and
 * dispatches every request to Java handlers declared as routes, so the simulated state lives in
 * plain Java objects.
 *
 * <p>Beside the server the package offers what simulators share: {@link
 * dev.posbridge.testing.FaultInjector} (errors, outages, delays, dropped connections), {@link
 * dev.posbridge.testing.RequestJournal}, {@link dev.posbridge.testing.IdempotencyLedger}, {@link
 * dev.posbridge.testing.EffectCounter}, {@link dev.posbridge.testing.IdGenerator}, {@link
 * dev.posbridge.testing.SimClock}, {@link dev.posbridge.testing.Throttle}, {@link
 * dev.posbridge.testing.ConcurrencyLimiter} and {@link dev.posbridge.testing.WebhookSender}.
 */
@NullMarked
package dev.posbridge.testing;

import org.jspecify.annotations.NullMarked;
