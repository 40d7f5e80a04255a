package dev.posbridge.core.auth;

import dev.posbridge.core.http.HttpConnectorBuilder;
import dev.posbridge.core.http.TimeoutSettings;
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

  /**
   * Creates a refresher for the OAuth 2.0 refresh-token grant that shares a connector's HTTP
   * settings: its OkHttp client (redirects are never followed, whatever that client says), its
   * timeouts with a whole-call deadline of the smaller of {@link TimeoutSettings#call()} and
   * {@link dev.posbridge.core.http.RetrySettings#maxElapsed()}, and its clock.
   *
   * @param tokenEndpoint the token endpoint
   * @param clientId the client id
   * @param clientSecret the client secret; never logged
   * @param settings the connector builder whose client, timeouts, retry budget and clock to use
   * @return the refresher
   * @throws IllegalArgumentException if an argument is blank or the endpoint not an http(s) URL
   */
  static TokenRefresher oauth2(URI tokenEndpoint, String clientId, String clientSecret,
      HttpConnectorBuilder<?> settings) {
    return OAuth2TokenRefresher.create(tokenEndpoint, clientId, clientSecret, settings.okHttpClient(),
        settings.timeouts(), settings.retry().maxElapsed(), settings.clock());
  }
}
