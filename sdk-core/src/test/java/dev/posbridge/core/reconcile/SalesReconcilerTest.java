package dev.posbridge.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundStatus;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.SaleState;
import dev.posbridge.core.model.Totals;
import dev.posbridge.core.reconcile.SalesReconciliationRow.Document;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeds known differences between a source and the books and checks the reconciler finds exactly them. */
class SalesReconcilerTest {

  static final LocalDate DAY = LocalDate.of(2026, 12, 5);
  static final Instant NOON = Instant.parse("2026-12-05T12:00:00Z");
  static final Instant GENERATED = Instant.parse("2026-12-06T05:00:00Z");

  @TempDir Path dir;

  static Sale sale(String id, String amount) {
    return sale(id, amount, "USD", NOON);
  }

  static Sale sale(String id, String amount, String currency, Instant at) {
    return Sale.builder()
        .ref(ExternalRef.of("square", "order", id))
        .number("R-" + id)
        .location(ExternalRef.of("square", "location", "L1"))
        .createdAt(at)
        .closedAt(at)
        .version("1")
        .currency(Currency.getInstance(currency))
        .addLine(SaleLine.of("SKU-" + id, "Item " + id, BigDecimal.ONE, Money.of(amount, currency)))
        .deriveTotals()
        .build();
  }

  static Refund refund(String id, String saleId, String amount, String tax) {
    return Refund.builder()
        .ref(ExternalRef.of("square", "refund", id))
        .number("RF-" + id)
        .originalSale(ExternalRef.of("square", "order", saleId))
        .location(ExternalRef.of("square", "location", "L1"))
        .createdAt(NOON.plusSeconds(3600))
        .status(RefundStatus.COMPLETED, null)
        .currency(Currency.getInstance("USD"))
        .amounts(Money.of(amount, "USD"), Money.of(tax, "USD"))
        .build();
  }

  static Sale withTotal(Sale s, String total) {
    Totals t = s.totals();
    return s.toBuilder().totals(new Totals(t.subtotal(), t.discountTotal(), t.taxTotal(), t.tipTotal(),
        t.chargeTotal(), Money.of(total, s.currency().getCurrencyCode()))).build();
  }

  static SalesReconciler.Builder reconciler(FakeSalesSource source, FakeBooks books) {
    return SalesReconciler.builder().source(source).books(books).dates(DAY, DAY, ZoneOffset.UTC)
        .clock(Clock.fixed(GENERATED, ZoneOffset.UTC));
  }

  /** Four sales and a refund, all booked correctly, then one seeded fault of each kind. */
  static final class Seeded {
    final FakeSalesSource square = new FakeSalesSource("square");
    final FakeBooks books = new FakeBooks("quickbooks");
    final Sale missed = sale("MISSED", "10.00");
    final Sale doubled = sale("DOUBLE", "20.00");
    final Sale cent = sale("CENT", "30.00");
    final Sale currency = sale("CURR", "40.00");
    final Sale fine = sale("FINE", "50.00");
    final Refund refund = refund("RF1", "FINE", "5.00", "0.00");

    Seeded() {
      for (Sale s : List.of(missed, doubled, cent, currency, fine)) {
        square.sell(s);
      }
      square.refund(refund);
      // missed webhook: MISSED never reaches the books
      books.put(doubled);
      books.put(doubled);
      books.put(withTotal(cent, "30.01"));
      books.put(sale("CURR", "40.00", "EUR", NOON));
      books.put(fine);
      books.put(refund);
    }
  }

