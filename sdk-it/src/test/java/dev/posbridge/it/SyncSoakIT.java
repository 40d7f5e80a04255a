package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.sync.DeadLetter;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.OutboxStatus;
import dev.posbridge.core.sync.SinkStatus;
import dev.posbridge.core.sync.SourcePoller;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.core.sync.WebhookIngress;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.shopify.ShopifyWebhookVerifier;
import dev.posbridge.square.SquareWebhookVerifier;
import dev.posbridge.testing.FullDiskDataSource;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimFault;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.WebhookDelivery;
import dev.posbridge.testing.netsuite.NetSuiteSimulator;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day in a store, compressed ("no sale left behind"): 5,000 sales arrive at once through the
 * Square poller, signed Square {@code order.updated} webhooks (for sales the poller also reads,
 * some retried verbatim) and signed Shopify {@code orders/create} webhooks (Shopify orders that
 * only arrive that way, some delivered twice verbatim, some replayed later as
 * {@code orders/updated} with fresh headers), across four simulators: every sale is booked in
 * QuickBooks and NetSuite, a Square sale decrements Shopify's stock and a Shopify sale Square's.
 * Meanwhile the harness injects: one poisoned order (a tender in another currency than its
 * order), SIGKILLs of the engine (a child JVM on the same outbox file and simulators, killed with
 * {@link Process#destroyForcibly()} mid-flight and started again), an outage of both books
 * lasting six hours of virtual time, 401 storms at both books (QuickBooks' survives the token
 * refresh), maintenance pages at Shopify and Square, a stop and start, a full disk (injected into
 * the outbox's JDBC connections) and steps of the engine's wall clock both ways. Afterwards every
 * sale is booked exactly once in both books, stock is exact in all four systems, the only dead
 * letter is the poisoned order, and every fault was visible in {@code status()} while it lasted.
 */
class SyncSoakIT {

  private static final int WAVES = 10;
  private static final int SQUARE_PER_WAVE = 450;
  private static final int SQUARE_SALES = WAVES * SQUARE_PER_WAVE;
  /** Shopify orders arriving only through signed orders/create webhooks, released wave by wave. */
  private static final int SHOPIFY_PER_WAVE = 50;
  private static final int SHOPIFY_SALES = WAVES * SHOPIFY_PER_WAVE;
  private static final int TOTAL = SQUARE_SALES + SHOPIFY_SALES;
  /** Every n-th Square order also arrives as a signed order.updated webhook (besides the poller). */
  private static final int SQUARE_WEBHOOK_EVERY = 25;
  private static final int SKUS = 20;
  private static final int STOCK = 100_000;
  private static final int KILLS = 2;
  private static final Duration BETWEEN_WAVES = Duration.ofMinutes(15);
  private static final String REALM = "9130354829146532";
  private static final String SQUARE_KEY = "sqwk_soak_key";

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Process> children = new ArrayList<>();
  private final Map<String, String> seen = new LinkedHashMap<>();
  private final Map<String, WebhookIngress> routes = new ConcurrentHashMap<>();
  /** Square orders the webhook sender also announces (their ids), filled by {@link #seedWave}. */
  private final Queue<String> squareAnnounce = new ConcurrentLinkedQueue<>();
  /** Shopify orders the webhook sender may create, released by {@link #seedWave}. */
  private final Semaphore shopifyRelease = new Semaphore(0);
  private final AtomicBoolean senderStop = new AtomicBoolean();
  private final AtomicInteger webhookPosts = new AtomicInteger();
  private final AtomicInteger webhookRefused = new AtomicInteger();
  private final AtomicInteger shopifyDuplicates = new AtomicInteger();
  private final AtomicInteger shopifyReplays = new AtomicInteger();
  private final AtomicInteger squareWebhooks = new AtomicInteger();
  private final AtomicInteger squareRetries = new AtomicInteger();
  private SyncPipeline pipeline;
  private long startNanos;
  /** Why the receiver refused deliveries (400/401), for the failure message. */
  private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
  private final Map<String, dev.posbridge.core.webhook.WebhookVerifier> verifiers = new ConcurrentHashMap<>();
  private Supplier<String> diagnostics = () -> "";

  @AfterEach
  void close() throws Exception {
    senderStop.set(true);
    children.forEach(Process::destroyForcibly);
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void fiveThousandSalesByPollerAndWebhooksThroughKillsOutagesAuthStormsMaintenancePoisonStopsFullDiskAndClockSteps()
      throws Exception {
    startNanos = System.nanoTime();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    SquareSimulator square = SquareSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
    open.add(square::close);
    String location = square.seedLocation("Main Street", "USD");
    List<String> variations = new ArrayList<>();
    for (int i = 0; i < SKUS; i++) {
      variations.add(square.seedItem("SKU-" + i, 450));
      square.seedStock(variations.get(i), location, String.valueOf(STOCK));
    }
    QuickBooksSimulator qbo = QuickBooksSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
    open.add(qbo::close);
    qbo.throttling(false);
    qbo.seedRealm(REALM);
    for (int i = 0; i < SKUS; i++) {
      qbo.seedItem(REALM, "Item " + i, "SKU-" + i, BigDecimal.valueOf(STOCK), new BigDecimal("4.50"));
    }
    ShopifySimulator shopify = ShopifySimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
    open.add(shopify::close);
    shopify.shopCurrency("USD"); // the store's books are in dollars; a shop in euros would need rates
    shopify.throttle(1e12, 1e9); // its clock is fixed: a cost bucket that never refills would stall stock writes
    List<String> shopifyItems = new ArrayList<>();
    for (int i = 0; i < SKUS; i++) {
      ShopifySimulator.Variant v = shopify.seedItem("SKU-" + i, "Item " + i, "4.50");
      shopify.seedStock(v.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, STOCK, 0);
      shopifyItems.add(v.inventoryItemId());
    }
    NetSuiteSimulator netsuite = NetSuiteSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
    open.add(netsuite);
    String nsLocation = netsuite.seedLocation("Main Street");
    List<String> nsItems = new ArrayList<>();
    for (int i = 0; i < SKUS; i++) {
      nsItems.add(netsuite.seedItem("SKU-" + i, "Item " + i, null));
      netsuite.seedStock(nsItems.get(i), nsLocation, BigDecimal.valueOf(STOCK));
    }
    Path tokens = dir.resolve("qbo-tokens.json");
    QuickBooksSimulator.Tokens t = qbo.issueTokens();
    TokenStore.file(tokens).save(new OAuthToken(t.accessToken(), t.refreshToken(),
        Instant.now().plus(Duration.ofHours(1)), null, "com.intuit.quickbooks.accounting"));

    // What the engine needs to reach the simulators, here and in the child JVMs that are killed.
    Properties props = new Properties();
    props.setProperty("db", dir.resolve("outbox.db").toString());
    props.setProperty("squareUrl", square.baseUrl());
    props.setProperty("squareLocation", location);
    props.setProperty("qboUrl", qbo.baseUrl());
    props.setProperty("qboTokenEndpoint", qbo.tokenEndpoint().toString());
    props.setProperty("realm", REALM);
    props.setProperty("tokens", tokens.toString());
    props.setProperty("deposit", qbo.idOf(REALM, "Account", "Undeposited Funds"));
    props.setProperty("cash", qbo.idOf(REALM, "PaymentMethod", "Cash"));
    props.setProperty("shopifyUrl", shopify.baseUrl());
    props.setProperty("nsAccount", netsuite.accountId());
    props.setProperty("nsUrl", netsuite.baseUrl());
    props.setProperty("nsToken", netsuite.issueAccessToken());
    props.setProperty("nsCustomer", netsuite.seedCustomer("Walk-in", "Customer", null, null));
    props.setProperty("nsLocation", nsLocation);
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < SKUS; i++) {
      items.append(i == 0 ? "" : ",").append("SKU-").append(i).append('=').append(nsItems.get(i));
    }
    props.setProperty("nsItems", items.toString());
    // Each poll re-reads the overlap window and submits what its small seen-set forgot; the
    // outbox dedupes them, under the write lock the deliveries need too: poll 4 times a second.
    props.setProperty("pollMillis", "250");

    // The engine's wall clock, and the vendors': hours of outage pass for both, the engine's
    // clock steps do not move the vendors'.
    SimClock clock = SimClock.system();
    SimClock vendor = SimClock.system();
    FullDiskDataSource disk = new FullDiskDataSource(dir.resolve("outbox.db"));
    Outbox outbox = Outbox.builder().dataSource(disk).clock(clock).lease(Duration.ofSeconds(20))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(500)).build();
    open.add(outbox);
    SoakEngine engine = new SoakEngine(props, outbox, clock);
    open.add(engine);
    pipeline = engine.pipeline.start();
    SourcePoller poller = engine.poller;

    URI base = webhookServer();
    String squareUrl = base.resolve("/webhooks/square").toString();
    verifiers.put("/webhooks/square", SquareWebhookVerifier.builder().signatureKey(SQUARE_KEY)
        .notificationUrl(squareUrl).build());
    routes.put("/webhooks/square", WebhookIngress.builder().pipeline(pipeline)
        .verifier(verifiers.get("/webhooks/square")).build());
    URI shopifyUrl = base.resolve("/webhooks/shopify");
    verifiers.put("/webhooks/shopify", ShopifyWebhookVerifier.builder()
        .clientSecret(ShopifySimulator.DEFAULT_CLIENT_SECRET).build());
    routes.put("/webhooks/shopify", WebhookIngress.builder().pipeline(pipeline)
        .verifier(verifiers.get("/webhooks/shopify")).build());
    // The vendors' webhook senders, at once with the poller: Shopify orders that only arrive by
    // webhook (every 5th delivered twice verbatim, every 10th replayed later as orders/updated with
    // fresh headers), and Square order.updated webhooks for orders the poller also reads (every
    // other one retried verbatim). A vendor sends again whatever was not answered 2xx.
    AtomicReference<Throwable> senderFailure = new AtomicReference<>();
    Thread sender = new Thread(() -> {
      try {
        List<WebhookDelivery> toReplay = new ArrayList<>();
        for (int i = 0; i < SHOPIFY_SALES && !senderStop.get(); i++) {
          while (!shopifyRelease.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            announceSquare(square, squareUrl);
            if (senderStop.get()) {
              return;
            }
          }
          String order = shopify.seedOrder(OrderSeed.create().name("S-" + i)
              .line("SKU-" + (i % SKUS), "Item " + (i % SKUS), 1, "4.50")
              .transaction("SALE", "SUCCESS", "cash", "4.50"));
          WebhookDelivery created = untilAccepted(shopify.sendWebhook(shopifyUrl, "orders/create",
              shopify.orderPayload(order)), shopify::redeliver);
          if (i % 5 == 0) {
            untilAccepted(shopify.redeliver(created), shopify::redeliver);
            shopifyDuplicates.incrementAndGet();
          }
          if (i % 10 == 0) {
            toReplay.add(created);
          }
          if (toReplay.size() > 3) {
            WebhookDelivery old = toReplay.remove(0);
            untilAccepted(shopify.sendWebhook(shopifyUrl, "orders/updated", old.body()), shopify::redeliver);
            shopifyReplays.incrementAndGet();
          }
          announceSquare(square, squareUrl);
        }
        announceSquare(square, squareUrl);
        for (WebhookDelivery old : toReplay) {
          untilAccepted(shopify.sendWebhook(shopifyUrl, "orders/updated", old.body()), shopify::redeliver);
          shopifyReplays.incrementAndGet();
        }
      } catch (Throwable e) {
        senderFailure.set(e);
      }
    }, "soak-webhooks");
    sender.setDaemon(true);
    sender.start();
    diagnostics = () -> "webhookSenderAlive=" + sender.isAlive() + " cashSales=" + netsuite.count("cashSale")
        + " outbox=" + outboxRows(disk.url());

    int seq = 0;
    // Wave 1, with the poisoned order among good ones.
    seq = seedWave(square, location, variations, clock, vendor, seq);
    square.seedOrder("""
        {"location_id":"%s","reference_id":"POISON","created_at":"%s","updated_at":"%s",
         "line_items":[{"uid":"l1","name":"Item","quantity":"1","catalog_object_id":"%s",
           "base_price_money":{"amount":450,"currency":"USD"}}],
         "tenders":[{"id":"tp","type":"CASH","amount_money":{"amount":450,"currency":"EUR"}}]}
        """.formatted(location, vendor.instant().minusSeconds(30), vendor.instant().minusSeconds(30),
        variations.get(0)));
    poller.start();
    await("poisoned order quarantined", () -> pipeline.status().dead() == 1);
    observe("poison", () -> "dead=" + pipeline.status().dead() + " " + pipeline.deadLetters(5).get(0).errorCode()
        + " " + pipeline.deadLetters(5).get(0).sourceRef());

    // SIGKILL: this JVM's engine steps aside (its outbox still takes webhooks), a child JVM runs
    // the same engine on the same outbox file and simulators and is killed mid-flight, twice;
    // then this JVM's engine takes over what the dead ones left.
    seq = seedWave(square, location, variations, clock, vendor, seq);
    poller.close();
    pipeline.stop(Duration.ofSeconds(10));
    props.setProperty("clockOffset", String.valueOf(clock.millis() - System.currentTimeMillis()));
    Path config = dir.resolve("child.properties");
    try (Writer w = Files.newBufferedWriter(config)) {
      props.store(w, "soak engine child");
    }
    Random random = new Random(20261206);
    List<String> kills = new ArrayList<>();
    for (int k = 0; k < KILLS; k++) {
      long before = progress(netsuite, shopify, square);
      Process child = ChildJvm.start(SoakChild.class, dir.resolve("child.log"), children, config.toString());
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < giveUp && progress(netsuite, shopify, square) < before + 50) {
        Thread.sleep(5);
      }
      Thread.sleep(random.nextInt(300));
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      long after = progress(netsuite, shopify, square);
      OutboxStatus left = pipeline.status();
      assertThat(left.pending()).as("the killed engine left work behind").isPositive();
      kills.add("exit=" + child.exitValue() + " writes=" + (after - before) + " pending=" + left.pending()
          + " inFlight(leases of the dead engine)=" + left.inFlight() + " oldest=" + left.oldestPendingAge());
    }
    observe("SIGKILL", () -> String.join("; ", kills));
    pipeline.start();
    poller.start();

    // Both books down for six hours of the engine's (and the vendors') time.
    qbo.faults().outage(true);
    netsuite.faults().outage(true);
    await("quickbooks suspended during the outage", () -> sinkState("quickbooks", "OUTAGE"));
    await("netsuite suspended during the outage", () -> sinkState("netsuite", "OUTAGE"));
    observe("outage", () -> problems());
    assertThat(pipeline.status().health()).isEqualTo(OutboxStatus.Health.DEGRADED);
    for (int h = 0; h < 6; h++) {
      clock.advance(Duration.ofHours(1));
      vendor.advance(Duration.ofHours(1));
      seq = h == 2 ? seedWave(square, location, variations, clock, vendor, seq) : seq;
      Thread.sleep(150);
      assertThat(pipeline.status().dead()).as("an outage dead-letters nothing").isEqualTo(1);
    }
    qbo.faults().outage(false);
    netsuite.faults().outage(false);
    await("quickbooks resumed", () -> sinkState("quickbooks", null));
    await("netsuite resumed", () -> sinkState("netsuite", null));

    // 401 storms at both books; QuickBooks' survives the token refresh.
    seq = seedWave(square, location, variations, clock, vendor, seq);
    qbo.faults().inject(SimFault.status(401).times(100_000));
    netsuite.faults().inject(SimFault.status(401).times(100_000));
    await("quickbooks suspended for its credentials", () -> sinkState("quickbooks", "AUTH"));
    await("netsuite suspended for its credentials", () -> sinkState("netsuite", "AUTH"));
    observe("401 storm", () -> problems());
    Thread.sleep(300);
    qbo.faults().clear();
    netsuite.faults().clear();
    await("quickbooks resumed after the storm", () -> sinkState("quickbooks", null));
    await("netsuite resumed after the storm", () -> sinkState("netsuite", null));

    // Maintenance pages (HTML with 200): Shopify's, then Square's (its poller and its stock).
    seq = seedWave(square, location, variations, clock, vendor, seq);
    String page = "<!DOCTYPE html><html><body>Down for maintenance</body></html>";
    shopify.faults().inject(SimFault.status(200).body(page).times(100_000));
    await("shopify suspended for maintenance", () -> sinkState("shopify", "MAINTENANCE"));
    observe("shopify maintenance", () -> problems());
    Thread.sleep(300);
    shopify.faults().clear();
    await("shopify resumed", () -> sinkState("shopify", null));
    square.faults().inject(SimFault.status(200).body(page).times(100_000));
    await("square's maintenance shows", () -> pipeline.status().problems().stream()
        .anyMatch(p -> p.contains("square")));
    observe("square maintenance", () -> problems());
    Thread.sleep(300);
    square.faults().clear();
    await("square resumed", () -> sinkState("square", null) && pipeline.status().problems().isEmpty());

    // Stop and start while deliveries flow.
    seq = seedWave(square, location, variations, clock, vendor, seq);
    Thread.sleep(100);
    pipeline.stop(Duration.ofMillis(200));
    observe("stopped", () -> "running=" + pipeline.isRunning() + " " + problems());
    assertThat(pipeline.isRunning()).isFalse();
    assertThat(pipeline.status().dead()).as("a stop dead-letters nothing").isEqualTo(1);
    assertThat(pipeline.status().problems()).as("the stop shows while it lasts")
        .anySatisfy(p -> assertThat(p).contains("delivery stopped"));
    pipeline.start();

    // The disk fills up (webhooks are answered 503 and sent again), then space is freed.
    seq = seedWave(square, location, variations, clock, vendor, seq);
    disk.full(true);
    await("the full disk shows", () -> pipeline.status().health() != OutboxStatus.Health.UP);
    observe("disk full", () -> problems());
    Thread.sleep(300);
    disk.full(false);
    await("the outbox recovers", () -> pipeline.status().health() == OutboxStatus.Health.UP);

    // The engine's wall clock steps back an hour, then forward an hour; the vendors' does not.
    seq = seedWave(square, location, variations, clock, vendor, seq);
    clock.advance(Duration.ofHours(-1));
    seq = seedWave(square, location, variations, clock, vendor, seq);
    Thread.sleep(300);
    OutboxStatus back = pipeline.status();
    observe("clock back", () -> "oldest pending age " + back.oldestPendingAge() + " " + back.health() + " "
        + back.problems() + " oldest rows " + oldestPending(disk.url()));
    assertThat(back.oldestPendingAge().isNegative()).as("ages measured on a time that does not go back").isFalse();
    clock.advance(Duration.ofHours(1));
    seq = seedWave(square, location, variations, clock, vendor, seq);
    assertThat(seq).isEqualTo(SQUARE_SALES);

    sender.join(TimeUnit.SECONDS.toMillis(120));
    assertThat(senderFailure.get()).as("webhook sender").isNull();
    assertThat(sender.isAlive()).as("webhook sender finished").isFalse();
    // The cheap counts first: the QuickBooks simulator's entity list is a deep copy taken under
    // its realm lock, and polling it every few milliseconds starves the bookings it waits for.
    await("every sale delivered", () -> pipeline.status().pending() == 0
        && netsuite.count("cashSale") >= TOTAL && qbo.records(REALM, "SalesReceipt").size() >= TOTAL);
    Thread.sleep(200);
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);

    // Every sale booked exactly once in both books.
    Map<String, Integer> booked = new HashMap<>();
    for (JsonView receipt : qbo.records(REALM, "SalesReceipt")) {
      booked.merge(receipt.path("DocNumber").asText(), 1, Integer::sum);
    }
    List<String> lost = new ArrayList<>();
    for (String doc : expectedDocNumbers()) {
      if (!booked.containsKey(doc)) {
        lost.add(doc);
      }
    }
    assertThat(lost).as("sales lost in QuickBooks").isEmpty();
    assertThat(booked).as("booked exactly once in QuickBooks").hasSize(TOTAL)
        .allSatisfy((doc, n) -> assertThat(n).isEqualTo(1));
    Map<String, Integer> inNetSuite = cashSalesByTranId(netsuite);
    List<String> lostInNetSuite = new ArrayList<>();
    for (String doc : expectedDocNumbers()) {
      if (!inNetSuite.containsKey(doc)) {
        lostInNetSuite.add(doc);
      }
    }
    assertThat(lostInNetSuite).as("sales lost in NetSuite").isEmpty();
    assertThat(inNetSuite).as("booked exactly once in NetSuite").hasSize(TOTAL)
        .allSatisfy((doc, n) -> assertThat(n).isEqualTo(1));
    assertThat(netsuite.effects().total("cashSale")).as("cash sales created").isEqualTo(TOTAL);
    assertThat(netsuite.effects().duplicates("cashSale")).as("cash sales written twice").isEmpty();

    // Stock exact in every channel: the books count every sale, each store the other's.
    for (int i = 0; i < SKUS; i++) {
      assertThat(shopify.stock(shopifyItems.get(i), ShopifySimulator.DEFAULT_LOCATION, "available"))
          .as("Shopify SKU-%d: the Square sales", i).isEqualTo(STOCK - SQUARE_SALES / SKUS);
      assertThat(square.stock(variations.get(i), location, "IN_STOCK"))
          .as("Square SKU-%d: the Shopify sales", i).isEqualByComparingTo(BigDecimal.valueOf(STOCK - SHOPIFY_SALES / SKUS));
      assertThat(netsuite.stock(nsItems.get(i), nsLocation)).as("NetSuite SKU-%d: every sale", i)
          .isEqualByComparingTo(BigDecimal.valueOf(STOCK - TOTAL / SKUS));
    }
    for (JsonView item : qbo.records(REALM, "Item")) {
      if (item.path("Sku").asText().startsWith("SKU-")) {
        assertThat(new BigDecimal(item.path("QtyOnHand").asText())).as("QuickBooks %s: every sale", item.path("Sku"))
            .isEqualByComparingTo(BigDecimal.valueOf(STOCK - TOTAL / SKUS));
      }
    }
    assertThat(shopify.effects().duplicates("inventoryAdjustQuantities")).isEmpty();
    assertThat(square.effects().duplicates("BatchChangeInventory")).isEmpty();

    List<DeadLetter> dead = pipeline.deadLetters(10);
    assertThat(dead).as("only the poisoned order").singleElement().satisfies(d -> {
      assertThat(d.errorCode()).isEqualTo("POISON_SOURCE");
      assertThat(d.event().payload()).contains("POISON").contains("EUR");
    });
    OutboxStatus end = pipeline.status();
    assertThat(end.health()).isEqualTo(OutboxStatus.Health.UP);
    assertThat(end.unrouted()).as("events the pipeline could not route").isZero();

    System.out.printf("[soak] %d sales (%d Square by poller and webhook, %d Shopify by webhook only) in %.1f s"
        + " (%.0f sales/s)%n", TOTAL, SQUARE_SALES, SHOPIFY_SALES, elapsed / 1000.0, TOTAL * 1000.0 / elapsed);
    System.out.printf("[soak] booked: QuickBooks receipts=%d, NetSuite cash sales=%d; stock writes: shopify=%d"
        + " calls, square=%d calls; dead letters=%d; delivered rows=%d%n", booked.size(),
        netsuite.count("cashSale"), shopify.effects().total("inventoryAdjustQuantities"),
        square.effects().total("BatchChangeInventory"), end.dead(), end.delivered());
    System.out.printf("[soak] duplicates absorbed: shopify verbatim=%d, shopify replays with fresh headers=%d,"
        + " square order.updated for polled sales=%d (retried verbatim=%d); webhook posts=%d (refused and"
        + " sent again=%d)%n", shopifyDuplicates.get(), shopifyReplays.get(), squareWebhooks.get(),
        squareRetries.get(), webhookPosts.get(), webhookRefused.get());
    seen.forEach((k, v) -> System.out.println("[soak] while " + k + ": " + v));
  }

  /** R-0..R-4499 (Square's reference ids) and S-0..S-499 (Shopify's order names). */
  private static List<String> expectedDocNumbers() {
    List<String> docs = new ArrayList<>(TOTAL);
    for (int i = 0; i < SQUARE_SALES; i++) {
      docs.add("R-" + i);
    }
    for (int i = 0; i < SHOPIFY_SALES; i++) {
      docs.add("S-" + i);
    }
    return docs;
  }

  /** NetSuite's cash sales by their tranId (the sale's number); transactions are numbered from 1001. */
  private static Map<String, Integer> cashSalesByTranId(NetSuiteSimulator netsuite) {
    Map<String, Integer> out = new HashMap<>();
    int found = 0;
    int total = netsuite.count("cashSale");
    for (long id = 1001; found < total && id < 1001 + 4L * TOTAL; id++) {
      var sale = netsuite.record("cashSale", String.valueOf(id));
      if (sale.isPresent()) {
        found++;
        out.merge(sale.get().path("tranId").asText(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** Writes the simulators have seen: cash sales and stock calls. */
  private static long progress(NetSuiteSimulator netsuite, ShopifySimulator shopify, SquareSimulator square) {
    return netsuite.count("cashSale") + shopify.effects().total("inventoryAdjustQuantities")
        + square.effects().total("BatchChangeInventory");
  }

  private void announceSquare(SquareSimulator square, String squareUrl) throws InterruptedException {
    for (String sq; (sq = squareAnnounce.poll()) != null; ) {
      WebhookDelivery d = untilAccepted(square.sendOrderUpdated(squareUrl, SQUARE_KEY, sq),
          prev -> square.sendWebhook(squareUrl, SQUARE_KEY, prev.body(), 1));
      if (squareWebhooks.incrementAndGet() % 2 == 0) {
        untilAccepted(square.sendWebhook(squareUrl, SQUARE_KEY, d.body(), 1),
            prev -> square.sendWebhook(squareUrl, SQUARE_KEY, prev.body(), 2));
        squareRetries.incrementAndGet();
      }
    }
  }

  /** Sends again, as the vendor does, until the receiver answers 2xx (503 while the disk is full). */
  private WebhookDelivery untilAccepted(WebhookDelivery first, UnaryOperator<WebhookDelivery> resend)
      throws InterruptedException {
    webhookPosts.incrementAndGet();
    WebhookDelivery d = first;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!d.accepted()) {
      webhookRefused.incrementAndGet();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("webhook never accepted: " + d.status() + " " + d.failure().orElse("")
            + " refusals=" + refusals);
      }
      Thread.sleep(20);
      d = resend.apply(d);
      webhookPosts.incrementAndGet();
    }
    return d;
  }

  private String refusal(String path, WebhookRequest request) {
    try {
      verifiers.get(path).verify(request);
      return "verifies now";
    } catch (dev.posbridge.core.WebhookRejectedException e) {
      return e.reason() + ": " + e.getMessage() + (e.getCause() == null ? "" : " cause " + e.getCause());
    }
  }

  /** Hands vendor webhooks to the {@link WebhookIngress} routed by path, as an app's endpoint would. */
  private URI webhookServer() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    URI[] base = new URI[1];
    server.createContext("/webhooks/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach(headers::put);
      String url = base[0].resolve(exchange.getRequestURI().getPath()).toString();
      WebhookIngress ingress = routes.get(exchange.getRequestURI().getPath());
      WebhookRequest request = new WebhookRequest(headers, body, url);
      int status = ingress == null ? 404 : ingress.handle(request);
      if (status == WebhookIngress.BAD_REQUEST || status == WebhookIngress.UNAUTHORIZED) {
        refusals.add(status + " " + refusal(exchange.getRequestURI().getPath(), request) + " body="
            + new String(body, java.nio.charset.StandardCharsets.UTF_8));
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    open.add(() -> server.stop(0));
    base[0] = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return base[0];
  }

  /**
   * Seeds one wave of Square sales, stamped with the vendor's clock, announces every n-th to the
   * webhook sender, and releases the wave's Shopify orders to it. A quarter of an hour passes
   * between waves, for the engine and the vendors alike: the poller's ten-minute overlap then
   * re-reads one wave, not all of them.
   */
  private int seedWave(SquareSimulator square, String location, List<String> variations, SimClock clock,
      SimClock vendor, int from) {
    if (from > 0) {
      clock.advance(BETWEEN_WAVES);
      vendor.advance(BETWEEN_WAVES);
    }
    Instant base = vendor.instant().minusSeconds(60);
    for (int i = from; i < from + SQUARE_PER_WAVE; i++) {
      String at = base.plusMillis(10L * (i - from)).toString();
      String id = square.seedOrder("""
          {"location_id":"%s","reference_id":"R-%d","created_at":"%s","updated_at":"%s",
           "line_items":[{"uid":"l1","name":"Item","quantity":"1","catalog_object_id":"%s",
             "base_price_money":{"amount":450,"currency":"USD"}}],
           "tenders":[{"id":"t%d","type":"CASH","amount_money":{"amount":450,"currency":"USD"}}]}
          """.formatted(location, i, at, at, variations.get(i % SKUS), i));
      if (i % SQUARE_WEBHOOK_EVERY == 0) {
        squareAnnounce.add(id);
      }
    }
    shopifyRelease.release(SHOPIFY_PER_WAVE);
    return from + SQUARE_PER_WAVE;
  }

  /** What the outbox holds, by type and status (for a timeout's message). */
  private static String outboxRows(String url) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT event_type, status, COUNT(*), MAX(attempts), MAX(last_error)"
            + " FROM pb_outbox WHERE status <> 'DELIVERED' GROUP BY event_type, status")) {
      StringBuilder out = new StringBuilder("[");
      while (rs.next()) {
        out.append('{').append(rs.getString(1)).append(' ').append(rs.getString(2)).append(" n=")
            .append(rs.getLong(3)).append(" attempts<=").append(rs.getInt(4)).append(" err=")
            .append(rs.getString(5)).append("} ");
      }
      return out.append(']').toString();
    } catch (SQLException e) {
      return "unreadable: " + e;
    }
  }

  /** The three oldest pending rows (for the figures: what waits longest, and why). */
  private static String oldestPending(String url) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, event_type, ordering_key, attempts, created_at,"
            + " next_attempt_at, lease_owner, last_error FROM pb_outbox WHERE status = 'PENDING'"
            + " ORDER BY created_at, id LIMIT 3")) {
      StringBuilder out = new StringBuilder("[");
      while (rs.next()) {
        String error = rs.getString(8);
        out.append("{id=").append(rs.getLong(1)).append(' ').append(rs.getString(2)).append(' ')
            .append(rs.getString(3)).append(" attempts=").append(rs.getInt(4)).append(" created=")
            .append(Instant.ofEpochMilli(rs.getLong(5))).append(" due=").append(Instant.ofEpochMilli(rs.getLong(6)))
            .append(" lease=").append(rs.getString(7)).append(" err=")
            .append(error == null ? null : error.substring(0, Math.min(160, error.length()))).append("} ");
      }
      return out.append(']').toString();
    } catch (SQLException e) {
      return "unreadable: " + e;
    }
  }

  private boolean sinkState(String sink, String code) {
    for (SinkStatus s : pipeline.status().sinks()) {
      if (s.sink().equals(sink)) {
        return code == null ? s.state() == SinkStatus.State.ACTIVE
            : s.state() == SinkStatus.State.SUSPENDED && code.equals(s.errorCode());
      }
    }
    return false;
  }

  private String problems() {
    OutboxStatus s = pipeline.status();
    return s.health() + " " + s.problems() + " pending=" + s.pending();
  }

  private void observe(String what, Supplier<String> value) {
    seen.put(what, String.format("(at %.1f s) %s",
        (System.nanoTime() - startNanos) / 1e9, value.get()));
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what + " " + problems() + " sinks=" + pipeline.status().sinks()
            + " " + diagnostics.get() + " dead=" + pipeline.deadLetters(3));
      }
      Thread.sleep(50);
    }
  }
}
