package dev.posbridge.core.auth;

/**
 * An OAuth 2.0 client whose tokens a connector renews: where the tokens live, the app's client id
 * and its client secret. The vendors' {@code oauth2(..)} / {@code expiringToken(..)} factories
 * check their arguments through it.
 *
 * <p>Immutable. The secret is registered with the log redactor and never shown by
 * {@link #toString()}.
 *
 * @param store holds the current token (access, refresh, expiry)
 * @param clientId the app's client id
 * @param clientSecret the app's client secret
 */
public record OAuthClient(TokenStore store, String clientId, String clientSecret) {

  /**
   * Checks the client.
   *
   * @param store holds the current token (access, refresh, expiry)
   * @param clientId the app's client id
   * @param clientSecret the app's client secret; never logged
   * @throws IllegalArgumentException if the store is null or the id or secret null or blank
   */
  public OAuthClient {
    if (store == null) {
      throw new IllegalArgumentException("an OAuth client needs a token store");
    }
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
      throw new IllegalArgumentException("an OAuth client needs a client id and a client secret");
    }
    dev.posbridge.core.spi.Redactor.registerSecret(clientSecret);
  }

  @Override
  public String toString() {
    return "OAuthClient[clientId=" + clientId + ", clientSecret=***]";
  }
}
