package dev.posbridge.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.internal.http.Json;
import dev.posbridge.core.internal.http.NoDelaySocketFactory;
import dev.posbridge.core.internal.http.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.SocketFactory;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/** The OAuth 2.0 refresh-token grant (RFC 6749 §6) with HTTP Basic client authentication. */
final class OAuth2TokenRefresher implements TokenRefresher {
  private static final String SYSTEM = "oauth2";
  private static final String OPERATION = "RefreshToken";
  private static final ObjectMapper MAPPER = Json.create();

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

  /** Package-private factory: tests and connectors in this package may pass their client and clock. */
  static OAuth2TokenRefresher create(URI tokenEndpoint, String clientId, String clientSecret,
      @Nullable OkHttpClient client, Clock clock) {
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
    OkHttpClient base = client != null ? client : new OkHttpClient();
    OkHttpClient derived = base.newBuilder()
        .socketFactory(NoDelaySocketFactory.wrap(client != null ? client.socketFactory() : SocketFactory.getDefault()))
        .retryOnConnectionFailure(false)
        .callTimeout(Duration.ofSeconds(60))
        .build();
    return new OAuth2TokenRefresher(url, clientId, clientSecret, derived, clock);
  }

  @Override
  public OAuthToken refresh(OAuthToken current) {
    ErrorContext ctx = ErrorContext.of(SYSTEM, OPERATION);
    String refreshToken = current.refreshToken();
    if (refreshToken == null) {
      throw new AuthenticationException("No refresh token: the user must authorise again", ctx, null);
    }
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
    try (Response response = client.newCall(request).execute()) {
      int status = response.code();
      ErrorContext sctx = ctx.withStatus(status);
      JsonNode body;
      byte[] bytes;
      try (InputStream in = response.body().byteStream()) {
        bytes = in.readNBytes(64 * 1024);
      }
      try {
        body = bytes.length == 0 ? null : MAPPER.readTree(bytes);
      } catch (IOException e) {
        if (response.isSuccessful()) {
          throw new InvalidResponseException("Token endpoint returned malformed JSON", sctx, excerpt(bytes), e);
        }
        body = null;
      }
      if (!response.isSuccessful()) {
        String error = body == null ? null : text(body, "error");
        ErrorContext ectx = sctx.withVendorCode(error);
        if (status == 429) {
          throw new RateLimitedException("Token endpoint throttled the refresh", ectx, Duration.ZERO, null);
        }
        if (status >= 500) {
          throw new VendorUnavailableException("Token endpoint unavailable", ectx, null);
        }
        throw new AuthenticationException(
            "Token refresh rejected" + ("invalid_grant".equals(error)
                ? ": the refresh token is invalid or expired, the user must authorise again" : ""),
            ectx, null);
      }
      String accessToken = body == null ? null : text(body, "access_token");
      if (accessToken == null || accessToken.isBlank()) {
        throw new InvalidResponseException("Token response has no access_token", sctx, excerpt(bytes), null);
      }
      String newRefresh = text(body, "refresh_token");
      Instant expiresAt = plusSeconds(now, body, "expires_in");
      Instant refreshExpiresAt = plusSeconds(now, body, "x_refresh_token_expires_in");
      if (newRefresh == null) {
        newRefresh = refreshToken;
        if (refreshExpiresAt == null) {
          refreshExpiresAt = current.refreshTokenExpiresAt();
        }
      }
      String scope = text(body, "scope");
      return new OAuthToken(accessToken, newRefresh, expiresAt, refreshExpiresAt,
          scope != null ? scope : current.scope());
    } catch (IOException e) {
      throw new VendorUnavailableException("Token endpoint could not be reached", ctx, e);
    }
  }

  private static String excerpt(byte[] bytes) {
    return Redactor.text(new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.UTF_8));
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static @Nullable Instant plusSeconds(Instant now, JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    long seconds = v.isNumber() ? v.asLong() : Long.parseLong(v.asText().trim());
    return now.plusSeconds(seconds);
  }

  @Override
  public String toString() {
    return "TokenRefresher.oauth2(" + endpoint + ", clientId=" + clientId + ", clientSecret=***)";
  }
}
