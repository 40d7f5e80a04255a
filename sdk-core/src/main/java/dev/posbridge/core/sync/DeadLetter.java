package dev.posbridge.core.sync;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A delivery that is individually wrong and waits for a person: fix the cause (a mapping, the
 * record at its source), then {@link SyncPipeline#replay(long) replay} it, or replay several at
 * once with a {@link DeadLetterFilter}.
 *
 * <p>A sink that fails as a whole (an outage, credentials that no longer work, a maintenance page)
 * never produces dead letters: the pipeline pauses it and its deliveries wait (see
 * {@link SinkStatus}).
 *
 * <p>Error codes: {@code VALIDATION} (the vendor rejected the content), {@code MAPPING} (an
 * unmapped SKU, location or account), {@code NOT_FOUND}, {@code CONFLICT}, {@code INVALID_RESPONSE}
 * (the vendor's answer to this delivery could not be read), {@code REJECTED} (another refusal by
 * the vendor), {@code UNBALANCED} (the document's parts do not add up to its total: refused by
 * posbridge's totals check before the call), {@code INVALID_INPUT} (refused by another check of
 * posbridge's own, e.g. a card number in an identifier), {@code LOCAL} (a non-retryable failure on this side,
 * e.g. an unreadable token file; no vendor refused it), {@code STORAGE} (the outbox's database
 * failed; such a delivery is deferred, not dead-lettered),
 * {@code INTERNAL} (a bug or a JVM error while
 * delivering), {@code POISON_SOURCE} (a record read from a source that cannot be turned into an
 * event; {@link OutboxEvent#payload()} holds its raw JSON), {@code UNDECODABLE} (a stored delivery
 * that cannot be read), {@code BUS_DEAD_LETTER} (an event bus such as Kafka gave up on it after
 * its retries; a delivery the bus dead-letters at once keeps its own code; either way replay
 * hands it to the bus again), {@code FAILED} (recorded through {@link Outbox#fail}). When the
 * retry budget of a retryable failure runs out, the code is that failure's ({@code UNAVAILABLE},
 * {@code RETRYABLE}) and {@link #retryable()} is {@code true}.
 *
 * @param id the outbox id
 * @param event the event; for {@code POISON_SOURCE} its payload is the raw record
 * @param sink the target system, e.g. {@code quickbooks} (the source system for poison records)
 * @param action what was attempted: {@code sale}, {@code refund}, {@code stock}, {@code customer},
 *     or {@code intake} for poison records
 * @param errorCode the kind of the last failure (see above)
 * @param retryable whether the last failure was retryable (then the retry budget ran out)
 * @param sourceRef the source object, e.g. {@code square/order/O1}, when known
 * @param lastError the last failure's message (no secrets or personal data: exception messages
 *     of posbridge are written that way)
 * @param attempts how many attempts reached the vendor
 * @param firstFailedAt when the first failure happened
 * @param failedAt when it was dead-lettered (the last failure)
 */
public record DeadLetter(long id, OutboxEvent event, String sink, String action, String errorCode,
    boolean retryable, @Nullable String sourceRef, String lastError, int attempts,
    Instant firstFailedAt, Instant failedAt) {

  /**
   * Validates the components.
   *
   * @param id the id
   * @param event the event
   * @param sink the sink
   * @param action the action
   * @param errorCode the error code
   * @param retryable whether retryable
   * @param sourceRef the source object, or null
   * @param lastError the last error
   * @param attempts the attempts
   * @param firstFailedAt the first failure
   * @param failedAt when it failed
   * @throws IllegalArgumentException if a component is missing
   */
  public DeadLetter {
    if (event == null || sink == null || action == null || errorCode == null || lastError == null
        || firstFailedAt == null || failedAt == null) {
      throw new IllegalArgumentException("only sourceRef may be null");
    }
  }
}
