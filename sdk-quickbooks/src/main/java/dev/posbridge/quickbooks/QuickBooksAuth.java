package dev.posbridge.quickbooks;

import dev.posbridge.core.auth.BearerToken;
import dev.posbridge.core.auth.Credentials;
import dev.posbridge.core.auth.OAuth2Credentials;
import dev.posbridge.core.auth.OAuthClient;
import dev.posbridge.core.auth.TokenRefresher;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.http.HttpConnectorBuilder;
import java.net.URI;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * How a {@link QuickBooksConnector} authenticates, for
 * {@link QuickBooksConnector.Builder#credentials(Object)}: OAuth 2.0 with tokens that
 * refresh themselves (the usual case), a static access token, or any other {@link Credentials}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows a secret or token.
 *
 * <pre>{@code
 * QuickBooksConnector.builder()
 *     .credentials(QuickBooksAuth.oauth2(clientId, clientSecret, TokenStore.file(Path.of("qbo-token.json"))))
 * }</pre>
 */
public final class QuickBooksAuth {

  private final String description;
  private final BiFunction<URI, HttpConnectorBuilder<?>, Credentials> factory;

  private QuickBooksAuth(String description, BiFunction<URI, HttpConnectorBuilder<?>, Credentials> factory) {
    this.description = description;
    this.factory = factory;
  }

  /**
   * Authenticates with OAuth 2.0: the access token is read from the store and refreshed at the
   * builder's {@linkplain QuickBooksConnector.Builder#tokenEndpoint(URI) token endpoint} when it
   * expires or is rejected; a rotated refresh token is saved in the store before the new access
   * token is used. The refresh shares the connector's HTTP client, timeouts and clock.
   *
   * @param clientId the app's client id
   * @param clientSecret the app's client secret; never logged
   * @param store where the tokens live, e.g. {@code TokenStore.file(path)}
   * @return the authentication
   * @throws IllegalArgumentException if the client id or secret is blank, or the store null
   */
  public static QuickBooksAuth oauth2(String clientId, String clientSecret, TokenStore store) {
    OAuthClient app = new OAuthClient(store, clientId, clientSecret);
    return new QuickBooksAuth("oauth2, clientId=" + app.clientId() + ", clientSecret=***",
        (tokenEndpoint, http) -> OAuth2Credentials.builder()
            .tokenStore(app.store())
            .refresher(TokenRefresher.oauth2(tokenEndpoint, app.clientId(), app.clientSecret(), http))
            .clock(http.clock())
            .build());
  }

  /**
   * Authenticates with an access token that the caller renews (QBO access tokens last an hour).
   *
   * @param token the access token; never logged
   * @return the authentication
   * @throws IllegalArgumentException if the token is blank
   */
  public static QuickBooksAuth accessToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("accessToken must not be blank");
    }
    return of(BearerToken.of(token));
  }

  /**
   * Authenticates with any credentials, e.g. {@link OAuth2Credentials} configured by the caller.
   *
   * @param credentials the credentials
   * @return the authentication
   */
  public static QuickBooksAuth of(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return new QuickBooksAuth(credentials.toString(), (tokenEndpoint, http) -> credentials);
  }

  /** The credentials the transport uses; OAuth 2.0 refreshes at the endpoint with the builder's HTTP settings. */
  Credentials credentials(URI tokenEndpoint, HttpConnectorBuilder<?> http) {
    return factory.apply(tokenEndpoint, http);
  }

  @Override
  public String toString() {
    return "QuickBooksAuth[" + description + "]";
  }
}
