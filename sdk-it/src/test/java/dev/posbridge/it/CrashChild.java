package dev.posbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.OutboxStatus;
import dev.posbridge.core.sync.SourcePoller;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.quickbooks.QuickBooksRateLimits;
import dev.posbridge.shopify.ShopifyAuth;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Properties;

/**
 * The process {@link SyncCrashIT} kills: polls sales from the Square simulator into a pipeline
 * that books them in the QuickBooks simulator and decrements stock in the Shopify simulator, on a
 * SQLite outbox that outlives it. With
 * {@code drain} it exits 0 once it has caught up with the source and delivered everything.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
      p.load(r);
    }
    boolean drain = args.length > 1 && args[1].equals("drain");
    RetrySettings retry = RetrySettings.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(50)).build();
    Outbox outbox = Outbox.builder().sqlite(Path.of(p.getProperty("db")))
        .lease(Duration.ofSeconds(3)).maxAttempts(1000)
        .backoff(Duration.ofMillis(50), Duration.ofSeconds(1)).build();
    SquareConnector square = SquareConnector.builder().credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN))
        .baseUrl(p.getProperty("squareUrl")).retry(retry).build();
    QuickBooksMapping mapping = QuickBooksMapping.builder()
        .defaultDepositAccount(p.getProperty("deposit"))
        .paymentMethod(TenderType.CASH, p.getProperty("cash"))
        .timeZone(ZoneOffset.UTC).build();
    QuickBooksConnector quickbooks = QuickBooksConnector.builder().realmId(p.getProperty("realm"))
        .credentials(QuickBooksAuth.oauth2(QuickBooksSimulator.DEFAULT_CLIENT_ID,
            QuickBooksSimulator.DEFAULT_CLIENT_SECRET, TokenStore.file(Path.of(p.getProperty("tokens")))))
        .baseUrl(p.getProperty("qboUrl")).tokenEndpoint(URI.create(p.getProperty("qboTokens")))
        .retry(retry).mapping(mapping)
        .rateLimiter(QuickBooksRateLimits.builder().maxConcurrent(4).perSecond(200)
            .perMinute(12_000).batchPerMinute(400).build()).build();
    ShopifyConnector shopify = ShopifyConnector.builder().shopDomain(ShopifySimulator.DEFAULT_SHOP)
        .credentials(ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN)).baseUrl(p.getProperty("shopifyUrl"))
        .retry(retry).build();
    ExternalRef shopifyLocation = ExternalRef.of("shopify", "location", ShopifySimulator.DEFAULT_LOCATION);
    SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).salesSink(quickbooks)
        .inventory(shopify).locationMapping((location, target) -> shopifyLocation).workers(2)
        .idlePoll(Duration.ofMillis(5), Duration.ofMillis(100)).build().start();
    SourcePoller poller = SourcePoller.builder().pipeline(pipeline).salesSource(square)
        .name("square-sales").initialLookback(Duration.ofHours(2)).overlap(Duration.ofMinutes(2))
        .maxWindow(Duration.ofMinutes(10)).includeRefunds(false).build();
    System.out.println("STARTED");
    System.out.flush();
    ObjectMapper json = new ObjectMapper();
    String lastMark = null;
    while (true) {
      int fresh = -1;
      try {
        fresh = poller.pollOnce();
      } catch (RuntimeException e) {
        System.err.println("poll failed: " + e);
      }
      if (drain) {
        // The checkpoint's mark is the latest updated-at read (the vendor's time), or the end of
        // an empty window caught up over: the poll has caught up when a poll found nothing new
        // and left the mark where it was.
        String cursor = outbox.checkpoint("square-sales");
        JsonNode node = cursor == null ? null : json.readTree(cursor);
        String mark = node == null ? null : node.get("to").asText();
        boolean caughtUp = fresh == 0 && mark != null && mark.equals(lastMark);
        lastMark = mark;
        OutboxStatus status = outbox.status();
        if (status.dead() > 0) {
          System.out.println("DEAD " + outbox.deadLetters(5));
          System.exit(2);
        }
        if (caughtUp && status.pending() == 0) {
          pipeline.stop(Duration.ofSeconds(5));
          outbox.close();
          System.out.println("DRAINED");
          System.out.flush();
          System.exit(0);
        }
      }
      Thread.sleep(20);
    }
  }
}
