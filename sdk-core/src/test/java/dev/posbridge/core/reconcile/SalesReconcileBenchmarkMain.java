package dev.posbridge.core.reconcile;

import dev.posbridge.core.connect.BookedSalesReader;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSource;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Reconciles one generated day of {@code sales} sales against generated books, both produced page
 * by page (nothing holds the day), and prints heap figures; exits 1 unless exactly the seeded
 * differences are found: every 1,000th sale missing, every 997th booked twice, every 991st off by a
 * cent. Run in a child JVM with a small heap by {@link SalesReconcileBenchmarkIT}.
 * Argument: {@code [sales]} (default 100,000).
 */
public final class SalesReconcileBenchmarkMain {

  static final LocalDate DAY = LocalDate.of(2026, 12, 5);
  static final Instant OPEN = DAY.atTime(8, 0).toInstant(ZoneOffset.UTC);

  private SalesReconcileBenchmarkMain() {}

  static Sale sale(int k) {
    String amount = (1 + k % 90) + "." + String.format(Locale.ROOT, "%02d", k % 100);
    Instant at = OPEN.plusMillis(k * 300L);
    return Sale.builder().ref(ExternalRef.of("square", "order", "O" + k)).number("R-" + k)
        .createdAt(at).closedAt(at).version("1").currency(java.util.Currency.getInstance("USD"))
        .addLine(SaleLine.of("SKU-" + (k % 500), "Item", BigDecimal.ONE, Money.of(amount, "USD")))
        .deriveTotals().build();
  }

  static <T> PagedIterable<T> generated(int count, IntFunction<T> item) {
    return PagedIterable.of(cursor -> {
      int from = cursor == null ? 0 : Integer.parseInt(cursor);
      int to = Math.min(count, from + 500);
      List<T> page = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        T t = item.apply(i);
        if (t != null) {
          page.add(t);
        }
      }
      return new Page<>(page, to < count ? String.valueOf(to) : null);
    });
  }

  /** The books: each sale booked once, except the seeded faults. */
  static Sale booked(int i, int sales) {
    // documents 0..sales-1 are the sales; sales.. are the doubles
    int k = i < sales ? i : (i - sales) * 997;
    if (i < sales && k % 1000 == 0 && k > 0) {
      return null;
    }
    Sale s = sale(k);
    if (i < sales && k % 991 == 0 && k > 0) {
      s = s.toBuilder().totals(new dev.posbridge.core.model.Totals(s.totals().subtotal(), s.totals().discountTotal(),
          s.totals().taxTotal(), s.totals().tipTotal(), s.totals().chargeTotal(),
          s.totals().total().plus(Money.of("0.01", "USD")))).build();
    }
    return s.toBuilder().addRef(ExternalRef.of("books", "receipt", "D" + i)).build();
  }

  public static void main(String[] args) throws Exception {
    int sales = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int doubles = (sales - 1) / 997;   // k = 997, 1994, … below sales
    SalesSource source = new SalesSource() {
      @Override
      public PagedIterable<Sale> sales(SalesQuery query) {
        return query.field() == SalesQuery.TimeField.UPDATED ? generated(0, i -> null)
            : generated(sales, SalesReconcileBenchmarkMain::sale);
      }

      @Override
      public PagedIterable<Refund> refunds(SalesQuery query) {
        return generated(0, i -> null);
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
    };
    BookedSalesReader books = new BookedSalesReader() {
      @Override
      public PagedIterable<Sale> bookedSales(SalesQuery query) {
        return generated(sales + doubles, i -> booked(i < sales ? i : sales + (i - sales) + 1, sales));
      }

      @Override
      public PagedIterable<Refund> bookedRefunds(SalesQuery query) {
        return generated(0, i -> null);
      }

      @Override
      public Optional<Sale> bookedSale(ExternalRef sourceRef) {
        return Optional.empty();
      }

      @Override
      public Optional<Sale> bookedSaleByNumber(String documentNumber) {
        return Optional.empty();
      }

      @Override
      public Optional<Refund> bookedRefund(ExternalRef sourceRef) {
        return Optional.empty();
      }

      @Override
      public Optional<Refund> bookedRefundByNumber(String documentNumber) {
        return Optional.empty();
      }

      @Override
      public String system() {
        return "books";
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.BOOKED_SALES);
      }

      @Override
      public void close() {}
    };
    long t0 = System.nanoTime();
    SalesReconciliationReport report = SalesReconciler.builder().source(source).books(books)
        .dates(DAY, DAY, ZoneOffset.UTC).build().reconcile();
    long reconcileMs = (System.nanoTime() - t0) / 1_000_000;
    try (Writer w = Writer.nullWriter()) {
      report.write(ReportFormat.CSV, w);
      report.write(ReportFormat.JSON, w);
      report.write(ReportFormat.HTML, w);
    }
    System.gc();
    long retained = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    SalesReconciliationSummary s = report.summary();
    long expectMissing = (sales - 1) / 1000;
    long expectCent = 0;
    for (int k = 991; k < sales; k += 991) {
      if (k % 1000 != 0) {
        expectCent++;
      }
    }
    System.out.printf(Locale.ROOT, "RESULT sales=%d matched=%d missing=%d doubled=%d amount=%d differing=%d%n",
        s.sourceSales(), s.matched(), s.count(SalesDifference.MISSING_IN_BOOKS), s.count(SalesDifference.DOUBLED),
        s.count(SalesDifference.AMOUNT_DIFFERENT), s.differing());
    System.out.printf(Locale.ROOT, "TIME reconcileMs=%d%n", reconcileMs);
    System.out.printf(Locale.ROOT, "HEAP maxMb=%d poolPeakSumMb=%d retainedAfterGcMb=%d%n",
        Runtime.getRuntime().maxMemory() >> 20, peak >> 20, retained >> 20);
    long doubledFound = 0;
    for (int k = 997; k < sales; k += 997) {
      if (k % 1000 != 0) {
        doubledFound++;
      }
    }
    boolean ok = s.sourceSales() == sales && s.count(SalesDifference.MISSING_IN_BOOKS) == expectMissing
        && s.count(SalesDifference.DOUBLED) == doubledFound
        && s.count(SalesDifference.AMOUNT_DIFFERENT) == expectCent
        && report.correctionPlan().corrections().size() == expectMissing;
    System.out.println(ok ? "OK" : "MISMATCH");
    System.exit(ok ? 0 : 1);
  }
}
