package dev.posbridge.core.auth;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.http.TimeoutSettings;
import dev.posbridge.core.spi.Redactor;
import dev.posbridge.core.spi.TokenEndpoints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2.0 refresh-token grant (RFC 6749 §6) with HTTP Basic client authentication.
 *
 * <p>Never follows a redirect (a 3xx fails with {@link dev.posbridge.core.UnexpectedRedirectException},
 * so the refresh token and client secret never reach another host), obeys the given timeouts with
 * a whole-call deadline, reads at most 64 KiB of answer and applies the lifetime policy of
 * {@link TokenEndpoints} to {@code expires_in} and {@code x_refresh_token_expires_in}.
 */
final class OAuth2TokenRefresher implements TokenRefresher {
  private static final String SYSTEM = "oauth2";
  private static final String OPERATION = "RefreshToken";

  private final HttpUrl endpoint;
  private final String clientId;
  private final String clientSecret;
  private final OkHttpClient client;
  private final Clock clock;

  private OAuth2TokenRefresher(HttpUrl endpoint, String clientId, String clientSecret, OkHttpClient client,
      Clock clock) {
    this.endpoint = endpoint;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.client = client;
    this.clock = clock;
  }

  /** Package-private factory with the default timeouts and budget. */
  static OAuth2TokenRefresher create(URI tokenEndpoint, String clientId, String clientSecret,
      @Nullable OkHttpClient client, Clock clock) {
    return create(tokenEndpoint, clientId, clientSecret, client, TimeoutSettings.defaults(),
        RetrySettings.defaults().maxElapsed(), clock);
  }

  /** Package-private factory: connectors pass their client, timeouts, call budget and clock. */
  static OAuth2TokenRefresher create(URI tokenEndpoint, String clientId, String clientSecret,
      @Nullable OkHttpClient client, TimeoutSettings timeouts, Duration budget, Clock clock) {
    HttpUrl url = tokenEndpoint == null ? null : HttpUrl.get(tokenEndpoint);
    if (url == null) {
      throw new IllegalArgumentException("tokenEndpoint must be an absolute http(s) URL: " + tokenEndpoint);
    }
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must not be blank");
    }
    if (clientSecret == null || clientSecret.isBlank()) {
      throw new IllegalArgumentException("clientSecret must not be blank");
    }
    Redactor.registerSecret(clientSecret);
    return new OAuth2TokenRefresher(url, clientId, clientSecret, TokenEndpoints.client(client, timeouts, budget),
        clock);
  }

  @Override
  public OAuthToken refresh(OAuthToken current) {
    ErrorContext ctx = ErrorContext.of(SYSTEM, OPERATION);
    String refreshToken = current.refreshToken();
    if (refreshToken == null) {
      throw new AuthenticationException("No refresh token: the user must authorise again", ctx, null);
    }
    Redactor.registerSecret(refreshToken);
    Request request = new Request.Builder()
        .url(endpoint)
        .header("Authorization", okhttp3.Credentials.basic(clientId, clientSecret, StandardCharsets.UTF_8))
        .header("Accept", "application/json")
        .post(new FormBody.Builder()
            .add("grant_type", "refresh_token")
            .add("refresh_token", refreshToken)
            .build())
        .build();
    Instant now = clock.instant();
    TokenEndpoints.Reply reply = TokenEndpoints.exchange(client, request, ctx, null);
    reply.requireSuccess("Token endpoint throttled the refresh", "Token refresh rejected"
        + ("invalid_grant".equals(reply.text("error"))
            ? ": the refresh token is invalid or expired, the user must authorise again" : ""));
    String accessToken = reply.requireText("access_token", reply.excerpt());
    String newRefresh = reply.text("refresh_token");
    if (newRefresh != null && newRefresh.isBlank()) {
      newRefresh = null;
    }
    Redactor.registerSecret(accessToken);
    Redactor.registerSecret(newRefresh);
    Instant expiresAt = TokenEndpoints.expiresAt(now, reply.get("expires_in"), TokenEndpoints.MAX_ACCESS_LIFETIME);
    Instant refreshExpiresAt = TokenEndpoints.expiresAt(now, reply.get("x_refresh_token_expires_in"),
        TokenEndpoints.MAX_REFRESH_LIFETIME);
    if (newRefresh == null) {
      newRefresh = refreshToken;
      if (refreshExpiresAt == null) {
        refreshExpiresAt = current.refreshTokenExpiresAt();
      }
    }
    String scope = reply.text("scope");
    return new OAuthToken(accessToken, newRefresh, expiresAt, refreshExpiresAt,
        scope != null ? scope : current.scope());
  }

  @Override
  public String toString() {
    return "TokenRefresher.oauth2(" + endpoint + ", clientId=" + clientId + ", clientSecret=***)";
  }
}
