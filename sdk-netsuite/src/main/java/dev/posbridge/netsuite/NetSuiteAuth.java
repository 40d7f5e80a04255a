package dev.posbridge.netsuite;

import dev.posbridge.core.auth.BearerToken;
import dev.posbridge.core.auth.Credentials;
import dev.posbridge.core.http.TimeoutSettings;
import dev.posbridge.netsuite.internal.ClientCredentialsAuth;
import dev.posbridge.netsuite.internal.TokenBasedAuth;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link NetSuiteConnector} authenticates, for {@link NetSuiteConnector.Builder#credentials}:
 * OAuth 2.0 client credentials (machine to machine, preferred), Token-Based Authentication
 * (OAuth 1.0a), or an OAuth 2.0 access token obtained elsewhere.
 *
 * <p>The account, base URL, OkHttp client, timeouts and clock come from the connector's builder,
 * so they are given once:
 *
 * <pre>{@code
 * NetSuiteConnector.builder()
 *     .accountId("1234567_SB1")
 *     .credentials(NetSuiteAuth.clientCredentials(clientId, certificateId, privateKey))
 *     ...
 * }</pre>
 *
 * <p>Immutable; secrets never appear in {@link #toString()}.
 */
public final class NetSuiteAuth {

  /** The token endpoint path below the account's (or the overridden) base URL. */
  static final String TOKEN_PATH = "/services/rest/auth/oauth2/v1/token";

  /** Makes the credentials once the connector's settings are known. */
  interface Factory {
    Credentials create(String accountId, String baseUrl, @Nullable OkHttpClient client, TimeoutSettings timeouts,
        Clock clock);
  }

  private final String description;
  private final Factory factory;

  private NetSuiteAuth(String description, Factory factory) {
    this.description = description;
    this.factory = factory;
  }

  /**
   * Authenticates with OAuth 2.0 client credentials (machine to machine): the connector mints a
   * JWT assertion signed with the certificate's private key (PS256 for RSA keys, ES256 for EC
   * keys, the certificate ID as {@code kid}), exchanges it at
   * {@code {baseUrl}/services/rest/auth/oauth2/v1/token} for a 60-minute access token, sends it
   * as {@code Authorization: Bearer}, and mints a new one a minute before expiry or after a 401.
   * Scope {@code rest_webservices}.
   *
   * @param clientId the integration record's client ID
   * @param certificateId the certificate ID shown in the M2M setup
   * @param privateKey the certificate's private key (RSA or EC); never logged
   * @return the authentication
   * @throws IllegalArgumentException if an argument is null or blank
   */
  public static NetSuiteAuth clientCredentials(String clientId, String certificateId, PrivateKey privateKey) {
    return clientCredentials(clientId, certificateId, privateKey, List.of("rest_webservices"));
  }

  /**
   * As {@link #clientCredentials(String, String, PrivateKey)}, with other scopes.
   *
   * @param clientId the integration record's client ID
   * @param certificateId the certificate ID shown in the M2M setup
   * @param privateKey the certificate's private key (RSA or EC); never logged
   * @param scopes e.g. {@code rest_webservices}, {@code restlets}, {@code suite_analytics}; not
   *     empty
   * @return the authentication
   * @throws IllegalArgumentException if an argument is null, blank or empty
   */
  public static NetSuiteAuth clientCredentials(String clientId, String certificateId, PrivateKey privateKey,
      List<String> scopes) {
    requireText(clientId, "clientId");
    requireText(certificateId, "certificateId");
    if (privateKey == null) {
      throw new IllegalArgumentException("privateKey must be set");
    }
    if (scopes == null || scopes.isEmpty() || scopes.stream().anyMatch(v -> v == null || v.isBlank())) {
      throw new IllegalArgumentException("scopes must not be empty or blank");
    }
    List<String> copy = List.copyOf(scopes);
    return new NetSuiteAuth("clientCredentials", (account, baseUrl, client, timeouts, clock) -> {
      ClientCredentialsAuth.Builder b = ClientCredentialsAuth.builder().tokenUrl(baseUrl + TOKEN_PATH)
          .clientId(clientId).certificateId(certificateId).privateKey(privateKey).scopes(copy)
          .timeouts(timeouts).clock(clock);
      if (client != null) {
        b.okHttpClient(client);
      }
      return b.build();
    });
  }

  /**
   * Authenticates with Token-Based Authentication (OAuth 1.0a, HMAC-SHA256): every request is
   * signed with a fresh nonce and timestamp, the realm being the connector's account ID. Oracle
   * stops accepting <em>new</em> TBA integrations from 2027.1; prefer
   * {@link #clientCredentials(String, String, PrivateKey)} for new setups.
   *
   * @param consumerKey the integration record's consumer key
   * @param consumerSecret the integration record's consumer secret; never sent nor logged
   * @param tokenId the access token id (per user and role)
   * @param tokenSecret the access token secret; never sent nor logged
   * @return the authentication
   * @throws IllegalArgumentException if an argument is null or blank
   */
  public static NetSuiteAuth tokenBased(String consumerKey, String consumerSecret, String tokenId,
      String tokenSecret) {
    requireText(consumerKey, "consumerKey");
    requireText(consumerSecret, "consumerSecret");
    requireText(tokenId, "tokenId");
    requireText(tokenSecret, "tokenSecret");
    dev.posbridge.core.spi.Redactor.registerSecret(consumerSecret);
    dev.posbridge.core.spi.Redactor.registerSecret(tokenSecret);
    return new NetSuiteAuth("tokenBased", (account, baseUrl, client, timeouts, clock) ->
        TokenBasedAuth.builder().accountId(account).consumer(consumerKey, consumerSecret)
            .token(tokenId, tokenSecret).clock(clock).build());
  }

  /**
   * Authenticates with an OAuth 2.0 access token obtained and renewed elsewhere (or issued by the
   * simulator), sent as {@code Authorization: Bearer}. NetSuite's tokens last 60 minutes and the
   * connector cannot renew this one; prefer {@link #clientCredentials(String, String, PrivateKey)}
   * for long-running integrations.
   *
   * @param token the access token; never logged
   * @return the authentication
   * @throws IllegalArgumentException if the token is null or blank
   */
  public static NetSuiteAuth accessToken(String token) {
    requireText(token, "accessToken");
    BearerToken bearer = BearerToken.of(token);
    return new NetSuiteAuth("accessToken", (account, baseUrl, client, timeouts, clock) -> bearer);
  }

  /** Wraps ready-made credentials, for tests that hand the connector their own. */
  static NetSuiteAuth of(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return new NetSuiteAuth("credentials", (account, baseUrl, client, timeouts, clock) -> credentials);
  }

  Credentials create(String accountId, String baseUrl, @Nullable OkHttpClient client, TimeoutSettings timeouts,
      Clock clock) {
    return factory.create(accountId, baseUrl, client, timeouts, clock);
  }

  private static void requireText(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  @Override
  public String toString() {
    return "NetSuiteAuth[" + description + "]";
  }
}
