package dev.posbridge.core.auth;

import java.net.URI;

/**
 * Obtains a new OAuth token from the current one, usually with the refresh-token grant.
 *
 * <p>Implementations must be thread-safe. {@link OAuth2Credentials} calls them under a lock, so
 * one refresh runs at a time per credentials object. They should not retry a refresh on their
 * own: when the vendor rotates refresh tokens, an ambiguous failure may already have invalidated
 * the old one.
 *
 * <p>Implementers: {@link #oauth2(URI, String, String)}; vendors with a non-standard grant supply
 * their own.
 */
@FunctionalInterface
public interface TokenRefresher {

  /**
   * Exchanges the current token for a new one.
   *
   * @param current the current token; its refresh token is used
   * @return the new token, with the rotated refresh token if the vendor issued one
   * @throws dev.posbridge.core.AuthenticationException if the grant was rejected (e.g.
   *     {@code invalid_grant}: the user must authorise again)
   * @throws dev.posbridge.core.VendorUnavailableException if the token endpoint could not be reached
   */
  OAuthToken refresh(OAuthToken current);

  /**
   * Returns a refresher for a standard OAuth 2.0 token endpoint: it posts
   * {@code grant_type=refresh_token} with HTTP Basic client authentication and reads
   * {@code access_token}, {@code refresh_token}, {@code expires_in}, {@code scope} and QuickBooks'
   * {@code x_refresh_token_expires_in}.
   *
   * @param tokenEndpoint the token endpoint URL
   * @param clientId the OAuth client id
   * @param clientSecret the OAuth client secret
   * @return a new refresher
   * @throws IllegalArgumentException if an argument is blank or the URL is not absolute http(s)
   */
  static TokenRefresher oauth2(URI tokenEndpoint, String clientId, String clientSecret) {
    return OAuth2TokenRefresher.create(tokenEndpoint, clientId, clientSecret, null, java.time.Clock.systemUTC());
  }
}
