package dev.posbridge.testing;

/**
 * Handles one routed request of a {@link VendorSimulator}.
 *
 * <p>Handlers run on the server's request threads, possibly concurrently, so they must guard the
 * state they share. To answer with an error, return it or throw {@link SimulatorError}; any other
 * exception becomes a 500 and is recorded in {@link VendorSimulator#internalErrors()}.
 */
@FunctionalInterface
public interface SimHandler {

  /**
   * Computes the response to a request.
   *
   * @param request the request, with the matched route's path variables
   * @return the response, never {@code null}
   * @throws SimulatorError to answer with that error response
   */
  SimResponse handle(SimRequest request);
}
