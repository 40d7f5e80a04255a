package dev.posbridge.netsuite.internal;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.auth.AuthRequest;
import dev.posbridge.core.auth.Credentials;
import dev.posbridge.core.http.TimeoutSettings;
import dev.posbridge.core.spi.Checks;
import dev.posbridge.core.spi.Redactor;
import dev.posbridge.core.spi.TokenEndpoints;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * NetSuite OAuth 2.0 client credentials (machine to machine): mints a JWT assertion signed with the
 * certificate's private key, exchanges it for a 60-minute access token and sends it as
 * {@code Authorization: Bearer}.
 *
 * <p>The assertion's header names the algorithm (PS256 by default for RSA keys, ES256 for EC keys)
 * and the certificate ID as {@code kid}; its claims are {@code iss} = client ID, {@code scope},
 * {@code aud} = the token URL, {@code iat} and {@code exp}. NetSuite issues no refresh token, so a
 * new assertion is minted shortly before the token expires ({@link Builder#refreshSkew}). Refresh
 * is single-flight: concurrent callers wait for one token request. Thread-safe; keys and tokens
 * never appear in {@link #toString()}.
 *
 * <pre>{@code
 * Credentials m2m = ClientCredentialsAuth.builder()
 *     .accountId("1234567_SB1")
 *     .clientId(clientId)
 *     .certificateId(certificateId)
 *     .privateKey(privateKey)
 *     .build();
 * }</pre>
 */
public final class ClientCredentialsAuth implements Credentials {

  private static final String SYSTEM = "netsuite";
  private static final String OPERATION = "OAuth2ClientCredentials";
  private static final long DEFAULT_LIFETIME_SECONDS = 3600;

  private final HttpUrl tokenUrl;
  private final String clientId;
  private final String certificateId;
  private final PrivateKey privateKey;
  private final String algorithm;
  private final String scope;
  private final Clock clock;
  private final Duration skew;
  private final OkHttpClient http;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile @Nullable Token current;

  private record Token(String value, Instant expiresAt) {}

  private ClientCredentialsAuth(Builder b) {
    String url = b.tokenUrl;
    if (url == null) {
      if (b.accountId == null) {
        throw new IllegalArgumentException("accountId or tokenUrl must be set");
      }
      url = AccountIds.baseUrl(b.accountId) + "/services/rest/auth/oauth2/v1/token";
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException("tokenUrl must be an http(s) URL: " + url);
    }
    this.tokenUrl = parsed;
    if (b.clientId == null || b.clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must not be blank");
    }
    if (b.certificateId == null || b.certificateId.isBlank()) {
      throw new IllegalArgumentException("certificateId must not be blank");
    }
    if (b.privateKey == null) {
      throw new IllegalArgumentException("privateKey must be set");
    }
    this.clientId = b.clientId;
    this.certificateId = b.certificateId;
    this.privateKey = b.privateKey;
    String alg = b.algorithm != null ? b.algorithm
        : "EC".equals(b.privateKey.getAlgorithm()) ? "ES256" : "PS256";
    if (!JwtAssertion.supports(alg)) {
      throw new IllegalArgumentException("unsupported algorithm " + alg
          + "; use PS256, PS384, PS512, ES256, ES384 or ES512");
    }
    this.algorithm = alg;
    if (b.scopes.isEmpty()) {
      throw new IllegalArgumentException("scopes must not be empty");
    }
    this.scope = String.join(",", b.scopes);
    this.clock = b.clock;
    this.skew = b.refreshSkew;
    // Never follows redirects (the signed assertion must not travel to another host) and obeys
    // the timeouts with a whole-call deadline.
    this.http = TokenEndpoints.client(b.okHttpClient, b.timeouts, b.timeouts.call());
    // Fail fast on a key that cannot sign with the algorithm.
    JwtAssertion.sign(algorithm, certificateId, clientId, scope, tokenUrl.toString(), clock.instant(),
        300, privateKey);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the bearer header, requesting a new access token first when none is cached or the
   * cached one expires within the refresh skew.
   *
   * @param request the request to authenticate
   * @return the {@code Authorization} header
   * @throws AuthenticationException if the token endpoint rejects the assertion
   * @throws VendorUnavailableException if the token endpoint cannot be reached
   */
  @Override
  public Map<String, String> headers(AuthRequest request) {
    Token t = current;
    if (t == null || !clock.instant().plus(skew).isBefore(t.expiresAt())) {
      t = refresh(t);
    }
    return Map.of("Authorization", "Bearer " + t.value());
  }

  /**
   * Drops the cached token after a 401 so that the next attempt mints a new one.
   *
   * @param request the rejected request
   * @return {@code true}: a repeat with a fresh token may succeed
   */
  @Override
  public boolean renewAfterRejection(AuthRequest request) {
    lock.lock();
    try {
      current = null;
      return true;
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("ReferenceEquality") // "did another thread replace the token we saw?": identity
  private Token refresh(@Nullable Token seen) {
    lock.lock();
    try {
      Token now = current;
      if (now != null && now != seen && clock.instant().plus(skew).isBefore(now.expiresAt())) {
        return now;
      }
      Token fresh = requestToken();
      current = fresh;
      return fresh;
    } finally {
      lock.unlock();
    }
  }

  private Token requestToken() {
    Instant now = clock.instant();
    String assertion = JwtAssertion.sign(algorithm, certificateId, clientId, scope,
        tokenUrl.toString(), now, 300, privateKey);
    Request request = new Request.Builder().url(tokenUrl)
        .header("Accept", "application/json")
        .post(new FormBody.Builder()
            .add("grant_type", "client_credentials")
            .add("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            .add("client_assertion", assertion)
            .build())
        .build();
    ErrorContext ctx = ErrorContext.of(SYSTEM, OPERATION);
    TokenEndpoints.Reply reply = TokenEndpoints.exchange(http, request, ctx, null);
    reply.requireSuccess("Token endpoint throttled the request",
        "Token endpoint rejected the client credentials assertion");
    String token = reply.requireText("access_token", "");
    Redactor.registerSecret(token);
    // Lifetime policy: a missing or nonsense expires_in (0, negative, "abc", 1e20) is neither an
    // error nor a refresh before every call: NetSuite's documented 60 minutes are assumed, at most
    // a day is believed, and never less than the refresh skew plus a minute.
    long expiresIn = TokenEndpoints.lifetimeSeconds(reply.get("expires_in"), TokenEndpoints.MAX_ACCESS_LIFETIME)
        .orElse(DEFAULT_LIFETIME_SECONDS);
    long floor = skew.toSeconds() + 60;
    return new Token(token, now.plusSeconds(Math.max(expiresIn, floor)));
  }

  @Override
  public String toString() {
    return "ClientCredentialsAuth[" + tokenUrl + ", alg=" + algorithm + ", clientId=***, key=***]";
  }

  /** Builds {@link ClientCredentialsAuth}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String accountId;
    private @Nullable String tokenUrl;
    private @Nullable String clientId;
    private @Nullable String certificateId;
    private @Nullable PrivateKey privateKey;
    private @Nullable String algorithm;
    private List<String> scopes = List.of("rest_webservices");
    private Clock clock = Clock.systemUTC();
    private Duration refreshSkew = Duration.ofSeconds(60);
    private @Nullable OkHttpClient okHttpClient;
    private TimeoutSettings timeouts = TimeoutSettings.defaults();

    private Builder() {}

    /**
     * Sets the token endpoint's timeouts; pass the connector's. {@link TimeoutSettings#call()} is
     * a deadline for the whole token request, so a server trickling its answer cannot extend it.
     * Default {@link TimeoutSettings#defaults()}.
     *
     * @param value the timeouts
     * @return this builder
     */
    public Builder timeouts(TimeoutSettings value) {
      this.timeouts = java.util.Objects.requireNonNull(value, "timeouts");
      return this;
    }

    /**
     * Sets the account ID, from which the token URL
     * {@code https://{host}.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token} follows.
     *
     * @param value the account ID, e.g. {@code 1234567_SB1}
     * @return this builder
     */
    public Builder accountId(String value) {
      this.accountId = AccountIds.check(value);
      return this;
    }

    /**
     * Overrides the token URL (also the assertion's {@code aud}); for proxies and simulators.
     *
     * @param value the absolute token URL
     * @return this builder
     */
    public Builder tokenUrl(String value) {
      this.tokenUrl = value;
      return this;
    }

    /**
     * Sets the integration record's client ID.
     *
     * @param value the client ID
     * @return this builder
     */
    public Builder clientId(String value) {
      this.clientId = value;
      return this;
    }

    /**
     * Sets the certificate ID shown in the M2M setup, sent as the JWT {@code kid}.
     *
     * @param value the certificate ID
     * @return this builder
     */
    public Builder certificateId(String value) {
      this.certificateId = value;
      return this;
    }

    /**
     * Sets the certificate's private key (RSA or EC).
     *
     * @param value the private key
     * @return this builder
     */
    public Builder privateKey(PrivateKey value) {
      this.privateKey = value;
      return this;
    }

    /**
     * Sets the JWS algorithm; default PS256 for RSA keys and ES256 for EC keys.
     *
     * @param value PS256, PS384, PS512, ES256, ES384 or ES512 (RS256 is accepted but not
     *     documented by NetSuite)
     * @return this builder
     */
    public Builder algorithm(String value) {
      this.algorithm = value;
      return this;
    }

    /**
     * Sets the scopes (default {@code rest_webservices}).
     *
     * @param values e.g. {@code rest_webservices}, {@code restlets}, {@code suite_analytics}
     * @return this builder
     */
    public Builder scopes(List<String> values) {
      this.scopes = List.copyOf(values);
      return this;
    }

    /**
     * Sets the clock for {@code iat} and expiry (default: system UTC).
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = java.util.Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets how long before expiry a new token is requested (default 60 s).
     *
     * @param value a non-negative duration
     * @return this builder
     */
    public Builder refreshSkew(Duration value) {
      this.refreshSkew = Checks.nonNegative(value, "refreshSkew");
      return this;
    }

    /**
     * Sets the HTTP client for token requests (default: a new one).
     *
     * @param value the client
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient value) {
      this.okHttpClient = value;
      return this;
    }

    /**
     * Builds the credentials; signs a test assertion to fail fast on a key/algorithm mismatch.
     *
     * @return the credentials
     * @throws IllegalArgumentException if a part is missing or the key cannot sign
     */
    public ClientCredentialsAuth build() {
      return new ClientCredentialsAuth(this);
    }
  }
}
