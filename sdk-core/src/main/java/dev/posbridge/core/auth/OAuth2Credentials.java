package dev.posbridge.core.auth;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.spi.Checks;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * OAuth 2.0 bearer credentials that refresh themselves.
 *
 * <p>Thread-safe and meant to be shared by every thread of a connector:
 * <ul>
 *   <li>a token that is expired (or expires within the refresh skew) is refreshed before use;
 *   <li>refresh is single-flight: concurrent requests that meet an expired token cause exactly
 *       one refresh, the others wait for it and use its result;
 *   <li>the new token, including a rotated refresh token, is saved to the {@link TokenStore}
 *       before any request uses it, so a crash right after a refresh never loses the only valid
 *       refresh token;
 *   <li>after a 401, {@link #renewAfterRejection(AuthRequest)} refreshes once, unless another
 *       thread already refreshed after the rejected request got its token.
 * </ul>
 * If saving fails the exception propagates and the new token is not used.
 *
 * <pre>{@code
 * Credentials credentials = OAuth2Credentials.builder()
 *     .tokenStore(TokenStore.file(Path.of("quickbooks-token.json")))
 *     .refresher(TokenRefresher.oauth2(
 *         URI.create("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"), clientId, clientSecret))
 *     .build();
 * }</pre>
 */
public final class OAuth2Credentials implements Credentials {

  private static final ErrorContext CONTEXT = ErrorContext.of("oauth2", "LoadToken");

  private final TokenStore store;
  private final TokenRefresher refresher;
  private final Clock clock;
  private final Duration skew;
  private final ReentrantLock lock = new ReentrantLock();
  // Per instance on purpose: the token this credentials object last issued on the current thread.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<@Nullable OAuthToken> lastIssued = new ThreadLocal<>();
  private volatile @Nullable OAuthToken current;

  private OAuth2Credentials(Builder b) {
    if (b.tokenStore == null) {
      throw new IllegalArgumentException("tokenStore must be set");
    }
    if (b.refresher == null) {
      throw new IllegalArgumentException("refresher must be set");
    }
    this.store = b.tokenStore;
    this.refresher = b.refresher;
    this.clock = b.clock;
    this.skew = b.refreshSkew;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Map<String, String> headers(AuthRequest request) {
    OAuthToken token = token();
    if (token.isExpired(clock.instant(), skew)) {
      token = refreshUnlessNewer(token);
    }
    lastIssued.set(token);
    return Map.of("Authorization", "Bearer " + token.accessToken());
  }

  /**
   * Refreshes once after a 401, unless another thread already replaced the token this thread
   * last sent; either way the call is repeated with the newest token.
   *
   * @param request the rejected attempt
   * @return {@code true}: a newer token is available
   * @throws AuthenticationException if the refresh was rejected
   */
  @Override
  @SuppressWarnings("ReferenceEquality") // "is it still the very token we issued?": identity
  public boolean renewAfterRejection(AuthRequest request) {
    OAuthToken rejected = lastIssued.get();
    lastIssued.remove();
    lock.lock();
    try {
      OAuthToken now = token();
      if (rejected != null && now != rejected) {
        return true;
      }
      refreshLocked(now);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private OAuthToken token() {
    OAuthToken t = current;
    if (t != null) {
      return t;
    }
    lock.lock();
    try {
      t = current;
      if (t == null) {
        t = store.load();
        if (t == null) {
          throw new AuthenticationException("No OAuth token in the token store", CONTEXT, null);
        }
        register(t);
        current = t;
      }
      return t;
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("ReferenceEquality") // "did another thread replace the token we saw?": identity
  private OAuthToken refreshUnlessNewer(OAuthToken seen) {
    lock.lock();
    try {
      OAuthToken now = token();
      if (now != seen && !now.isExpired(clock.instant(), skew)) {
        return now;
      }
      return refreshLocked(now);
    } finally {
      lock.unlock();
    }
  }

  private OAuthToken refreshLocked(OAuthToken from) {
    OAuthToken fresh = refresher.refresh(from);
    register(fresh);
    if (fresh.isExpired(clock.instant(), skew)) {
      // A token that is expired on arrival (a nonsense lifetime from the vendor, or one shorter
      // than the skew) would otherwise be refreshed before every call: use it until the vendor
      // rejects it instead, which renews it at most once per 401.
      fresh = new OAuthToken(fresh.accessToken(), fresh.refreshToken(), null, fresh.refreshTokenExpiresAt(),
          fresh.scope());
    }
    store.save(fresh);
    current = fresh;
    return fresh;
  }

  private static void register(OAuthToken t) {
    dev.posbridge.core.spi.Redactor.registerSecret(t.accessToken());
    dev.posbridge.core.spi.Redactor.registerSecret(t.refreshToken());
  }

  @Override
  public String toString() {
    return "OAuth2Credentials[" + store + ", " + refresher + "]";
  }

  /** Builds {@link OAuth2Credentials}. Not thread-safe. */
  public static final class Builder {
    private @Nullable TokenStore tokenStore;
    private @Nullable TokenRefresher refresher;
    private Clock clock = Clock.systemUTC();
    private Duration refreshSkew = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * Sets where the token is loaded from and every new token is saved to. Required.
     *
     * @param value the store
     * @return this builder
     */
    public Builder tokenStore(TokenStore value) {
      this.tokenStore = value;
      return this;
    }

    /**
     * Sets how a new token is obtained. Required.
     *
     * @param value the refresher
     * @return this builder
     */
    public Builder refresher(TokenRefresher value) {
      this.refresher = value;
      return this;
    }

    /**
     * Sets the clock that decides expiry. Default: the system UTC clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * Sets how long before its expiry a token is refreshed. Default 60 s, covering clock skew and
     * the time a request spends in flight; raise it for long uploads.
     *
     * @param value a non-negative duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Builder refreshSkew(Duration value) {
      this.refreshSkew = Checks.nonNegative(value, "refreshSkew");
      return this;
    }

    /**
     * Builds the credentials. The token is loaded lazily on first use.
     *
     * @return the credentials
     * @throws IllegalArgumentException if the store or the refresher is missing
     */
    public OAuth2Credentials build() {
      return new OAuth2Credentials(this);
    }
  }
}
