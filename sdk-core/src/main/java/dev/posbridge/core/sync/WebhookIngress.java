package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one vendor's webhooks into a {@link SyncPipeline}, framework-agnostic: your HTTP
 * endpoint passes the raw request to {@link #handle(WebhookRequest)} and answers the vendor with
 * the returned status code.
 *
 * <p>A request is verified (signature, replay window), de-duplicated durably by
 * {@code system:eventId} in the outbox (the event id is what the vendor's signature covers: a
 * signed event id, or a digest of the signed body), and its changes fanned out and stored in the
 * same transaction <em>before</em> {@code handle} returns 200: once the vendor sees 200, the event
 * survives a crash. Only then is the event marked seen in the verifier's de-duplicator
 * ({@link WebhookVerifier#accepted}): a delivery answered 503 leaves no trace, and the vendor's
 * retry is stored. Summary events (an order id without the order) are stored as a fetch step and
 * read from the source when delivered, so a slow vendor API never delays the answer. Statuses:
 * <ul>
 *   <li>{@code 200} — stored, or a duplicate of an event already stored;
 *   <li>{@code 401} — missing or wrong signature (the vendor should not be trusted), or a signed
 *       event older than the verifier's {@linkplain WebhookVerifier#replayWindow() replay window}
 *       (a replay: its receipt may already be purged, and its state is obsolete);
 *   <li>{@code 400} — malformed body or headers;
 *   <li>{@code 503} — the outbox could not store it: the vendor retries later;
 *   <li>{@code 500} — an unexpected error in the verifier: the vendor retries later.
 * </ul>
 *
 * <p>Thread-safe; call {@code handle} from any number of request threads.
 *
 * <pre>{@code
 * WebhookIngress square = WebhookIngress.builder()
 *     .pipeline(pipeline)
 *     .verifier(squareWebhookVerifier)
 *     .build();
 * // in a servlet / Javalin / Spring handler:
 * int status = square.handle(new WebhookRequest(headers, rawBody, requestUrl));
 * }</pre>
 */
public final class WebhookIngress {

  /** The status for an event stored or already stored. */
  public static final int OK = 200;
  /** The status for a malformed request. */
  public static final int BAD_REQUEST = 400;
  /** The status for a missing, wrong or stale signature. */
  public static final int UNAUTHORIZED = 401;
  /** The status for an unexpected verifier failure. */
  public static final int INTERNAL_ERROR = 500;
  /** The status when the outbox cannot store the event. */
  public static final int UNAVAILABLE = 503;

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  private final SyncPipeline pipeline;
  private final WebhookVerifier verifier;

  private WebhookIngress(SyncPipeline pipeline, WebhookVerifier verifier) {
    this.pipeline = pipeline;
    this.verifier = verifier;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies, de-duplicates and durably stores one webhook delivery.
   *
   * @param request the raw request as received
   * @return the HTTP status to answer the vendor with
   */
  public int handle(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    WebhookEvent event;
    try {
      event = verifier.verify(request);
    } catch (WebhookRejectedException e) {
      return switch (e.reason()) {
        case DUPLICATE -> OK;
        case MALFORMED -> BAD_REQUEST;
        case MISSING_SIGNATURE, BAD_SIGNATURE, STALE -> UNAUTHORIZED;
      };
    } catch (RuntimeException e) {
      LOG.warn("webhook verifier failed unexpectedly for {}", request, e);
      return INTERNAL_ERROR;
    }
    try {
      boolean fresh = pipeline.submitWithReceipt(event.system() + ":" + event.eventId(), event.changes());
      LOG.debug("{} webhook {} ({}) {}", event.system(), event.eventId(), event.topic(),
          fresh ? "stored" : "was a duplicate");
    } catch (OutboxException e) {
      LOG.warn("cannot store {} webhook {}: {}", event.system(), event.eventId(), e.getMessage());
      return UNAVAILABLE;
    } catch (RuntimeException e) {
      LOG.warn("cannot route {} webhook {}", event.system(), event.eventId(), e);
      return INTERNAL_ERROR;
    }
    try {
      // Durable now: only from here on is a redelivery a duplicate.
      verifier.accepted(event);
    } catch (RuntimeException e) {
      LOG.warn("stored {} webhook {} but cannot mark it seen; the outbox receipt still de-duplicates it",
          event.system(), event.eventId(), e);
    }
    return OK;
  }


  /** Builds a {@link WebhookIngress}. Both settings are required. */
  public static final class Builder {
    private @Nullable SyncPipeline pipeline;
    private @Nullable WebhookVerifier verifier;

    private Builder() {}

    /**
     * Sets the pipeline that routes and stores the events.
     *
     * @param value the pipeline
     * @return this builder
     */
    public Builder pipeline(SyncPipeline value) {
      this.pipeline = Objects.requireNonNull(value, "pipeline");
      return this;
    }

    /**
     * Sets the vendor's verifier, e.g. {@code SquareWebhookVerifier}.
     *
     * @param value the verifier
     * @return this builder
     */
    public Builder verifier(WebhookVerifier value) {
      this.verifier = Objects.requireNonNull(value, "verifier");
      return this;
    }

    /**
     * Builds the ingress.
     *
     * @return the ingress
     * @throws IllegalStateException if the pipeline or verifier is missing, or the outbox keeps
     *     receipts for less than the verifier's replay window (a late retry would be stored twice)
     */
    public WebhookIngress build() {
      if (pipeline == null || verifier == null) {
        throw new IllegalStateException("pipeline and verifier are required");
      }
      java.time.Duration retention = pipeline.outbox().retention();
      if (retention.compareTo(verifier.replayWindow()) < 0) {
        throw new IllegalStateException("the outbox keeps receipts for " + retention
            + ", less than the verifier's replay window " + verifier.replayWindow()
            + ": raise Outbox.Builder.retention");
      }
      return new WebhookIngress(pipeline, verifier);
    }
  }
}
