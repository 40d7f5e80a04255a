package dev.posbridge.examples.spring;

import com.sun.net.httpserver.HttpServer;
import dev.posbridge.core.connect.CatalogConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.LocationDirectory;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SourcePoller;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.core.sync.WebhookIngress;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.ops.EngineView;
import dev.posbridge.ops.FailedDelivery;
import dev.posbridge.ops.OperatorHandler;
import dev.posbridge.ops.OperatorPage;
import dev.posbridge.ops.ReconciliationBoard;
import dev.posbridge.ops.SinkActivity;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.square.SquareWebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The code of the task guides in {@code docs/guides/}: each region between {@code // snippet:NAME}
 * and {@code // end-snippet} appears verbatim in a guide ({@code GuideSnippetsTest} checks it), and
 * is compiled here, so the guides cannot rot. {@code GuideSnippetsTest} also runs the first sync
 * against the simulators.
 */
final class GuideSnippets {

  private GuideSnippets() {}

  /** Your first sync in plain Java: Square sales booked in QuickBooks through the durable outbox. */
  static void firstSync(String squareUrl, String squareToken, String qboUrl, String realmId, String qboToken,
      String depositAccount, Path outboxFile, CountDownLatch shutdown) throws InterruptedException {
    // snippet:first-sync-plain
    try (SquareConnector square = SquareConnector.builder()
             .credentials(SquareAuth.accessToken(squareToken)).baseUrl(squareUrl).build();
         QuickBooksConnector qbo = QuickBooksConnector.builder().realmId(realmId)
             .credentials(QuickBooksAuth.accessToken(qboToken)).baseUrl(qboUrl)
             .mapping(QuickBooksMapping.builder().defaultDepositAccount(depositAccount).build()).build();
         Outbox outbox = Outbox.sqlite(outboxFile)) {
      SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).salesSink(qbo).workers(2).build();
      pipeline.start();
      try (SourcePoller poller = SourcePoller.builder().pipeline(pipeline).salesSource(square).name("square")
          .interval(Duration.ofMinutes(5)).initialLookback(Duration.ofDays(1)).build()) {
        poller.start();        // polls now, then every 5 minutes; the checkpoint lives in the outbox
        shutdown.await();      // your application runs
      } finally {
        pipeline.stop(Duration.ofSeconds(30));   // finishes in-flight calls, releases the rest
      }
    }
    // end-snippet
  }

  /** Filling the IdMap by hand. */
  static void idMapByHand(IdMap idMap) {
    // snippet:id-map-by-hand
    // One canonical id per SKU and per store; one ref per system that knows it.
    idMap.put(IdMap.Kind.SKU, "LATTE-12", ExternalRef.of("square", "item_variation", "W62UWFY35CWMYGVWK6TWJDNI"));
    idMap.put(IdMap.Kind.SKU, "LATTE-12", ExternalRef.of("shopify", "inventory_item", "gid://shopify/InventoryItem/4410"));
    idMap.put(IdMap.Kind.SKU, "LATTE-12", ExternalRef.of("netsuite", "item", "1337"));
    idMap.put(IdMap.Kind.LOCATION, "store-01", ExternalRef.of("square", "location", "L8Y2V5J1X3"));
    idMap.put(IdMap.Kind.LOCATION, "store-01", ExternalRef.of("shopify", "location", "gid://shopify/Location/655441491"));
    idMap.put(IdMap.Kind.LOCATION, "store-01", ExternalRef.of("netsuite", "location", "7"));
    // end-snippet
  }

  /** Filling the IdMap from the systems' own catalogs and location lists. */
  static void idMapFromCatalogs(IdMap idMap, List<CatalogConnector> catalogs, List<LocationDirectory> directories) {
    // snippet:id-map-from-catalogs
    // SKUs: every system that carries a SKU contributes its refs for it.
    for (CatalogConnector catalog : catalogs) {
      for (CatalogItem item : catalog.catalogItems()) {
        for (ExternalRef ref : item.refs()) {
          idMap.put(IdMap.Kind.SKU, item.sku(), ref);
        }
      }
    }
    // Stores: matched by name ("Store 01" in Square, Shopify and NetSuite is store-01).
    for (LocationDirectory directory : directories) {
      for (Location location : directory.locations()) {
        String canonical = location.name().trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        idMap.put(IdMap.Kind.LOCATION, canonical, location.ref());
      }
    }
    // end-snippet
  }

  /** Webhooks without Spring: the JDK's HTTP server in front of a WebhookIngress. */
  static HttpServer webhooksPlain(SyncPipeline pipeline, String signatureKey) throws IOException {
    // snippet:webhooks-plain
    WebhookIngress square = WebhookIngress.builder().pipeline(pipeline)
        .verifier(SquareWebhookVerifier.builder().signatureKey(signatureKey)
            .notificationUrl("https://hooks.example.com/webhooks/square").build())
        .build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
    server.createContext("/webhooks/square", exchange -> {
      try (exchange; InputStream body = exchange.getRequestBody()) {
        int status = square.handle(new WebhookRequest(exchange.getRequestHeaders(), body.readAllBytes(),
            "https://hooks.example.com/webhooks/square"));   // the URL Square signs: the public one
        exchange.sendResponseHeaders(status, -1);
      }
    });
    server.start();
    // end-snippet
    return server;
  }

  /** The operator's page without Spring. */
  static HttpServer operatorPagePlain(SyncPipeline pipeline, SinkActivity activity) throws IOException {
    // snippet:operator-page-plain
    // activity is the SinkActivity given to SyncPipeline.builder().listener(...)
    EngineView engine = new EngineView(pipeline, List.of("quickbooks", "netsuite", "shopify"));
    OperatorPage page = new OperatorPage(engine, activity, new ReconciliationBoard(), Clock.systemUTC());
    HttpServer ops = HttpServer.create(new InetSocketAddress("127.0.0.1", 8081), 0);   // operators only
    ops.createContext("/posbridge/operator", new OperatorHandler(page, "/posbridge/operator"));
    ops.start();
    // end-snippet
    return ops;
  }

  /** Listing and replaying dead letters in code. */
  static int replayUnmappedSkus(EngineView engine) {
    // snippet:replay-in-code
    int replayed = 0;
    for (FailedDelivery d : engine.deadLetters(500)) {
      if (d.errorCode().equals("UNMAPPED_SKU") && engine.replay(d.id())) {   // after mapping the SKU
        replayed++;
      }
    }
    // end-snippet
    return replayed;
  }
}
