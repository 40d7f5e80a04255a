package dev.posbridge.square;

import dev.posbridge.core.auth.BearerToken;
import dev.posbridge.core.auth.Credentials;
import dev.posbridge.core.auth.OAuth2Credentials;
import dev.posbridge.core.auth.OAuthClient;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.http.TimeoutSettings;
import java.time.Clock;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link SquareConnector} authenticates, for {@link SquareConnector.Builder#credentials}:
 * a static access token, or OAuth 2.0 tokens that the connector renews itself.
 *
 * <pre>{@code
 * SquareConnector.builder().credentials(SquareAuth.accessToken(System.getenv("SQUARE_TOKEN")));
 * SquareConnector.builder().credentials(
 *     SquareAuth.oauth2(TokenStore.file(Path.of("square-token.json")), clientId, clientSecret));
 * }</pre>
 *
 * <p>Immutable; secrets never appear in {@link #toString()}.
 */
public final class SquareAuth {

  /** Makes the credentials once the connector's URL, client, timeouts and clock are known. */
  interface Factory {
    Credentials create(String baseUrl, @Nullable OkHttpClient client, TimeoutSettings timeouts, Clock clock,
        Consumer<AutoCloseable> closeWithConnector);
  }

  private final String description;
  private final Factory factory;

  private SquareAuth(String description, Factory factory) {
    this.description = description;
    this.factory = factory;
  }

  /**
   * Authenticates with a personal access token, or an OAuth access token that you renew
   * yourself, sent as {@code Authorization: Bearer}.
   *
   * @param token the access token; never logged
   * @return the authentication
   * @throws IllegalArgumentException if the token is null or blank
   */
  public static SquareAuth accessToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("accessToken must not be blank");
    }
    BearerToken bearer = BearerToken.of(token);
    return new SquareAuth("accessToken", (url, client, timeouts, clock, owned) -> bearer);
  }

  /**
   * Authenticates with OAuth 2.0 tokens renewed through Square's ObtainToken
   * ({@code POST /oauth2/token}, {@code grant_type: refresh_token}) shortly before they expire and
   * once after a 401. Every new token is saved to the store before it is used, and concurrent
   * calls never refresh twice. The token requests go to the connector's base URL with its
   * OkHttp client and timeouts (see {@link SquareTokenRefresher}).
   *
   * @param store holds the current token (access, refresh, expiry); see
   *     {@link TokenStore#file(java.nio.file.Path)} to survive restarts
   * @param clientId the application id
   * @param clientSecret the application secret; never logged
   * @return the authentication
   * @throws IllegalArgumentException if the store is null or the id or secret blank
   */
  public static SquareAuth oauth2(TokenStore store, String clientId, String clientSecret) {
    OAuthClient app = new OAuthClient(store, clientId, clientSecret);
    return new SquareAuth("oauth2", (url, client, timeouts, clock, owned) -> {
      SquareTokenRefresher refresher =
          SquareTokenRefresher.create(app.clientId(), app.clientSecret(), url, client, timeouts);
      owned.accept(refresher);
      return OAuth2Credentials.builder().tokenStore(app.store()).refresher(refresher).clock(clock).build();
    });
  }

  Credentials create(String baseUrl, @Nullable OkHttpClient client, TimeoutSettings timeouts, Clock clock,
      Consumer<AutoCloseable> closeWithConnector) {
    return factory.create(baseUrl, client, timeouts, clock, closeWithConnector);
  }

  @Override
  public String toString() {
    return "SquareAuth[" + description + "]";
  }
}