  @Test
  void seededDifferencesAreFoundExactlyAndNothingElse() {
    Seeded s = new Seeded();

    SalesReconciliationReport report = reconciler(s.square, s.books).build().reconcile();

    Map<String, List<SalesDifference>> found = new java.util.TreeMap<>();
    report.rows().forEach(r -> found.put(r.sourceRef().id(), r.differences()));
    assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of(
        "MISSED", List.of(SalesDifference.MISSING_IN_BOOKS),
        "DOUBLE", List.of(SalesDifference.DOUBLED),
        "CENT", List.of(SalesDifference.AMOUNT_DIFFERENT),
        "CURR", List.of(SalesDifference.CURRENCY_DIFFERENT)));
    SalesReconciliationRow cent = report.rows(SalesDifference.AMOUNT_DIFFERENT).findFirst().orElseThrow();
    assertThat(cent.amountDifference()).isEqualTo(Money.of("0.01", "USD"));
    assertThat(report.rows(SalesDifference.DOUBLED).findFirst().orElseThrow().bookedRefs()).hasSize(2);
    SalesReconciliationSummary sum = report.summary();
    assertThat(sum.sourceSales()).isEqualTo(5);
    assertThat(sum.sourceRefunds()).isEqualTo(1);
    assertThat(sum.matched()).isEqualTo(2);
    assertThat(sum.differing()).isEqualTo(4);
    assertThat(sum.balanced()).isFalse();
    assertThat(sum.sourceNet()).containsExactly(Map.entry("USD", new BigDecimal("145.00")));
    assertThat(sum.bookedNet()).containsOnly(
        Map.entry("USD", new BigDecimal("115.01")), Map.entry("EUR", new BigDecimal("40.00")));
  }

  @Test
  void booksThatHoldEverySaleOnceAtItsAmountAreBalanced() {
    FakeSalesSource square = new FakeSalesSource("square");
    FakeBooks books = new FakeBooks("quickbooks");
    for (int i = 0; i < 7; i++) {
      Sale sale = sale("S" + i, i + ".25");
      square.sell(sale);
      books.put(sale);
    }

    SalesReconciliationReport report = reconciler(square, books).build().reconcile();

    assertThat(report.rows()).isEmpty();
    assertThat(report.summary().balanced()).isTrue();
    assertThat(report.summary().matched()).isEqualTo(7);
    assertThat(report.summary().bookedSales()).isEqualTo(7);
    assertThat(report.summary().sourceNet()).isEqualTo(report.summary().bookedNet());
    assertThat(books.lookups).as("no point lookups when every sale is in the window").isZero();
  }

  @Test
  void aSaleBookedUnderTheNeighbouringDateIsFoundByItsRefNotReportedMissing() {
    FakeSalesSource square = new FakeSalesSource("square");
    FakeBooks books = new FakeBooks("quickbooks");
    Sale late = sale("LATE", "9.99", "USD", Instant.parse("2026-12-05T23:59:00Z"));
    square.sell(late);
    books.put(late.toBuilder().closedAt(Instant.parse("2026-12-06T00:01:00Z")).build());

    SalesReconciliationReport report = reconciler(square, books).build().reconcile();

    assertThat(report.rows()).isEmpty();
    assertThat(books.lookups).isEqualTo(1);
  }

  @Test
  void refundDifferencesAreFound() {
    FakeSalesSource square = new FakeSalesSource("square");
    FakeBooks books = new FakeBooks("quickbooks");
    Sale a = sale("A", "10.00");
    Sale b = sale("B", "10.00");
    square.sell(a).sell(b);
    books.put(a);
    books.put(b);
    Refund missing = refund("R-MISSING", "A", "1.00", "0.00");
    Refund taxed = refund("R-TAX", "A", "2.00", "0.10");
    Refund wrongSale = refund("R-WRONG", "A", "3.00", "0.00");
    Refund orphan = refund("R-ORPHAN", "GONE", "4.00", "0.00");
    Refund doubled = refund("R-DOUBLE", "B", "5.00", "0.00");
    for (Refund r : List.of(missing, taxed, wrongSale, orphan, doubled)) {
      square.refund(r);
    }
    books.put(taxed.toBuilder().amounts(taxed.amount(), Money.of("0.20", "USD")).build());
    books.put(wrongSale.toBuilder().originalSale(ExternalRef.of("square", "order", "B")).build());
    books.put(orphan);
    books.put(doubled);
    books.put(doubled);

    SalesReconciliationReport report = reconciler(square, books).build().reconcile();

    Map<String, List<SalesDifference>> found = new java.util.TreeMap<>();
    report.rows().forEach(r -> found.put(r.sourceRef().id(), r.differences()));
    assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of(
        "R-MISSING", List.of(SalesDifference.MISSING_IN_BOOKS),
        "R-TAX", List.of(SalesDifference.TAX_DIFFERENT),
        "R-WRONG", List.of(SalesDifference.REFUND_SALE_DIFFERENT),
        "R-ORPHAN", List.of(SalesDifference.REFUND_SALE_NOT_BOOKED),
        "R-DOUBLE", List.of(SalesDifference.DOUBLED)));
    assertThat(report.rows()).allMatch(r -> r.document() == Document.REFUND);
    assertThat(report.summary().sourceNet()).containsExactly(Map.entry("USD", new BigDecimal("5.00")));
  }

  @Test
  void theLifeOfASaleIsCompared() {
    FakeSalesSource square = new FakeSalesSource("square");
    FakeBooks books = new FakeBooks("quickbooks");
    Sale amended = sale("AMENDED", "12.00").toBuilder().version("2").build();
    Sale voidedAtSource = sale("VOID-SRC", "8.00").toBuilder().state(SaleState.VOIDED).build();
    Sale voidedInBooks = sale("VOID-BOOKS", "7.00");
    Sale voidedBoth = sale("VOID-BOTH", "6.00").toBuilder().state(SaleState.CANCELED).build();
    Sale open = sale("OPEN", "5.00").toBuilder().state(SaleState.OPEN).build();
    square.sell(amended).sell(voidedAtSource).sell(voidedInBooks).sell(voidedBoth).sell(open);
    books.put(sale("AMENDED", "10.00"));
    books.put(sale("VOID-SRC", "8.00"));
    books.put(voidedInBooks);
    books.voidAll(voidedInBooks.ref());
    books.put(sale("VOID-BOTH", "6.00"));
    books.voidAll(voidedBoth.ref());

    SalesReconciliationReport report = reconciler(square, books).build().reconcile();

    Map<String, List<SalesDifference>> found = new java.util.TreeMap<>();
    report.rows().forEach(r -> found.put(r.sourceRef().id(), r.differences()));
    assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of(
        "AMENDED", List.of(SalesDifference.AMOUNT_DIFFERENT, SalesDifference.VERSION_DIFFERENT),
        "VOID-SRC", List.of(SalesDifference.NOT_VOIDED_IN_BOOKS),
        "VOID-BOOKS", List.of(SalesDifference.VOIDED_IN_BOOKS)));
    assertThat(report.summary().voidedAtSource()).isEqualTo(2);
    assertThat(report.summary().matched()).as("VOID-BOTH agrees").isEqualTo(1);
    assertThat(report.correctionPlan().isEmpty()).as("only missing documents are corrected").isTrue();
  }

  @Test
  void aSaleVoidedInTheWindowIsComparedEvenWithoutAClosingTimeInIt() {
    FakeSalesSource square = new FakeSalesSource("square");
    FakeBooks books = new FakeBooks("quickbooks");
    Instant dayBefore = NOON.minusSeconds(86_400);
    Sale booked = sale("CANCELLED-TODAY", "4.00", "USD", NOON);
    Sale cancelled = sale("CANCELLED-TODAY", "4.00", "USD", dayBefore).toBuilder().closedAt(null)
        .updatedAt(NOON).state(SaleState.CANCELED).version("2").build();
    square.sell(cancelled);
    books.put(booked);

    SalesReconciliationReport report = reconciler(square, books).build().reconcile();

    assertThat(report.rows()).singleElement().satisfies(r -> {
      assertThat(r.sourceRef().id()).isEqualTo("CANCELLED-TODAY");
      assertThat(r.differences()).containsExactly(SalesDifference.NOT_VOIDED_IN_BOOKS);
    });
    assertThat(report.summary().voidedAtSource()).isEqualTo(1);
    books.voidAll(cancelled.ref());
    SalesReconciliationReport after = reconciler(square, books).build().reconcile();
    assertThat(after.rows()).isEmpty();
    assertThat(after.summary().matched()).isEqualTo(1);
  }

  @Test
  void aBookedDocumentTheSourcesDidNotSellIsReportedUnlessScopedToALocation() {
    FakeSalesSource square = new FakeSalesSource("square");
    FakeBooks books = new FakeBooks("quickbooks");
    books.put(sale("GHOST", "3.00"));
    books.put(sale("MANUAL", "3.00").toBuilder().ref(ExternalRef.of("quickbooks", "salesreceipt", "900")).build());

    SalesReconciliationReport all = reconciler(square, books).build().reconcile();
    SalesReconciliationReport scoped = reconciler(square, books)
        .location(ExternalRef.of("square", "location", "L2")).build().reconcile();

    assertThat(all.rows()).singleElement().satisfies(r -> {
      assertThat(r.sourceRef()).isEqualTo(ExternalRef.of("square", "order", "GHOST"));
      assertThat(r.differences()).containsExactly(SalesDifference.NOT_IN_SOURCES);
      assertThat(r.sourceAmount()).isNull();
      assertThat(r.bookedAmount()).isEqualTo(Money.of("3.00", "USD"));
    });
    assertThat(all.summary().notFromSources()).isEqualTo(1);
    assertThat(scoped.rows()).isEmpty();
    assertThat(scoped.summary().outOfScope()).isEqualTo(1);
    assertThat(square.queries).last().satisfies(q -> assertThat(q.locations()).containsExactly("L2"));
  }

  @Test
  void anAmountWithinTheToleranceMatches() {
    Seeded s = new Seeded();

    SalesReconciliationReport report =
        reconciler(s.square, s.books).amountTolerance(new BigDecimal("0.01")).build().reconcile();

    assertThat(report.rows(SalesDifference.AMOUNT_DIFFERENT)).isEmpty();
  }

  @Test
  void theCorrectionIsADryRunThenBooksTheMissingSaleOnceUnderTheEngineKey() {
    Seeded s = new Seeded();
    SalesReconciliationReport report = reconciler(s.square, s.books).build().reconcile();

    SalesCorrectionPlan plan = report.correctionPlan();

    assertThat(plan.corrections()).extracting(SalesCorrection::sourceRef)
        .containsExactly(s.missed.ref().withVersion(null));
    assertThat(s.books.created).as("planning books nothing").isZero();
    SalesCorrectionResult first = plan.apply(s.books);
    assertThat(first).isEqualTo(new SalesCorrectionResult(1, 0, 0));
    assertThat(s.books.keys).containsExactly(SyncPipeline.idempotencyKey(s.missed, "quickbooks"));
    assertThat(s.books.bookedCount(s.missed.ref())).isEqualTo(1);

    SalesReconciliationReport second = reconciler(s.square, s.books).build().reconcile();
    assertThat(second.rows(SalesDifference.MISSING_IN_BOOKS)).isEmpty();
    assertThat(second.correctionPlan().isEmpty()).isTrue();
    assertThat(second.correctionPlan().apply(s.books)).isEqualTo(new SalesCorrectionResult(0, 0, 0));
    assertThat(plan.apply(s.books)).as("the same plan again").isEqualTo(new SalesCorrectionResult(0, 0, 1));
    assertThat(report.correctionPlan().apply(s.books)).as("a new plan from the old report replays")
        .isEqualTo(new SalesCorrectionResult(0, 1, 0));
    assertThat(s.books.bookedCount(s.missed.ref())).isEqualTo(1);
  }

  @Test
  void aCorrectionInterruptedByAFailureResumesWhereItStopped() {
    FakeSalesSource square = new FakeSalesSource("square");
    FakeBooks books = new FakeBooks("quickbooks");
    for (int i = 0; i < 4; i++) {
      square.sell(sale("M" + i, "1.00"));
    }
    square.refund(refund("RM", "M0", "1.00", "0.00"));
    SalesCorrectionPlan plan = reconciler(square, books).build().reconcile().correctionPlan();
    assertThat(plan.corrections()).extracting(SalesCorrection::document)
        .containsExactly(Document.SALE, Document.SALE, Document.SALE, Document.SALE, Document.REFUND);
    books.failOnCall = 2;

    assertThatThrownBy(() -> plan.apply(books)).isInstanceOf(VendorUnavailableException.class);
    assertThat(plan.remaining()).isEqualTo(3);
    SalesCorrectionResult resumed = plan.apply(books);

    assertThat(resumed).isEqualTo(new SalesCorrectionResult(3, 0, 2));
    assertThat(books.created).isEqualTo(5);
    assertThat(reconciler(square, books).build().reconcile().summary().balanced()).isTrue();
  }

  @Test
  void theEngineAndADirectCorrectionUseOneKeySoTheSaleIsBookedOnce() throws Exception {
    Seeded s = new Seeded();
    SalesCorrectionPlan plan = reconciler(s.square, s.books).build().reconcile().correctionPlan();
    try (Outbox outbox = Outbox.sqlite(dir.resolve("outbox.db"));
        SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).salesSink(s.books)
            .idlePoll(Duration.ofMillis(1), Duration.ofMillis(20)).build()) {
      SalesCorrectionResult queued = plan.apply(pipeline);
      assertThat(queued).isEqualTo(new SalesCorrectionResult(1, 0, 0));
      assertThat(plan.apply(pipeline)).isEqualTo(new SalesCorrectionResult(0, 0, 1));
      assertThat(reconciler(s.square, s.books).build().reconcile().correctionPlan().apply(pipeline))
          .as("not booked yet, but already in the outbox").isEqualTo(new SalesCorrectionResult(0, 1, 0));
      pipeline.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (s.books.created == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    assertThat(s.books.bookedCount(s.missed.ref())).isEqualTo(1);

    SalesCorrectionResult direct = new SalesCorrectionPlan("quickbooks", List.of(SalesCorrection.of(s.missed)))
        .apply(s.books);

    assertThat(direct).as("the engine's key: the sink replays").isEqualTo(new SalesCorrectionResult(0, 1, 0));
    assertThat(s.books.bookedCount(s.missed.ref())).isEqualTo(1);
    assertThat(reconciler(s.square, s.books).build().reconcile().rows(SalesDifference.MISSING_IN_BOOKS)).isEmpty();
  }

  @Test
  void theReportListsTheSourcesInTheOrderTheyWereAdded() {
    List<String> names = List.of("square", "shopify", "clover", "toast", "lightspeed", "vend",
        "revel", "epos");
    SalesReconciler.Builder b = SalesReconciler.builder().books(new FakeBooks("quickbooks"))
        .dates(DAY, DAY, ZoneOffset.UTC).clock(Clock.fixed(GENERATED, ZoneOffset.UTC));
    names.forEach(n -> b.source(new FakeSalesSource(n)));
    assertThat(b.build().reconcile().sources()).containsExactlyElementsOf(names);
  }

  @Test
  void invalidSettingsAreRejected() {
    FakeSalesSource square = new FakeSalesSource("square");
    FakeBooks books = new FakeBooks("quickbooks");
    assertThatThrownBy(() -> SalesReconciler.builder().books(books).dates(DAY, DAY, ZoneOffset.UTC).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("source");
    assertThatThrownBy(() -> SalesReconciler.builder().source(square).dates(DAY, DAY, ZoneOffset.UTC).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("books");
    assertThatThrownBy(() -> SalesReconciler.builder().source(square).books(books).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> SalesReconciler.builder().source(square).source(new FakeSalesSource("square")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SalesReconciler.builder().dates(DAY, DAY.minusDays(1), ZoneId.of("UTC")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SalesReconciler.builder().amountTolerance(new BigDecimal("-0.01")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reconciler(square, books).location(ExternalRef.of("shopify", "location", "1")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shopify");
    assertThatThrownBy(() -> SalesReconciler.builder().books(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SalesReconciler.builder().source(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SalesReconciler.builder().location(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SalesReconciler.builder().clock(null)).isInstanceOf(IllegalArgumentException.class);
    SalesCorrectionPlan empty = reconciler(square, books).build().reconcile().correctionPlan();
    assertThatThrownBy(() -> empty.apply((SyncPipeline) null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> empty.apply((FakeBooks) null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCorrectionNamesItsDocumentButNoAmountsOrCustomers() {
    Sale sale = sale("PII", "1.00").toBuilder().customer(ExternalRef.of("square", "customer", "C-jane"))
        .note("call Jane at 555-0100").build();
    assertThat(SalesCorrection.of(sale).toString()).contains("square/order/PII")
        .doesNotContain("555-0100").doesNotContain("C-jane").doesNotContain("1.00");
  }
}
