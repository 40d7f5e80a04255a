/**
 * The extension API: what a connector for a new vendor, and a test kit for one, builds on.
 *
 * <p><b>Who uses it.</b> Connector authors (the vendor modules {@code sdk-square},
 * {@code sdk-shopify}, {@code sdk-quickbooks}, {@code sdk-netsuite}, and anyone writing a connector
 * for another vendor) and the test kit ({@code sdk-testing}). Applications that only sync data do
 * not need it: they use the connectors, {@code dev.posbridge.core.connect},
 * {@code dev.posbridge.core.sync} and the settings in {@code dev.posbridge.core.http}.
 *
 * <p><b>What it holds.</b>
 * <ul>
 *   <li>The HTTP transport every connector calls its vendor through: {@link HttpTransport} (retries,
 *       circuit breaker, rate limiting, authentication, response limits, redacted logging), the
 *       request it executes ({@link HttpCall}), what a success handler sees ({@link ResponseHandler},
 *       {@link HttpResponse}, {@link HttpHeaders}) and the shared JSON set-up with parse limits
 *       ({@link Json}).</li>
 *   <li>Vendor error mapping: a connector implements {@link VendorErrorMapper} for its vendor's
 *       error bodies, reading an {@link ErrorResponse} and falling back to
 *       {@link DefaultErrorMapper} for what it does not recognise.</li>
 *   <li>Token endpoints for OAuth refreshers and token exchanges ({@link TokenEndpoints}) and the
 *       process-wide registry of secret values that logs and messages mask
 *       ({@link Redactor#registerSecret(String)}): a connector registers every token, client secret
 *       and webhook key it is given.</li>
 *   <li>Webhook signature helpers ({@link Signatures}): HMAC and constant-time comparison.</li>
 *   <li>Hooks that tests replace: {@link Sleeper} (how a connector waits) next to the
 *       {@link java.time.Clock} the builders accept; {@link NoDelaySocketFactory} for clients a
 *       connector or a benchmark builds itself.</li>
 *   <li>Bases that say shared shapes once: {@link SettingsBuilder} (the builder of a settings
 *       record) and {@link BooksMapping} (what every accounting connector's mapping holds).</li>
 *   <li>Guards for data from a vendor: {@link DataGuard} (card numbers masked, numbers bounded,
 *       values shortened and quoted for messages), {@link Rfc3339} (fast, exact timestamp parsing),
 *       {@link RefTypes} (refusing refs of the wrong type) and {@link UpsertMemo} (skipping a
 *       repeated upsert of an unchanged customer).</li>
 * </ul>
 *
 * <p><b>What a connector implements.</b> The connector interfaces themselves live in
 * {@code dev.posbridge.core.connect}; from this package a connector implements
 * {@link VendorErrorMapper} and, for bodies it streams itself, {@link ResponseHandler}, and extends
 * {@link VendorConnector}, {@link SettingsBuilder} and {@link BooksMapping} where they fit; tests
 * implement {@link Sleeper}. Everything else is there to be called, not extended: the classes are final.
 *
 * <p><b>Compatibility.</b> This package is public API, documented and checked like the rest, but it
 * serves a narrower audience and may change in a minor release when a vendor needs it to; such
 * changes are listed in the changelog. It exposes the libraries the transport is built on
 * (Jackson, OkHttp) in its signatures. Packages named {@code internal} are not API at all: no
 * module other than the one that declares them may use them, and the architecture tests check it.
 */
@NullMarked
package dev.posbridge.core.spi;

import org.jspecify.annotations.NullMarked;
