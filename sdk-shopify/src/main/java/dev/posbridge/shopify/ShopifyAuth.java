package dev.posbridge.shopify;

import dev.posbridge.core.auth.OAuthClient;
import dev.posbridge.core.auth.TokenStore;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link ShopifyConnector} authenticates, for {@link ShopifyConnector.Builder#credentials}:
 * a static Admin API access token, or an expiring offline token that the connector renews.
 *
 * <pre>{@code
 * ShopifyConnector.builder().credentials(ShopifyAuth.accessToken(System.getenv("SHOPIFY_ACCESS_TOKEN")));
 * ShopifyConnector.builder().credentials(
 *     ShopifyAuth.expiringToken(TokenStore.file(Path.of("shopify-token.json")), clientId, clientSecret));
 * }</pre>
 *
 * <p>Immutable; secrets never appear in {@link #toString()}.
 */
public final class ShopifyAuth {

  private final @Nullable String accessToken;
  private final @Nullable OAuthClient app;

  private ShopifyAuth(@Nullable String accessToken, @Nullable OAuthClient app) {
    this.accessToken = accessToken;
    this.app = app;
  }

  /**
   * Authenticates with a static Admin API access token (a custom app's, or a non-expiring
   * offline token), sent as {@code X-Shopify-Access-Token}.
   *
   * @param token the token; never logged
   * @return the authentication
   * @throws IllegalArgumentException if the token is null or blank
   */
  public static ShopifyAuth accessToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("accessToken must not be blank");
    }
    dev.posbridge.core.spi.Redactor.registerSecret(token.trim());
    return new ShopifyAuth(token.trim(), null);
  }

  /**
   * Authenticates with an expiring offline access token (60 minutes, with a 90-day rotating
   * refresh token), which public apps need from 2027 on. The connector refreshes it shortly
   * before expiry and once after a 401 through {@code POST /admin/oauth/access_token}, saving
   * every rotated token to the store before using it; concurrent calls never refresh twice.
   *
   * @param store holds the current token (access, refresh, expiry); see
   *     {@link TokenStore#file(java.nio.file.Path)} to survive restarts
   * @param clientId the app's client id
   * @param clientSecret the app's client secret; never logged
   * @return the authentication
   * @throws IllegalArgumentException if the store is null or the id or secret blank
   */
  public static ShopifyAuth expiringToken(TokenStore store, String clientId, String clientSecret) {
    return new ShopifyAuth(null, new OAuthClient(store, clientId, clientSecret));
  }

  /** The static token, or null for an expiring one. */
  @Nullable String staticToken() {
    return accessToken;
  }

  /** The app whose expiring token the connector renews, or null for a static token. */
  @Nullable OAuthClient app() {
    return app;
  }

  @Override
  public String toString() {
    return accessToken != null ? "ShopifyAuth[accessToken]" : "ShopifyAuth[expiringToken]";
  }
}
