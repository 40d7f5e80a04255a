package dev.posbridge.testing;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request a simulator received and what it did with it.
 *
 * @param request the request as received (time, method, path, query, headers, body); path
 *     variables are those of the matched route
 * @param status the status the simulator answered or, when {@code delivered} is false, would have
 *     answered; 0 if the connection was reset before the request was handled
 * @param delivered whether the response was sent; false when a connection fault replaced it
 * @param fault the fault that fired on the request, or {@code null}
 */
public record JournalEntry(
    SimRequest request, int status, boolean delivered, SimFault.@Nullable Kind fault) {

  /**
   * Returns the fault that fired on the request.
   *
   * @return the fault kind, or empty if none fired
   */
  public Optional<SimFault.Kind> firedFault() {
    return Optional.ofNullable(fault);
  }

  /**
   * Tells whether a fault fired on the request (outages included).
   *
   * @return whether a fault fired
   */
  public boolean faulted() {
    return fault != null;
  }
}
