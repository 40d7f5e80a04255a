package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncListener;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.core.sync.WebhookIngress;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.shopify.ShopifyAuth;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.shopify.ShopifyWebhookVerifier;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.WebhookDelivery;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Square sale → stock decrement written to Shopify → Shopify's {@code inventory_levels/update}
 * webhook, received over HTTP by a {@link WebhookIngress}: the echo is not written back to
 * Square; a genuine Shopify change is.
 */
class ShopifyEchoTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void ourOwnWriteEchoedByShopifysWebhookIsNotWrittenBackButARealChangeIs() throws Exception {
    SquareSimulator squareSim = SquareSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(NOW)).build());
    open.add(squareSim::close);
    String squareLocation = squareSim.seedLocation("Main Street", "USD");
    String variation = squareSim.seedItem("LATTE-12", 450);
    squareSim.seedStock(variation, squareLocation, "50");
    ShopifySimulator shopifySim = ShopifySimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(NOW)).build());
    open.add(shopifySim::close);
    ShopifySimulator.Variant latte = shopifySim.seedItem("LATTE-12", "Latte", "4.50");
    shopifySim.seedStock(latte.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, 50, 0);

    RetrySettings retry = RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5)).build();
    SquareConnector square = SquareConnector.builder().credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN))
        .baseUrl(squareSim.baseUrl()).retry(retry).build();
    open.add(square);
    ShopifyConnector shopify = ShopifyConnector.builder().shopDomain(ShopifySimulator.DEFAULT_SHOP)
        .credentials(ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN)).baseUrl(shopifySim.baseUrl()).retry(retry)
        .build();
    open.add(shopify);
    IdMap ids = IdMap.inMemory();
    ids.put(IdMap.Kind.SKU, "LATTE-12", ExternalRef.of("shopify", "inventory_item", latte.inventoryItemId()));
    ExternalRef shopifyLocation = ExternalRef.of("shopify", "location", ShopifySimulator.DEFAULT_LOCATION);
    ExternalRef squareLocationRef = ExternalRef.of("square", "location", squareLocation);
    List<String> echoes = new CopyOnWriteArrayList<>();
    Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db")).build();
    open.add(outbox);
    SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).inventory(shopify).inventory(square)
        .idMap(ids)
        .locationMapping((loc, target) -> target.equals("shopify") ? shopifyLocation : squareLocationRef)
        .listener(new SyncListener() {
          @Override
          public void onEchoSuppressed(String system, String sku, String locationId) {
            echoes.add(system + " " + sku);
          }
        })
        .idlePoll(Duration.ofMillis(2), Duration.ofMillis(20)).build().start();
    open.add(pipeline);
    WebhookIngress ingress = WebhookIngress.builder().pipeline(pipeline)
        .verifier(ShopifyWebhookVerifier.builder().clientSecret(ShopifySimulator.DEFAULT_CLIENT_SECRET).build())
        .build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/webhooks/shopify", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach(headers::put);
      int status = ingress.handle(new WebhookRequest(headers, body, exchange.getRequestURI().toString()));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    open.add(() -> server.stop(0));
    URI hook = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/shopify");

    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "SQ-1")).location(squareLocationRef)
        .createdAt(NOW.minusSeconds(60)).currency(Currency.getInstance("USD"))
        .addLine(SaleLine.of("LATTE-12", "Latte", new BigDecimal("2"), Money.of("4.50", "USD")))
        .deriveTotals().build();
    pipeline.submit(List.of(new ChangeEvent("square", "order.updated-1", ChangeType.SALE, "order.updated",
        sale.ref(), false, NOW, sale, null, List.of(), null)));
    awaitDrained(outbox);
    assertThat(shopifySim.stock(latte.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, "available"))
        .isEqualTo(48);

    WebhookDelivery echo = shopifySim.sendWebhook(hook, "inventory_levels/update",
        shopifySim.inventoryLevelPayload(latte.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION));
    assertThat(echo.status()).isEqualTo(200);
    awaitDrained(outbox);

    assertThat(echoes).containsExactly("shopify LATTE-12");
    assertThat(squareSim.stock(variation, squareLocation, "IN_STOCK")).as("not written back")
        .isEqualByComparingTo("50");
    assertThat(squareSim.journal().count("POST", "/v2/inventory/changes/batch-create")).isZero();

    shopifySim.seedStock(latte.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, 30, 0);
    WebhookDelivery real = shopifySim.sendWebhook(hook, "inventory_levels/update",
        shopifySim.inventoryLevelPayload(latte.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION));
    assertThat(real.status()).isEqualTo(200);
    assertThat(shopifySim.redeliver(real).status()).as("a redelivery is acknowledged").isEqualTo(200);
    awaitDrained(outbox);

    assertThat(squareSim.stock(variation, squareLocation, "IN_STOCK")).as("a real change propagates")
        .isEqualByComparingTo("30");
    assertThat(squareSim.journal().count("POST", "/v2/inventory/changes/batch-create")).isEqualTo(1);
    assertThat(echoes).hasSize(1);
    squareSim.assertNoInternalErrors();
    shopifySim.assertNoInternalErrors();
  }

  private static void awaitDrained(Outbox outbox) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (outbox.status().pending() > 0) {
      assertThat(System.nanoTime()).as("drained in time").isLessThan(deadline);
      Thread.sleep(10);
    }
    assertThat(outbox.status().dead()).as(String.valueOf(outbox.deadLetters(5))).isZero();
  }
}
