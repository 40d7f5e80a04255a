package dev.posbridge.core.sync;

import static dev.posbridge.core.sync.SyncTestSupport.SAME_ID;
import static dev.posbridge.core.sync.SyncTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.SaleLookup;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.StockLevel;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Summary events become fetch steps; unroutable events are counted; older stock never wins. */
class WebhookFetchAndOrderingTest {

  @TempDir Path dir;
  private Outbox outbox;
  private SyncPipeline pipeline;

  @AfterEach
  void close() {
    if (pipeline != null) {
      pipeline.stop(Duration.ofSeconds(5));
    }
    if (outbox != null) {
      outbox.close();
    }
  }

  /** A source whose orders the test sets, failing the first {@code failures} reads. */
  static final class FakeLookup implements SaleLookup {
    final Map<String, Sale> orders = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    volatile int failures;

    @Override
    public Optional<Sale> findSale(ExternalRef ref) {
      reads.incrementAndGet();
      if (failures > 0) {
        failures--;
        throw new VendorUnavailableException("slow vendor", ErrorContext.of("square", "RetrieveOrder"), null);
      }
      return Optional.ofNullable(orders.get(ref.id()));
    }

    @Override
    public List<Refund> refundsOfSale(ExternalRef ref) {
      return List.of();
    }

    @Override
    public PagedIterable<Sale> sales(SalesQuery query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PagedIterable<Refund> refunds(SalesQuery query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String system() {
      return "square";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.SALES_SOURCE);
    }

    @Override
    public void close() {}
  }

  private static ChangeEvent orderUpdated(String eventId, String orderId) {
    return ChangeEvent.summary("square", eventId, ChangeType.SALE, "order.updated",
        ExternalRef.of("square", "order", orderId), T0);
  }

  private SyncPipeline pipeline(FakeSalesSink books, FakeLookup source) {
    outbox = Outbox.builder().sqlite(dir.resolve("o.db")).backoff(Duration.ofMillis(5), Duration.ofMillis(20))
        .build();
    SyncPipelineBuilder b = SyncPipeline.builder().outbox(outbox).salesSink(books)
        .idlePoll(Duration.ofMillis(1), Duration.ofMillis(10));
    if (source != null) {
      b.salesSource(source);
    }
    return b.build();
  }

  @Test
  void aSummaryWebhookIsFetchedAndBookedOnceEvenWhenRepeatedAndAfterAFailedRead() {
    FakeSalesSink books = new FakeSalesSink("quickbooks");
    FakeLookup square = new FakeLookup();
    square.orders.put("O-1", SyncTestSupport.sale("O-1", "LATTE", 2));
    square.failures = 2;
    pipeline = pipeline(books, square);

    assertThat(pipeline.submit(List.of(orderUpdated("ev-1", "O-1")))).as("one fetch step").isEqualTo(1);
    assertThat(square.reads.get()).as("nothing read before the event is stored and answered").isZero();
    pipeline.submit(List.of(orderUpdated("ev-2", "O-1")));
    pipeline.start();

    SyncTestSupport.await("booked", () -> books.bookings().getOrDefault("sale:O-1", 0) == 1
        && pipeline.status().pending() == 0);
    assertThat(books.bookings()).containsExactly(Map.entry("sale:O-1", 1));
    assertThat(square.reads.get()).as("two failed reads retried, then one read per event").isEqualTo(4);
    assertThat(pipeline.status().unrouted()).isZero();
  }

  @Test
  void anOrderThatIsNotASaleYetBooksNothingUntilALaterEvent() {
    FakeSalesSink books = new FakeSalesSink("quickbooks");
    FakeLookup square = new FakeLookup();
    pipeline = pipeline(books, square).start();

    pipeline.submit(List.of(orderUpdated("ev-open", "O-2")));
    SyncTestSupport.await("fetched", () -> square.reads.get() == 1 && pipeline.status().pending() == 0);
    assertThat(books.bookings()).isEmpty();

    square.orders.put("O-2", SyncTestSupport.sale("O-2", "LATTE", 1));
    pipeline.submit(List.of(orderUpdated("ev-completed", "O-2")));
    SyncTestSupport.await("booked", () -> books.bookings().getOrDefault("sale:O-2", 0) == 1);
  }

  @Test
  void aSummaryNoSourceCanReadIsCountedNotSilentlyDropped() {
    pipeline = pipeline(new FakeSalesSink("quickbooks"), null);

    assertThat(pipeline.submit(List.of(orderUpdated("ev-9", "O-9")))).isZero();
    pipeline.submit(List.of(ChangeEvent.summary("square", "ev-10", ChangeType.CATALOG,
        "catalog.version.updated", ExternalRef.of("square", "catalog", "c"), T0)));

    assertThat(pipeline.status().unrouted()).isEqualTo(2);
  }

  private static ChangeEvent level(String eventId, int quantity, Instant asOf) {
    StockLevel level = new StockLevel(ExternalRef.of("shopify", "inventory_item", "gid://shopify/InventoryItem/7"),
        "LATTE", ExternalRef.of("shopify", "location", "L1"), null, BigDecimal.valueOf(quantity), null, asOf);
    return new ChangeEvent("shopify", eventId, ChangeType.STOCK, "inventory_levels/update", level.item(),
        false, asOf, null, null, List.of(level), null);
  }

  @Test
  void anOlderStockLevelArrivingAfterANewerOneIsDroppedAndCounted() {
    FakeInventory square = new FakeInventory("square", 100);
    outbox = Outbox.builder().sqlite(dir.resolve("s.db")).build();
    pipeline = SyncPipeline.builder().outbox(outbox).inventory(square).inventory(new FakeInventory("shopify", 100))
        .locationMapping(SAME_ID).idlePoll(Duration.ofMillis(1), Duration.ofMillis(10)).build();

    assertThat(pipeline.submit(List.of(level("new", 5, T0.plusSeconds(600))))).isEqualTo(1);
    assertThat(pipeline.submit(List.of(level("old", 9, T0)))).as("older than the level applied").isZero();
    pipeline.start();
    SyncTestSupport.await("applied", () -> square.effects() == 1);

    assertThat(square.level("LATTE", "L1")).isEqualByComparingTo("5");
    assertThat(pipeline.status().staleStockDropped()).isEqualTo(1);
  }

  @Test
  void theStockClockSurvivesARestart() {
    outbox = Outbox.builder().sqlite(dir.resolve("r.db")).build();
    pipeline = SyncPipeline.builder().outbox(outbox).inventory(new FakeInventory("square", 100))
        .locationMapping(SAME_ID).build();
    pipeline.submit(List.of(level("new", 5, T0.plusSeconds(600))));
    outbox.close();

    outbox = Outbox.builder().sqlite(dir.resolve("r.db")).build();
    pipeline = SyncPipeline.builder().outbox(outbox).inventory(new FakeInventory("square", 100))
        .locationMapping(SAME_ID).build();

    assertThat(pipeline.submit(List.of(level("old", 9, T0)))).isZero();
    assertThat(pipeline.status().staleStockDropped()).isEqualTo(1);
  }
}
