package dev.posbridge.core.sync;

import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRejectedException;
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
 * <p>A request is verified (signature, freshness), de-duplicated durably by
 * {@code system:eventId} in the outbox, and its changes fanned out and stored in the same
 * transaction <em>before</em> {@code handle} returns 200: once the vendor sees 200, the event
 * survives a crash. Statuses:
 * <ul>
 *   <li>{@code 200} — stored, or a duplicate of an event already stored;
 *   <li>{@code 401} — missing, wrong or stale signature (the vendor should not be trusted);
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
      return OK;
    } catch (OutboxException e) {
      LOG.warn("cannot store {} webhook {}: {}", event.system(), event.eventId(), e.getMessage());
      return UNAVAILABLE;
    } catch (RuntimeException e) {
      LOG.warn("cannot route {} webhook {}", event.system(), event.eventId(), e);
      return INTERNAL_ERROR;
    }
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
     * @throws IllegalStateException if the pipeline or verifier is missing
     */
    public WebhookIngress build() {
      if (pipeline == null || verifier == null) {
        throw new IllegalStateException("pipeline and verifier are required");
      }
      return new WebhookIngress(pipeline, verifier);
    }
  }
}
