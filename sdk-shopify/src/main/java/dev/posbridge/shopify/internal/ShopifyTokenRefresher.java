package dev.posbridge.shopify.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.auth.AuthRequest;
import dev.posbridge.core.auth.Credentials;
import dev.posbridge.core.auth.OAuth2Credentials;
import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenRefresher;
import dev.posbridge.core.spi.Json;
import dev.posbridge.core.spi.Redactor;
import dev.posbridge.core.spi.TokenEndpoints;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Refreshes Shopify's expiring offline access tokens: {@code POST /admin/oauth/access_token} with
 * a JSON body {@code {client_id, client_secret, grant_type: "refresh_token", refresh_token}},
 * answered with a new access token (60 minutes) and a rotated refresh token. Used under
 * {@link OAuth2Credentials}' lock, so one refresh runs at a time; it does not retry on its own
 * (a rotated refresh token may already be spent). Thread-safe.
 */
public final class ShopifyTokenRefresher implements TokenRefresher {

  private static final String OPERATION = "RefreshAccessToken";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final ObjectMapper MAPPER = Json.create();

  private final String endpoint;
  private final String clientId;
  private final String clientSecret;
  private final OkHttpClient client;
  private final Clock clock;

  /**
   * Creates a refresher.
   *
   * @param baseUrl the shop's base URL, e.g. {@code https://x.myshopify.com}
   * @param clientId the app's client id
   * @param clientSecret the app's client secret
   * @param client the HTTP client, already derived with {@link TokenEndpoints#client} (redirects
   *     off, the connector's timeouts and whole-call deadline)
   * @param clock measures expiry
   */
  public ShopifyTokenRefresher(String baseUrl, String clientId, String clientSecret,
      OkHttpClient client, Clock clock) {
    this.endpoint = (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl)
        + "/admin/oauth/access_token";
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    Redactor.registerSecret(clientSecret);
    this.client = client.followRedirects() || client.followSslRedirects()
        ? client.newBuilder().followRedirects(false).followSslRedirects(false).build() : client;
    this.clock = clock;
  }

  @Override
  public OAuthToken refresh(OAuthToken current) {
    ErrorContext ctx = ErrorContext.of(ShopifyGraphql.SYSTEM, OPERATION);
    String refreshToken = current.refreshToken();
    if (refreshToken == null) {
      throw new AuthenticationException(
          "No refresh token: the merchant must authorise the app again", ctx, null);
    }
    Redactor.registerSecret(refreshToken);
    Map<String, String> body = new LinkedHashMap<>();
    body.put("client_id", clientId);
    body.put("client_secret", clientSecret);
    body.put("grant_type", "refresh_token");
    body.put("refresh_token", refreshToken);
    Request request;
    try {
      request = new Request.Builder().url(endpoint).header("Accept", "application/json")
          .post(RequestBody.create(MAPPER.writeValueAsBytes(body), JSON)).build();
    } catch (IOException e) {
      throw new IllegalStateException("token request cannot be serialized", e);
    }
    Instant now = clock.instant();
    TokenEndpoints.Reply reply = TokenEndpoints.exchange(client, request, ctx, "X-Request-Id");
    reply.requireSuccess("Token endpoint throttled the refresh", "Token refresh rejected: the "
        + "refresh token is invalid or expired, or the client credentials are wrong");
    String access = reply.requireText("access_token", "");
    String rotated = reply.text("refresh_token");
    if (rotated != null && rotated.isBlank()) {
      rotated = null;
    }
    Redactor.registerSecret(access);
    Redactor.registerSecret(rotated);
    Instant refreshExpires = TokenEndpoints.expiresAt(now, reply.get("refresh_token_expires_in"),
        TokenEndpoints.MAX_REFRESH_LIFETIME);
    String scope = reply.text("scope");
    return new OAuthToken(access, rotated != null ? rotated : refreshToken,
        TokenEndpoints.expiresAt(now, reply.get("expires_in"), TokenEndpoints.MAX_ACCESS_LIFETIME),
        rotated != null ? refreshExpires : current.refreshTokenExpiresAt(),
        scope != null ? scope : current.scope());
  }

  @Override
  public String toString() {
    return "ShopifyTokenRefresher[" + endpoint + ", clientSecret=***]";
  }

  /**
   * Sends the current token of an {@link OAuth2Credentials} as {@code X-Shopify-Access-Token}
   * instead of {@code Authorization: Bearer}, keeping its refresh-before-expiry and
   * refresh-once-on-401 behaviour.
   */
  public static final class AccessTokenHeader implements Credentials {
    private static final String BEARER = "Bearer ";
    private final OAuth2Credentials delegate;

    /**
     * Wraps credentials.
     *
     * @param delegate the OAuth credentials holding and refreshing the token
     */
    public AccessTokenHeader(OAuth2Credentials delegate) {
      this.delegate = delegate;
    }

    @Override
    public Map<String, String> headers(AuthRequest request) {
      String authorization = delegate.headers(request).get("Authorization");
      if (authorization == null || !authorization.startsWith(BEARER)) {
        throw new AuthenticationException("No Shopify access token available",
            ErrorContext.of(ShopifyGraphql.SYSTEM, "authenticate"), null);
      }
      return Map.of("X-Shopify-Access-Token", authorization.substring(BEARER.length()));
    }

    @Override
    public boolean renewAfterRejection(AuthRequest request) {
      return delegate.renewAfterRejection(request);
    }

    @Override
    public String toString() {
      return "ShopifyExpiringToken[***]";
    }
  }
}
