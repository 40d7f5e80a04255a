/**
 * How connectors authenticate to vendors: the {@link dev.posbridge.core.auth.Credentials} SPI,
 * static bearer tokens, and OAuth 2.0 tokens with refresh, rotation persisted through a
 * {@link dev.posbridge.core.auth.TokenStore} before use, and single-flight refresh.
 *
 * <p>Extension points: {@code Credentials} (implemented here by {@code BearerToken} and
 * {@code OAuth2Credentials}, and in {@code sdk-netsuite} by the OAuth 1.0a TBA signer),
 * {@code TokenStore} (in-memory and file stores here; users plug in a database or a secret
 * manager) and {@code TokenRefresher} (a standard OAuth 2.0 refresh-token grant here).
 *
 * <p>No type here prints a secret in {@code toString()}.
 */
@NullMarked
package dev.posbridge.core.auth;

import org.jspecify.annotations.NullMarked;
