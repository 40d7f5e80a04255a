package dev.posbridge.core.sync;

import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Carries a {@link SyncPipeline}'s deliveries from its {@link Outbox} to the sinks over another
 * transport, e.g. a Kafka cluster shared by several processes (module {@code sdk-kafka}).
 *
 * <p>Without a bus (the default) the pipeline's own delivery threads claim deliveries from the
 * outbox and call the sinks, in process. With a bus, {@link SyncPipeline#start()} starts no
 * delivery thread and hands the bus a {@link Context} instead: typically the bus relays pending
 * outbox deliveries to its transport ({@link Outbox#claim}, then {@link Outbox#completeAll} once
 * the transport has them), and, in the same or another process, takes them off the transport and
 * calls {@link Context#deliver}, which makes the vendor call through the pipeline's own delivery
 * code under the delivery's deterministic idempotency key. Intake ({@link SyncPipeline#submit},
 * webhooks, pollers) is unchanged and never waits for the bus.
 *
 * <p>Implementations are thread-safe. A bus is started by at most one pipeline at a time.
 */
public interface EventBus {

  /**
   * Starts carrying deliveries. Called by {@link SyncPipeline#start()}.
   *
   * @param context the pipeline's side: its outbox, delivery code and wake-ups
   */
  void start(Context context);

  /**
   * Stops carrying deliveries: finishes the vendor call in progress, leaves the rest for later or
   * for another instance. Called by {@link SyncPipeline#stop(Duration)}.
   *
   * @param timeout how long to wait
   * @return {@code true} if everything stopped within the timeout
   */
  boolean stop(Duration timeout);

  /** What a pipeline offers the bus it starts. Thread-safe. */
  interface Context {

    /**
     * Returns the pipeline's outbox, where intake stores deliveries durably.
     *
     * @return the outbox
     */
    Outbox outbox();

    /**
     * Returns the outbox event types the pipeline delivers, one per target and action, e.g.
     * {@code "quickbooks/sale"}.
     *
     * @return the types
     */
    Set<String> eventTypes();

    /**
     * Delivers one outbox delivery to its sink, exactly as the in-process workers do (same mapping,
     * same idempotency key taken from the payload), and tells the listener about a success.
     * Never throws for a vendor or mapping failure: the outcome says what happened.
     *
     * @param event the delivery as stored in the outbox
     * @return the outcome
     */
    Outcome deliver(OutboxEvent event);

    /**
     * Tells the listener that a delivery the bus gave up on (retries exhausted) is dead-lettered.
     *
     * @param event the delivery
     * @param error the last failure
     */
    void deadLettered(OutboxEvent event, String error);

    /**
     * Waits until a submit stores new deliveries, or {@code millis} pass, or the pipeline stops.
     *
     * @param millis the longest wait
     * @throws InterruptedException if interrupted
     */
    void awaitWork(long millis) throws InterruptedException;
  }

  /**
   * The result of {@link Context#deliver}.
   *
   * @param status what happened
   * @param error the failure's description for {@link Status#RETRY} and {@link Status#DEAD} (no
   *     secrets or personal data); {@code null} when delivered
   */
  record Outcome(Status status, @Nullable String error) {

    /** The outcome of a successful delivery. */
    public static final Outcome DELIVERED = new Outcome(Status.DELIVERED, null);

    /**
     * Validates the components.
     *
     * @param status the status
     * @param error the error
     * @throws IllegalArgumentException if the status is missing, or a failure has no error
     */
    public Outcome {
      if (status == null) {
        throw new IllegalArgumentException("status must not be null");
      }
      if (status != Status.DELIVERED && (error == null || error.isBlank())) {
        throw new IllegalArgumentException("a failure needs an error description");
      }
    }

    /** What happened to a delivery. */
    public enum Status {
      /** The sink accepted it (or had already applied it under the same idempotency key). */
      DELIVERED,
      /** A transient failure (outage, throttling): try again later. */
      RETRY,
      /** A permanent failure (validation, unmapped SKU, unreadable payload): dead-letter it. */
      DEAD
    }
  }
}
