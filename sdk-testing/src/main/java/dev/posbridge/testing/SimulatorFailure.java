package dev.posbridge.testing;

/**
 * An internal simulator error: a handler or hook threw something other than {@link
 * SimulatorError}, and the client got a 500.
 *
 * <p>A test that passes while these exist may be testing a simulator bug rather than the client;
 * see {@link VendorSimulator#assertNoInternalErrors()}.
 *
 * @param request the request being handled
 * @param error what the simulator threw
 */
public record SimulatorFailure(SimRequest request, Throwable error) {}
