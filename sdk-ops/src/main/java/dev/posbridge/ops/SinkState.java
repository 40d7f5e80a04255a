package dev.posbridge.ops;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of one target system (sink) of the sync engine.
 *
 * @param sink the target's system name, e.g. {@code "quickbooks"}
 * @param backlog deliveries waiting for this sink, including those in flight
 * @param inFlight deliveries being delivered now
 * @param deadLetters deliveries to this sink in the dead-letter state
 * @param lag how long the oldest waiting delivery has waited; zero when none waits
 * @param paused whether deliveries to this sink are held back
 * @param pauseReason why it is paused, when known
 */
public record SinkState(
    String sink, long backlog, long inFlight, long deadLetters, Duration lag, boolean paused,
    @Nullable String pauseReason) {

  /**
   * Validates the components.
   *
   * @param sink the sink
   * @param backlog the backlog
   * @param inFlight in flight
   * @param deadLetters dead letters
   * @param lag the lag
   * @param paused whether paused
   * @param pauseReason the reason, if any
   * @throws IllegalArgumentException if a count is negative
   */
  public SinkState {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(lag, "lag");
    if (backlog < 0 || inFlight < 0 || deadLetters < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
