package dev.posbridge.testing;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a simulator handler to answer with an error response instead of returning one.
 *
 * <p>Either carries a complete response, or a status and message that the simulator turns into
 * its vendor's error envelope through {@link VendorSimulator#errorResponse(int, String,
 * SimRequest)}. Not an internal simulator error: it is not recorded in {@link
 * VendorSimulator#internalErrors()}.
 */
public class SimulatorError extends RuntimeException {

  /** The HTTP status to answer with. */
  private final int status;

  /** The complete response, or {@code null} to let the simulator build its error envelope. */
  private final transient @Nullable SimResponse response;

  /**
   * Creates an error answered with the simulator's error envelope.
   *
   * @param status the HTTP status, 100..599
   * @param message the error message for the envelope
   */
  public SimulatorError(int status, String message) {
    super(message);
    this.status = status;
    this.response = null;
  }

  /**
   * Creates an error answered with a JSON body.
   *
   * @param status the HTTP status, 100..599
   * @param body the JSON body: a {@link JsonView}, record, map or other serializable value
   */
  public SimulatorError(int status, Object body) {
    this(SimResponse.json(status, body));
  }

  /**
   * Creates an error answered with a complete response.
   *
   * @param response the response to send
   */
  public SimulatorError(SimResponse response) {
    super("simulated error " + response.status());
    this.status = response.status();
    this.response = response;
  }

  /**
   * Returns the HTTP status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * Returns the complete response, if one was given.
   *
   * @return the response, or {@code null} if the simulator builds the error envelope
   */
  public @Nullable SimResponse response() {
    return response;
  }
}
