package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.sync.DeadLetter;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.OutboxStatus;
import dev.posbridge.core.sync.SinkStatus;
import dev.posbridge.core.sync.SourcePoller;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.quickbooks.AccountingMapping;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimFault;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day in a store, compressed: 5,000 sales arrive through the Square poller while the harness
 * injects an accounting outage lasting hours (virtual time), a 401 storm that survives the token
 * refresh, a maintenance page at Shopify, one poisoned order (a tender in another currency than
 * its order, which the connector cannot map), a stop and start, a full disk
 * (injected into the outbox's JDBC connections) and wall-clock steps both ways. Afterwards every
 * sale is booked exactly once in QuickBooks, Shopify's stock is exact, the only dead letter is
 * the poisoned order, and every fault was visible in {@code status()} while it lasted. (SIGKILLs
 * are covered by {@link SyncCrashTest}.)
 */
class SyncSoakTest {

  private static final int WAVES = 10;
  private static final int PER_WAVE = 500;
  private static final int SALES = WAVES * PER_WAVE;
  private static final int SKUS = 20;
  private static final String REALM = "9130354829146532";

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Map<String, String> seen = new LinkedHashMap<>();
  private SyncPipeline pipeline;

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** The engine's wall clock: real time plus an offset the harness moves (hours of outage, steps). */
  private static final class VirtualClock extends Clock {
    final AtomicLong offset = new AtomicLong();

    void advance(Duration d) {
      offset.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + offset.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }
  }

  /** SQLite connections whose commits fail with SQLITE_FULL (rolled back) while the disk is "full". */
  private static final class FullDiskDataSource implements DataSource {
    final String url;
    final AtomicBoolean full = new AtomicBoolean();

    FullDiskDataSource(Path file) {
      this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = DriverManager.getConnection(url);
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("commit") && full.get()) {
              real.rollback();
              throw new SQLException("[SQLITE_FULL] database or disk is full (injected)");
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void fiveThousandSalesThroughOutagesAuthStormsMaintenancePoisonStopsFullDiskAndClockSteps()
      throws Exception {
    long startNanos = System.nanoTime();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    SquareSimulator square = new SquareSimulator(SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
    open.add(square::close);
    String location = square.seedLocation("Main Street", "USD");
    List<String> variations = new ArrayList<>();
    for (int i = 0; i < SKUS; i++) {
      variations.add(square.seedItem("SKU-" + i, 450));
    }
    QuickBooksSimulator qbo = QuickBooksSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
    open.add(qbo::close);
    qbo.throttling(false);
    qbo.addRealm(REALM);
    for (int i = 0; i < SKUS; i++) {
      qbo.seedInventoryItem(REALM, "Item " + i, "SKU-" + i, new BigDecimal("100000"), new BigDecimal("4.50"));
    }
    ShopifySimulator shopify = new ShopifySimulator(SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
    shopify.bucket(1e12, 1e9); // its clock is fixed: a cost bucket that never refills would stall stock writes
    open.add(shopify::close);
    List<String> shopifyItems = new ArrayList<>();
    for (int i = 0; i < SKUS; i++) {
      ShopifySimulator.Variant v = shopify.addVariant("SKU-" + i, "Item " + i, "4.50");
      shopify.setQuantity(v.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, 100_000, 0);
      shopifyItems.add(v.inventoryItemId());
    }
    Path tokens = dir.resolve("qbo-tokens.json");
    QuickBooksSimulator.Tokens t = qbo.issueTokens();
    TokenStore.file(tokens).save(new OAuthToken(t.accessToken(), t.refreshToken(),
        Instant.now().plus(Duration.ofHours(1)), null, "com.intuit.quickbooks.accounting"));

    VirtualClock clock = new VirtualClock();
    // The vendors' clock: hours of outage pass for it too, but the engine's clock steps do not.
    VirtualClock vendor = new VirtualClock();
    RetrySettings retry = RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(2))
        .maxBackoff(Duration.ofMillis(10)).build();
    CircuitBreakerSettings breaker = CircuitBreakerSettings.builder().failureThreshold(5)
        .delay(Duration.ofMillis(300)).build();
    SquareConnector squareConnector = SquareConnector.builder().accessToken(SquareSimulator.DEFAULT_TOKEN)
        .baseUrl(square.baseUrl()).retry(retry).build();
    open.add(squareConnector);
    QuickBooksConnector quickbooks = QuickBooksConnector.builder().realmId(REALM)
        .oauth2(QuickBooksSimulator.DEFAULT_CLIENT_ID, QuickBooksSimulator.DEFAULT_CLIENT_SECRET,
            TokenStore.file(tokens))
        .baseUrl(qbo.baseUrl()).tokenEndpoint(qbo.tokenEndpoint()).retry(retry).circuitBreaker(breaker)
        .limits(4, 200, 12_000, 400)
        .mapping(AccountingMapping.builder()
            .defaultDepositAccount(qbo.idOf(REALM, "Account", "Undeposited Funds"))
            .paymentMethod(TenderType.CASH, qbo.idOf(REALM, "PaymentMethod", "Cash"))
            .timeZone(ZoneOffset.UTC).build())
        .build();
    open.add(quickbooks);
    ShopifyConnector shopifyConnector = ShopifyConnector.builder().shopDomain(ShopifySimulator.DEFAULT_SHOP)
        .accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN).baseUrl(shopify.baseUrl()).retry(retry)
        .circuitBreaker(breaker).build();
    open.add(shopifyConnector);

    FullDiskDataSource disk = new FullDiskDataSource(dir.resolve("outbox.db"));
    Outbox outbox = Outbox.builder().dataSource(disk).clock(clock).lease(Duration.ofSeconds(20))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(500)).build();
    open.add(outbox);
    ExternalRef shopifyLocation = ExternalRef.of("shopify", "location", ShopifySimulator.DEFAULT_LOCATION);
    pipeline = SyncPipeline.builder().outbox(outbox).salesSink(quickbooks).inventory(shopifyConnector)
        .locationMapping((loc, target) -> shopifyLocation).clock(clock).workers(2)
        .probeInterval(Duration.ofMillis(100), Duration.ofMillis(400))
        .idlePoll(Duration.ofMillis(2), Duration.ofMillis(50)).build().start();
    open.add(pipeline);
    SourcePoller poller = SourcePoller.builder().pipeline(pipeline).salesSource(squareConnector)
        .name("square-sales").clock(clock).interval(Duration.ofMillis(20)).initialLookback(Duration.ofHours(1))
        .overlap(Duration.ofMinutes(10)).maxWindow(Duration.ofHours(2)).includeRefunds(false).build();
    open.add(poller);

    Map<String, Integer> wavesSeeded = new HashMap<>();
    int seq = 0;
    // Wave 1, with the poisoned order among good ones.
    seq = seedWave(square, location, variations, vendor, seq);
    square.seedOrder("""
        {"location_id":"%s","reference_id":"POISON","created_at":"%s","updated_at":"%s",
         "line_items":[{"uid":"l1","name":"Item","quantity":"1","catalog_object_id":"%s",
           "base_price_money":{"amount":450,"currency":"USD"}}],
         "tenders":[{"id":"tp","type":"CASH","amount_money":{"amount":450,"currency":"EUR"}}]}
        """.formatted(location, vendor.instant().minusSeconds(30), vendor.instant().minusSeconds(30),
        variations.get(0)));
    poller.start();
    await("poisoned order quarantined", () -> pipeline.status().dead() == 1);
    observe("poison", () -> pipeline.deadLetters(5).get(0).errorCode() + " "
        + pipeline.deadLetters(5).get(0).sourceRef());

    // Accounting outage lasting six hours of the engine's time.
    seq = seedWave(square, location, variations, vendor, seq);
    qbo.faults().outage(true);
    await("quickbooks suspended during the outage", () -> sinkState("quickbooks", "OUTAGE"));
    observe("outage", () -> problems());
    for (int h = 0; h < 6; h++) {
      clock.advance(Duration.ofHours(1));
      vendor.advance(Duration.ofHours(1));
      seq = h == 2 ? seedWave(square, location, variations, vendor, seq) : seq;
      Thread.sleep(150);
      assertThat(pipeline.status().dead()).as("an outage dead-letters nothing").isEqualTo(1);
    }
    qbo.faults().outage(false);
    await("quickbooks resumed", () -> sinkState("quickbooks", null));

    // A 401 storm that survives the token refresh.
    seq = seedWave(square, location, variations, vendor, seq);
    qbo.faults().inject(SimFault.status(401).times(100_000));
    await("quickbooks suspended for its credentials", () -> sinkState("quickbooks", "AUTH"));
    observe("401 storm", () -> problems());
    Thread.sleep(300);
    qbo.faults().clear();
    await("quickbooks resumed after the storm", () -> sinkState("quickbooks", null));

    // Shopify shows a maintenance page (HTML with 200).
    seq = seedWave(square, location, variations, vendor, seq);
    shopify.faults().inject(SimFault.status(200)
        .body("<!DOCTYPE html><html><body>Down for maintenance</body></html>").times(100_000));
    await("shopify suspended for maintenance", () -> sinkState("shopify", "MAINTENANCE"));
    observe("maintenance", () -> problems());
    Thread.sleep(300);
    shopify.faults().clear();
    await("shopify resumed", () -> sinkState("shopify", null));

    // Stop and start while deliveries flow.
    seq = seedWave(square, location, variations, vendor, seq);
    Thread.sleep(100);
    pipeline.stop(Duration.ofMillis(200));
    observe("stopped", () -> "running=" + pipeline.isRunning() + " dead=" + pipeline.status().dead());
    assertThat(pipeline.status().dead()).as("a stop dead-letters nothing").isEqualTo(1);
    pipeline.start();

    // The disk fills up, then space is freed.
    seq = seedWave(square, location, variations, vendor, seq);
    disk.full.set(true);
    await("the full disk shows", () -> pipeline.status().health() != OutboxStatus.Health.UP);
    observe("disk full", () -> problems());
    Thread.sleep(300);
    disk.full.set(false);

    // The engine's wall clock steps back an hour, then forward an hour; the vendors' does not.
    seq = seedWave(square, location, variations, vendor, seq);
    clock.advance(Duration.ofHours(-1));
    seq = seedWave(square, location, variations, vendor, seq);
    Thread.sleep(300);
    observe("clock back", () -> "oldest pending age " + pipeline.status().oldestPendingAge());
    clock.advance(Duration.ofHours(1));
    seq = seedWave(square, location, variations, vendor, seq);
    assertThat(seq).isEqualTo(SALES);

    // The outbox's count first: the simulator's entity list is a deep copy taken under its realm
    // lock, and polling it every few milliseconds starves the bookings it waits for.
    try {
      await("every sale delivered", () -> pipeline.status().pending() == 0
          && qbo.entities(REALM, "SalesReceipt").size() >= SALES);
    } catch (AssertionError timedOut) {
      java.util.Set<String> docs = new java.util.HashSet<>();
      for (JsonView receipt : qbo.entities(REALM, "SalesReceipt")) {
        docs.add(receipt.path("DocNumber").asText());
      }
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < SALES; i++) {
        if (!docs.contains("R-" + i)) {
          missing.add("R-" + i);
        }
      }
      throw new AssertionError(timedOut.getMessage() + " receipts=" + docs.size() + " missing("
          + missing.size() + ")=" + missing.subList(0, Math.min(40, missing.size())), timedOut);
    }
    Thread.sleep(200);
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);

    Map<String, Integer> booked = new HashMap<>();
    for (JsonView receipt : qbo.entities(REALM, "SalesReceipt")) {
      booked.merge(receipt.path("DocNumber").asText(), 1, Integer::sum);
    }
    List<String> lost = new ArrayList<>();
    for (int i = 0; i < SALES; i++) {
      if (!booked.containsKey("R-" + i)) {
        lost.add("R-" + i);
      }
    }
    assertThat(lost).as("lost sales").isEmpty();
    assertThat(booked).as("booked exactly once").hasSize(SALES).allSatisfy((doc, n) -> assertThat(n).isEqualTo(1));
    for (int i = 0; i < SKUS; i++) {
      assertThat(shopify.quantity(shopifyItems.get(i), ShopifySimulator.DEFAULT_LOCATION, "available"))
          .as("SKU-%d", i).isEqualTo(100_000 - SALES / SKUS);
    }
    assertThat(shopify.effects().duplicates("inventoryAdjustQuantities")).isEmpty();
    List<DeadLetter> dead = pipeline.deadLetters(10);
    assertThat(dead).as("only the poisoned order").singleElement().satisfies(d -> {
      assertThat(d.errorCode()).isEqualTo("POISON_SOURCE");
      assertThat(d.event().payload()).contains("POISON").contains("EUR");
    });
    OutboxStatus end = pipeline.status();
    assertThat(end.health()).isEqualTo(OutboxStatus.Health.UP);

    System.out.printf("[soak] %d sales in %.1f s (%.0f sales/s): receipts=%d, shopify adjust calls=%d,"
        + " dead=%d, delivered rows=%d%n", SALES, elapsed / 1000.0, SALES * 1000.0 / elapsed,
        qbo.entities(REALM, "SalesReceipt").size(), shopify.effects().total("inventoryAdjustQuantities"),
        end.dead(), end.delivered());
    seen.forEach((k, v) -> System.out.println("[soak] while " + k + ": " + v));
  }

  private int seedWave(SquareSimulator square, String location, List<String> variations, Clock clock, int from) {
    Instant base = clock.instant().minusSeconds(60);
    for (int i = from; i < from + PER_WAVE; i++) {
      String at = base.plusMillis(10L * (i - from)).toString();
      square.seedOrder("""
          {"location_id":"%s","reference_id":"R-%d","created_at":"%s","updated_at":"%s",
           "line_items":[{"uid":"l1","name":"Item","quantity":"1","catalog_object_id":"%s",
             "base_price_money":{"amount":450,"currency":"USD"}}],
           "tenders":[{"id":"t%d","type":"CASH","amount_money":{"amount":450,"currency":"USD"}}]}
          """.formatted(location, i, at, at, variations.get(i % SKUS), i));
    }
    return from + PER_WAVE;
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

  private void observe(String what, java.util.function.Supplier<String> value) {
    seen.put(what, value.get());
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what + " " + problems() + " dead=" + pipeline.deadLetters(3));
      }
      Thread.sleep(50);
    }
  }
}
