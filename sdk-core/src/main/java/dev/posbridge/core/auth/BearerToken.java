package dev.posbridge.core.auth;

import java.util.Map;

/**
 * A static access token (for example a Square personal access token or a Shopify Admin API
 * access token), sent as {@code Authorization: Bearer <token>} or in a vendor's own header.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the token.
 */
public final class BearerToken implements Credentials {

  private final Map<String, String> headers;

  private BearerToken(String header, String value, String token) {
    this.headers = Map.of(header, value);
    dev.posbridge.core.spi.Redactor.registerSecret(token);
  }

  /**
   * Creates credentials for a static token, sent as {@code Authorization: Bearer <token>}.
   *
   * @param token the access token; not blank
   * @return the credentials
   * @throws IllegalArgumentException if {@code token} is blank
   */
  public static BearerToken of(String token) {
    return new BearerToken("Authorization", "Bearer " + requireToken(token), token);
  }

  /**
   * Creates credentials for a static token sent as it is in a vendor's header, e.g. Shopify's
   * {@code X-Shopify-Access-Token}.
   *
   * @param header the header name
   * @param token the access token; not blank
   * @return the credentials
   * @throws IllegalArgumentException if {@code token} is blank
   */
  public static BearerToken inHeader(String header, String token) {
    return new BearerToken(header, requireToken(token), token);
  }

  private static String requireToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    return token;
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
