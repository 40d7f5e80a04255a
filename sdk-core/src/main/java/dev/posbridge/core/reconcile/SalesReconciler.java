package dev.posbridge.core.reconcile;

import dev.posbridge.core.connect.BookedSalesReader;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSource;
import dev.posbridge.core.internal.sync.BuilderConfig;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundStatus;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleState;
import dev.posbridge.core.reconcile.SalesReconciliationRow.Document;
import dev.posbridge.core.spi.Checks;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares what the sources sold and refunded in a window with what the books hold, document by
 * document, joined on the source ref that the books keep with every document posbridge booked
 * (see {@link BookedSalesReader}).
 *
 * <p>{@link #reconcile()} first streams the books' documents of the window page by page into a
 * compact index (per source document: how many completed and voided documents, the first one's
 * total, tax, currency, version and refunded sale, the books' refs), then streams the sources'
 * sales and refunds and compares each with its entry; neither side's documents are held. Sales
 * cancelled, voided or deleted at the source are also read from the window's changes
 * ({@code UPDATED}), as a void may carry no closing time. A source
 * document without an entry is looked up once more by its ref ({@link
 * BookedSalesReader#bookedSale(ExternalRef)}), so one booked under a neighbouring date (a time zone
 * boundary) is not reported missing. Memory grows with the number of documents in the window and
 * the differences found, never with the history.
 *
 * <p>What is found: {@link SalesDifference}. Only differences are kept as rows; matching documents
 * are counted in the summary.
 *
 * <p>Windows: the books date documents by calendar date in their own time zone, so reconcile whole
 * days with {@link Builder#dates(LocalDate, LocalDate, ZoneId)} in the books' zone. Locations: the
 * books cannot be filtered by location, so with {@link Builder#location(ExternalRef)} booked
 * documents that match no source document are counted as out of scope instead of reported.
 *
 * <p>Immutable and thread-safe; each {@code reconcile()} reads afresh. Vendor failures propagate
 * as {@link dev.posbridge.core.PosbridgeException}s.
 *
 * <pre>{@code
 * SalesReconciliationReport report = SalesReconciler.builder()
 *     .source(square)
 *     .source(shopify)
 *     .books(quickbooks)
 *     .dates(LocalDate.of(2026, 12, 5), LocalDate.of(2026, 12, 5), ZoneId.of("America/New_York"))
 *     .build()
 *     .reconcile();
 * report.write(ReportFormat.HTML, Path.of("sales.html"));
 * SalesCorrectionPlan plan = report.correctionPlan();   // dry run: books nothing yet
 * plan.apply(pipeline);                                  // or plan.apply(quickbooks)
 * }</pre>
 */
public final class SalesReconciler {

  private static final Logger log = LoggerFactory.getLogger(SalesReconciler.class);

  /** The settings, frozen by {@link Builder#build()}. */
  private final Config config;

  private SalesReconciler(Config config) {
    this.config = config;
  }

  /**
   * Starts a builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the books and the sources of the window and compares them.
   *
   * @return the report
   * @throws dev.posbridge.core.PosbridgeException if a vendor call fails while reading
   */
  public SalesReconciliationReport reconcile() {
    Instant started = config.clock.instant();
    BookedSalesReader books = config.books();
    Instant from = config.from();
    Instant to = config.to();
    Run run = new Run();
    long t0 = System.nanoTime();
    SalesQuery bookQuery = new SalesQuery(config.field == SalesQuery.TimeField.UPDATED ? config.field
        : SalesQuery.TimeField.CLOSED, from, to, List.of(), false, null, config.pageSize);
    for (Sale s : books.bookedSales(bookQuery)) {
      run.indexBooked(run.bookedSales, booked(s), Document.SALE);
    }
    for (Refund r : books.bookedRefunds(bookQuery)) {
      run.indexBooked(run.bookedRefunds, booked(r), Document.REFUND);
    }
    log.debug("sales reconcile: indexed {} booked sales and {} booked refunds from {} in {} ms",
        run.bookedSales.size(), run.bookedRefunds.size(), books.system(),
        (System.nanoTime() - t0) / 1_000_000);
    for (SalesSource source : config.sources.values()) {
      SalesQuery q = query(source.system(), config.field).includingIncomplete();
      for (Sale sale : source.sales(q)) {
        run.compareSale(sale);
      }
    }
    if (config.field != SalesQuery.TimeField.UPDATED) {
      // A sale cancelled or voided at the source may have no closing time (or an old one): the
      // window's changes bring the voids that the closing window missed.
      for (SalesSource source : config.sources.values()) {
        SalesQuery q = query(source.system(), SalesQuery.TimeField.UPDATED).includingIncomplete();
        for (Sale sale : source.sales(q)) {
          if (sale.state().isVoid() && !run.voidsCompared.contains(key(sale.ref()))) {
            run.compareSale(sale);
          }
        }
      }
    }
    SalesQuery.TimeField refundField =
        config.field == SalesQuery.TimeField.CLOSED ? SalesQuery.TimeField.CREATED : config.field;
    for (SalesSource source : config.sources.values()) {
      for (Refund refund : source.refunds(query(source.system(), refundField))) {
        run.compareRefund(refund);
      }
    }
    run.leftovers(run.bookedSales, Document.SALE);
    run.leftovers(run.bookedRefunds, Document.REFUND);
    SalesReconciliationSummary summary = run.summary();
    if (!summary.balanced()) {
      log.info("sales reconcile {} .. {}: {} of {} source documents differ from {} ({})", from, to,
          summary.differing(), summary.compared(), books.system(), summary.byDifference());
    }
    return new SalesReconciliationReport(started, from, to, List.copyOf(config.sources.keySet()),
        books.system(), summary, run.rows, run.missing);
  }

  private SalesQuery query(String system, SalesQuery.TimeField f) {
    SalesQuery q = new SalesQuery(f, config.from(), config.to(), List.of(), true, null, config.pageSize);
    List<String> locs = config.locations.get(system);
    return locs == null ? q : q.atLocations(locs);
  }

  private static String key(ExternalRef ref) {
    return ref.system() + "/" + ref.type() + "/" + ref.id();
  }

  /** What the books hold for one source document. */
  private static final class Booked {
    int completed;
    int voided;
    @Nullable Money amount;
    @Nullable Money tax;
    @Nullable String version;
    @Nullable ExternalRef originalSale;
    @Nullable String number;
    @Nullable Instant date;
    final List<ExternalRef> refs = new ArrayList<>(1);
    boolean seen;
  }

  /** One document of the books, as read. */
  private record BookedDoc(ExternalRef ref, boolean completed, Money amount, Money tax,
      @Nullable String version, @Nullable ExternalRef originalSale, @Nullable ExternalRef own,
      @Nullable String number, Instant date) {}

  private BookedDoc booked(Sale s) {
    return new BookedDoc(s.ref(), s.state() == SaleState.COMPLETED, s.totals().total(), s.totals().taxTotal(),
        s.version(), null, s.refIn(config.books().system()).orElse(null), s.number(),
        s.closedAt() != null ? s.closedAt() : s.createdAt());
  }

  private BookedDoc booked(Refund r) {
    return new BookedDoc(r.ref(), r.status() == RefundStatus.COMPLETED, r.amount(), r.taxAmount(), null,
        r.originalSale(), r.refIn(config.books().system()).orElse(null), r.number(), r.createdAt());
  }

  /** The state of one reconcile() call. */
  private final class Run {
    final Map<String, Booked> bookedSales = new HashMap<>();
    final Map<String, Booked> bookedRefunds = new HashMap<>();
    final Map<String, Boolean> saleBookedCache = new HashMap<>();
    final Set<String> voidsCompared = new java.util.HashSet<>();
    final List<SalesReconciliationRow> rows = new ArrayList<>();
    final Map<ExternalRef, Object> missing = new LinkedHashMap<>();
    final Map<String, BigDecimal> sourceNet = new HashMap<>();
    final Map<String, BigDecimal> bookedNet = new HashMap<>();
    final Map<SalesDifference, Long> counts = new EnumMap<>(SalesDifference.class);
    long sourceSales;
    long sourceRefunds;
    long voidedAtSource;
    long bookedSaleDocs;
    long bookedRefundDocs;
    long matched;
    long notFromSources;
    long outOfScope;

    void indexBooked(Map<String, Booked> index, BookedDoc doc, Document document) {
      if (!config.sources.containsKey(doc.ref().system())) {
        notFromSources++;
        return;
      }
      Booked b = index.computeIfAbsent(key(doc.ref()), k -> new Booked());
      add(b, doc);
      if (doc.completed()) {
        if (document == Document.SALE) {
          bookedSaleDocs++;
          net(bookedNet, doc.amount(), false);
        } else {
          bookedRefundDocs++;
          net(bookedNet, doc.amount(), true);
        }
      }
    }

    void add(Booked b, BookedDoc doc) {
      if (doc.completed()) {
        b.completed++;
        if (b.completed == 1) {
          b.amount = doc.amount();
          b.tax = doc.tax();
          b.version = doc.version();
          b.originalSale = doc.originalSale();
        }
      } else {
        b.voided++;
      }
      if (b.number == null) {
        b.number = doc.number();
        b.date = doc.date();
      }
      ExternalRef own = doc.own();
      if (own != null && b.refs.size() < 20) {
        b.refs.add(own);
      }
    }

    void compareSale(Sale sale) {
      if (sale.state() == SaleState.OPEN) {
        return;
      }
      String k = key(sale.ref());
      Booked b = seen(bookedSales.get(k),
          () -> lookUp(config.books().bookedSale(sale.ref().withVersion(null)).map(SalesReconciler.this::booked),
              bookedSales, sale.ref()));
      EnumSet<SalesDifference> d = EnumSet.noneOf(SalesDifference.class);
      Instant date = sale.closedAt() != null ? sale.closedAt() : sale.createdAt();
      if (sale.state().isVoid()) {
        voidsCompared.add(k);
        voidedAtSource++;
        if (b != null && b.completed > 0) {
          d.add(SalesDifference.NOT_VOIDED_IN_BOOKS);
        }
        finish(Document.SALE, sale.ref(), sale.number(), date, null, sale.version(), b, d);
        return;
      }
      sourceSales++;
      Money total = sale.totals().total();
      net(sourceNet, total, false);
      if (b == null || (b.completed == 0 && b.voided == 0)) {
        d.add(SalesDifference.MISSING_IN_BOOKS);
        missing.put(sale.ref().withVersion(null), sale);
      } else {
        compare(b, total, sale.totals().taxTotal(), d);
        if (b.completed > 0 && sale.version() != null && b.version != null
            && !sale.version().equals(b.version)) {
          d.add(SalesDifference.VERSION_DIFFERENT);
        }
      }
      finish(Document.SALE, sale.ref(), sale.number(), date, total, sale.version(), b, d);
    }

    void compareRefund(Refund refund) {
      if (refund.status() != RefundStatus.COMPLETED) {
        return;
      }
      sourceRefunds++;
      String k = key(refund.ref());
      Booked b = seen(bookedRefunds.get(k),
          () -> lookUp(config.books().bookedRefund(refund.ref().withVersion(null)).map(SalesReconciler.this::booked),
              bookedRefunds, refund.ref()));
      EnumSet<SalesDifference> d = EnumSet.noneOf(SalesDifference.class);
      net(sourceNet, refund.amount(), true);
      if (b == null || (b.completed == 0 && b.voided == 0)) {
        d.add(SalesDifference.MISSING_IN_BOOKS);
        missing.put(refund.ref().withVersion(null), refund);
      } else {
        compare(b, refund.amount(), refund.taxAmount(), d);
        ExternalRef sold = refund.originalSale();
        if (b.completed > 0 && sold != null && b.originalSale != null && !sold.sameObject(b.originalSale)) {
          d.add(SalesDifference.REFUND_SALE_DIFFERENT);
        }
      }
      ExternalRef sold = refund.originalSale();
      if (sold != null && !saleBooked(sold)) {
        d.add(SalesDifference.REFUND_SALE_NOT_BOOKED);
      }
      finish(Document.REFUND, refund.ref(), refund.number(), refund.createdAt(), refund.amount(),
          null, b, d);
    }

    private void compare(Booked b, Money amount, Money tax, EnumSet<SalesDifference> d) {
      if (b.completed == 0) {
        d.add(SalesDifference.VOIDED_IN_BOOKS);
        return;
      }
      if (b.completed > 1) {
        d.add(SalesDifference.DOUBLED);
      }
      Money booked = Objects.requireNonNull(b.amount);
      if (!booked.currency().equals(amount.currency())) {
        d.add(SalesDifference.CURRENCY_DIFFERENT);
        return;
      }
      if (booked.amount().subtract(amount.amount()).abs().compareTo(config.tolerance) > 0) {
        d.add(SalesDifference.AMOUNT_DIFFERENT);
      }
      Money bookedTax = b.tax;
      if (bookedTax != null && bookedTax.currency().equals(tax.currency())
          && bookedTax.amount().subtract(tax.amount()).abs().compareTo(config.tolerance) > 0) {
        d.add(SalesDifference.TAX_DIFFERENT);
      }
    }

    private boolean saleBooked(ExternalRef sale) {
      String k = key(sale);
      Booked b = bookedSales.get(k);
      if (b != null) {
        return b.completed > 0;
      }
      if (missing.containsKey(sale.withVersion(null))) {
        return false;
      }
      return saleBookedCache.computeIfAbsent(k, x -> config.books().bookedSale(sale.withVersion(null))
          .map(s -> s.state() == SaleState.COMPLETED).orElse(false));
    }

    /** The booked document already read, now marked seen; else the one {@code lookUp} finds. */
    private @Nullable Booked seen(@Nullable Booked read, Supplier<@Nullable Booked> lookUp) {
      if (read == null) {
        return lookUp.get();
      }
      read.seen = true;
      return read;
    }

    /** The document the books hold under {@code ref}, read on its own, now in the index. */
    private @Nullable Booked lookUp(Optional<BookedDoc> found, Map<String, Booked> index, ExternalRef ref) {
      if (found.isEmpty()) {
        return null;
      }
      Booked b = new Booked();
      b.seen = true;
      add(b, found.get());
      index.put(key(ref), b);
      return b;
    }

    private void finish(Document document, ExternalRef ref, @Nullable String number,
        @Nullable Instant date, @Nullable Money amount, @Nullable String version, @Nullable Booked b,
        Set<SalesDifference> d) {
      if (d.isEmpty()) {
        matched++;
        return;
      }
      for (SalesDifference x : d) {
        counts.merge(x, 1L, Long::sum);
      }
      rows.add(new SalesReconciliationRow(document, ref, number != null ? number : b == null ? null : b.number,
          date, amount, b == null ? null : b.amount, version, b == null ? null : b.version,
          b == null ? 0 : b.completed, b == null ? List.of() : b.refs, List.copyOf(d)));
    }

    void leftovers(Map<String, Booked> index, Document document) {
      for (Map.Entry<String, Booked> e : index.entrySet()) {
        Booked b = e.getValue();
        if (b.seen || b.completed == 0) {
          continue;
        }
        if (!config.locations.isEmpty()) {
          outOfScope++;
          continue;
        }
        String[] parts = e.getKey().split("/", 3);
        ExternalRef ref = ExternalRef.of(parts[0], parts[1], parts[2]);
        EnumSet<SalesDifference> d = EnumSet.of(SalesDifference.NOT_IN_SOURCES);
        if (b.completed > 1) {
          d.add(SalesDifference.DOUBLED);
        }
        finish(document, ref, null, b.date, null, null, b, d);
      }
    }

    private void net(Map<String, BigDecimal> into, Money amount, boolean refund) {
      into.merge(amount.currency().getCurrencyCode(),
          refund ? amount.amount().negate() : amount.amount(), BigDecimal::add);
    }

    SalesReconciliationSummary summary() {
      return new SalesReconciliationSummary(sourceSales, sourceRefunds, voidedAtSource, bookedSaleDocs,
          bookedRefundDocs, matched, rows.size(), counts, sourceNet, bookedNet, notFromSources, outOfScope);
    }
  }

  @Override
  public String toString() {
    return "SalesReconciler[sources=" + config.sources.keySet() + ", books=" + config.books().system() + ", window="
        + config.from() + ".." + config.to() + "]";
  }

  /** Builds a {@link SalesReconciler}; validates eagerly. Not thread-safe. */
  public static final class Builder {
    private final Config config = new Config();

    private Builder() {}

    /**
     * Adds a source whose sales and refunds should be in the books, e.g. Square or Shopify. Its
     * {@link SalesSource#system()} is the system of the source refs the books carry.
     *
     * @param source the source
     * @return this builder
     * @throws IllegalArgumentException if a source of the same system was added
     */
    public Builder source(SalesSource source) {
      if (source == null) {
        throw new IllegalArgumentException("source must not be null");
      }
      if (config.sources.putIfAbsent(source.system(), source) != null) {
        throw new IllegalArgumentException("a source for " + source.system() + " was already added");
      }
      return this;
    }

    /**
     * Sets the books to compare with, e.g. QuickBooks or NetSuite. Required.
     *
     * @param reader the books' read-back side
     * @return this builder
     */
    public Builder books(BookedSalesReader reader) {
      config.books = require(reader, "books");
      return this;
    }

    /**
     * Sets the window: the sources' sales closed (refunds created) in it, the books' documents
     * dated in it. Required, or {@link #dates}.
     *
     * @param start inclusive
     * @param end exclusive
     * @return this builder
     * @throws IllegalArgumentException if the window is empty or inverted
     */
    public Builder window(Instant start, Instant end) {
      if (start == null || end == null || !start.isBefore(end)) {
        throw new IllegalArgumentException("the window must start before it ends: " + start + " .. " + end);
      }
      config.from = start;
      config.to = end;
      return this;
    }

    /**
     * Sets the window to whole days in a time zone: use the books' zone, in which they date their
     * documents.
     *
     * @param first the first day
     * @param last the last day, inclusive
     * @param zone the books' time zone
     * @return this builder
     * @throws IllegalArgumentException if {@code last} is before {@code first}
     */
    public Builder dates(LocalDate first, LocalDate last, ZoneId zone) {
      if (first == null || last == null || zone == null || last.isBefore(first)) {
        throw new IllegalArgumentException("invalid dates: " + first + " .. " + last + " in " + zone);
      }
      return window(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /**
     * Restricts a source to one of its locations; call again for more. Booked documents that match
     * no source document are then counted as out of scope, not reported.
     *
     * @param location the source's location ref, e.g. {@code square/location/L1}
     * @return this builder
     */
    public Builder location(ExternalRef location) {
      require(location, "location");
      config.locations.computeIfAbsent(location.system(), k -> new ArrayList<>()).add(location.id());
      return this;
    }

    /**
     * Sets which source timestamp the window applies to. Default {@code CLOSED}: the books date
     * a sale by when it was completed.
     *
     * @param value {@code CLOSED}, {@code CREATED} or {@code UPDATED}
     * @return this builder
     */
    public Builder timeField(SalesQuery.TimeField value) {
      config.field = require(value, "timeField");
      return this;
    }

    /**
     * Sets the largest amount difference that still matches, in the document's currency. Default
     * zero: amounts must be equal to the cent.
     *
     * @param value zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder amountTolerance(BigDecimal value) {
      if (value == null || value.signum() < 0) {
        throw new IllegalArgumentException("amountTolerance must be zero or more: " + value);
      }
      config.tolerance = value;
      return this;
    }

    /**
     * Sets the clock that stamps the report. Default: system UTC clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      config.clock = require(value, "clock");
      return this;
    }

    /**
     * Sets the page size asked of every system. Default 0: each connector's own.
     *
     * @param value zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder pageSize(int value) {
      config.pageSize = Checks.atLeast(value, 0, "pageSize");
      return this;
    }

    private static <T> T require(@Nullable T value, String what) {
      if (value == null) {
        throw new IllegalArgumentException(what + " must not be null");
      }
      return value;
    }

    /**
     * Builds the reconciler.
     *
     * @return the reconciler
     * @throws IllegalStateException if there is no source, no books or no window, or a location
     *     names a system without a source
     */
    public SalesReconciler build() {
      if (config.sources.isEmpty()) {
        throw new IllegalStateException("a sales reconciliation needs at least one source");
      }
      if (config.books == null) {
        throw new IllegalStateException("books are required");
      }
      if (config.from == null || config.to == null) {
        throw new IllegalStateException("a window is required: window(…) or dates(…)");
      }
      for (String system : config.locations.keySet()) {
        if (!config.sources.containsKey(system)) {
          throw new IllegalStateException("location of " + system + " but no source for it; sources: "
              + config.sources.keySet());
        }
      }
      return new SalesReconciler(config.frozen());
    }
  }

  /**
   * The settings of one sales reconciler, with their defaults: filled by the {@link Builder}, and
   * copied by {@link Builder#build()} into the reconciler, which never changes its copy.
   */
  private static final class Config extends BuilderConfig {
    private Map<String, SalesSource> sources = new LinkedHashMap<>();
    private Map<String, List<String>> locations = new LinkedHashMap<>();
    private @Nullable BookedSalesReader books;
    private @Nullable Instant from;
    private @Nullable Instant to;
    private SalesQuery.TimeField field = SalesQuery.TimeField.CLOSED;
    private BigDecimal tolerance = BigDecimal.ZERO;
    private Clock clock = Clock.systemUTC();
    private int pageSize;

    /** The books; set in every built reconciler ({@link Builder#build()} checks it). */
    BookedSalesReader books() {
      return Objects.requireNonNull(books);
    }

    /** The window's start; set in every built reconciler. */
    Instant from() {
      return Objects.requireNonNull(from);
    }

    /** The window's end; set in every built reconciler. */
    Instant to() {
      return Objects.requireNonNull(to);
    }

    /**
     * A copy that the builder no longer writes to, its maps and lists immutable; the sources keep
     * the order they were added in (the order the report lists and reads them).
     */
    Config frozen() {
      Config copy = (Config) shallowCopy();
      copy.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
      Map<String, List<String>> locs = new LinkedHashMap<>();
      locations.forEach((k, v) -> locs.put(k, List.copyOf(v)));
      copy.locations = Collections.unmodifiableMap(locs);
      return copy;
    }
  }
}
