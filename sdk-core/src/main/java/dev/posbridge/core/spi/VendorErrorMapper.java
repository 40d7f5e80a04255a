package dev.posbridge.core.spi;

import dev.posbridge.core.VendorException;

/**
 * Turns a vendor's error response into the exception to throw. Each vendor module supplies one
 * that reads its error body format and codes, typically falling back to {@link DefaultErrorMapper}.
 *
 * <p>Vendor retry hints: returning a {@link dev.posbridge.core.RateLimitedException} with a
 * positive {@code retryAfter} makes the transport retry after that wait (within the budget),
 * whatever the status.
 */
@FunctionalInterface
public interface VendorErrorMapper {

  /**
   * Maps an error response.
   *
   * @param response the response, its body already parsed
   * @return the exception to throw; never null
   */
  VendorException map(ErrorResponse response);
}
