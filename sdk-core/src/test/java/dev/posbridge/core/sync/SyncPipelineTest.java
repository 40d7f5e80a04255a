package dev.posbridge.core.sync;

import static dev.posbridge.core.sync.SyncTestSupport.SAME_ID;
import static dev.posbridge.core.sync.SyncTestSupport.T0;
import static dev.posbridge.core.sync.SyncTestSupport.await;
import static dev.posbridge.core.sync.SyncTestSupport.refund;
import static dev.posbridge.core.sync.SyncTestSupport.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.MutableClock;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.StockLevel;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncPipelineTest {

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();

  private Outbox outbox(Clock clock, int maxAttempts) {
    Outbox outbox = Outbox.builder().sqlite(dir.resolve("sync.db")).clock(clock)
        .lease(Duration.ofSeconds(30)).maxAttempts(maxAttempts)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(20)).build();
    opened.add(outbox);
    return outbox;
  }

  private SyncPipelineBuilder pipeline(Outbox outbox) {
    return SyncPipeline.builder().outbox(outbox).locationMapping(SAME_ID)
        .idlePoll(Duration.ofMillis(1), Duration.ofMillis(20))
        .probeInterval(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  private SyncPipeline started(SyncPipeline p) {
    opened.add(0, p);
    return p.start();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  @Test
  void aSaleIsBookedOnceAndDecrementsStockInEveryOtherInventory() {
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    FakeInventory shopify = new FakeInventory("shopify", 100);
    FakeInventory square = new FakeInventory("square", 100);
    SyncPipeline p = started(pipeline(outbox(Clock.systemUTC(), 5)).salesSink(quickbooks)
        .inventory(shopify).inventory(square).build());

    assertThat(p.submitSale(sale("S1", "LATTE", 2))).as("booking + one stock change").isEqualTo(2);
    assertThat(p.submitSale(sale("S1", "LATTE", 2))).as("same sale again: nothing new").isZero();
    await("drained", () -> p.status().pending() == 0);

    assertThat(quickbooks.bookings()).containsExactly(Map.entry("sale:S1", 1));
    assertThat(shopify.level("LATTE", "L1")).isEqualByComparingTo("-2");
    assertThat(square.effects()).as("the source's own stock is not touched").isZero();
  }

  @Test
  void aRefundIsRecordedAndItsRestockLinesGoBackOnHand() {
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    FakeInventory shopify = new FakeInventory("shopify", 1);
    SyncPipeline p = started(pipeline(outbox(Clock.systemUTC(), 5)).salesSink(quickbooks)
        .inventory(shopify).build());

    p.submitSale(sale("S1", "LATTE", 2));
    p.submitRefund(refund("R1", "S1", "LATTE", 1, true));
    p.submitRefund(refund("R2", "S1", "LATTE", 1, false));
    await("drained", () -> p.status().pending() == 0);

    assertThat(quickbooks.journal()).containsExactly("sale:S1", "refund:R1", "refund:R2");
    assertThat(shopify.level("LATTE", "L1")).isEqualByComparingTo("-1");
  }

  @Test
  void theCustomerOfASaleAndACustomerChangeAreUpserted() {
    FakeCustomers quickbooks = new FakeCustomers("quickbooks");
    FakeCustomers square = new FakeCustomers("square");
    Customer ada = Customer.builder().email("ada@example.com").givenName("Ada")
        .putRef(ExternalRef.of("square", "customer", "SQC1")).build();
    square.put(ada);
    SyncPipeline p = started(pipeline(outbox(Clock.systemUTC(), 5)).customers(quickbooks)
        .customerSource(square).build());

    Sale sale = sale("S1", "LATTE", 1).toBuilder().customer(ExternalRef.of("square", "customer", "SQC1"))
        .build();
    p.submitSale(sale);
    await("customer created", () -> quickbooks.all().size() == 1);
    Customer changed = ada.toBuilder().givenName("Ada L.").build();
    p.submit(List.of(new ChangeEvent("square", "ev-9", ChangeType.CUSTOMER, "customer.updated",
        ExternalRef.of("square", "customer", "SQC1"), false, T0, null, null, List.of(), changed)));
    await("drained", () -> p.status().pending() == 0);

    assertThat(quickbooks.all().values()).singleElement().satisfies(
        c -> assertThat(c.givenName()).isEqualTo("Ada L."));
  }

  @Test
  void eachKeyIsDeliveredInOrderUnderSeveralWorkers() {
    FakeInventory shopify = new FakeInventory("shopify", 7);
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    SyncPipeline p = started(pipeline(outbox(Clock.systemUTC(), 5)).workers(4).inventory(shopify)
        .salesSink(quickbooks).build());

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      p.submitSale(sale(String.format("S%03d", i), "SKU" + (i % 3), 1));
      expected.add(String.format("square/order/S%03d", i));
    }
    await("drained", () -> p.status().pending() == 0);

    for (int s = 0; s < 3; s++) {
      int sku = s;
      List<String> inOrder = expected.stream().filter(r -> Integer.parseInt(r.substring(r.length() - 3)) % 3 == sku)
          .toList();
      assertThat(shopify.appliedReferences().get("SKU" + s + "@L1")).containsExactlyElementsOf(inOrder);
    }
    assertThat(quickbooks.bookings()).hasSize(300).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
  }

  @Test
  void anOutageDelaysOnlyItsSinkWhileSalesAreAcceptedThenEverythingDrainsInOrder() {
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    FakeInventory shopify = new FakeInventory("shopify", 50);
    AtomicInteger retries = new AtomicInteger();
    SyncListener listener = new SyncListener() {
      @Override
      public void onRetry(String sink, SyncAction action, int batchSize, Throwable error) {
        retries.incrementAndGet();
      }
    };
    SyncPipeline p = started(pipeline(outbox(Clock.systemUTC(), 10_000)).salesSink(quickbooks)
        .inventory(shopify).listener(listener).build());

    quickbooks.down(true);
    for (int i = 0; i < 100; i++) {
      p.submitSale(sale("S" + i, "LATTE", 1));
      p.submitRefund(refund("R" + i, "S" + i, "LATTE", 1, false));
    }
    await("shopify keeps flowing", () -> shopify.effects() == 100);
    // A few failures in a row: quickbooks fails as a whole, is suspended and only probed.
    await("quickbooks is suspended", () -> p.suspended().contains("quickbooks"));
    assertThat(retries.get()).isGreaterThan(0);
    await("only quickbooks' deliveries wait", () -> p.status().pending() == 200);
    assertThat(p.status().sinks()).anySatisfy(st -> {
      assertThat(st.sink()).isEqualTo("quickbooks");
      assertThat(st.state()).isEqualTo(SinkStatus.State.SUSPENDED);
      assertThat(st.errorCode()).isEqualTo("OUTAGE");
    });
    assertThat(p.status().dead()).isZero();
    assertThat(quickbooks.journal()).isEmpty();

    quickbooks.down(false);
    await("drained", () -> p.status().pending() == 0);

    List<String> journal = quickbooks.journal();
    assertThat(journal).hasSize(200).doesNotHaveDuplicates();
    for (int i = 0; i < 100; i++) {
      assertThat(journal.indexOf("sale:S" + i)).as("sale before its refund")
          .isLessThan(journal.indexOf("refund:R" + i));
    }
  }

  @Test
  void aPoisonSaleIsDeadLetteredWhileOthersFlowAndReplayDeliversItOnceFixed() {
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    quickbooks.rejectNote("bad account");
    List<String> dead = new CopyOnWriteArrayList<>();
    SyncListener listener = new SyncListener() {
      @Override
      public void onDeadLettered(String sink, SyncAction action, int batchSize, Throwable error) {
        dead.add(sink + "/" + action + ": " + error.getClass().getSimpleName());
      }
    };
    SyncPipeline p = started(pipeline(outbox(Clock.systemUTC(), 5)).salesSink(quickbooks)
        .listener(listener).build());

    p.submitSale(sale("S1", "A", 1));
    p.submitSale(sale("S2", "A", 1, "bad account"));
    p.submitSale(sale("S3", "A", 1));
    await("others delivered", () -> quickbooks.bookings().size() == 2 && dead.size() == 1);

    assertThat(dead).containsExactly("quickbooks/RECORD_SALE: ValidationException");
    DeadLetter letter = p.deadLetters(10).get(0);
    assertThat(letter.lastError()).contains("ValidationException").contains("invalid account");
    assertThat(letter.attempts()).as("not retried: validation is permanent").isEqualTo(1);

    quickbooks.rejectNote("nothing");
    assertThat(p.replay(letter.id())).isTrue();
    await("replayed", () -> quickbooks.bookings().size() == 3);
    assertThat(quickbooks.bookings()).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    assertThat(p.status().dead()).isZero();
  }

  @Test
  void unmappedLocationsAreDeadLetteredPerChangeNotPerBatch() {
    FakeInventory shopify = new FakeInventory("shopify", 100);
    Outbox outbox = outbox(Clock.systemUTC(), 5);
    SyncPipeline p = SyncPipeline.builder().outbox(outbox).inventory(shopify)
        .locationMapping((loc, target) -> loc.id().equals("L1") ? null : ExternalRef.of(target, "location", "X"))
        .build();
    opened.add(0, p);

    p.submitSale(sale("S1", "A", 1));
    p.submitSale(sale("S2", "B", 1).toBuilder().location(ExternalRef.of("square", "location", "L2")).build());
    p.start();
    await("one applied, one dead", () -> shopify.effects() == 1 && p.status().dead() == 1);

    assertThat(p.deadLetters(10).get(0).lastError()).contains("not mapped");
  }

  @Test
  void stockToABatchingInventoryIsGroupedUpToItsMaximum() {
    FakeInventory square = new FakeInventory("square", 100);
    AtomicInteger batches = new AtomicInteger();
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    SyncListener listener = new SyncListener() {
      @Override
      public void onDelivered(String sink, SyncAction action, int batchSize, Duration call, Duration e2e) {
        batches.incrementAndGet();
        sizes.add(batchSize);
      }
    };
    SyncPipeline p = pipeline(outbox(Clock.systemUTC(), 5)).workers(2).inventory(square)
        .listener(listener).build();
    opened.add(0, p);
    for (int i = 0; i < 1000; i++) {
      Sale s = sale("S" + i, "SKU" + (i % 20), 1);
      p.submit(List.of(new ChangeEvent("shopify", "order-" + i, ChangeType.SALE, "orders/paid",
          s.ref(), false, T0, s, null, List.of(), null)));
    }

    p.start();
    await("drained", () -> p.status().pending() == 0);

    assertThat(square.callSizes()).hasSizeLessThanOrEqualTo(10).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(100));
    assertThat(square.effects()).isEqualTo(1000);
    await("listener saw every batch", () -> sizes.stream().mapToInt(Integer::intValue).sum() == 1000);
    assertThat(sizes).hasSize(square.callSizes().size());
    for (int s = 0; s < 20; s++) {
      assertThat(square.level("SKU" + s, "L1")).isEqualByComparingTo("-50");
    }
  }

  @Test
  void aCrashBetweenSendingABatchAndRecordingItResendsTheSameBatchUnderTheSameKey() {
    MutableClock clock = new MutableClock();
    FakeInventory square = new FakeInventory("square", 100);
    square.crashAfterApplyingCall(2);
    Outbox first = outbox(clock, 5);
    SyncPipeline crashed = pipeline(first).workers(1).inventory(square).clock(clock).build();
    for (int i = 0; i < 250; i++) {
      crashed.submit(List.of(shopifyOrder(i, "SKU" + (i % 25))));
    }
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> { });
    try {
      crashed.start();
      await("crashed", square::crashed);
      crashed.stop(Duration.ofMillis(100));
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
    first.close();
    assertThat(square.effects()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(1));
    Outbox reopened = outbox(clock, 5);
    SyncPipeline restarted = started(pipeline(reopened).workers(2).inventory(square).clock(clock).build());
    await("drained", () -> restarted.status().pending() == 0);

    assertThat(square.effects()).as("each change applied exactly once").isEqualTo(250);
    assertThat(square.keyUses().values()).as("only the interrupted batch was sent twice")
        .containsOnly(1, 2).filteredOn(n -> n == 2).hasSize(1);
    square.appliedReferences().values().forEach(refs -> assertThat(refs).doesNotHaveDuplicates());
    assertThat(restarted.status().dead()).isZero();
  }

  @Test
  void deliveriesRepeatedAfterAmbiguousFailuresHaveOneEffectEach() {
    FakeInventory shopify = new FakeInventory("shopify", 10);
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    shopify.ambiguousFailures(3);
    quickbooks.ambiguousFailures(5);
    SyncPipeline p = started(pipeline(outbox(Clock.systemUTC(), 10)).workers(3).inventory(shopify)
        .salesSink(quickbooks).build());

    for (int i = 0; i < 40; i++) {
      p.submitSale(sale("S" + i, "SKU" + (i % 4), 1));
      p.submitSale(sale("S" + i, "SKU" + (i % 4), 1));
    }
    await("drained", () -> p.status().pending() == 0);

    assertThat(quickbooks.calls()).isGreaterThanOrEqualTo(45);
    assertThat(quickbooks.bookings()).hasSize(40).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    assertThat(shopify.effects()).isEqualTo(40);
    assertThat(shopify.keyUses().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(shopify.callSizes().size()).isGreaterThan(shopify.keyUses().size());
  }

  @Test
  void aStockChangeEchoedBackByTheSystemWeWroteItToIsNotPropagatedAgain() {
    FakeInventory shopify = new FakeInventory("shopify", 100);
    FakeInventory square = new FakeInventory("square", 100);
    shopify.setLevel("LATTE", "L1", BigDecimal.TEN);
    List<String> echoes = new CopyOnWriteArrayList<>();
    SyncListener listener = new SyncListener() {
      @Override
      public void onEchoSuppressed(String system, String sku, String locationId) {
        echoes.add(system + ":" + sku + "@" + locationId);
      }
    };
    SyncPipeline p = started(pipeline(outbox(Clock.systemUTC(), 5)).inventory(shopify).inventory(square)
        .listener(listener).build());

    p.submitSale(sale("S1", "LATTE", 1));
    await("decremented in shopify", () -> p.status().pending() == 0 && shopify.effects() == 1);
    int echoed = p.submit(List.of(stockEvent("shopify", "wh-1", "LATTE", "L1", 9)));
    int genuine = p.submit(List.of(stockEvent("shopify", "wh-2", "LATTE", "L1", 4)));
    await("drained", () -> p.status().pending() == 0);

    assertThat(echoed).as("our own write coming back").isZero();
    assertThat(echoes).containsExactly("shopify:LATTE@L1");
    assertThat(genuine).isEqualTo(1);
    assertThat(square.level("LATTE", "L1")).isEqualByComparingTo("4");
    assertThat(p.submit(List.of(stockEvent("square", "sq-1", "LATTE", "L1", 4))))
        .as("square echoing the SET we wrote to it").isZero();
  }

  @Test
  void pauseHoldsBackOneSinkWhileOthersFlowAndResumeDelivers() {
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    FakeInventory shopify = new FakeInventory("shopify", 10);
    SyncPipeline p = started(pipeline(outbox(Clock.systemUTC(), 5)).salesSink(quickbooks)
        .inventory(shopify).build());

    p.pause("quickbooks");
    for (int i = 0; i < 10; i++) {
      p.submitSale(sale("S" + i, "A", 1));
    }
    await("shopify done", () -> shopify.effects() == 10);
    assertThat(quickbooks.calls()).isZero();
    assertThat(p.paused()).containsExactly("quickbooks");

    p.resume("quickbooks");
    await("drained", () -> p.status().pending() == 0);
    assertThat(quickbooks.bookings()).hasSize(10);
    assertThatThrownBy(() -> p.pause("netsuite")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stopLeavesNothingInFlightAndARestartCarriesOn() {
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    Outbox outbox = outbox(Clock.systemUTC(), 5);
    SyncPipeline p = pipeline(outbox).salesSink(quickbooks).workers(2).build();
    opened.add(0, p);
    for (int i = 0; i < 200; i++) {
      p.submitSale(sale("S" + i, "A", 1));
    }
    p.start();
    await("some delivered", () -> quickbooks.bookings().size() > 10);

    assertThat(p.stop(Duration.ofSeconds(5))).isTrue();
    assertThat(p.isRunning()).isFalse();
    assertThat(p.status().inFlight()).isZero();

    p.start();
    await("drained", () -> p.status().pending() == 0);
    assertThat(quickbooks.bookings()).hasSize(200).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
  }

  @Test
  void theBuilderRejectsIncompleteOrDuplicateConfiguration() {
    Outbox outbox = outbox(Clock.systemUTC(), 5);
    assertThatThrownBy(() -> SyncPipeline.builder().outbox(outbox).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SyncPipeline.builder().inventory(new FakeInventory("a", 1)).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SyncPipeline.builder().inventory(new FakeInventory("a", 1))
        .inventory(new FakeInventory("a", 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyncPipeline.builder().workers(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static ChangeEvent shopifyOrder(int i, String sku) {
    Sale s = sale("S" + i, sku, 1);
    return new ChangeEvent("shopify", "order-" + i, ChangeType.SALE, "orders/paid", s.ref(), false, T0,
        s, null, List.of(), null);
  }

  static ChangeEvent stockEvent(String system, String eventId, String sku, String location, int qty) {
    StockLevel level = new StockLevel(ExternalRef.of(system, "item", sku), sku,
        ExternalRef.of(system, "location", location), null, BigDecimal.valueOf(qty), null, T0);
    return new ChangeEvent(system, eventId, ChangeType.STOCK, "inventory_levels/update",
        level.item(), false, T0, null, null, List.of(level), null);
  }
}
