package dev.posbridge.square;

import dev.posbridge.core.WebhookRejectedException.Reason;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.spi.Signatures;
import dev.posbridge.core.webhook.SignedWebhookVerifier;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifierBuilder;
import dev.posbridge.square.internal.WebhookParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
public final class SquareWebhookVerifier extends SignedWebhookVerifier {

  /** The signature header. */
  public static final String SIGNATURE_HEADER = "x-square-hmacsha256-signature";

  /** The default replay window: Square's 72-hour retry window plus one hour of tolerance. */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofHours(73);

  private final byte[] key;
  private final @Nullable String notificationUrl;

  private SquareWebhookVerifier(Builder b) {
    super(ExternalRef.SQUARE, b);
    if (b.signatureKey == null || b.signatureKey.isEmpty()) {
      throw new IllegalStateException("signatureKey is required");
    }
    this.key = b.signatureKey.getBytes(StandardCharsets.UTF_8);
    dev.posbridge.core.spi.Redactor.registerSecret(b.signatureKey);
    this.notificationUrl = b.notificationUrl;
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
    String signature = signature(request, SIGNATURE_HEADER);
    String url = notificationUrl != null ? notificationUrl : request.url();
    byte[] expected = Signatures.hmacSha256(key, url.getBytes(StandardCharsets.UTF_8), request.body());
    checkSignature(expected, signature, "signature does not match the body, URL and key");
    WebhookEvent event = WebhookParser.parse(request.body(), attempt(request.header("square-retry-number")));
    if (stale(event.createdAt(), now())) {
      throw reject(Reason.STALE, "event " + event.eventId() + " was created at " + event.createdAt()
          + ", more than " + replayWindow() + " ago", null);
    }
    if (seen(event.eventId())) {
      throw reject(Reason.DUPLICATE, "event " + event.eventId() + " was already accepted", null);
    }
    return event;
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

  /**
   * Builds a {@link SquareWebhookVerifier}. Not thread-safe. The default replay window is
   * {@link #DEFAULT_REPLAY_WINDOW}: Square's 72-hour retry window plus an hour of tolerance; the
   * default de-duplicator keeps ids for 8 days, beyond Square's 72 hours of retries.
   */
  public static final class Builder extends WebhookVerifierBuilder<Builder> {
    private @Nullable String signatureKey;
    private @Nullable String notificationUrl;

    private Builder() {
      super(DEFAULT_REPLAY_WINDOW);
    }

    @Override
    protected Builder self() {
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
