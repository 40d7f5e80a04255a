/**
 * The HTTP transport every vendor connector uses: OkHttp client, Jackson mapping, retries,
 * circuit breaker, client-side rate limiting, authentication, error mapping and redacted
 * logging. Not public API: may change in any release.
 */
@NullMarked
package dev.posbridge.core.spi;

import org.jspecify.annotations.NullMarked;
