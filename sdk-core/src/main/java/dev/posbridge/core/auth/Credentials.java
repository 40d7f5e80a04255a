package dev.posbridge.core.auth;

import java.util.Map;

/**
 * Supplies the authentication headers of each attempt of a vendor call.
 *
 * <p>Implementations must be thread-safe; the transport calls {@link #headers(AuthRequest)}
 * before every attempt (retries included) and {@link #renewAfterRejection(AuthRequest)} on the
 * same thread after the vendor rejected that attempt with HTTP 401.
 *
 * <p>Implementers: {@link BearerToken}, {@link OAuth2Credentials}, and the NetSuite OAuth 1.0a
 * signer in {@code sdk-netsuite}.
 */
public interface Credentials {

  /**
   * Returns the headers that authenticate one attempt, e.g. {@code Authorization}. May block to
   * refresh an expired token.
   *
   * @param request the method and full URL of the attempt
   * @return header names and values; never null, possibly empty
   * @throws dev.posbridge.core.AuthenticationException if no valid credentials can be obtained
   */
  Map<String, String> headers(AuthRequest request);

  /**
   * Called once after the vendor rejected an attempt with HTTP 401. Returns {@code true} if
   * newer credentials are now available and the call should be repeated exactly once; a second
   * 401 then fails with {@link dev.posbridge.core.AuthenticationException}.
   *
   * @param request the rejected attempt
   * @return whether to repeat the call once; {@code false} by default
   * @throws dev.posbridge.core.AuthenticationException if renewing failed for good
   */
  default boolean renewAfterRejection(AuthRequest request) {
    return false;
  }

  /**
   * Returns credentials that add no headers, for public endpoints and tests.
   *
   * @return credentials without headers
   */
  static Credentials none() {
    return request -> Map.of();
  }
}
