package dev.posbridge.netsuite.internal;

import dev.posbridge.core.auth.AuthRequest;
import dev.posbridge.core.auth.Credentials;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * NetSuite Token-Based Authentication: OAuth 1.0a with HMAC-SHA256, signing every request with a
 * fresh nonce and timestamp.
 *
 * <p>The {@code Authorization} header carries {@code realm} (the account ID in its
 * {@code 1234567_SB1} form), the consumer key, the token id, the signature method, a Unix-seconds
 * timestamp that never goes backwards, a 20-character alphanumeric nonce, the version and the
 * signature. The signature covers the method, the URL without query, and every query parameter
 * plus the {@code oauth_*} values (not the realm, not a JSON body).
 *
 * <p>Oracle stops accepting <em>new</em> TBA integrations from 2027.1; prefer
 * {@link ClientCredentialsAuth} for new setups. Public callers reach it through
 * {@code NetSuiteAuth.tokenBased}. Thread-safe; secrets never appear in
 * {@link #toString()}.
 *
 * <pre>{@code
 * Credentials tba = TokenBasedAuth.builder()
 *     .accountId("1234567_SB1")
 *     .consumer(consumerKey, consumerSecret)
 *     .token(tokenId, tokenSecret)
 *     .build();
 * }</pre>
 */
public final class TokenBasedAuth implements Credentials {

  private static final String NONCE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final String realm;
  private final String consumerKey;
  private final String consumerSecret;
  private final String tokenId;
  private final String tokenSecret;
  private final Supplier<String> nonces;
  private final Clock clock;
  private final AtomicLong lastTimestamp = new AtomicLong();

  private TokenBasedAuth(Builder b) {
    this.realm = AccountIds.realm(require(b.accountId, "accountId"));
    this.consumerKey = require(b.consumerKey, "consumerKey");
    this.consumerSecret = require(b.consumerSecret, "consumerSecret");
    this.tokenId = require(b.tokenId, "tokenId");
    this.tokenSecret = require(b.tokenSecret, "tokenSecret");
    dev.posbridge.core.spi.Redactor.registerSecret(consumerSecret);
    dev.posbridge.core.spi.Redactor.registerSecret(tokenSecret);
    dev.posbridge.core.spi.Redactor.registerSecret(tokenId);
    this.nonces = b.nonces != null ? b.nonces : randomNonces();
    this.clock = b.clock;
  }

  private static String require(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  private static Supplier<String> randomNonces() {
    SecureRandom random = new SecureRandom();
    return () -> {
      char[] c = new char[20];
      for (int i = 0; i < c.length; i++) {
        c[i] = NONCE_CHARS.charAt(random.nextInt(NONCE_CHARS.length()));
      }
      return new String(c);
    };
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
   * Returns the OAuth realm this signer uses.
   *
   * @return the account ID in the {@code 1234567_SB1} form
   */
  public String realm() {
    return realm;
  }

  /**
   * Signs one request.
   *
   * @param request the method and full URI (query included)
   * @return the {@code Authorization} header
   * @throws IllegalStateException if the nonce source returns a nonce that is not 6 to 64
   *     alphanumerics
   */
  @Override
  public Map<String, String> headers(AuthRequest request) {
    String nonce = nonces.get();
    if (nonce == null || !nonce.matches("[A-Za-z0-9]{6,64}")) {
      throw new IllegalStateException("nonce must be 6 to 64 alphanumerics");
    }
    long now = clock.instant().getEpochSecond();
    long timestamp = lastTimestamp.accumulateAndGet(now, Math::max);
    Map<String, String> oauth = new LinkedHashMap<>();
    oauth.put("oauth_consumer_key", consumerKey);
    oauth.put("oauth_token", tokenId);
    oauth.put("oauth_signature_method", OAuth1Signer.SIGNATURE_METHOD);
    oauth.put("oauth_timestamp", Long.toString(timestamp));
    oauth.put("oauth_nonce", nonce);
    oauth.put("oauth_version", "1.0");
    String base = OAuth1Signer.baseString(request.method(), request.uri(), oauth);
    String signature = OAuth1Signer.sign(base, consumerSecret, tokenSecret);
    StringBuilder header = new StringBuilder("OAuth realm=\"").append(realm).append('"');
    oauth.forEach((k, v) -> header.append(", ").append(k).append("=\"")
        .append(OAuth1Signer.encode(v)).append('"'));
    header.append(", oauth_signature=\"").append(OAuth1Signer.encode(signature)).append('"');
    return Map.of("Authorization", header.toString());
  }

  /**
   * Allows one immediate repeat after a 401: the repeat is signed with a fresh nonce and
   * timestamp, which helps when the rejection came from a nonce clash or from NetSuite answering
   * {@code INVALID_LOGIN} under concurrency overload. A 401 means the request was not applied, so
   * the repeat is safe for writes too; real credential errors fail on the repeat.
   *
   * @param request the rejected request
   * @return {@code true}
   */
  @Override
  public boolean renewAfterRejection(AuthRequest request) {
    return true;
  }

  @Override
  public String toString() {
    return "TokenBasedAuth[realm=" + realm + ", consumerKey=***, token=***]";
  }

  /** Builds {@link TokenBasedAuth}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String accountId;
    private @Nullable String consumerKey;
    private @Nullable String consumerSecret;
    private @Nullable String tokenId;
    private @Nullable String tokenSecret;
    private @Nullable Supplier<String> nonces;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the account ID; the realm is its {@code 1234567_SB1} form (either form is accepted).
     *
     * @param value the account ID
     * @return this builder
     */
    public Builder accountId(String value) {
      this.accountId = value;
      return this;
    }

    /**
     * Sets the integration record's consumer key and secret.
     *
     * @param key the consumer key
     * @param secret the consumer secret
     * @return this builder
     */
    public Builder consumer(String key, String secret) {
      this.consumerKey = key;
      this.consumerSecret = secret;
      return this;
    }

    /**
     * Sets the access token id and secret (per user and role).
     *
     * @param id the token id
     * @param secret the token secret
     * @return this builder
     */
    public Builder token(String id, String secret) {
      this.tokenId = id;
      this.tokenSecret = secret;
      return this;
    }

    /**
     * Replaces the nonce source (default: 20 random alphanumerics from {@link SecureRandom}); for
     * tests.
     *
     * @param value supplies a fresh nonce of 6 to 64 alphanumerics per request
     * @return this builder
     */
    public Builder nonceSource(Supplier<String> value) {
      if (value == null) {
        throw new IllegalArgumentException("nonceSource must not be null");
      }
      this.nonces = value;
      return this;
    }

    /**
     * Sets the clock for timestamps (default: the system UTC clock).
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      if (value == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = value;
      return this;
    }

    /**
     * Builds the signer.
     *
     * @return the credentials
     * @throws IllegalArgumentException if the account ID, consumer or token is missing
     */
    public TokenBasedAuth build() {
      return new TokenBasedAuth(this);
    }
  }
}
