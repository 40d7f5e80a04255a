package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * The vendor (or something between posbridge and the vendor) answered a call with an HTTP
 * redirect (3xx). posbridge never follows redirects: a redirect to another host would carry the
 * request's credentials and body there, and an answer from that host would be taken for the
 * vendor's. The call was not completed; nothing was sent to the redirect target.
 *
 * <p>A redirect from a vendor API usually means a wrong base URL or token endpoint (e.g. an old
 * domain), or an attack; it is not retried. {@link #location()} tells where the answer pointed,
 * with every query value masked.
 */
public class UnexpectedRedirectException extends InvalidResponseException {

  /** Where the redirect pointed, query values masked; empty if the answer had no Location. */
  private final String location;

  /**
   * Creates the exception.
   *
   * @param context the vendor, operation and the 3xx status
   * @param location the redirect target, already redacted and bounded; empty if none
   * @param cause the underlying failure, if any
   */
  public UnexpectedRedirectException(ErrorContext context, String location, @Nullable Throwable cause) {
    super("Unexpected redirect " + context.status() + " to " + (location.isEmpty() ? "(no Location)" : location)
        + "; posbridge does not follow redirects, nothing was sent there", context, "", cause);
    this.location = location;
  }

  /**
   * Returns where the redirect pointed.
   *
   * @return scheme, host, port and path of the {@code Location} header, query values masked; empty if absent
   */
  public String location() {
    return location;
  }
}
