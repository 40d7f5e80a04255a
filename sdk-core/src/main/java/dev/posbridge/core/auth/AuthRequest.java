package dev.posbridge.core.auth;

import java.net.URI;

/**
 * What a {@link Credentials} implementation may need to authenticate one attempt of a vendor
 * call: the HTTP method and the full URL including the query (a request signer such as OAuth
 * 1.0a signs both).
 *
 * @param method the HTTP method in upper case, e.g. {@code "POST"}
 * @param uri the absolute URL of the attempt, query included
 */
public record AuthRequest(String method, URI uri) {

  /**
   * Validates the components.
   *
   * @param method the HTTP method; not blank
   * @param uri the absolute URL
   * @throws IllegalArgumentException if {@code method} is blank or {@code uri} is not absolute
   */
  public AuthRequest {
    if (method == null || method.isBlank()) {
      throw new IllegalArgumentException("method must not be blank: " + method);
    }
    if (uri == null || !uri.isAbsolute()) {
      throw new IllegalArgumentException("uri must be absolute: " + uri);
    }
  }

  /** Renders method and URL without the query, which may carry secrets. */
  @Override
  public String toString() {
    return method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
  }
}
