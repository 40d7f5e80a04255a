package dev.posbridge.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.internal.data.DataGuard;
import dev.posbridge.core.internal.webhook.Signatures;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.webhook.EventDeduplicator;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRejectedException;
import dev.posbridge.core.webhook.WebhookRejectedException.Reason;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifier;
import dev.posbridge.shopify.internal.WebhookPayloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Verifies and parses Shopify webhook deliveries.
 *
 * <p>The signature is {@code X-Shopify-Hmac-Sha256}: the base64 HMAC-SHA256 of the raw body
 * keyed with the app's client secret, compared in constant time before anything is parsed.
 * Deliveries are de-duplicated by {@code X-Shopify-Event-Id} (falling back to
 * {@code X-Shopify-Webhook-Id} when absent): Shopify retries a failed delivery with the same
 * event id for up to 4 hours. The topic ({@code X-Shopify-Topic}) decides the change type:
 * {@code orders/*} SALE, {@code refunds/create} REFUND, {@code inventory_levels/*} STOCK (with the
 * new available level), {@code customers/*} CUSTOMER, {@code products/*} and
 * {@code inventory_items/*} CATALOG, anything else OTHER.
 *
 * <pre>{@code
 * ShopifyWebhookVerifier verifier = ShopifyWebhookVerifier.builder()
 *     .clientSecret(System.getenv("SHOPIFY_CLIENT_SECRET"))
 *     .build();
 * WebhookEvent event = verifier.verify(WebhookRequest.of(headers, rawBody, url));
 * }</pre>
 *
 * <p>Thread-safe. The secret never appears in {@link #toString()}.
 */
public final class ShopifyWebhookVerifier implements WebhookVerifier {

  private static final String SYSTEM = "shopify";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final byte[] secret;
  private final EventDeduplicator deduplicator;
  private final Clock clock;
  private final @Nullable Duration maxAge;

  private ShopifyWebhookVerifier(Builder b, String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.deduplicator = b.deduplicator;
    this.clock = b.clock;
    this.maxAge = b.maxAge;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public WebhookEvent verify(WebhookRequest request) {
    String signature = request.header("X-Shopify-Hmac-Sha256");
    if (signature == null || signature.isBlank()) {
      throw reject(Reason.MISSING_SIGNATURE, "no X-Shopify-Hmac-Sha256 header", null);
    }
    byte[] body = request.body();
    if (!Signatures.matchesBase64(Signatures.hmacSha256(secret, body), signature)) {
      throw reject(Reason.BAD_SIGNATURE, "X-Shopify-Hmac-Sha256 does not match the body", null);
    }
    String topic = request.header("X-Shopify-Topic");
    if (topic == null || topic.isBlank()) {
      throw reject(Reason.MALFORMED, "no X-Shopify-Topic header", null);
    }
    String eventId = request.header("X-Shopify-Event-Id");
    if (eventId == null || eventId.isBlank()) {
      eventId = request.header("X-Shopify-Webhook-Id");
    }
    if (eventId == null || eventId.isBlank()) {
      throw reject(Reason.MALFORMED, "no X-Shopify-Event-Id or X-Shopify-Webhook-Id header", null);
    }
    Instant now = clock.instant();
    Instant triggeredAt = triggeredAt(request.header("X-Shopify-Triggered-At"), now);
    if (maxAge != null && triggeredAt.plus(maxAge).isBefore(now)) {
      throw reject(Reason.STALE, "triggered at " + triggeredAt + ", older than " + maxAge, null);
    }
    ChangeEvent change;
    try {
      JsonNode json = MAPPER.readTree(body);
      if (json == null || !json.isObject()) {
        throw reject(Reason.MALFORMED, "body is not a JSON object", null);
      }
      change = WebhookPayloads.parse(topic.trim(), eventId, json, triggeredAt);
    } catch (WebhookRejectedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // RuntimeException: a model check, a malformed number or time, a refused card number in an id.
      throw reject(Reason.MALFORMED, "payload of " + DataGuard.quote(topic) + " cannot be parsed: "
          + DataGuard.shorten(e.getMessage()), e);
    }
    if (!deduplicator.firstSeen(SYSTEM, eventId)) {
      throw reject(Reason.DUPLICATE, "event " + eventId + " was already received", null);
    }
    return new WebhookEvent(SYSTEM, eventId, topic.trim(), triggeredAt, 0, List.of(change));
  }

  private static Instant triggeredAt(@Nullable String header, Instant now) {
    if (header == null || header.isBlank()) {
      return now;
    }
    try {
      return OffsetDateTime.parse(header.trim()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(header.trim());
      } catch (DateTimeParseException e2) {
        return now;
      }
    }
  }

  private static WebhookRejectedException reject(Reason reason, String message, @Nullable Throwable cause) {
    return new WebhookRejectedException(reason, message, SYSTEM, cause);
  }

  @Override
  public String toString() {
    return "ShopifyWebhookVerifier[secret=***]";
  }

  /** Builds a {@link ShopifyWebhookVerifier}. Required: the client secret. Not thread-safe. */
  public static final class Builder {
    private @Nullable String clientSecret;
    private EventDeduplicator deduplicator = EventDeduplicator.inMemory();
    private Clock clock = Clock.systemUTC();
    private @Nullable Duration maxAge;

    private Builder() {}

    /**
     * Sets the app's client secret (the HMAC key).
     *
     * @param value the secret
     * @return this builder
     */
    public Builder clientSecret(String value) {
      this.clientSecret = value;
      return this;
    }

    /**
     * Sets where seen event ids are remembered. Default: in memory, 100,000 ids for 72 hours
     * (Shopify retries for 4 hours); use a shared store when several processes receive webhooks.
     *
     * @param value the deduplicator
     * @return this builder
     */
    public Builder deduplicator(EventDeduplicator value) {
      this.deduplicator = value;
      return this;
    }

    /**
     * Sets the clock for the stale check. Default UTC system clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * Rejects deliveries whose {@code X-Shopify-Triggered-At} is older than this as
     * {@link Reason#STALE}. Default none: Shopify's retries (up to 4 hours) carry the original
     * payload, which may be older than the state the receiver already has.
     *
     * @param value the maximum age, or {@code null} for no check
     * @return this builder
     */
    public Builder maxAge(@Nullable Duration value) {
      if (value != null && (value.isNegative() || value.isZero())) {
        throw new IllegalArgumentException("maxAge must be positive: " + value);
      }
      this.maxAge = value;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws IllegalArgumentException if the secret is blank
     */
    public ShopifyWebhookVerifier build() {
      if (clientSecret == null || clientSecret.isBlank()) {
        throw new IllegalArgumentException("clientSecret must not be blank");
      }
      if (deduplicator == null || clock == null) {
        throw new IllegalArgumentException("deduplicator and clock must not be null");
      }
      return new ShopifyWebhookVerifier(this, clientSecret);
    }
  }
}
