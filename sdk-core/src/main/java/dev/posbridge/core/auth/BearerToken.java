package dev.posbridge.core.auth;

import java.util.Map;

/**
 * A static bearer token (for example a Square personal access token or a Shopify Admin API
 * access token) sent as {@code Authorization: Bearer <token>}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the token.
 */
public final class BearerToken implements Credentials {

  private final Map<String, String> headers;

  private BearerToken(String token) {
    this.headers = Map.of("Authorization", "Bearer " + token);
    dev.posbridge.core.spi.Redactor.registerSecret(token);
  }

  /**
   * Creates credentials for a static token.
   *
   * @param token the access token; not blank
   * @return the credentials
   * @throws IllegalArgumentException if {@code token} is blank
   */
  public static BearerToken of(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    return new BearerToken(token);
  }

  @Override
  public Map<String, String> headers(AuthRequest request) {
    return headers;
  }

  @Override
  public String toString() {
    return "BearerToken[***]";
  }
}
