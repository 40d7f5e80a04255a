package dev.posbridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.RefundStatus;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.sync.DeadLetter;
import dev.posbridge.core.sync.DeadLetterFilter;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.OutboxEvent;
import dev.posbridge.core.sync.SyncAction;
import dev.posbridge.core.sync.SyncListener;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.quickbooks.QuickBooksRateLimits;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event bus against a real KRaft broker in this JVM, delivering to the QuickBooks simulator:
 * a relay-only "till" pipeline, and worker pipelines in one consumer group.
 */
class KafkaEventBusTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String REALM = "193514801242715";
  private static final Currency USD = Currency.getInstance("USD");
  private static KafkaCluster kafka;

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private QuickBooksSimulator qbo;
  private Supplier<String> status = () -> "";

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaCluster.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    kafka.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void twoWorkersShareTheWorkAndOneTakesOverWhenTheOtherDiesMidStream() throws Exception {
    QuickBooksConnector quickbooks = quickbooks(3);
    int sales = 200;
    Properties props = clientProperties();
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
    SyncPipeline till = pipeline("till", quickbooks, KafkaEventBus.builder().properties(props)
        .name("till").topic("sales").workers(0).relayBatch(100).createTopics(3, (short) 1).build(),
        SyncListener.NONE);
    AtomicInteger deliveredA = new AtomicInteger();
    AtomicInteger deliveredB = new AtomicInteger();
    KafkaEventBus busA = worker(props, "worker-a");
    SyncPipeline a = pipeline("a", quickbooks, busA, counting(deliveredA, () -> {
      if (deliveredA.get() == 60) {
        busA.crashWorkers();
      }
    }));
    SyncPipeline b = pipeline("b", quickbooks, worker(props, "worker-b"), counting(deliveredB, () -> { }));
    till.start();
    a.start();
    b.start();
    status = () -> "A=" + deliveredA + " B=" + deliveredB + " till=" + till.status()
        + " receipts=" + qbo.records(REALM, "SalesReceipt").size()
        + " refunds=" + qbo.records(REALM, "RefundReceipt").size();

    for (int i = 0; i < sales; i++) {
      assertThat(till.submitSale(sale(i))).isEqualTo(1);
      assertThat(till.submitRefund(refund(i))).isEqualTo(1);
      if (i % 50 == 49) {
        Thread.sleep(50); // a stream, not one burst
      }
    }
    await("every sale and refund booked", () -> qbo.records(REALM, "SalesReceipt").size() == sales
        && qbo.records(REALM, "RefundReceipt").size() == sales);
    await("A has died", () -> !threadAlive("worker-a-worker-1"));

    assertThat(deliveredA.get()).as("A delivered until it died").isEqualTo(60);
    assertThat(deliveredB.get()).as("B took over A's partitions").isPositive();
    assertThat(deliveredA.get() + deliveredB.get())
        .as("records A delivered but never committed were delivered again by B")
        .isGreaterThan(2 * sales);
    assertThat(qbo.effects().duplicates("SalesReceipt.create")).as("each sale booked once").isEmpty();
    assertThat(qbo.effects().duplicates("RefundReceipt.create")).as("each refund booked once").isEmpty();
    Map<String, Long> saleIds = idsByDocNumber("SalesReceipt");
    Map<String, Long> refundIds = idsByDocNumber("RefundReceipt");
    assertThat(saleIds).hasSize(sales);
    assertThat(refundIds).hasSize(sales);
    for (int i = 0; i < sales; i++) {
      assertThat(saleIds.get("R-" + i)).as("sale %s is booked before its refund", i)
          .isLessThan(refundIds.get("F" + i));
    }
    assertThat(till.status().pending()).as("the till's outbox is drained").isZero();
  }

  @Test
  void aPoisonEventLandsOnTheDeadLetterTopicAndTheRestFlow() throws Exception {
    QuickBooksConnector quickbooks = quickbooks(1);
    KafkaEventBus bus = KafkaEventBus.builder().properties(clientProperties()).name("solo")
        .topic("poison").groupId("poison-workers").workers(1).createTopics(1, (short) 1)
        .retries(2, 4).backoff(Duration.ofMillis(10), Duration.ofMillis(40)).build();
    SyncPipeline p = pipeline("solo", quickbooks, bus, SyncListener.NONE);
    p.start();
    status = () -> p.status() + " receipts=" + qbo.records(REALM, "SalesReceipt").size();

    // Three 503s (one partition, so in this order): sale 0 fails twice in place, moves to the retry
    // topic and is delivered from there; sale 1 fails once, its in-place retry succeeds, and its
    // refund, queued behind it in the partition, is booked after it.
    qbo.faults().outage(3);
    p.submitSale(sale(0));
    p.submitSale(sale(1));
    p.submitRefund(refund(1));
    await("the outage is over", () -> qbo.faults().pending() == 0);
    p.outbox().enqueue(OutboxEvent.of("quickbooks|sale:poison", "quickbooks/sale", "{not json"));
    Sale invalid = sale(2).toBuilder().lines(List.of(SaleLine.of("NO-SUCH-SKU", "Ghost", BigDecimal.ONE,
        Money.of("1.00", "USD")))).deriveTotals().tenders(List.of(Tender.of(TenderType.CASH,
        Money.of("1.00", "USD")))).build();
    p.submitSale(invalid);
    for (int i = 3; i < 20; i++) {
      p.submitSale(sale(i));
    }

    await("the others are booked", () -> qbo.records(REALM, "SalesReceipt").size() == 19);
    List<ConsumerRecord<String, String>> dead = read(bus.deadLetterTopic(), 2);
    assertThat(dead).extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("quickbooks|sale:poison", "quickbooks|sale:square/order/O2");
    for (ConsumerRecord<String, String> r : dead) {
      assertThat(header(r, "pb-error")).isNotBlank();
      assertThat(header(r, "pb-attempts")).isEqualTo("1");
      assertThat(header(r, "pb-origin")).startsWith("poison-");
    }
    assertThat(read(bus.retryTopic(), 1)).extracting(ConsumerRecord::key)
        .containsExactly("quickbooks|sale:square/order/O0");
    assertThat(qbo.effects().duplicates("SalesReceipt.create")).isEmpty();
    await("the refund is booked", () -> qbo.records(REALM, "RefundReceipt").size() == 1);
    assertThat(idsByDocNumber("SalesReceipt").get("R-1")).as("order kept through an in-place retry")
        .isLessThan(idsByDocNumber("RefundReceipt").get("F1"));
    assertThat(p.status().pending()).isZero();

    // The bus's dead letters are the pipeline's too: listed, and re-driven through the bus.
    DeadLetterFilter busLetters = DeadLetterFilter.sink("quickbooks");
    await("listed", () -> p.deadLetters(busLetters, 10).size() == 2);
    DeadLetter ghost = p.deadLetters(busLetters, 10).stream()
        .filter(d -> d.event().orderingKey().contains("O2")).findFirst().orElseThrow();
    assertThat(ghost.sink()).isEqualTo("quickbooks");
    qbo.seedItem(REALM, "Ghost", "NO-SUCH-SKU", new BigDecimal("100"), new BigDecimal("1.00"));
    assertThat(p.replay(ghost.id())).isTrue();
    await("re-driven through the bus", () -> qbo.records(REALM, "SalesReceipt").size() == 20);
    assertThat(p.deadLetters(busLetters, 10)).hasSize(1);
  }

  // ------------------------------------------------------------------ fixtures

  private static Properties clientProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    return p;
  }

  private static KafkaEventBus worker(Properties props, String name) {
    return KafkaEventBus.builder().properties(props).name(name).topic("sales").groupId("takeover")
        .relay(false).workers(1).build();
  }

  private static SyncListener counting(AtomicInteger counter, Runnable after) {
    return new SyncListener() {
      @Override
      public void onDelivered(String sink, SyncAction action, int batchSize, Duration callTime,
          Duration endToEnd) {
        counter.incrementAndGet();
        after.run();
      }
    };
  }

  private SyncPipeline pipeline(String name, QuickBooksConnector quickbooks, KafkaEventBus bus,
      SyncListener listener) {
    Outbox outbox = Outbox.builder().sqlite(dir.resolve(name + ".db")).build();
    open.add(outbox);
    SyncPipeline p = SyncPipeline.builder().outbox(outbox).salesSink(quickbooks).eventBus(bus)
        .listener(listener).build();
    open.add(p);
    return p;
  }

  private QuickBooksConnector quickbooks(int transportAttempts) throws Exception {
    qbo = QuickBooksSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(NOW)).build());
    open.add(qbo::close);
    qbo.throttling(false);
    qbo.seedRealm(REALM);
    qbo.seedItem(REALM, "Latte", "LATTE-12", new BigDecimal("100000"), new BigDecimal("4.50"));
    Path tokens = dir.resolve("tokens.json");
    QuickBooksSimulator.Tokens t = qbo.issueTokens();
    TokenStore.file(tokens).save(new OAuthToken(t.accessToken(), t.refreshToken(),
        Instant.now().plus(Duration.ofHours(1)), null, "com.intuit.quickbooks.accounting"));
    RetrySettings retry = RetrySettings.builder().maxAttempts(transportAttempts)
        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();
    QuickBooksConnector c = QuickBooksConnector.builder().realmId(REALM)
        .credentials(QuickBooksAuth.oauth2(QuickBooksSimulator.DEFAULT_CLIENT_ID,
            QuickBooksSimulator.DEFAULT_CLIENT_SECRET, TokenStore.file(tokens)))
        .baseUrl(qbo.baseUrl()).tokenEndpoint(qbo.tokenEndpoint()).retry(retry)
        .rateLimiter(QuickBooksRateLimits.builder().maxConcurrent(8).perSecond(500)
            .perMinute(12_000).batchPerMinute(400).build())
        .mapping(QuickBooksMapping.builder()
            .defaultDepositAccount(qbo.idOf(REALM, "Account", "Undeposited Funds"))
            .paymentMethod(TenderType.CASH, qbo.idOf(REALM, "PaymentMethod", "Cash"))
            .timeZone(ZoneOffset.UTC).build())
        .build();
    open.add(c);
    return c;
  }

  private static Sale sale(int i) {
    return Sale.builder().ref(ExternalRef.of("square", "order", "O" + i)).number("R-" + i)
        .location(ExternalRef.of("square", "location", "L1")).createdAt(NOW.minusSeconds(600))
        .currency(USD)
        .addLine(SaleLine.of("LATTE-12", "Latte", BigDecimal.ONE, Money.of("4.50", "USD")))
        .addTender(Tender.of(TenderType.CASH, Money.of("4.50", "USD")))
        .deriveTotals().build();
  }

  private static Refund refund(int i) {
    return new Refund(ExternalRef.of("square", "refund", "F" + i), ExternalRef.of("square", "order", "O" + i),
        ExternalRef.of("square", "location", "L1"), NOW.minusSeconds(300), RefundStatus.COMPLETED, null,
        List.of(RefundLine.of("LATTE-12", "Latte", BigDecimal.ONE, dev.posbridge.core.model.UnitPrice.of("4.50", "USD"), false)),
        Money.of("4.50", "USD"), Money.of("0.00", "USD"),
        List.of(Tender.of(TenderType.CASH, Money.of("4.50", "USD"))), null, List.of());
  }

  private Map<String, Long> idsByDocNumber(String entity) {
    Map<String, Long> ids = new HashMap<>();
    for (JsonView n : qbo.records(REALM, entity)) {
      assertThat(ids.put(n.path("DocNumber").asText(), Long.parseLong(n.path("Id").asText())))
          .as("one %s per document", entity).isNull();
    }
    return ids;
  }

  private static List<ConsumerRecord<String, String>> read(String topic, int expected) {
    Properties p = clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
        new StringDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(100)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(200)).forEach(out::add); // nothing more arrives
    }
    return out;
  }

  private static String header(ConsumerRecord<String, String> r, String key) {
    var h = r.headers().lastHeader(key);
    return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what + " " + status.get());
      }
      Thread.sleep(10);
    }
  }
}
