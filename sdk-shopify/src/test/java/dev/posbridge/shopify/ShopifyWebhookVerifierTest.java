package dev.posbridge.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.WebhookRejectedException.Reason;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.testing.WebhookDelivery;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ShopifyWebhookVerifierTest {

  private static final String URL = "https://app.example.com/webhooks/shopify";

  /** Shortly after the vector's signed {@code updated_at} (2025-11-03T10:15:29Z). */
  private static final Instant VECTOR_NOW = Instant.parse("2025-11-03T10:16:00Z");

  private final ShopifyWebhookVerifier verifier = ShopifyWebhookVerifier.builder()
      .clientSecret(ShopifySimulator.VECTOR_SECRET).clock(Clock.fixed(VECTOR_NOW, ZoneOffset.UTC)).build();

  private static Map<String, String> vectorHeaders() {
    Map<String, String> h = new HashMap<>();
    h.put("X-Shopify-Topic", "orders/create");
    h.put("X-Shopify-Hmac-Sha256", ShopifySimulator.VECTOR_HMAC);
    h.put("X-Shopify-Shop-Domain", "posbridge-dev.myshopify.com");
    h.put("X-Shopify-API-Version", "2025-10");
    h.put("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
    h.put("X-Shopify-Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5");
    return h;
  }

  private static byte[] vectorBody() {
    return ShopifySimulator.VECTOR_BODY.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theFactSheetVectorVerifiesAndParsesToASaleChange() throws Exception {
    assertThat(vectorBody()).hasSize(204);

    WebhookEvent event = verifier.verify(WebhookRequest.of(vectorHeaders(), vectorBody(), URL));

    assertThat(event.system()).isEqualTo("shopify");
    assertThat(event.eventId()).as("a digest of the signed body, not the unsigned header")
        .isEqualTo("sha256:" + java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(vectorBody())));
    assertThat(event.topic()).isEqualTo("orders/create");
    ChangeEvent change = event.changes().get(0);
    assertThat(change.type()).isEqualTo(ChangeType.SALE);
    assertThat(change.subject().id()).isEqualTo("gid://shopify/Order/820982911946154508");
    assertThat(change.occurredAt()).isEqualTo(Instant.parse("2025-11-03T10:15:29Z"));
  }

  @Test
  void aChangedByteFailsTheSignature() {
    byte[] body = vectorBody();
    body[body.length - 3] = (byte) (body[body.length - 3] ^ 1);

    assertThatThrownBy(() -> verifier.verify(WebhookRequest.of(vectorHeaders(), body, URL)))
        .isInstanceOf(WebhookRejectedException.class)
        .satisfies(e -> assertThat(((WebhookRejectedException) e).reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }

  @Test
  void aWrongSecretOrMissingSignatureIsRejected() {
    ShopifyWebhookVerifier other = ShopifyWebhookVerifier.builder().clientSecret("shpss_other").build();
    assertThatThrownBy(() -> other.verify(WebhookRequest.of(vectorHeaders(), vectorBody(), URL)))
        .satisfies(e -> assertThat(((WebhookRejectedException) e).reason()).isEqualTo(Reason.BAD_SIGNATURE));

    Map<String, String> headers = vectorHeaders();
    headers.remove("X-Shopify-Hmac-Sha256");
    assertThatThrownBy(() -> verifier.verify(WebhookRequest.of(headers, vectorBody(), URL)))
        .satisfies(e -> assertThat(((WebhookRejectedException) e).reason())
            .isEqualTo(Reason.MISSING_SIGNATURE));
  }

  @Test
  void aRedeliveryOfAnAcceptedEventIsADuplicate() {
    verifier.accepted(verifier.verify(WebhookRequest.of(vectorHeaders(), vectorBody(), URL)));

    assertThatThrownBy(() -> verifier.verify(WebhookRequest.of(vectorHeaders(), vectorBody(), URL)))
        .satisfies(e -> assertThat(((WebhookRejectedException) e).reason()).isEqualTo(Reason.DUPLICATE));
  }

  @Test
  void anEventVerifiedButNeverAcceptedIsNotADuplicate() {
    verifier.verify(WebhookRequest.of(vectorHeaders(), vectorBody(), URL));

    assertThat(verifier.verify(WebhookRequest.of(vectorHeaders(), vectorBody(), URL)).eventId())
        .startsWith("sha256:");
  }

  @Test
  void aReplayWithNewUnsignedHeadersIsStillADuplicate() {
    verifier.accepted(verifier.verify(WebhookRequest.of(vectorHeaders(), vectorBody(), URL)));
    Map<String, String> replay = vectorHeaders();
    replay.put("X-Shopify-Event-Id", "11111111-2222-3333-4444-555555555555");
    replay.put("X-Shopify-Webhook-Id", "66666666-7777-8888-9999-000000000000");
    replay.put("X-Shopify-Triggered-At", VECTOR_NOW.toString());
    replay.put("X-Shopify-Topic", "orders/updated");

    assertThatThrownBy(() -> verifier.verify(WebhookRequest.of(replay, vectorBody(), URL)))
        .satisfies(e -> assertThat(((WebhookRejectedException) e).reason()).isEqualTo(Reason.DUPLICATE));
  }

  @Test
  void aSignedPayloadOlderThanTheReplayWindowIsStaleWhateverItsHeadersSay() {
    ShopifyWebhookVerifier later = ShopifyWebhookVerifier.builder().clientSecret(ShopifySimulator.VECTOR_SECRET)
        .clock(Clock.fixed(VECTOR_NOW.plus(Duration.ofHours(6)), ZoneOffset.UTC)).build();
    Map<String, String> fresh = vectorHeaders();
    fresh.put("X-Shopify-Triggered-At", VECTOR_NOW.plus(Duration.ofHours(6)).toString());

    assertThatThrownBy(() -> later.verify(WebhookRequest.of(fresh, vectorBody(), URL)))
        .satisfies(e -> assertThat(((WebhookRejectedException) e).reason()).isEqualTo(Reason.STALE));
    assertThat(later.replayWindow()).isEqualTo(Duration.ofHours(5));
  }

  @Test
  void staleDeliveriesCanBeRejected() {
    ShopifyWebhookVerifier strict = ShopifyWebhookVerifier.builder()
        .clientSecret(ShopifySimulator.VECTOR_SECRET).maxAge(Duration.ofHours(1)).build();
    Map<String, String> headers = vectorHeaders();
    headers.put("X-Shopify-Triggered-At", "2020-01-01T00:00:00Z");

    assertThatThrownBy(() -> strict.verify(WebhookRequest.of(headers, vectorBody(), URL)))
        .satisfies(e -> assertThat(((WebhookRejectedException) e).reason()).isEqualTo(Reason.STALE));
  }

  @Test
  void topicsMapToChangeTypes() {
    assertThat(parse("refunds/create", "{\"id\":5,\"order_id\":7,\"created_at\":\"2025-11-03T10:00:00Z\"}").type())
        .isEqualTo(ChangeType.REFUND);
    ChangeEvent stock = parse("inventory_levels/update",
        "{\"inventory_item_id\":30322695,\"location_id\":655441491,\"available\":38,"
            + "\"updated_at\":\"2025-11-03T10:00:00Z\"}");
    assertThat(stock.type()).isEqualTo(ChangeType.STOCK);
    assertThat(stock.stockLevels()).singleElement().satisfies(l -> {
      assertThat(l.item().id()).isEqualTo("gid://shopify/InventoryItem/30322695");
      assertThat(l.location().id()).isEqualTo("gid://shopify/Location/655441491");
      assertThat(l.available()).isEqualByComparingTo("38");
    });
    ChangeEvent customer = parse("customers/update",
        "{\"id\":207119551,\"email\":\"bob@example.com\",\"first_name\":\"Bob\"}");
    assertThat(customer.type()).isEqualTo(ChangeType.CUSTOMER);
    assertThat(customer.customer().email()).isEqualTo("bob@example.com");
    assertThat(parse("customers/delete", "{\"id\":207119551}").deleted()).isTrue();
    ChangeEvent other = parse("app/uninstalled", "{\"id\":1}");
    assertThat(other.type()).isEqualTo(ChangeType.OTHER);
    assertThat(other.rawType()).isEqualTo("app/uninstalled");
  }

  @Test
  void aPayloadWithoutTheIdsItsTopicNeedsIsMalformed() {
    assertThatThrownBy(() -> parse("inventory_levels/update", "{\"available\":3}"))
        .satisfies(e -> assertThat(((WebhookRejectedException) e).reason()).isEqualTo(Reason.MALFORMED));
    assertThatThrownBy(() -> parse("orders/create", "[1,2]"))
        .satisfies(e -> assertThat(((WebhookRejectedException) e).reason()).isEqualTo(Reason.MALFORMED));
  }

  private ChangeEvent parse(String topic, String json) {
    ShopifyWebhookVerifier v = ShopifyWebhookVerifier.builder().clientSecret("s")
        .clock(Clock.fixed(Instant.parse("2025-11-03T10:05:00Z"), ZoneOffset.UTC)).build();
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = new HashMap<>();
    h.put("X-Shopify-Topic", topic);
    h.put("X-Shopify-Hmac-Sha256", dev.posbridge.core.spi.Signatures.hmacSha256Base64("s", body));
    h.put("X-Shopify-Event-Id", java.util.UUID.randomUUID().toString());
    return v.verify(WebhookRequest.of(h, body, URL)).changes().get(0);
  }

  @Test
  void webhooksTheSimulatorSendsVerifyAndRetriesAreDeduplicated() throws Exception {
    List<String> outcomes = new CopyOnWriteArrayList<>();
    ShopifyWebhookVerifier receiver = ShopifyWebhookVerifier.builder()
        .clientSecret(ShopifySimulator.DEFAULT_CLIENT_SECRET).build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hooks", exchange -> {
      Map<String, List<String>> headers = new HashMap<>(exchange.getRequestHeaders());
      byte[] body = exchange.getRequestBody().readAllBytes();
      int status;
      try {
        WebhookEvent event = receiver.verify(new WebhookRequest(headers, body, "http://x/hooks"));
        receiver.accepted(event);
        outcomes.add(event.topic() + " " + event.changes().get(0).subject().id());
        status = 200;
      } catch (WebhookRejectedException e) {
        outcomes.add(e.reason().name());
        status = e.reason() == Reason.DUPLICATE ? 200 : 401;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    try (ShopifySimulator sim = ShopifySimulator.start()) {
      String order = sim.seedOrder(OrderSeed.create().line("A", "A", 1, "1.00"));
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");

      WebhookDelivery first = sim.sendWebhook(url, "orders/create", sim.orderPayload(order));
      WebhookDelivery retry = sim.redeliver(first);

      assertThat(first.accepted()).isTrue();
      assertThat(retry.accepted()).isTrue();
      assertThat(outcomes).containsExactly("orders/create " + order, "DUPLICATE");
      assertThat(first.headers()).containsKeys("X-Shopify-Topic", "X-Shopify-Hmac-Sha256",
          "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id",
          "X-Shopify-Event-Id", "X-Shopify-Triggered-At");
    } finally {
      server.stop(0);
    }
  }
}
