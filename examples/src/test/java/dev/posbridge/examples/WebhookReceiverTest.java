package dev.posbridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.shopify.ShopifyWebhookVerifier;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareWebhookVerifier;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.WebhookDelivery;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

  static final String SQUARE_KEY = "sq-signature-key";

  final List<WebhookEvent> received = new CopyOnWriteArrayList<>();
  SquareSimulator square;
  ShopifySimulator shopify;
  String shopifyUrl;
  WebhookReceiver receiver;
  String squareUrl;
  String order;

  @BeforeEach
  void start() throws Exception {
    square = SquareSimulator.start();
    String store = square.seedLocation("Main Street", "USD");
    order = square.seedOrder("""
        {"location_id":"%s","line_items":[{"name":"Mug","quantity":"1","base_price_money":{"amount":1200,"currency":"USD"}}],
         "tenders":[{"id":"t","type":"CASH","amount_money":{"amount":1200,"currency":"USD"}}]}
        """.formatted(store));
    // No notification URL configured: the verifier signs with the URL the receiver reports, its own
    // local URL here (port 0 picks a free port).
    SquareWebhookVerifier verifier = SquareWebhookVerifier.builder().signatureKey(SQUARE_KEY).build();
    shopify = ShopifySimulator.start();
    receiver = WebhookReceiver.builder()
        .verify("/webhooks/square", verifier, received::add)
        .verify("/webhooks/shopify", ShopifyWebhookVerifier.builder()
            .clientSecret(ShopifySimulator.DEFAULT_CLIENT_SECRET).build(), received::add)
        .start();
    squareUrl = "http://127.0.0.1:" + receiver.port() + "/webhooks/square";
    shopifyUrl = "http://127.0.0.1:" + receiver.port() + "/webhooks/shopify";
  }

  @AfterEach
  void stop() {
    receiver.close();
    square.assertNoInternalErrors();
    square.close();
    shopify.close();
  }

  @Test
  void acceptsASignedSquareEventAndPassesItsCanonicalChangeOn() {
    WebhookDelivery d = square.sendOrderUpdated(squareUrl, SQUARE_KEY, order);

    assertThat(d.status()).isEqualTo(200);
    assertThat(received).hasSize(1);
    assertThat(received.get(0).system()).isEqualTo("square");
    assertThat(received.get(0).changes()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(ChangeType.SALE);
      assertThat(c.subject().id()).isEqualTo(order);
    });
  }

  @Test
  void answersAVendorRetryOfAnAcceptedEventWith200WithoutPassingItOnAgain() {
    WebhookDelivery first = square.sendOrderUpdated(squareUrl, SQUARE_KEY, order);

    WebhookDelivery retry = square.sendWebhook(squareUrl, SQUARE_KEY, first.body(), 1);

    assertThat(retry.status()).isEqualTo(200);
    assertThat(received).hasSize(1);
  }

  @Test
  void aSinkFailureAnswers500AndTheVendorsRetryIsPassedOn() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    List<dev.posbridge.core.webhook.WebhookEvent> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (WebhookReceiver flaky = WebhookReceiver.builder()
        .verify("/webhooks/square", SquareWebhookVerifier.builder().signatureKey(SQUARE_KEY).build(), e -> {
          if (down.get()) {
            throw new IllegalStateException("disk full");
          }
          stored.add(e);
        }).start()) {
      String url = "http://127.0.0.1:" + flaky.port() + "/webhooks/square";

      WebhookDelivery first = square.sendOrderUpdated(url, SQUARE_KEY, order);
      down.set(false);
      WebhookDelivery retry = square.sendWebhook(url, SQUARE_KEY, first.body(), 1);
      WebhookDelivery again = square.sendWebhook(url, SQUARE_KEY, first.body(), 2);

      assertThat(first.status()).isEqualTo(500);
      assertThat(retry.status()).isEqualTo(200);
      assertThat(again.status()).isEqualTo(200);
      assertThat(stored).hasSize(1);
    }
  }

  @Test
  void answers401ToAWrongOrMissingSignature() {
    WebhookDelivery forged = square.sendOrderUpdated(squareUrl, "not-the-key", order);
    byte[] body = square.webhookBody("order.updated", "order_updated", order,
        JsonView.parse("{}"));
    WebhookDelivery unsigned = square.webhooks().send(URI.create(squareUrl),
        Map.of("Content-Type", "application/json"), body);

    assertThat(forged.status()).isEqualTo(401);
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(received).isEmpty();
  }

  @Test
  void answers400ToASignedBodyThatIsNotASquareEvent() {
    WebhookDelivery d = square.sendWebhook(squareUrl, SQUARE_KEY, "{not json".getBytes(StandardCharsets.UTF_8), 0);

    assertThat(d.status()).isEqualTo(400);
    assertThat(received).isEmpty();
  }

  @Test
  void answers404ElsewhereAnd405ToOtherMethods() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    var get = http.send(java.net.http.HttpRequest.newBuilder(URI.create(squareUrl)).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    WebhookDelivery elsewhere = square.sendWebhook(squareUrl + "/other", SQUARE_KEY, new byte[0], 0);

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(elsewhere.status()).isEqualTo(404);
  }

  @Test
  void acceptsASignedShopifyOrderOnceAndRejectsAForgedOne() {
    shopify.seedItem("MUG-01", "Mug", "12.00");
    String order = shopify.seedOrder(OrderSeed.create().source("web").line("MUG-01", "Mug", 1, "12.00"));

    WebhookDelivery first = shopify.sendWebhook(URI.create(shopifyUrl), "orders/create", shopify.orderPayload(order));
    WebhookDelivery retry = shopify.redeliver(first);
    shopify.clientSecret("someone-elses-secret");
    WebhookDelivery forged = shopify.sendWebhook(URI.create(shopifyUrl), "orders/create", shopify.orderPayload(order));

    assertThat(first.status()).isEqualTo(200);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(forged.status()).isEqualTo(401);
    assertThat(received).singleElement().satisfies(e -> {
      assertThat(e.system()).isEqualTo("shopify");
      assertThat(e.changes()).singleElement().satisfies(c -> assertThat(c.type()).isEqualTo(ChangeType.SALE));
    });
  }

  @Test
  void ingestsIntoTheSyncEngineDurablyBeforeAnswering(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    String mug = shopify.seedItem("MUG-01", "Mug", "12.00").inventoryItemId();
    shopify.seedStock(mug, ShopifySimulator.DEFAULT_LOCATION, 7, 0);
    try (dev.posbridge.core.sync.Outbox outbox = dev.posbridge.core.sync.Outbox.sqlite(dir.resolve("outbox.db"));
         dev.posbridge.square.SquareConnector squareConnector = dev.posbridge.square.SquareConnector.builder()
             .credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN)).baseUrl(square.baseUrl()).build()) {
      // Not started: what the webhook stored stays in the outbox for the assertion.
      dev.posbridge.core.sync.SyncPipeline pipeline = dev.posbridge.core.sync.SyncPipeline.builder()
          .outbox(outbox).inventory(squareConnector).build();
      dev.posbridge.core.sync.WebhookIngress ingress = dev.posbridge.core.sync.WebhookIngress.builder()
          .pipeline(pipeline)
          .verifier(ShopifyWebhookVerifier.builder().clientSecret(ShopifySimulator.DEFAULT_CLIENT_SECRET).build())
          .build();
      try (WebhookReceiver engine = WebhookReceiver.builder().route("/webhooks/shopify", ingress::handle).start()) {
        URI url = URI.create("http://127.0.0.1:" + engine.port() + "/webhooks/shopify");

        WebhookDelivery first = shopify.sendWebhook(url, "inventory_levels/update",
            shopify.inventoryLevelPayload(mug, ShopifySimulator.DEFAULT_LOCATION));
        WebhookDelivery retry = shopify.redeliver(first);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(pipeline.status().pending()).isEqualTo(1);   // Square's stock update, stored once
      }
    }
  }
}
