package dev.posbridge.square;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenRefresher;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.http.TimeoutSettings;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.spi.HttpCall;
import dev.posbridge.core.spi.HttpTransport;
import dev.posbridge.core.spi.Redactor;
import dev.posbridge.core.spi.TokenEndpoints;
import dev.posbridge.square.internal.Convert;
import dev.posbridge.square.internal.Dto;
import dev.posbridge.square.internal.SquareErrorMapper;
import dev.posbridge.square.internal.SquareJson;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Renews Square OAuth access tokens with ObtainToken ({@code POST /oauth2/token},
 * {@code grant_type: refresh_token}). {@link SquareAuth#oauth2} creates one for its connector;
 * use this class directly only to renew tokens outside a connector, with
 * {@code OAuth2Credentials}.
 *
 * <p>Square's token endpoint takes a JSON body with the client id and secret (not the form-encoded
 * Basic-auth request of the generic refresher) and answers {@code expires_at} as a timestamp.
 * With the code flow the refresh token does not change; with PKCE it rotates and is returned.
 *
 * <pre>{@code
 * OAuth2Credentials credentials = OAuth2Credentials.builder()
 *     .tokenStore(store)
 *     .refresher(SquareTokenRefresher.create(clientId, clientSecret, SquareEnvironment.PRODUCTION))
 *     .build();
 * Map<String, String> headers = credentials.headers(request);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SquareTokenRefresher implements TokenRefresher, AutoCloseable {

  /** Square's access tokens last 30 days; a day more is believed, no longer. */
  private static final Duration MAX_ACCESS_LIFETIME = Duration.ofDays(31);

  private final HttpTransport transport;
  private final String clientId;
  private final String clientSecret;

  private SquareTokenRefresher(String clientId, String clientSecret, String baseUrl, @Nullable OkHttpClient client,
      TimeoutSettings timeouts) {
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
      throw new IllegalArgumentException("clientId and clientSecret must not be blank");
    }
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    Redactor.registerSecret(clientSecret);
    // The transport never follows redirects; the timeouts bound each attempt and the budget the
    // whole refresh, so a trickling endpoint cannot hold the credentials' lock for long.
    this.transport = HttpTransport.builder()
        .system(ExternalRef.SQUARE)
        .baseUrl(baseUrl)
        .okHttpClient(client)
        .objectMapper(SquareJson.create())
        .errorMapper(new SquareErrorMapper())
        .retry(RetrySettings.builder().maxAttempts(3).maxElapsed(timeouts.call()).build())
        .timeouts(timeouts)
        .defaultHeader("Square-Version", SquareConnector.DEFAULT_API_VERSION)
        .build();
  }

  /**
   * Creates a refresher for an environment.
   *
   * @param clientId the application id
   * @param clientSecret the application secret
   * @param environment production or sandbox
   * @return the refresher
   * @throws IllegalArgumentException if the id or secret is blank
   */
  public static SquareTokenRefresher create(String clientId, String clientSecret, SquareEnvironment environment) {
    return new SquareTokenRefresher(clientId, clientSecret, environment.baseUrl(), null, TimeoutSettings.defaults());
  }

  /**
   * Creates a refresher for a base URL (a proxy or a simulator), optionally sharing a client.
   *
   * @param clientId the application id
   * @param clientSecret the application secret
   * @param baseUrl the base URL
   * @param client the OkHttp client to derive from, or null
   * @return the refresher
   * @throws IllegalArgumentException if an argument is blank or the URL invalid
   */
  public static SquareTokenRefresher create(
      String clientId, String clientSecret, String baseUrl, @Nullable OkHttpClient client) {
    return new SquareTokenRefresher(clientId, clientSecret, baseUrl, client, TimeoutSettings.defaults());
  }

  /**
   * Creates a refresher for a base URL sharing a connector's client and timeouts.
   * {@link TimeoutSettings#call()} bounds each attempt and, as the retry budget, the whole
   * refresh. Redirects are never followed.
   *
   * @param clientId the application id
   * @param clientSecret the application secret
   * @param baseUrl the base URL
   * @param client the OkHttp client to derive from, or null
   * @param timeouts the timeouts, e.g. the connector's
   * @return the refresher
   * @throws IllegalArgumentException if an argument is blank or the URL invalid
   */
  public static SquareTokenRefresher create(
      String clientId, String clientSecret, String baseUrl, @Nullable OkHttpClient client, TimeoutSettings timeouts) {
    return new SquareTokenRefresher(clientId, clientSecret, baseUrl, client, timeouts);
  }

  @Override
  public OAuthToken refresh(OAuthToken current) {
    String refreshToken = current.refreshToken();
    if (refreshToken == null) {
      throw new AuthenticationException("No refresh token: the seller must authorise again",
          dev.posbridge.core.ErrorContext.of(ExternalRef.SQUARE, "ObtainToken"), null);
    }
    Redactor.registerSecret(refreshToken);
    Instant now = Instant.now();
    Dto.ObtainTokenResponse r;
    try {
      // The refresh token is single-use with PKCE, so a lost answer must not be replayed blindly;
      // the transport retries only what was not sent or was refused (429/503).
      r = transport.execute(HttpCall.post("/oauth2/token").operation("ObtainToken")
          .jsonBody(new Dto.ObtainTokenRequest(clientId, clientSecret, "refresh_token", refreshToken))
          .build(), Dto.ObtainTokenResponse.class);
    } catch (ValidationException | ForbiddenException | NotFoundException | ConflictException e) {
      throw new AuthenticationException("Square rejected the token refresh; the seller may have to authorise again",
          e.context(), e);
    }
    if (r.accessToken() == null || r.accessToken().isBlank()) {
      throw new dev.posbridge.core.InvalidResponseException("ObtainToken answered without access_token",
          dev.posbridge.core.ErrorContext.of(ExternalRef.SQUARE, "ObtainToken"), "", null);
    }
    String newRefresh = r.refreshToken() != null && !r.refreshToken().isBlank() ? r.refreshToken() : refreshToken;
    Redactor.registerSecret(r.accessToken());
    Redactor.registerSecret(newRefresh);
    // Lifetime policy: an unparseable expires_at means "unknown" (the token is used until Square
    // rejects it); at most 31 days are believed. A past one is left to OAuth2Credentials, which
    // judges it on its own clock and uses a token that is expired on arrival until Square rejects
    // it, instead of refreshing before every call.
    Instant refreshExpires = r.refreshTokenExpiresAt() != null && !r.refreshTokenExpiresAt().isNull()
        ? cap(now, time(r.refreshTokenExpiresAt()), TokenEndpoints.MAX_REFRESH_LIFETIME)
        : current.refreshTokenExpiresAt();
    return new OAuthToken(r.accessToken(), newRefresh, cap(now, time(r.expiresAt()), MAX_ACCESS_LIFETIME),
        refreshExpires, current.scope());
  }

  private static @Nullable Instant cap(Instant now, @Nullable Instant expiry, Duration ceiling) {
    Instant max = now.plus(ceiling);
    return expiry != null && expiry.isAfter(max) ? max : expiry;
  }

  private static @Nullable Instant time(com.fasterxml.jackson.databind.@Nullable JsonNode node) {
    String value = node == null || !node.isTextual() ? null : node.asText();
    if (value == null || value.length() > 64) {
      return null;
    }
    try {
      return Convert.time(value, "expires_at");
    } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }

  /** Releases the HTTP resources this refresher created. */
  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "SquareTokenRefresher[clientId=" + clientId + "]";
  }
}
