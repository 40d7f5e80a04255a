package dev.posbridge.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.WebhookRejectedException.Reason;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.spi.DataGuard;
import dev.posbridge.core.spi.Signatures;
import dev.posbridge.core.webhook.SignedWebhookVerifier;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifierBuilder;
import dev.posbridge.shopify.internal.WebhookPayloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 *
 * <p><b>De-duplication on what is signed.</b> The HMAC covers the body only: the
 * {@code X-Shopify-Event-Id}, {@code X-Shopify-Webhook-Id}, {@code X-Shopify-Triggered-At} and
 * {@code X-Shopify-Topic} headers can be changed by anyone replaying a captured delivery. The
 * event id ({@link WebhookEvent#eventId()}, and each change's) is therefore
 * {@code sha256:<hex digest of the body>}: a retry (same body) and a replay with fresh headers are
 * the same event, and two deliveries with the same body describe the same state.
 *
 * <p><b>Replay window.</b> Shopify retries a failed delivery 8 times over 4 hours. A delivery
 * whose signed body time ({@code updated_at}, else {@code created_at}) is older than
 * {@link Builder#replayWindow(Duration)} (default 5 hours: the retry window plus an hour of
 * tolerance) is rejected as {@code STALE}; so is one whose {@code X-Shopify-Triggered-At} is that
 * old (an unsigned header can only make a delivery be refused, never accepted). The topic ({@code X-Shopify-Topic}) decides the change type:
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
public final class ShopifyWebhookVerifier extends SignedWebhookVerifier {

  /** The default replay window: Shopify's 4-hour retry window plus one hour of tolerance. */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofHours(5);

  private static final String SYSTEM = "shopify";
  private static final ObjectMapper MAPPER = dev.posbridge.core.spi.Json.constrain(
      new ObjectMapper(), dev.posbridge.core.http.ResponseLimits.defaults());

  private final byte[] secret;

  private ShopifyWebhookVerifier(Builder b, String secret) {
    super(SYSTEM, b);
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    dev.posbridge.core.spi.Redactor.registerSecret(secret);
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
    String signature = signature(request, "X-Shopify-Hmac-Sha256");
    byte[] body = request.body();
    checkSignature(Signatures.hmacSha256(secret, body), signature,
        "X-Shopify-Hmac-Sha256 does not match the body");
    String topic = request.header("X-Shopify-Topic");
    if (topic == null || topic.isBlank()) {
      throw reject(Reason.MALFORMED, "no X-Shopify-Topic header", null);
    }
    // The HMAC covers only the body: de-duplicate on it, never on a header.
    String eventId = "sha256:" + Signatures.sha256Hex(body);
    Instant now = now();
    Instant triggeredAt = triggeredAt(request.header("X-Shopify-Triggered-At"), now);
    if (stale(triggeredAt, now)) {
      throw reject(Reason.STALE, "triggered at " + triggeredAt + ", older than " + replayWindow(), null);
    }
    ChangeEvent change;
    Instant signedAt;
    try {
      JsonNode json = MAPPER.readTree(body);
      if (json == null || !json.isObject()) {
        throw reject(Reason.MALFORMED, "body is not a JSON object", null);
      }
      signedAt = WebhookPayloads.signedTime(json);
      change = WebhookPayloads.parse(topic.trim(), eventId, json, signedAt != null ? signedAt : triggeredAt);
    } catch (WebhookRejectedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // RuntimeException: a model check, a malformed number or time, a refused card number in an id.
      throw reject(Reason.MALFORMED, "payload of " + DataGuard.quote(topic) + " cannot be parsed: "
          + DataGuard.shorten(e.getMessage()), e);
    }
    if (signedAt != null && stale(signedAt, now)) {
      throw reject(Reason.STALE, "the signed payload dates from " + signedAt + ", older than "
          + replayWindow(), null);
    }
    if (seen(eventId)) {
      throw reject(Reason.DUPLICATE, "a delivery with the same signed body was already accepted", null);
    }
    return new WebhookEvent(SYSTEM, eventId, topic.trim(), signedAt != null ? signedAt : triggeredAt,
        0, List.of(change));
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

  @Override
  public String toString() {
    return "ShopifyWebhookVerifier[secret=***]";
  }

  /**
   * Builds a {@link ShopifyWebhookVerifier}. Required: the client secret. The default replay
   * window, {@link #DEFAULT_REPLAY_WINDOW}, is Shopify's 4-hour retry window plus an hour of
   * tolerance; it applies to the signed body time ({@code updated_at}, else {@code created_at})
   * and to {@code X-Shopify-Triggered-At}. Not thread-safe.
   */
  public static final class Builder extends WebhookVerifierBuilder<Builder> {
    private @Nullable String clientSecret;

    private Builder() {
      super(DEFAULT_REPLAY_WINDOW);
    }

    @Override
    protected Builder self() {
      return this;
    }

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
     * Same as {@link #replayWindow(Duration)}; {@code null} restores the default.
     *
     * @param value the maximum age, or {@code null} for the default
     * @return this builder
     */
    public Builder maxAge(@Nullable Duration value) {
      return replayWindow(value == null ? DEFAULT_REPLAY_WINDOW : value);
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
      return new ShopifyWebhookVerifier(this, clientSecret);
    }
  }
}
