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
import org.jspecify.annotations.Nullable;

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

  private final @Nullable OAuthClient app;
  private final @Nullable Credentials credentials;

  private QuickBooksAuth(@Nullable OAuthClient app, @Nullable Credentials credentials) {
    this.app = app;
    this.credentials = credentials;
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
    return new QuickBooksAuth(new OAuthClient(store, clientId, clientSecret), null);
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
    return new QuickBooksAuth(null, Objects.requireNonNull(credentials, "credentials"));
  }

  /** The credentials the transport uses; OAuth 2.0 refreshes at the endpoint with the builder's HTTP settings. */
  Credentials credentials(URI tokenEndpoint, HttpConnectorBuilder<?> http) {
    if (credentials != null) {
      return credentials;
    }
    OAuthClient oauth = Objects.requireNonNull(app);
    return OAuth2Credentials.builder()
        .tokenStore(oauth.store())
        .refresher(TokenRefresher.oauth2(tokenEndpoint, oauth.clientId(), oauth.clientSecret(), http))
        .clock(http.clock())
        .build();
  }

  @Override
  public String toString() {
    return credentials != null ? "QuickBooksAuth[" + credentials + "]"
        : "QuickBooksAuth[oauth2, clientId=" + Objects.requireNonNull(app).clientId() + ", clientSecret=***]";
  }
}
