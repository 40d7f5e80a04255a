package dev.posbridge.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.WebhookRejectedException.Reason;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.spi.Checks;
import dev.posbridge.core.spi.Json;
import dev.posbridge.core.spi.Signatures;
import dev.posbridge.core.webhook.EventDeduplicator;
import dev.posbridge.core.webhook.SignedWebhookVerifier;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifierBuilder;
import dev.posbridge.quickbooks.internal.EntityMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Verifies and parses QuickBooks Online webhooks: checks {@code intuit-signature} (Base64
 * HMAC-SHA256 of the raw body, keyed with the app's verifier token) in constant time, then reads
 * either payload format into canonical change events:
 *
 * <ul>
 *   <li>the legacy {@code {"eventNotifications":[...]}} object, one event per entity change, its
 *       id built from realm, entity, id, operation and {@code lastUpdated};
 *   <li>the CloudEvents 1.0 array ({@code type} {@code qbo.<entity>.<verb>.v1}), one event per
 *       element, its id the CloudEvent {@code id}.
 * </ul>
 *
 * <p>Delivery is at-least-once: events already accepted (by the ids above, all inside the signed
 * body) are dropped, and a delivery whose events were all accepted is rejected as
 * {@link Reason#DUPLICATE}; events are marked seen by {@link #accepted(WebhookEvent)} once durable.
 *
 * <p><b>Replay window.</b> A delivery with an event whose signed time ({@code lastUpdated}, or the
 * CloudEvent's {@code time}) is older than the replay window (default 73 hours; Intuit documents
 * at-least-once delivery but no retry horizon, so the default is the longest vendor retry window
 * posbridge supports plus an hour) is rejected as {@link Reason#STALE}. Events carry no
 * entity body; read the entity (or poll the change feed) to act on them. A Merge also yields a
 * deletion of {@code deletedId}.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * QuickBooksWebhookVerifier verifier = QuickBooksWebhookVerifier.create(verifierToken);
 * WebhookEvent event = verifier.verify(WebhookRequest.of(headers, rawBody, url));
 * }</pre>
 */
public final class QuickBooksWebhookVerifier extends SignedWebhookVerifier {

  /** The signature header. */
  public static final String SIGNATURE_HEADER = "intuit-signature";
  private static final String SYSTEM = "quickbooks";
  private static final ObjectMapper JSON = Json.create();

  /** The default replay window: 73 hours. */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofHours(73);

  private final String verifierToken;

  private QuickBooksWebhookVerifier(Builder b, String verifierToken) {
    super(SYSTEM, b);
    this.verifierToken = verifierToken;
    dev.posbridge.core.spi.Redactor.registerSecret(verifierToken);
  }

  /**
   * Creates a verifier with an in-memory de-duplicator (100,000 events, 8 days) and the default
   * replay window.
   *
   * @param verifierToken the app's webhook verifier token
   * @return the verifier
   */
  public static QuickBooksWebhookVerifier create(String verifierToken) {
    return create(verifierToken, EventDeduplicator.inMemory());
  }

  /**
   * Creates a verifier.
   *
   * @param verifierToken the app's webhook verifier token
   * @param deduplicator remembers seen events, e.g. shared across instances
   * @return the verifier
   */
  public static QuickBooksWebhookVerifier create(String verifierToken, EventDeduplicator deduplicator) {
    return create(verifierToken, deduplicator, Clock.systemUTC(), DEFAULT_REPLAY_WINDOW);
  }

  /**
   * Creates a verifier with a clock and replay window.
   *
   * @param verifierToken the app's webhook verifier token
   * @param deduplicator remembers accepted events, e.g. shared across instances
   * @param clock measures the replay window
   * @param replayWindow how old a signed event may be; keep receipts at least this long
   * @return the verifier
   */
  public static QuickBooksWebhookVerifier create(String verifierToken, EventDeduplicator deduplicator,
      Clock clock, Duration replayWindow) {
    return builder().verifierToken(Checks.notBlank(verifierToken, "verifierToken"))
        .deduplicator(deduplicator).clock(clock)
        .replayWindow(replayWindow).build();
  }

  /**
   * Starts a builder: the verifier token is required; the other settings default to an in-memory
   * de-duplicator (100,000 events, 8 days), the system clock and a replay window of
   * {@link #DEFAULT_REPLAY_WINDOW}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link QuickBooksWebhookVerifier}; see {@link QuickBooksWebhookVerifier#builder()}. */
  public static final class Builder extends WebhookVerifierBuilder<Builder> {
    private @Nullable String verifierToken;

    private Builder() {
      super(DEFAULT_REPLAY_WINDOW);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the app's webhook verifier token (required), from the Intuit developer portal.
     *
     * @param value the token
     * @return this builder
     */
    public Builder verifierToken(String value) {
      this.verifierToken = value;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws IllegalStateException if the verifier token is missing
     * @throws IllegalArgumentException if the token is blank
     */
    public QuickBooksWebhookVerifier build() {
      if (verifierToken == null) {
        throw new IllegalStateException("verifierToken is required");
      }
      return new QuickBooksWebhookVerifier(this, Checks.notBlank(verifierToken, "verifierToken"));
    }
  }

  /**
   * Computes the signature QBO sends for a body, e.g. to test a webhook endpoint.
   *
   * @param verifierToken the verifier token
   * @param body the raw body
   * @return the Base64 signature
   */
  public static String sign(String verifierToken, byte[] body) {
    return Signatures.hmacSha256Base64(verifierToken, body);
  }

  @Override
  public WebhookEvent verify(WebhookRequest request) {
    String signature = signature(request, SIGNATURE_HEADER);
    byte[] body = request.body();
    byte[] expected = Signatures.hmacSha256(verifierToken.getBytes(StandardCharsets.UTF_8), body);
    checkSignature(expected, signature, "signature does not match the body");
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw malformed("body is not JSON", e);
    }
    List<ChangeEvent> all;
    String topic;
    try {
      if (root != null && root.isArray()) {
        all = cloudEvents(root);
        topic = "cloudevents";
      } else if (root != null && root.isObject() && root.has("eventNotifications")) {
        all = legacy(root.get("eventNotifications"));
        topic = "eventNotifications";
      } else {
        throw malformed("neither a CloudEvents array nor eventNotifications", null);
      }
    } catch (WebhookRejectedException e) {
      throw e;
    } catch (RuntimeException e) {
      // A model check or a refused card number in an id: the payload is malformed, not a crash.
      throw malformed("payload cannot be mapped: "
          + dev.posbridge.core.spi.DataGuard.shorten(e.getMessage()), e);
    }
    Instant now = now();
    for (ChangeEvent e : all) {
      if (stale(e.occurredAt(), now)) {
        throw reject(Reason.STALE, "event " + e.eventId() + " dates from " + e.occurredAt()
            + ", older than " + replayWindow(), null);
      }
    }
    List<ChangeEvent> fresh = new ArrayList<>();
    for (ChangeEvent e : all) {
      if (!seen(e.eventId())) {
        fresh.add(e);
      }
    }
    if (fresh.isEmpty() && !all.isEmpty()) {
      throw reject(Reason.DUPLICATE, "every event of the delivery was seen before", null);
    }
    Set<String> types = new LinkedHashSet<>();
    Instant created = null;
    for (ChangeEvent e : all) {
      types.add(e.rawType());
      if (created == null || e.occurredAt().isAfter(created)) {
        created = e.occurredAt();
      }
    }
    return new WebhookEvent(SYSTEM, Signatures.sha256Hex(body), types.isEmpty() ? topic : String.join(",", types),
        created == null ? Instant.EPOCH : created, 0, fresh);
  }

  /** Marks the delivery's events seen; call once they are durable. */
  @Override
  public void accepted(WebhookEvent event) {
    for (ChangeEvent e : event.changes()) {
      markSeen(e.eventId());
    }
  }

  private static List<ChangeEvent> legacy(JsonNode notifications) {
    if (!notifications.isArray()) {
      throw malformed("eventNotifications is not an array", null);
    }
    List<ChangeEvent> out = new ArrayList<>();
    for (JsonNode n : notifications) {
      String realm = required(n, "realmId");
      JsonNode entities = n.path("dataChangeEvent").path("entities");
      if (!entities.isArray()) {
        throw malformed("dataChangeEvent.entities is not an array", null);
      }
      for (JsonNode e : entities) {
        String name = required(e, "name");
        String id = required(e, "id");
        String operation = required(e, "operation");
        String lastUpdated = required(e, "lastUpdated");
        Instant at = instant(lastUpdated);
        String eventId = realm + "/" + name + "/" + id + "/" + operation + "/" + lastUpdated;
        boolean deleted = operation.equalsIgnoreCase("Delete");
        out.add(event(eventId, name, name + "." + operation, id, deleted, at));
        String deletedId = text(e, "deletedId");
        if (operation.equalsIgnoreCase("Merge") && deletedId != null) {
          out.add(event(eventId + "/" + deletedId, name, name + "." + operation, deletedId, true, at));
        }
      }
    }
    return out;
  }

  private static List<ChangeEvent> cloudEvents(JsonNode array) {
    List<ChangeEvent> out = new ArrayList<>();
    for (JsonNode e : array) {
      if (!e.isObject()) {
        throw malformed("CloudEvents element is not an object", null);
      }
      String type = required(e, "type");
      String[] parts = type.split("\\.", -1);
      if (parts.length < 3 || !parts[0].equals("qbo") || parts[2].isEmpty()) {
        throw malformed("CloudEvents type is not qbo.<entity>.<verb>: " + type, null);
      }
      String entity = entityName(parts[1]);
      String verb = parts[2].toLowerCase(Locale.ROOT);
      boolean deleted = verb.equals("deleted");
      out.add(event(required(e, "id"), entity, type, required(e, "intuitentityid"), deleted,
          instant(required(e, "time"))));
    }
    return out;
  }

  private static ChangeEvent event(
      String eventId, String entity, String rawType, String id, boolean deleted, Instant at) {
    ChangeType type = EntityMapper.changeType(entity);
    ExternalRef subject = ExternalRef.of(SYSTEM, entity, id);
    return new ChangeEvent(SYSTEM, eventId, type, rawType, subject, deleted, at, null, null, List.of(), null);
  }

  /** Maps the lower-case entity of a CloudEvents type to QBO's entity name. */
  private static String entityName(String lower) {
    return switch (lower) {
      case "salesreceipt" -> "SalesReceipt";
      case "refundreceipt" -> "RefundReceipt";
      case "creditmemo" -> "CreditMemo";
      case "inventoryadjustment" -> "InventoryAdjustment";
      case "journalentry" -> "JournalEntry";
      case "purchaseorder" -> "PurchaseOrder";
      case "billpayment" -> "BillPayment";
      default -> lower.isEmpty() ? lower
          : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    };
  }

  private static Instant instant(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      throw malformed("not a timestamp: " + value, e);
    }
  }

  private static String required(JsonNode node, String field) {
    String v = text(node, field);
    if (v == null) {
      throw malformed("missing " + field, null);
    }
    return v;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() ? null : v.asText();
  }

  private static WebhookRejectedException malformed(String message, @Nullable Throwable cause) {
    return new WebhookRejectedException(Reason.MALFORMED, message, SYSTEM, cause);
  }

  @Override
  public String toString() {
    return "QuickBooksWebhookVerifier[verifierToken=***]";
  }
}
