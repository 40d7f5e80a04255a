package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.square.utilities.WebhooksHelper;
import com.sun.net.httpserver.HttpServer;
import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.WebhookRejectedException.Reason;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.WebhookDelivery;
import dev.posbridge.testing.square.SquareFixtures;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SquareWebhookVerifierTest {

  // The worked signature vector in docs/vendors/square.md ("Signature test vector").
  static final String KEY = SquareFixtures.WEBHOOK_SIGNATURE_KEY;
  static final String URL = SquareFixtures.WEBHOOK_NOTIFICATION_URL;
  static final String BODY = SquareFixtures.WEBHOOK_BODY;
  static final String SIGNATURE = SquareFixtures.WEBHOOK_SIGNATURE;

  SquareSimulator sim;
  HttpServer receiver;
  final List<WebhookRequest> received = new CopyOnWriteArrayList<>();
  String receiverUrl;

  @BeforeEach
  void start() throws IOException {
    sim = SquareSimulator.start();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hooks/square", exchange -> {
      Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
      received.add(WebhookRequest.of(headers, exchange.getRequestBody().readAllBytes(), receiverUrl));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/square";
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    sim.close();
  }

  static SquareWebhookVerifier verifier(String key, String url) {
    return SquareWebhookVerifier.builder().signatureKey(key).notificationUrl(url).build();
  }

  /** A verifier whose clock reads shortly after the vector's signed {@code created_at}. */
  static SquareWebhookVerifier vectorVerifier(String key, String url) {
    return SquareWebhookVerifier.builder().signatureKey(key).notificationUrl(url)
        .clock(java.time.Clock.fixed(Instant.parse("2025-11-03T10:16:00Z"), java.time.ZoneOffset.UTC))
        .build();
  }

  static WebhookRequest request(String body, String signature, String url) {
    return WebhookRequest.of(Map.of("X-Square-HmacSha256-Signature", signature),
        body.getBytes(StandardCharsets.UTF_8), url);
  }

  @Test
  void theFactSheetVectorVerifiesHereAndInSquaresSdk() {
    assertThat(BODY.getBytes(StandardCharsets.UTF_8)).hasSize(423);
    assertThat(WebhooksHelper.verifySignature(BODY, SIGNATURE, KEY, URL)).isTrue();

    WebhookEvent event = vectorVerifier(KEY, URL).verify(request(BODY, SIGNATURE, URL));

    assertThat(event.eventId()).isEqualTo("5f0c1d7e-9a4b-4c2e-8b1a-3d6f7e8a9b01");
    assertThat(event.topic()).isEqualTo("order.updated");
    assertThat(event.createdAt()).isEqualTo(Instant.parse("2025-11-03T10:15:30.123Z"));
    assertThat(event.attempt()).isZero();
    assertThat(event.changes()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(ChangeType.SALE);
      assertThat(c.subject()).isEqualTo(new ExternalRef("square", "order", "CAISEM82RcpmcFBM0TfOyiHV3es", "4"));
    });
  }

  @Test
  void anEventWhoseUuidHasLuhnValidDigitRunsAcrossItsGroupsIsAccepted() {
    // 164|4589|4672|9800|86: a 13-19-digit stretch passes Luhn; it was refused as a card number
    // (400 MALFORMED for every retry: the order update never reached the engine).
    String body = BODY.replace("5f0c1d7e-9a4b-4c2e-8b1a-3d6f7e8a9b01", "6f5cd164-4589-4672-9800-86e0d75aab41");
    String signature = SquareSimulator.signature(KEY, URL, body.getBytes(StandardCharsets.UTF_8));

    WebhookEvent event = vectorVerifier(KEY, URL).verify(request(body, signature, URL));

    assertThat(event.eventId()).isEqualTo("6f5cd164-4589-4672-9800-86e0d75aab41");
    assertThat(event.changes()).singleElement()
        .satisfies(c -> assertThat(c.eventId()).isEqualTo("6f5cd164-4589-4672-9800-86e0d75aab41"));
  }

  @Test
  void aOneByteChangeOfBodyUrlOrKeyFailsHereAndInSquaresSdk() {
    String body = BODY.replace("COMPLETED", "CANCELED");
    String[][] cases = {
        {body, URL, KEY}, {BODY, URL + "/", KEY}, {BODY, URL, KEY + "x"}, {BODY + "\n", URL, KEY},
        {BODY.replace("\"version\":4", "\"version\":5"), URL, KEY}};
    for (String[] c : cases) {
      assertThat(WebhooksHelper.verifySignature(c[0], SIGNATURE, c[2], c[1])).isFalse();
      assertThatThrownBy(() -> vectorVerifier(c[2], c[1]).verify(request(c[0], SIGNATURE, c[1])))
          .isInstanceOfSatisfying(WebhookRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }
  }

  @Test
  void simulatorSignaturesAgreeWithSquaresSdkAndTheVerifier() {
    String orderId = sim.seedOrder("""
        {"location_id":"%s","line_items":[{"name":"Tea","quantity":"1",
          "base_price_money":{"amount":300,"currency":"USD"}}]}""".formatted(sim.seedLocation("Main", "USD")));

    WebhookDelivery d = sim.sendOrderUpdated(receiverUrl, KEY, orderId);

    assertThat(d.accepted()).isTrue();
    WebhookRequest got = received.get(0);
    String sig = got.header("x-square-hmacsha256-signature");
    assertThat(got.header("square-environment")).isEqualTo("Sandbox");
    assertThat(got.header("square-initial-delivery-timestamp")).isNotBlank();
    assertThat(WebhooksHelper.verifySignature(new String(got.body(), StandardCharsets.UTF_8), sig, KEY, receiverUrl))
        .isTrue();
    WebhookEvent event = verifier(KEY, receiverUrl).verify(got);
    assertThat(event.changes().get(0).subject().id()).isEqualTo(orderId);
    assertThat(WebhooksHelper.verifySignature(new String(got.body(), StandardCharsets.UTF_8), sig, KEY + "x",
        receiverUrl)).isFalse();
  }

  @Test
  void aRedeliveryOfTheSameEventIsADuplicateWithItsAttemptNumber() {
    byte[] body = sim.webhookBody("payment.updated", "payment", "P1", json("{\"payment\":{\"id\":\"P1\"}}"));
    SquareWebhookVerifier verifier = verifier(KEY, receiverUrl);

    sim.sendWebhook(receiverUrl, KEY, body, 0);
    sim.sendWebhook(receiverUrl, KEY, body, 1);

    WebhookEvent first = verifier.verify(received.get(0));
    verifier.accepted(first);
    assertThat(first.changes().get(0).type()).isEqualTo(ChangeType.PAYMENT);
    assertThat(received.get(1).header("square-retry-number")).isEqualTo("1");
    assertThatThrownBy(() -> verifier.verify(received.get(1)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE));
  }

  @Test
  void parsesRefundInventoryAndCustomerEventsAndKeepsUnknownTypes() {
    SquareWebhookVerifier v = verifier(KEY, URL);
    WebhookEvent refund = v.verify(signed(sim.webhookBody("refund.created", "refund", "R1", json("""
        {"refund":{"id":"R1","status":"PENDING","amount_money":{"amount":500,"currency":"USD"},
          "payment_id":"P1","order_id":"O1","location_id":"L1","created_at":"2025-11-03T10:00:00Z"}}"""))));
    WebhookEvent stock = v.verify(signed(sim.webhookBody("inventory.count.updated", "inventory_counts", "X",
        json("""
        {"inventory_counts":[{"catalog_object_id":"V1","catalog_object_type":"ITEM_VARIATION","state":"IN_STOCK",
          "location_id":"L1","quantity":"12.5","calculated_at":"2025-11-03T10:00:00Z"},
          {"catalog_object_id":"V1","state":"WASTE","location_id":"L1","quantity":"1",
           "calculated_at":"2025-11-03T10:00:00Z"}]}"""))));
    WebhookEvent customer = v.verify(signed(sim.webhookBody("customer.deleted", "customer", "C1", json("""
        {"customer":{"id":"C1","given_name":"Ann","version":3}}"""))));
    WebhookEvent other = v.verify(signed(sim.webhookBody("labor.shift.created", "shift", "S1", json("{}"))));

    assertThat(refund.changes().get(0).refund().amount()).isEqualTo(Money.of("5.00", "USD"));
    assertThat(refund.changes().get(0).type()).isEqualTo(ChangeType.REFUND);
    assertThat(stock.changes().get(0).stockLevels()).singleElement()
        .satisfies(l -> assertThat(l.onHand()).isEqualByComparingTo("12.5"));
    assertThat(customer.changes().get(0).deleted()).isTrue();
    assertThat(customer.changes().get(0).customer().givenName()).isEqualTo("Ann");
    assertThat(other.changes().get(0).type()).isEqualTo(ChangeType.OTHER);
    assertThat(other.changes().get(0).rawType()).isEqualTo("labor.shift.created");
  }

  @Test
  void missingSignatureAndMalformedBodiesAreRejected() {
    SquareWebhookVerifier v = verifier(KEY, URL);
    assertThatThrownBy(() -> v.verify(WebhookRequest.of(Map.of(), BODY.getBytes(StandardCharsets.UTF_8), URL)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_SIGNATURE));
    byte[] junk = "not json".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> v.verify(signed(junk)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThatThrownBy(() -> v.verify(request(BODY, "%%%not-base64", URL)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }

  @Test
  void builderRequiresAKey() {
    assertThatThrownBy(() -> SquareWebhookVerifier.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SquareWebhookVerifier.builder().signatureKey("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(verifier(KEY, URL).toString()).doesNotContain(KEY);
  }

  WebhookRequest signed(byte[] body) {
    return WebhookRequest.of(Map.of("x-square-hmacsha256-signature", SquareSimulator.signature(KEY, URL, body)),
        body, URL);
  }

  static JsonView json(String s) {
    return JsonView.parse(s);
  }
}
