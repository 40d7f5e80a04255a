package dev.posbridge.core.webhook;

import dev.posbridge.core.spi.Checks;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every signed-webhook verifier builder shares: where accepted event ids are
 * remembered, the clock and the replay window. Vendor builders extend it and add their secret.
 * Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class WebhookVerifierBuilder<B extends WebhookVerifierBuilder<B>> {

  private EventDeduplicator deduplicator = EventDeduplicator.inMemory();
  private Clock clock = Clock.systemUTC();
  private Duration replayWindow;

  /**
   * Creates a builder with an in-memory de-duplicator, the system UTC clock and a replay window.
   *
   * @param defaultReplayWindow the vendor's default replay window
   */
  protected WebhookVerifierBuilder(Duration defaultReplayWindow) {
    this.replayWindow = Checks.positive(defaultReplayWindow, "replayWindow");
  }

  /**
   * Returns this builder as its concrete type.
   *
   * @return {@code this}
   */
  protected abstract B self();

  /**
   * Sets where accepted event ids are remembered. Default: in memory, 100,000 ids for 8 days; use
   * a durable, shared one ({@link EventDeduplicator#jdbc}) when several processes receive webhooks
   * or a restart must not forget; the sync engine's outbox receipts are durable too.
   *
   * @param value the de-duplicator
   * @return this builder
   */
  public B deduplicator(EventDeduplicator value) {
    this.deduplicator = Objects.requireNonNull(value, "deduplicator");
    return self();
  }

  /**
   * Sets the clock the replay window is measured with. Default: the system UTC clock; tests pass
   * a fixed one.
   *
   * @param value the clock
   * @return this builder
   */
  public B clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return self();
  }

  /**
   * Sets how old a signed event may be; older ones are rejected as {@code STALE}. The default is
   * the vendor's retry window plus an hour of tolerance. Keep de-duplicated ids and outbox
   * receipts at least this long.
   *
   * @param value a positive duration
   * @return this builder
   * @throws IllegalArgumentException if {@code value} is null, zero or negative
   */
  public B replayWindow(Duration value) {
    this.replayWindow = Checks.positive(value, "replayWindow");
    return self();
  }

  final EventDeduplicator deduplicator() {
    return deduplicator;
  }

  final Clock clock() {
    return clock;
  }

  final Duration replayWindow() {
    return replayWindow;
  }
}
