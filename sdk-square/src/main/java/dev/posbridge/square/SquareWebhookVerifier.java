package dev.posbridge.square;

import dev.posbridge.core.spi.Signatures;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.webhook.EventDeduplicator;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.spi.Checks;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifier;
import dev.posbridge.square.internal.WebhookParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Verifies and parses Square webhook deliveries.
 *
 * <p>The signature header {@code x-square-hmacsha256-signature} must equal
 * {@code base64(HMAC-SHA256(signatureKey, notificationUrl + rawBody))}, compared in constant time;
 * the notification URL must be the subscription's URL byte for byte. Verified events are
 * de-duplicated by {@code event_id} (inside the signed body) and parsed into change events: orders
 * and payments (summaries: the sync engine fetches the order), refunds (mapped), inventory counts
 * (mapped) and customers (mapped); other types become {@code OTHER} changes, not errors.
 *
 * <p><b>Replay window.</b> Square retries a delivery for up to 72 hours; an event whose signed
 * {@code created_at} is older than {@link Builder#replayWindow(Duration)} (default 73 hours: the
 * retry window plus an hour of tolerance) is rejected as {@code STALE}, so a captured delivery
 * replayed after its id was forgotten cannot re-apply old state.
 *
 * <pre>{@code
 * SquareWebhookVerifier verifier = SquareWebhookVerifier.builder()
 *     .signatureKey(System.getenv("SQUARE_WEBHOOK_KEY"))
 *     .notificationUrl("https://example.com/webhooks/square")
 *     .build();
 * WebhookEvent event = verifier.verify(WebhookRequest.of(headers, rawBody, url));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SquareWebhookVerifier implements WebhookVerifier {

  /** The signature header. */
  public static final String SIGNATURE_HEADER = "x-square-hmacsha256-signature";

  /** The default replay window: Square's 72-hour retry window plus one hour of tolerance. */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofHours(73);

  private final byte[] key;
  private final @Nullable String notificationUrl;
  private final EventDeduplicator deduplicator;
  private final Clock clock;
  private final Duration replayWindow;

  private SquareWebhookVerifier(Builder b) {
    if (b.signatureKey == null || b.signatureKey.isEmpty()) {
      throw new IllegalStateException("signatureKey is required");
    }
    this.key = b.signatureKey.getBytes(StandardCharsets.UTF_8);
    dev.posbridge.core.spi.Redactor.registerSecret(b.signatureKey);
    this.notificationUrl = b.notificationUrl;
    this.deduplicator = b.deduplicator;
    this.clock = b.clock;
    this.replayWindow = b.replayWindow;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Signs with the configured notification URL when one is set, else with the request's URL.
   */
  @Override
  public WebhookEvent verify(WebhookRequest request) {
    String signature = request.header(SIGNATURE_HEADER);
    if (signature == null || signature.isBlank()) {
      throw new WebhookRejectedException(WebhookRejectedException.Reason.MISSING_SIGNATURE,
          "no " + SIGNATURE_HEADER + " header", ExternalRef.SQUARE, null);
    }
    String url = notificationUrl != null ? notificationUrl : request.url();
    byte[] expected = Signatures.hmacSha256(key, url.getBytes(StandardCharsets.UTF_8), request.body());
    if (!Signatures.matchesBase64(expected, signature)) {
      throw new WebhookRejectedException(WebhookRejectedException.Reason.BAD_SIGNATURE,
          "signature does not match the body, URL and key", ExternalRef.SQUARE, null);
    }
    WebhookEvent event = WebhookParser.parse(request.body(), attempt(request.header("square-retry-number")));
    Instant now = clock.instant();
    if (event.createdAt().plus(replayWindow).isBefore(now)) {
      throw new WebhookRejectedException(WebhookRejectedException.Reason.STALE,
          "event " + event.eventId() + " was created at " + event.createdAt() + ", more than "
              + replayWindow + " ago", ExternalRef.SQUARE, null);
    }
    if (deduplicator.seen(ExternalRef.SQUARE, event.eventId())) {
      throw new WebhookRejectedException(WebhookRejectedException.Reason.DUPLICATE,
          "event " + event.eventId() + " was already accepted", ExternalRef.SQUARE, null);
    }
    return event;
  }

  /** Marks the event's {@code event_id} seen; call once it is durable. */
  @Override
  public void accepted(WebhookEvent event) {
    deduplicator.markSeen(ExternalRef.SQUARE, event.eventId());
  }

  @Override
  public Duration replayWindow() {
    return replayWindow;
  }

  private static int attempt(@Nullable String retryNumber) {
    if (retryNumber == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(retryNumber.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "SquareWebhookVerifier[" + (notificationUrl == null ? "request URL" : notificationUrl) + "]";
  }

  /** Builds a {@link SquareWebhookVerifier}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String signatureKey;
    private @Nullable String notificationUrl;
    private EventDeduplicator deduplicator = EventDeduplicator.inMemory();
    private Clock clock = Clock.systemUTC();
    private Duration replayWindow = DEFAULT_REPLAY_WINDOW;

    private Builder() {}

    /**
     * Sets the clock the replay window is measured with, for tests.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets how old a signed event ({@code created_at}) may be; older ones are rejected as
     * {@code STALE}. Default 73 hours: Square's 72-hour retry window plus an hour of tolerance.
     * Keep de-duplicated ids and outbox receipts at least this long.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder replayWindow(Duration value) {
      this.replayWindow = Checks.positive(value, "replayWindow");
      return this;
    }

    /**
     * Sets the subscription's signature key (Developer Console → Webhooks). Required.
     *
     * @param value the key
     * @return this builder
     */
    public Builder signatureKey(String value) {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("signatureKey must not be empty");
      }
      this.signatureKey = value;
      return this;
    }

    /**
     * Sets the subscription's notification URL exactly as registered with Square (scheme, host,
     * path, query, trailing slash). When unset, the request's URL is used, which behind a proxy
     * is often not the registered one.
     *
     * @param value the URL
     * @return this builder
     */
    public Builder notificationUrl(String value) {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("notificationUrl must not be empty");
      }
      this.notificationUrl = value;
      return this;
    }

    /**
     * Sets the de-duplicator; default in memory, 100,000 ids for 8 days (Square retries for 72
     * hours). Use a durable one ({@link EventDeduplicator#jdbc}) when several instances receive
     * webhooks or a restart must not forget; the sync engine's outbox receipts are durable too.
     *
     * @param value the de-duplicator
     * @return this builder
     */
    public Builder deduplicator(EventDeduplicator value) {
      this.deduplicator = Objects.requireNonNull(value, "deduplicator");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws IllegalStateException if no signature key was set
     */
    public SquareWebhookVerifier build() {
      return new SquareWebhookVerifier(this);
    }
  }
}
