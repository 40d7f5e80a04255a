package dev.posbridge.core.auth;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth 2.0 access token and, if the vendor issued one, its refresh token.
 *
 * <p>Immutable. {@link #toString()} shows expiry times and scope but never a token.
 *
 * @param accessToken the bearer token sent to the vendor; not blank
 * @param refreshToken the token that obtains a new access token, if any
 * @param expiresAt when the access token expires, if known
 * @param refreshTokenExpiresAt when the refresh token expires, if known (QuickBooks: ~100 days)
 * @param scope the granted scope, if the vendor reported it
 */
public record OAuthToken(
    String accessToken,
    @Nullable String refreshToken,
    @Nullable Instant expiresAt,
    @Nullable Instant refreshTokenExpiresAt,
    @Nullable String scope) {

  /**
   * Validates the components.
   *
   * @param accessToken the bearer token; not blank
   * @param refreshToken the refresh token, if any; not blank when present
   * @param expiresAt when the access token expires, if known
   * @param refreshTokenExpiresAt when the refresh token expires, if known
   * @param scope the granted scope, if known
   * @throws IllegalArgumentException if a token is blank
   */
  public OAuthToken {
    if (accessToken == null || accessToken.isBlank()) {
      throw new IllegalArgumentException("accessToken must not be blank");
    }
    if (refreshToken != null && refreshToken.isBlank()) {
      throw new IllegalArgumentException("refreshToken must not be blank when present");
    }
  }

  /**
   * Creates a token without expiry, refresh token or scope.
   *
   * @param accessToken the bearer token
   * @return the token
   */
  public static OAuthToken of(String accessToken) {
    return new OAuthToken(accessToken, null, null, null, null);
  }

  /**
   * Tells whether the access token has expired or expires within {@code skew} of {@code now}.
   * A token without a known expiry never counts as expired; the vendor's 401 reveals it.
   *
   * @param now the current time
   * @param skew how long before the expiry the token already counts as expired
   * @return {@code true} if the token should be refreshed before use
   */
  public boolean isExpired(Instant now, Duration skew) {
    return expiresAt != null && !now.plus(skew).isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "OAuthToken[accessToken=***, refreshToken=" + (refreshToken == null ? "none" : "***")
        + ", expiresAt=" + expiresAt + ", refreshTokenExpiresAt=" + refreshTokenExpiresAt
        + ", scope=" + scope + "]";
  }
}
