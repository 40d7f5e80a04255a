package dev.posbridge.core.sync;

import static dev.posbridge.core.sync.SyncTestSupport.SAME_ID;
import static dev.posbridge.core.sync.SyncTestSupport.await;
import static dev.posbridge.core.sync.SyncTestSupport.refund;
import static dev.posbridge.core.sync.SyncTestSupport.sale;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline with an event bus hands deliveries to the bus instead of its own threads. */
class EventBusTest {

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  /** Relays claimed outbox rows into a list, delivers them from it in the same thread. */
  static final class ListBus implements EventBus {
    final List<OutboxEvent> carried = new CopyOnWriteArrayList<>();
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    final AtomicReference<Context> context = new AtomicReference<>();
    private volatile boolean running;
    private Thread thread;

    @Override
    public void start(Context ctx) {
      context.set(ctx);
      running = true;
      thread = new Thread(() -> {
        while (running) {
          List<ClaimedEvent> claimed = ctx.outbox().claim("list-bus", 50);
          List<Long> ids = new ArrayList<>();
          for (ClaimedEvent e : claimed) {
            carried.add(e.event());
            ids.add(e.id());
          }
          ctx.outbox().completeAll(ids, "list-bus");
          for (ClaimedEvent e : claimed) {
            outcomes.add(ctx.deliver(e.event()));
          }
          if (claimed.isEmpty()) {
            try {
              ctx.awaitWork(20);
            } catch (InterruptedException ex) {
              return;
            }
          }
        }
      });
      thread.start();
    }

    @Override
    public boolean stop(Duration timeout) {
      running = false;
      try {
        thread.join(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return !thread.isAlive();
    }
  }

  private SyncPipeline started(EventBus bus, FakeSalesSink sink, FakeInventory inventory) {
    Outbox outbox = Outbox.builder().sqlite(dir.resolve("bus.db")).build();
    opened.add(outbox);
    SyncPipeline p = SyncPipeline.builder().outbox(outbox).locationMapping(SAME_ID).salesSink(sink)
        .inventory(inventory).eventBus(bus).build();
    opened.add(0, p);
    return p.start();
  }

  @Test
  void deliveriesTravelOverTheBusAndReachTheSinksOnceInOrder() {
    ListBus bus = new ListBus();
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    FakeInventory shopify = new FakeInventory("shopify", 100);
    SyncPipeline p = started(bus, quickbooks, shopify);

    p.submitSale(sale("S1", "LATTE", 2));
    p.submitRefund(refund("R1", "S1", "LATTE", 1, true));
    await("carried", () -> bus.outcomes.size() == 4);

    assertThat(bus.context.get().eventTypes())
        .containsExactlyInAnyOrder("quickbooks/sale", "quickbooks/refund", "shopify/stock");
    assertThat(bus.outcomes).allMatch(o -> o.status() == EventBus.Outcome.Status.DELIVERED);
    assertThat(quickbooks.journal()).containsExactly("sale:S1", "refund:R1");
    assertThat(shopify.level("LATTE", "L1")).isEqualByComparingTo("-1");
    assertThat(p.status().pending()).isZero();
  }

  @Test
  void aSecondDeliveryOfTheSameEventIsAbsorbedByItsIdempotencyKey() {
    ListBus bus = new ListBus();
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    SyncPipeline p = started(bus, quickbooks, new FakeInventory("shopify", 100));
    p.submitSale(sale("S1", "LATTE", 1));
    await("carried", () -> bus.outcomes.size() == 2);
    OutboxEvent booking = bus.carried.stream().filter(e -> e.type().equals("quickbooks/sale"))
        .findFirst().orElseThrow();

    assertThat(bus.context.get().deliver(booking)).isEqualTo(EventBus.Outcome.DELIVERED);
    assertThat(quickbooks.bookings()).containsExactly(Map.entry("sale:S1", 1));
  }

  @Test
  void failuresAreReportedAsRetryOrDeadNotThrown() {
    ListBus bus = new ListBus();
    FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");
    quickbooks.rejectNote("poison");
    SyncPipeline p = started(bus, quickbooks, new FakeInventory("shopify", 100));
    p.submitSale(sale("S1", "LATTE", 1, "poison"));
    await("carried", () -> bus.outcomes.size() == 2);
    EventBus.Context ctx = bus.context.get();

    assertThat(bus.outcomes).extracting(EventBus.Outcome::status)
        .containsExactlyInAnyOrder(EventBus.Outcome.Status.DEAD, EventBus.Outcome.Status.DELIVERED);
    quickbooks.rejectNote("");
    quickbooks.down(true);
    OutboxEvent booking = bus.carried.stream().filter(e -> e.type().equals("quickbooks/sale"))
        .findFirst().orElseThrow();
    assertThat(ctx.deliver(booking).status()).isEqualTo(EventBus.Outcome.Status.RETRY);
    assertThat(ctx.deliver(OutboxEvent.of("k", "nobody/sale", "{}")).status())
        .isEqualTo(EventBus.Outcome.Status.DEAD);
    assertThat(ctx.deliver(OutboxEvent.of("k", "quickbooks/sale", "{not json")).error())
        .isNotBlank();
  }
}
