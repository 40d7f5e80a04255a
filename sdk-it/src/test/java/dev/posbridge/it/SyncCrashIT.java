package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process running a pipeline (Square simulator → QuickBooks simulator for the sales,
 * Shopify simulator for the stock decrements) with SIGKILL at random moments, restarts it each
 * time, and checks at the end that every sale was booked exactly once and every decrement applied
 * exactly once: lost = 0, duplicated = 0. The simulators live in this JVM, so they outlive the
 * kills.
 */
class SyncCrashIT {

  private static final int SALES = 2_000;
  private static final int KILLS = 12;
  private static final String REALM = "4620816365164436370";

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) Path dir;
  private SquareSimulator square;
  private QuickBooksSimulator quickbooks;
  private ShopifySimulator shopify;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void stop() {
    children.forEach(Process::destroyForcibly);
    if (square != null) {
      square.close();
    }
    if (quickbooks != null) {
      quickbooks.close();
    }
    if (shopify != null) {
      shopify.close();
    }
  }

  private final List<String> shopifyItems = new ArrayList<>();

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void everySaleIsBookedExactlyOnceAcrossRepeatedSigkills() throws Exception {
    Path config = setUp();
    Random random = new Random(20261129);
    List<Integer> bookedAtKill = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      int before = quickbooks.records(REALM, "SalesReceipt").size()
          + shopify.effects().total("inventoryAdjustQuantities");
      Process child = start(config, "run");
      // Kill while it delivers: once it has made progress (or after 5 s), at a random moment.
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < giveUp && quickbooks.records(REALM, "SalesReceipt").size()
          + shopify.effects().total("inventoryAdjustQuantities") == before) {
        Thread.sleep(5);
      }
      Thread.sleep(random.nextInt(700));
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      bookedAtKill.add(quickbooks.records(REALM, "SalesReceipt").size());
    }
    System.out.println("[crash-test] receipts after each of " + KILLS + " SIGKILLs: " + bookedAtKill);
    Process last = start(config, "drain");
    assertThat(last.waitFor(6, TimeUnit.MINUTES)).as("the last run drains; %s", diagnose()).isTrue();
    assertThat(last.exitValue()).as("see " + dir.resolve("child.log")).isZero();
    assertEverySaleBookedAndDecrementedOnce();
  }

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void twoProcessesOnOneOutboxFileBookEverySaleOnceAndNoSubmitFails() throws Exception {
    Path config = setUp();
    // Two application instances share the file: both poll the same source, both deliver.
    Process a = start(config, "drain");
    Process b = start(config, "drain");
    assertThat(a.waitFor(7, TimeUnit.MINUTES)).as("the first process drains; %s", diagnose()).isTrue();
    assertThat(b.waitFor(3, TimeUnit.MINUTES)).as("the second process drains; %s", diagnose()).isTrue();
    assertThat(a.exitValue()).as("see " + dir.resolve("child.log")).isZero();
    assertThat(b.exitValue()).as("see " + dir.resolve("child.log")).isZero();
    List<String> log = Files.readAllLines(dir.resolve("child.log"));
    assertThat(log).as("no poll (a submit with its checkpoint) failed in either process")
        .noneMatch(l -> l.startsWith("poll failed"))
        .noneMatch(l -> l.contains("SQLITE_BUSY"));
    assertEverySaleBookedAndDecrementedOnce();
  }

  private Path setUp() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    square = SquareSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
    String location = square.seedLocation("Main Street", "USD");
    List<String> variations = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      variations.add(square.seedItem("SKU-" + i, 450));
    }
    for (int i = 0; i < SALES; i++) {
      String at = now.minusSeconds(3600).plusMillis(1_700L * i).toString();
      square.seedOrder("""
          {"location_id":"%s","reference_id":"R-%d","created_at":"%s","updated_at":"%s",
           "line_items":[{"uid":"l1","name":"Item","quantity":"1","catalog_object_id":"%s",
             "base_price_money":{"amount":450,"currency":"USD"}}],
           "tenders":[{"id":"t%d","type":"CASH","amount_money":{"amount":450,"currency":"USD"}}]}
          """.formatted(location, i, at, at, variations.get(i % 20), i));
    }
    quickbooks = QuickBooksSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
    quickbooks.throttling(false);
    quickbooks.seedRealm(REALM);
    for (int i = 0; i < 20; i++) {
      quickbooks.seedItem(REALM, "Item " + i, "SKU-" + i, new BigDecimal("100000"),
          new BigDecimal("4.50"));
    }
    shopify = ShopifySimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(now)).build());
    for (int i = 0; i < 20; i++) {
      ShopifySimulator.Variant v = shopify.seedItem("SKU-" + i, "Item " + i, "4.50");
      shopify.seedStock(v.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, 10_000, 0);
      shopifyItems.add(v.inventoryItemId());
    }
    Path tokens = dir.resolve("qbo-tokens.json");
    QuickBooksSimulator.Tokens t = quickbooks.issueTokens();
    TokenStore.file(tokens).save(new OAuthToken(t.accessToken(), t.refreshToken(),
        Instant.now().plus(Duration.ofHours(1)), null, "com.intuit.quickbooks.accounting"));
    Properties props = new Properties();
    props.setProperty("db", dir.resolve("outbox.db").toString());
    props.setProperty("squareUrl", square.baseUrl());
    props.setProperty("qboUrl", quickbooks.baseUrl());
    props.setProperty("shopifyUrl", shopify.baseUrl());
    props.setProperty("qboTokens", quickbooks.tokenEndpoint().toString());
    props.setProperty("realm", REALM);
    props.setProperty("tokens", tokens.toString());
    props.setProperty("deposit", quickbooks.idOf(REALM, "Account", "Undeposited Funds"));
    props.setProperty("cash", quickbooks.idOf(REALM, "PaymentMethod", "Cash"));
    Path config = dir.resolve("child.properties");
    try (Writer w = Files.newBufferedWriter(config)) {
      props.store(w, "crash test child");
    }
    return config;
  }

  private void assertEverySaleBookedAndDecrementedOnce() {
    Map<String, Integer> booked = new HashMap<>();
    for (JsonView receipt : quickbooks.records(REALM, "SalesReceipt")) {
      booked.merge(receipt.path("DocNumber").asText(), 1, Integer::sum);
    }
    List<String> lost = new ArrayList<>();
    for (int i = 0; i < SALES; i++) {
      if (!booked.containsKey("R-" + i)) {
        lost.add("R-" + i);
      }
    }
    assertThat(lost).as("lost sales").isEmpty();
    assertThat(booked).as("duplicated sales").allSatisfy((doc, n) -> assertThat(n).isEqualTo(1));
    assertThat(booked).hasSize(SALES);

    for (int i = 0; i < 20; i++) {
      assertThat(shopify.stock(shopifyItems.get(i), ShopifySimulator.DEFAULT_LOCATION, "available"))
          .as("SKU-%d: 100 sales, each decremented once", i).isEqualTo(10_000 - SALES / 20);
    }
    assertThat(shopify.effects().total("inventoryAdjustQuantities")).as("batched adjustments").isPositive()
        .isLessThan(SALES);
    assertThat(shopify.effects().duplicates("inventoryAdjustQuantities")).as("keys applied twice").isEmpty();
  }

  /** What the outbox holds, and the end of the children's log, for a failure message. */
  private String diagnose() {
    StringBuilder b = new StringBuilder("dir=" + dir + "\n");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("outbox.db"));
        java.sql.Statement s = c.createStatement()) {
      try (java.sql.ResultSet rs = s.executeQuery("SELECT event_type, status, COUNT(*), MIN(next_attempt_at),"
          + " MAX(attempts), COUNT(batch_id), MAX(last_error) FROM pb_outbox GROUP BY event_type, status")) {
        while (rs.next()) {
          b.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(" n=").append(rs.getLong(3))
              .append(" next=").append(rs.getLong(4)).append(" attempts<=").append(rs.getInt(5))
              .append(" inBatch=").append(rs.getLong(6)).append(" err=").append(rs.getString(7)).append('\n');
        }
      }
      try (java.sql.ResultSet rs = s.executeQuery("SELECT b.id, b.event_type, b.status, COUNT(o.id),"
          + " SUM(o.status = 'PENDING'), MIN(o.lease_until) FROM pb_batch b LEFT JOIN pb_outbox o"
          + " ON o.batch_id = b.id WHERE b.status <> 'DONE' GROUP BY b.id")) {
        while (rs.next()) {
          b.append("batch ").append(rs.getLong(1)).append(' ').append(rs.getString(2)).append(' ')
              .append(rs.getString(3)).append(" members=").append(rs.getLong(4)).append(" pending=")
              .append(rs.getLong(5)).append(" lease=").append(rs.getLong(6)).append('\n');
        }
      }
      b.append("checkpoint ");
      try (java.sql.ResultSet rs = s.executeQuery("SELECT cursor_value FROM pb_checkpoint")) {
        while (rs.next()) {
          String v = rs.getString(1);
          b.append(v, 0, Math.min(120, v.length()));
        }
      }
      b.append("\nnow=").append(System.currentTimeMillis()).append('\n');
      List<String> log = Files.readAllLines(dir.resolve("child.log"));
      b.append(String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size())));
    } catch (Exception e) {
      b.append("diagnosis failed: ").append(e);
    }
    return b.toString();
  }

  private Process start(Path config, String mode) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), config.toString(), mode);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()));
    Process child = pb.start();
    children.add(child);
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("child started; see " + dir.resolve("child.log")).isEqualTo("STARTED");
    if (mode.equals("drain")) {
      Thread reader = new Thread(() -> {
        try {
          String l;
          while ((l = out.readLine()) != null) {
            Files.writeString(dir.resolve("child.log"), l + System.lineSeparator(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.CREATE);
          }
        } catch (IOException e) {
          // the child is gone
        }
      });
      reader.setDaemon(true);
      reader.start();
    }
    return child;
  }
}
