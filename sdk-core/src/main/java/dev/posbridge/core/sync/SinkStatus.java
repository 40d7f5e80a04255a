package dev.posbridge.core.sync;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Whether a target system currently receives deliveries, and if not, why.
 *
 * @param sink the target system, e.g. {@code quickbooks}
 * @param state whether it receives deliveries
 * @param reason why it is suspended or paused (no secrets), or null when active
 * @param errorCode the kind of failure that suspended it ({@code AUTH}, {@code MAINTENANCE},
 *     {@code OUTAGE}, {@code FORBIDDEN}), or null
 * @param since since when it is in this state, or null when active
 * @param nextProbe when a suspended sink is next tried with one delivery, or null
 */
public record SinkStatus(String sink, State state, @Nullable String reason, @Nullable String errorCode,
    @Nullable Instant since, @Nullable Instant nextProbe) {

  /** Whether a sink receives deliveries. */
  public enum State {
    /** Deliveries flow. */
    ACTIVE,
    /**
     * The sink fails as a whole (credentials rejected after a refresh, a maintenance page, an
     * outage): deliveries wait, and one is tried now and then as a probe; the first success
     * resumes the sink. {@link SyncPipeline#resume(String)} resumes it at once.
     */
    SUSPENDED,
    /** Paused by the operator ({@link SyncPipeline#pause(String)}); deliveries wait. */
    PAUSED
  }

  /**
   * Validates the components.
   *
   * @param sink the sink
   * @param state the state
   * @param reason the reason
   * @param errorCode the error code
   * @param since since when
   * @param nextProbe the next probe
   * @throws IllegalArgumentException if sink or state is null
   */
  public SinkStatus {
    if (sink == null || state == null) {
      throw new IllegalArgumentException("sink and state must not be null");
    }
  }
}
