package dev.posbridge.it;

import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SourcePoller;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.netsuite.NetSuiteConnector;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The engine {@link SyncSoakIT} runs, built the same way in the test JVM and in the
 * {@link SoakChild} JVMs it kills, from the simulators' addresses in a properties file: Square
 * sales polled; Shopify and Square orders also fetched after their webhooks; every sale booked in
 * QuickBooks and NetSuite; Square sales decrement Shopify's stock and Shopify sales Square's.
 */
final class SoakEngine implements AutoCloseable {

  final SquareConnector square;
  final QuickBooksConnector quickbooks;
  final ShopifyConnector shopify;
  final NetSuiteConnector netsuite;
  final SyncPipeline pipeline;
  final SourcePoller poller;
  private final List<AutoCloseable> open = new ArrayList<>();

  SoakEngine(Properties p, Outbox outbox, Clock clock) {
    RetrySettings retry = RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(2))
        .maxBackoff(Duration.ofMillis(10)).build();
    CircuitBreakerSettings breaker = CircuitBreakerSettings.builder().failureThreshold(5)
        .delay(Duration.ofMillis(300)).build();
    square = SquareConnector.builder().credentials(dev.posbridge.square.SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN))
        .baseUrl(p.getProperty("squareUrl")).retry(retry).circuitBreaker(breaker).build();
    open.add(square);
    quickbooks = QuickBooksConnector.builder().realmId(p.getProperty("realm"))
        .credentials(dev.posbridge.quickbooks.QuickBooksAuth.oauth2(QuickBooksSimulator.DEFAULT_CLIENT_ID,
            QuickBooksSimulator.DEFAULT_CLIENT_SECRET, TokenStore.file(Path.of(p.getProperty("tokens")))))
        .baseUrl(p.getProperty("qboUrl")).tokenEndpoint(URI.create(p.getProperty("qboTokenEndpoint")))
        .retry(retry).circuitBreaker(breaker).rateLimiter(dev.posbridge.quickbooks.QuickBooksRateLimits.builder().maxConcurrent(4)
            .perSecond(200).perMinute(12_000).batchPerMinute(400).build())
        .mapping(QuickBooksMapping.builder().defaultDepositAccount(p.getProperty("deposit"))
            .paymentMethod(TenderType.CASH, p.getProperty("cash")).timeZone(ZoneOffset.UTC).build())
        .build();
    open.add(quickbooks);
    shopify = ShopifyConnector.builder().shopDomain(ShopifySimulator.DEFAULT_SHOP)
        .credentials(dev.posbridge.shopify.ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN)).baseUrl(p.getProperty("shopifyUrl"))
        .retry(retry).circuitBreaker(breaker).build();
    open.add(shopify);
    NetSuiteMapping.Builder mapping = NetSuiteMapping.builder().subsidiary("1")
        .defaultCustomer(p.getProperty("nsCustomer")).paymentMethod(TenderType.CASH, "1")
        .location(p.getProperty("squareLocation"), p.getProperty("nsLocation"))
        .defaultLocation(p.getProperty("nsLocation"));
    for (String pair : p.getProperty("nsItems").split(",")) {
      String[] skuAndItem = pair.split("=", 2);
      mapping.item(skuAndItem[0], skuAndItem[1]);
    }
    netsuite = NetSuiteConnector.builder().accountId(p.getProperty("nsAccount")).baseUrl(p.getProperty("nsUrl"))
        .credentials(dev.posbridge.netsuite.NetSuiteAuth.accessToken(p.getProperty("nsToken"))).mapping(mapping.build())
        .retry(retry).circuitBreaker(breaker).build();
    open.add(netsuite);
    ExternalRef shopifyLocation = ExternalRef.of("shopify", "location", ShopifySimulator.DEFAULT_LOCATION);
    ExternalRef squareLocation = ExternalRef.of("square", "location", p.getProperty("squareLocation"));
    pipeline = SyncPipeline.builder().outbox(outbox).salesSink(quickbooks).salesSink(netsuite)
        .inventory(shopify).inventory(square).salesSource(square)
        .locationMapping((location, target) -> target.equals("square") ? squareLocation : shopifyLocation)
        .clock(clock).workers(3)
        .probeInterval(Duration.ofMillis(100), Duration.ofMillis(400))
        .idlePoll(Duration.ofMillis(2), Duration.ofMillis(50)).build();
    poller = SourcePoller.builder().pipeline(pipeline).salesSource(square).name("square-sales")
        .clock(clock).interval(Duration.ofMillis(Long.parseLong(p.getProperty("pollMillis", "20"))))
        .initialLookback(Duration.ofHours(1)).overlap(Duration.ofMinutes(Long.parseLong(p.getProperty("overlapMinutes", "10"))))
        .maxWindow(Duration.ofHours(2)).includeRefunds(false).build();
  }

  /** Stops polling and delivering, then closes the connectors (not the outbox). */
  @Override
  public void close() {
    poller.close();
    pipeline.stop(Duration.ofSeconds(5));
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close " + open.get(i), e);
      }
    }
  }
}
