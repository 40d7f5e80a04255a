package dev.posbridge.examples;

import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.connect.BookedSalesReader;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSource;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExchangeRate;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.reconcile.Reconciler;
import dev.posbridge.core.reconcile.ReconciliationReport;
import dev.posbridge.core.reconcile.ReportFormat;
import dev.posbridge.core.reconcile.SalesCorrectionResult;
import dev.posbridge.core.reconcile.SalesDifference;
import dev.posbridge.core.reconcile.SalesReconciler;
import dev.posbridge.core.reconcile.SalesReconciliationReport;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.OutboxStatus;
import dev.posbridge.core.sync.SaleTransformer;
import dev.posbridge.core.sync.SourcePoller;
import dev.posbridge.core.sync.SyncAction;
import dev.posbridge.core.sync.SyncListener;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.netsuite.NetSuiteAuth;
import dev.posbridge.netsuite.NetSuiteConnector;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.quickbooks.QuickBooksRateLimits;
import dev.posbridge.shopify.ShopifyAuth;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.VendorSimulator;
import dev.posbridge.testing.netsuite.NetSuiteSimulator;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The one-command demo: a retail day across four vendors, on the in-process simulators.
 *
 * <p>It starts the Square, Shopify, QuickBooks Online and NetSuite simulators in-process, seeds a
 * catalog, stock at every store and some customers, plays a day of in-store sales (Square) and
 * online sales (Shopify, fulfilled from a store) and a few refunds, then runs the sync engine: a
 * {@link SyncPipeline} on an embedded SQLite outbox, fed by a {@link SourcePoller} per channel.
 * Every sale becomes a QuickBooks sales receipt and a NetSuite cash sale, stock moves in the other
 * sales channel, customers are upserted into the books. Finally it reconciles stock across Square,
 * Shopify and NetSuite, corrects the drift from NetSuite (the system of record) and writes the
 * HTML report. It prints progress and ends with a summary table.
 *
 * <p>The books are reconciled with the sales too ({@link SalesReconciler}): with the engine, one
 * in-store sale is uploaded late, after the poll, and its webhook is lost; the sales reconciliation
 * finds it missing in the books and its correction books it through the engine. Then the day goes
 * on in the books: a price amendment and a void at Square, a refund and an exchange at Shopify and
 * a sale in Canadian dollars at a CAD till (booked with its exchange rate), all through the engine;
 * the demo ends with a sales reconciliation that shows zero differences and writes it as
 * {@code sales-reconciliation.html}.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java                                     # defaults
 * mvn -B -q -pl examples -am compile exec:java -Dexec.args="--sales 500 --faults"
 * mvn -B -q -pl examples -am compile exec:java -Dexec.args="--preset apparel-40"
 * </pre>
 *
 * <p>Options: {@code --sales N} (default 200), {@code --stores N} (default 2), {@code --skus N}
 * (default 24), {@code --drift PCT} (share of SKU × store counts that start in disagreement,
 * default 5), {@code --faults} (a NetSuite outage in the middle of the sync),
 * {@code --preset apparel-40} (40 stores, 60 SKUs, 12% drift, 1,500 sales), {@code --out DIR}
 * (default {@code target/posbridge-demo}), {@code --seed N}, {@code --point-to-point} (call the
 * connectors directly instead of running the engine), {@code --quiet}.
 *
 * <p>Real sandboxes instead of simulators: set {@code POSBRIDGE_QBO_REALM_ID},
 * {@code POSBRIDGE_QBO_TOKEN} and {@code POSBRIDGE_QBO_DEPOSIT_ACCOUNT} to book into a
 * QuickBooks sandbox company, or {@code POSBRIDGE_NETSUITE_ACCOUNT},
 * {@code POSBRIDGE_NETSUITE_TOKEN} (an OAuth 2.0 access token), {@code POSBRIDGE_NETSUITE_SUBSIDIARY},
 * {@code POSBRIDGE_NETSUITE_CUSTOMER} and {@code POSBRIDGE_NETSUITE_LOCATION} for a NetSuite
 * sandbox. The sandbox must carry the demo's SKUs as items (e.g. {@code TEE-BLK-S}); its documents
 * are not counted in the summary, and without the simulated NetSuite, stock is reconciled between
 * Square and Shopify with Square as the record. Square and Shopify are always the simulators: the
 * demo plays the day into them.
 */
public final class Demo {

  private static final String REALM = "9130357766900456";
  private static final int OUTAGE_REQUESTS = 8;
  /** Whether QuickBooks is a real sandbox company (environment variables), not the simulator. */
  private static final boolean REAL_QUICKBOOKS = System.getenv("POSBRIDGE_QBO_TOKEN") != null;
  /** Whether NetSuite is a real sandbox account (environment variables), not the simulator. */
  private static final boolean REAL_NETSUITE = System.getenv("POSBRIDGE_NETSUITE_TOKEN") != null;
  private static final String[] PRODUCTS = {"TEE", "HOODIE", "JEANS", "CAP", "SOCKS", "JACKET", "POLO",
      "DRESS", "SKIRT", "SCARF", "BEANIE", "SHORTS"};
  private static final String[] COLOURS = {"BLK", "WHT", "NVY", "RED", "GRN"};
  private static final String[] SIZES = {"S", "M", "L"};
  private static final String[] FIRST = {"Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Ken",
      "Frances", "Dennis", "Radia"};
  private static final String[] LAST = {"Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov",
      "Thompson", "Allen", "Ritchie", "Perlman"};

  private Demo() {}

  /**
   * The demo's settings.
   *
   * @param sales how many sales to play
   * @param stores how many stores
   * @param skus how many SKUs
   * @param driftPercent the share of SKU × store counts seeded in disagreement, in percent
   * @param faults whether to inject a NetSuite outage mid-run
   * @param out the output directory
   * @param seed the random seed
   * @param quiet whether to suppress progress lines (the summary is still printed)
   * @param pointToPoint whether to call the connectors directly instead of running the sync engine
   */
  public record Options(int sales, int stores, int skus, double driftPercent, boolean faults, Path out,
      long seed, boolean quiet, boolean pointToPoint) {

    /**
     * Validates the settings.
     *
     * @param sales sales
     * @param stores stores
     * @param skus SKUs
     * @param driftPercent drift
     * @param faults faults
     * @param out output directory
     * @param seed seed
     * @param quiet quiet
     * @param pointToPoint point to point instead of the engine
     */
    public Options {
      if (sales < 0 || stores < 1 || skus < 1 || skus > PRODUCTS.length * COLOURS.length * SIZES.length
          || driftPercent < 0 || driftPercent > 100) {
        throw new IllegalArgumentException("need sales >= 0, stores >= 1, 1 <= skus <= 180, 0 <= drift <= 100");
      }
    }

    /**
     * Parses command-line options.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException for an unknown or malformed option
     */
    public static Options parse(String... args) {
      int sales = 200;
      int stores = 2;
      int skus = 24;
      double drift = 5;
      boolean faults = false;
      Path out = Path.of("target", "posbridge-demo");
      long seed = 42;
      boolean quiet = false;
      boolean pointToPoint = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--sales" -> sales = Integer.parseInt(value(args, ++i, a));
          case "--stores" -> stores = Integer.parseInt(value(args, ++i, a));
          case "--skus" -> skus = Integer.parseInt(value(args, ++i, a));
          case "--drift" -> drift = Double.parseDouble(value(args, ++i, a));
          case "--faults" -> faults = true;
          case "--out" -> out = Path.of(value(args, ++i, a));
          case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
          case "--quiet" -> quiet = true;
          case "--point-to-point" -> pointToPoint = true;
          case "--preset" -> {
            String preset = value(args, ++i, a);
            if (!preset.equals("apparel-40")) {
              throw new IllegalArgumentException("unknown preset " + preset + " (known: apparel-40)");
            }
            stores = 40;
            skus = 60;
            drift = 12;
            sales = 1500;
          }
          default -> throw new IllegalArgumentException("unknown option " + a
              + "; options: --sales N --stores N --skus N --drift PCT --faults --preset apparel-40 --out DIR --seed N --point-to-point --quiet");
        }
      }
      return new Options(sales, stores, skus, drift, faults, out, seed, quiet, pointToPoint);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }

  /**
   * What the demo did.
   *
   * @param salesPlayed sales played at the POS
   * @param refundsPlayed refunds played
   * @param salesBooked sales booked per accounting/ERP system
   * @param duplicateBookings documents a system applied more than once for one idempotency key (0)
   * @param apiCalls HTTP requests each simulator answered
   * @param retries requests that hit an injected fault (and were retried)
   * @param rateBefore discrepancy rate before the sync
   * @param rateAfterSync discrepancy rate after the day's sync
   * @param rateAfterCorrection discrepancy rate after the correction
   * @param report the HTML report
   * @param elapsed how long it took
   * @param salesMissingFound sales the first sales reconciliation found missing in the books (the
   *     late upload whose webhook was lost, with the engine; none point to point)
   * @param salesBookedByCorrection documents the sales correction booked
   * @param changesPlayed later changes played through the engine, by name: {@code amendment},
   *     {@code void}, {@code refund}, {@code exchange} (a refund and a new sale),
   *     {@code foreign-currency sale}; not counted in {@code salesPlayed} and {@code refundsPlayed};
   *     empty point to point
   * @param salesDifferencesAtEnd differing documents in the final sales reconciliation, over every
   *     book that can be read back (0)
   * @param salesReport the final sales reconciliation as HTML
   */
  public record Result(int salesPlayed, int refundsPlayed, Map<String, Integer> salesBooked, int duplicateBookings,
      Map<String, Long> apiCalls, long retries, double rateBefore, double rateAfterSync,
      double rateAfterCorrection, Path report, Duration elapsed, long salesMissingFound,
      int salesBookedByCorrection, List<String> changesPlayed, long salesDifferencesAtEnd, Path salesReport) {}

  /**
   * Runs the demo with command-line options and prints its progress and summary.
   *
   * @param args the options, see the class documentation
   */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    run(options, System.out);
  }

  /**
   * Runs the demo.
   *
   * @param o the options
   * @param out where progress and the summary go
   * @return what happened
   */
  public static Result run(Options o, PrintStream out) {
    long started = System.nanoTime();
    Progress progress = new Progress(out, started, o.quiet());
    try (World w = new World(o, progress)) {
      w.seed();
      ReconciliationReport before = w.reconciler().reconcile();
      progress.line("stock before the day: %s", rate(before));
      w.playDay();
      w.syncDay();
      if (o.pointToPoint()) {
        w.reconcileSales(null);
      }
      ReconciliationReport afterSync = w.reconciler().reconcile();
      progress.line("stock after the day's sync: %s", rate(afterSync));
      int corrected = afterSync.correctionPlan().apply().applied();
      ReconciliationReport afterCorrection = w.reconciler().reconcile();
      progress.line("corrected %d counts from %s (system of record): %s", corrected,
          REAL_NETSUITE ? "Square" : "NetSuite", rate(afterCorrection));
      Path report = o.out().toAbsolutePath().resolve("stock-reconciliation.html");
      try {
        Files.createDirectories(report.getParent());
        afterSync.write(ReportFormat.HTML, report);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!o.pointToPoint()) {
        w.playChanges();
      }
      Path salesReport = o.out().toAbsolutePath().resolve("sales-reconciliation.html");
      long differencesAtEnd = w.finalSalesReconciliation(salesReport);
      Result result = new Result(w.salesPlayed, w.refundsPlayed, w.booked(), w.duplicates(), w.apiCalls(), w.retries(),
          before.summary().discrepancyRate(), afterSync.summary().discrepancyRate(),
          afterCorrection.summary().discrepancyRate(), report, Duration.ofNanos(System.nanoTime() - started),
          w.salesMissingFound, w.salesBookedByCorrection, List.copyOf(w.changesPlayed), differencesAtEnd,
          salesReport);
      printSummary(out, result);
      return result;
    }
  }

  private static String rate(ReconciliationReport r) {
    return String.format(Locale.ROOT, "%d of %d SKU x store counts disagree (%.1f%%)",
        r.summary().discrepancies(), r.summary().compared(), 100 * r.summary().discrepancyRate());
  }

  private static void printSummary(PrintStream out, Result r) {
    out.println();
    out.println("+----------------------------------+---------------+");
    out.printf(Locale.ROOT, "| %-32s | %13s |%n", "posbridge demo", "");
    out.println("+----------------------------------+---------------+");
    row(out, "sales played (Square + Shopify)", String.valueOf(r.salesPlayed()));
    row(out, "refunds played", String.valueOf(r.refundsPlayed()));
    r.salesBooked().forEach((k, v) -> row(out, k, String.valueOf(v)));
    row(out, "documents booked twice", String.valueOf(r.duplicateBookings()));
    r.apiCalls().forEach((k, v) -> row(out, "API calls to " + k, String.valueOf(v)));
    row(out, "requests retried (faults)", String.valueOf(r.retries()));
    row(out, "discrepancy rate before", pct(r.rateBefore()));
    row(out, "after the day's sync", pct(r.rateAfterSync()));
    row(out, "after reconciliation", pct(r.rateAfterCorrection()));
    row(out, "sales missing in the books", String.valueOf(r.salesMissingFound()));
    row(out, "booked by the sales correction", String.valueOf(r.salesBookedByCorrection()));
    row(out, "later changes booked", String.valueOf(r.changesPlayed().size()));
    row(out, "sales differences at the end", String.valueOf(r.salesDifferencesAtEnd()));
    row(out, "time", String.format(Locale.ROOT, "%.1f s", r.elapsed().toMillis() / 1000.0));
    out.println("+----------------------------------+---------------+");
    out.println("Report: " + r.report());
    out.println("Sales report: " + r.salesReport());
  }

  private static void row(PrintStream out, String label, String value) {
    out.printf(Locale.ROOT, "| %-32s | %13s |%n", label, value);
  }

  private static String pct(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * rate);
  }

  /** Timestamped progress lines. */
  record Progress(PrintStream out, long started, boolean quiet) {
    void line(String format, Object... args) {
      if (!quiet) {
        out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, String.format(Locale.ROOT, format, args));
      }
    }
  }

  /** One store: its id in each system. */
  private record Store(String canonical, String name, String square, String shopify, String netsuite) {}

  /** One catalog entry. */
  private record Sku(String sku, String name, long priceCents, String squareVariation, String shopifyItem,
      String netsuiteItem) {}

  /** The simulators, connectors and seeded data of one run. */
  static final class World implements AutoCloseable {
    final Options o;
    final Progress progress;
    final Random random;
    final LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    final SquareSimulator squareSim;
    final ShopifySimulator shopifySim;
    final QuickBooksSimulator qboSim;
    final NetSuiteSimulator netsuiteSim;
    final IdMap idMap = IdMap.inMemory();
    final List<Store> stores = new ArrayList<>();
    final List<Sku> skus = new ArrayList<>();
    final List<String> squareCustomers = new ArrayList<>();
    final List<String> shopifyCustomers = new ArrayList<>();
    final List<String> shopifyOrders = new ArrayList<>();
    @Nullable SquareConnector square;
    @Nullable ShopifyConnector shopify;
    @Nullable QuickBooksConnector qbo;
    @Nullable NetSuiteConnector netsuite;
    int salesPlayed;
    int refundsPlayed;
    Instant refundsFrom = Instant.now();
    /** The in-store sale uploaded late (after the poll) whose webhook is lost; engine only. */
    @Nullable String heldBackOrder;
    /** Square orders played, by id: the JSON they were seeded with, for later changes. */
    final Map<String, String> squareOrders = new LinkedHashMap<>();
    long salesMissingFound;
    int salesBookedByCorrection;
    final List<String> changesPlayed = new ArrayList<>();
    @Nullable String cadTill;

    World(Options o, Progress progress) {
      this.o = o;
      this.progress = progress;
      this.random = new Random(o.seed());
      SimulatorConfig config = SimulatorConfig.builder().journalCapacity(1_000).build();
      this.squareSim = SquareSimulator.start(config);
      this.shopifySim = ShopifySimulator.start(config);
      if (Boolean.getBoolean("posbridge.demo.shopifyPlus")) {
        // Tests only: a Shopify Plus-sized query-cost budget, so a test of the demo does not spend
        // minutes waiting for a standard plan's bucket to refill. The demo itself runs at the
        // simulator's default (standard plan) budget.
        shopifySim.throttle(20_000, 1_000);
      }
      this.qboSim = QuickBooksSimulator.start(config);
      this.netsuiteSim = NetSuiteSimulator.start(config).concurrencyLimit(10);
      progress.line("started simulators: Square %s, Shopify %s, QuickBooks %s, NetSuite %s", squareSim.baseUrl(),
          shopifySim.baseUrl(), qboSim.baseUrl(), netsuiteSim.baseUrl());
    }

    // ------------------------------------------------------------------------------ seeding

    void seed() {
      qboSim.seedRealm(REALM);
      qboSim.throttling(false);   // QBO allows 10 requests/s per realm; the demo runs faster than that
      shopifySim.shopCurrency("USD");
      for (int i = 0; i < o.skus(); i++) {
        String product = PRODUCTS[i / (COLOURS.length * SIZES.length) % PRODUCTS.length];
        String colour = COLOURS[i / SIZES.length % COLOURS.length];
        String size = SIZES[i % SIZES.length];
        String sku = product + "-" + colour + "-" + size;
        String name = product.charAt(0) + product.substring(1).toLowerCase(Locale.ROOT) + " " + colour + " " + size;
        long price = 1500 + 500L * (i / (COLOURS.length * SIZES.length));
        Sku s = new Sku(sku, name, price, squareSim.seedItem(name, sku, price, "USD"),
            shopifySim.seedItem(sku, name, BigDecimal.valueOf(price).movePointLeft(2).toPlainString()).inventoryItemId(),
            netsuiteSim.seedItem(sku, name, null));
        skus.add(s);
        idMap.put(IdMap.Kind.SKU, sku, ExternalRef.of(ExternalRef.SQUARE, "item_variation", s.squareVariation()));
        idMap.put(IdMap.Kind.SKU, sku, ExternalRef.of(ExternalRef.SHOPIFY, "inventory_item", s.shopifyItem()));
        idMap.put(IdMap.Kind.SKU, sku, ExternalRef.of(ExternalRef.NETSUITE, "item", s.netsuiteItem()));
      }
      for (int i = 1; i <= o.stores(); i++) {
        String name = String.format(Locale.ROOT, "Store %02d", i);
        // Store 01 is the Shopify shop's default location, where new items are stocked.
        Store st = new Store(String.format(Locale.ROOT, "store-%02d", i), name,
            squareSim.seedLocation(name, "USD", "UTC"),
            i == 1 ? ShopifySimulator.DEFAULT_LOCATION : shopifySim.seedLocation(name, true),
            netsuiteSim.seedLocation(name));
        stores.add(st);
        idMap.put(IdMap.Kind.LOCATION, st.canonical(), ExternalRef.of(ExternalRef.SQUARE, "location", st.square()));
        idMap.put(IdMap.Kind.LOCATION, st.canonical(), ExternalRef.of(ExternalRef.SHOPIFY, "location", st.shopify()));
        idMap.put(IdMap.Kind.LOCATION, st.canonical(), ExternalRef.of(ExternalRef.NETSUITE, "location", st.netsuite()));
      }
      // Stock: the same counts everywhere, then drift in a share of SKU x store counts.
      long keys = (long) stores.size() * skus.size();
      long drifting = Math.round(keys * o.driftPercent() / 100);
      List<Integer> order = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        order.add(k);
      }
      java.util.Collections.shuffle(order, random);
      java.util.Set<Integer> drift = new java.util.HashSet<>(order.subList(0, (int) drifting));
      for (int si = 0; si < skus.size(); si++) {
        Sku s = skus.get(si);
        long total = 0;
        for (int st = 0; st < stores.size(); st++) {
          Store store = stores.get(st);
          long qty = 40L + random.nextInt(40);
          long pos = qty;
          long shop = qty;
          long erp = qty;
          if (drift.contains(si * stores.size() + st)) {   // one system miscounted by 1 to 5 units
            long off = (1L + random.nextInt(5)) * (random.nextBoolean() ? 1 : -1);
            switch (random.nextInt(3)) {
              case 0 -> pos += off;
              case 1 -> shop += off;
              default -> erp += off;
            }
          }
          squareSim.seedStock(s.squareVariation(), store.square(), String.valueOf(pos));
          shopifySim.seedStock(s.shopifyItem(), store.shopify(), (int) shop, 0);
          netsuiteSim.seedStock(s.netsuiteItem(), store.netsuite(), BigDecimal.valueOf(erp));
          total += erp;
        }
        qboSim.seedItem(REALM, s.name(), s.sku(), BigDecimal.valueOf(total),
            BigDecimal.valueOf(s.priceCents()).movePointLeft(2));
      }
      for (int i = 0; i < Math.max(3, o.sales() / 10); i++) {
        String first = FIRST[i % FIRST.length];
        String last = LAST[(i / FIRST.length + i) % LAST.length];
        String email = (first + "." + last + "." + i + "@example.com").toLowerCase(Locale.ROOT);
        if (i % 2 == 0) {
          squareCustomers.add(squareSim.seedCustomer(first, last, email, null));
        } else {
          shopifyCustomers.add(shopifySim.seedCustomer(first, last, email, null));
        }
      }
      cadTill = squareSim.seedLocation("Store 01 CAD till", "CAD", "UTC");
      String walkIn = netsuiteSim.seedCustomer("Walk-in", "Customer", null, null);
      buildConnectors(walkIn);
      progress.line("seeded %d SKUs x %d stores (%d counts, %d drifting), %d customers", skus.size(),
          stores.size(), keys, drifting, squareCustomers.size() + shopifyCustomers.size());
    }

    private void buildConnectors(String walkIn) {
      RetrySettings retry = RetrySettings.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(20))
          .maxBackoff(Duration.ofMillis(200)).maxRetryAfter(Duration.ofSeconds(2)).build();
      square = SquareConnector.builder().credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN)).baseUrl(squareSim.baseUrl())
          .retry(retry).build();
      // A standard plan's cost bucket refills at 50 points/s: a wait of several seconds is normal and
      // must not fail the read, so Shopify gets a longer maxRetryAfter than the other vendors.
      RetrySettings shopifyRetry = RetrySettings.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(20))
          .maxBackoff(Duration.ofMillis(200)).maxRetryAfter(Duration.ofSeconds(30)).build();
      shopify = ShopifyConnector.builder().shopDomain(ShopifySimulator.DEFAULT_SHOP)
          .credentials(ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN)).baseUrl(shopifySim.baseUrl()).retry(shopifyRetry)
          .build();
      qbo = QuickBooksConnector.builder()
          .realmId(env("POSBRIDGE_QBO_REALM_ID", REALM))
          .credentials(QuickBooksAuth.accessToken(
              env("POSBRIDGE_QBO_TOKEN", qboSim.issueTokens().accessToken())))
          .baseUrl(REAL_QUICKBOOKS ? "https://sandbox-quickbooks.api.intuit.com" : qboSim.baseUrl())
          .mapping(QuickBooksMapping.builder()
              .defaultDepositAccount(env("POSBRIDGE_QBO_DEPOSIT_ACCOUNT",
                  qboSim.idOf(REALM, "Account", "Undeposited Funds")))
              .build())
          .idMap(idMap)
          .retry(retry)
          // The simulator does not throttle; QBO's defaults are far lower.
          .rateLimiter(QuickBooksRateLimits.builder().maxConcurrent(8).perSecond(1_000)
              .perMinute(60_000).batchPerMinute(1_000).build())
          .build();
      NetSuiteMapping.Builder mapping = NetSuiteMapping.builder()
          .subsidiary(env("POSBRIDGE_NETSUITE_SUBSIDIARY", "1"))
          .defaultCustomer(env("POSBRIDGE_NETSUITE_CUSTOMER", walkIn))
          .inventoryAdjustmentAccount("214")
          .paymentMethod(TenderType.CASH, "1")
          .paymentMethod(TenderType.CARD, "2")
          .currency("CAD", "3");            // the CAD till's sales (currency record 3 in the account)
      if (REAL_NETSUITE) {
        mapping.defaultLocation(System.getenv("POSBRIDGE_NETSUITE_LOCATION"));
      } else {
        for (Store st : stores) {
          mapping.location(st.square(), st.netsuite());
          mapping.location(st.shopify(), st.netsuite());
        }
        mapping.location(cadTill(), stores.get(0).netsuite());
      }
      netsuite = NetSuiteConnector.builder()
          .accountId(env("POSBRIDGE_NETSUITE_ACCOUNT", netsuiteSim.accountId()))
          .baseUrl(REAL_NETSUITE
              ? "https://" + env("POSBRIDGE_NETSUITE_ACCOUNT", netsuiteSim.accountId()).toLowerCase(Locale.ROOT).replace('_', '-')
                  + ".suitetalk.api.netsuite.com" : netsuiteSim.baseUrl())
          .credentials(NetSuiteAuth.accessToken(env("POSBRIDGE_NETSUITE_TOKEN", netsuiteSim.issueAccessToken())))
          .mapping(mapping.build())
          .idMap(idMap)
          .retry(retry)
          // After 5 failures in a row, fail fast for 1 s (default 30 s), so that the --faults run stays short.
          .circuitBreaker(CircuitBreakerSettings.builder().delay(Duration.ofSeconds(1)).build())
          .build();
    }

    private static String env(String name, String fallback) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? fallback : v;
    }

    // ------------------------------------------------------------------------------ the day

    /** Plays the day at the POS: each sale is an order in Square, and Square sells the stock. */
    void playDay() {
      Instant open = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
      long dayMillis = Duration.ofHours(12).toMillis();
      for (int i = 0; i < o.sales(); i++) {
        Instant at = open.plusMillis(dayMillis * i / Math.max(1, o.sales()));
        Store store = stores.get(random.nextInt(stores.size()));
        if (random.nextInt(5) < 2) {   // 40% online: a Shopify order, fulfilled from a store
          playOnlineSale(i, at, store);
          continue;
        }
        StringBuilder lines = new StringBuilder();
        long total = 0;
        for (Pick p : pickLines(1 + random.nextInt(3))) {
          int l = p.index();
          Sku s = p.sku();
          int qty = p.qty();
          if (lines.length() > 0) {
            lines.append(',');
          }
          lines.append(String.format(Locale.ROOT, "{\"uid\":\"l%d\",\"name\":\"%s\",\"quantity\":\"%d\","
              + "\"catalog_object_id\":\"%s\",\"base_price_money\":{\"amount\":%d,\"currency\":\"USD\"}}",
              l, s.name(), qty, s.squareVariation(), s.priceCents()));
          total += qty * s.priceCents();
          // Square sells the stock at the store when the sale closes.
          BigDecimal now = squareSim.stock(s.squareVariation(), store.square(), "IN_STOCK");
          squareSim.seedStock(s.squareVariation(), store.square(), now.subtract(BigDecimal.valueOf(qty)).toPlainString());
        }
        String customer = random.nextInt(3) == 0
            ? ",\"customer_id\":\"" + squareCustomers.get(random.nextInt(squareCustomers.size())) + "\"" : "";
        String tender = random.nextBoolean()
            ? "{\"id\":\"t%d\",\"type\":\"CASH\",\"amount_money\":{\"amount\":%d,\"currency\":\"USD\"}}"
            : "{\"id\":\"t%d\",\"type\":\"CARD\",\"amount_money\":{\"amount\":%d,\"currency\":\"USD\"},"
                + "\"card_details\":{\"status\":\"CAPTURED\",\"card\":{\"card_brand\":\"VISA\",\"last_4\":\"1111\"},"
                + "\"entry_method\":\"EMV\"}}";
        String json = String.format(Locale.ROOT,
            "{\"location_id\":\"%s\",\"reference_id\":\"R-%05d\",\"created_at\":\"%s\",\"updated_at\":\"%s\","
                + "\"source\":{\"name\":\"Square Point of Sale\"}%s,\"line_items\":[%s],\"tenders\":[" + tender + "]}",
            store.square(), i + 1, at, at, customer, lines, i, total);
        if (heldBackOrder == null && !o.pointToPoint() && i >= o.sales() / 2) {
          heldBackOrder = json;   // uploaded after the poll: see syncWithEngine
        } else {
          squareOrders.put(squareSim.seedOrder(json), json);
        }
        salesPlayed++;
      }
      // A few returns of online orders today, restocked at the store that shipped them.
      refundsFrom = Instant.now().minusSeconds(1);
      for (int i = 0; i < shopifyOrders.size() && refundsPlayed < Math.max(1, o.sales() / 50); i += 7) {
        shopifySim.seedRefund(shopifyOrders.get(i), 0, 1, true, "changed mind");
        refundsPlayed++;
      }
      progress.line("played %d sales (%d in store on Square, %d online on Shopify) and %d refunds at %d stores on %s",
          salesPlayed, salesPlayed - shopifyOrders.size(), shopifyOrders.size(), refundsPlayed, stores.size(), day);
    }

    /** One line of a played sale: its draw index, the SKU and the quantity (1, or 2 one time in four). */
    private record Pick(int index, Sku sku, int qty) {}

    /** Draws up to {@code lineCount} lines of distinct SKUs; a SKU drawn twice is skipped. */
    private List<Pick> pickLines(int lineCount) {
      List<Pick> out = new ArrayList<>();
      java.util.Set<Integer> used = new java.util.HashSet<>();
      for (int l = 0; l < lineCount; l++) {
        int si = random.nextInt(skus.size());
        if (used.add(si)) {
          out.add(new Pick(l, skus.get(si), 1 + (random.nextInt(4) == 0 ? 1 : 0)));
        }
      }
      return out;
    }

    private void playOnlineSale(int i, Instant at, Store store) {
      OrderSeed seed = OrderSeed.create().source("web").location(store.shopify()).at(at)
          .name(String.format(Locale.ROOT, "#%05d", 1001 + i));
      if (random.nextInt(3) == 0) {
        seed.customer(shopifyCustomers.get(random.nextInt(shopifyCustomers.size())));
      }
      BigDecimal total = BigDecimal.ZERO;
      for (Pick p : pickLines(1 + random.nextInt(2))) {
        Sku s = p.sku();
        int qty = p.qty();
        BigDecimal price = BigDecimal.valueOf(s.priceCents()).movePointLeft(2);
        seed.line(s.sku(), s.name(), qty, price.toPlainString());
        total = total.add(price.multiply(BigDecimal.valueOf(qty)));
        // Shopify commits the stock at the fulfilling store.
        Integer now = shopifySim.stock(s.shopifyItem(), store.shopify(), "available");
        shopifySim.seedStock(s.shopifyItem(), store.shopify(), (now == null ? 0 : now) - qty, 0);
      }
      seed.cardPayment("Visa", "•••• •••• •••• 4242", total.toPlainString());
      shopifyOrders.add(shopifySim.seedOrder(seed));
      salesPlayed++;
    }

    // ------------------------------------------------------------------------------ the sync

    /**
     * Syncs the day through the sync engine: a {@link SyncPipeline} on a durable SQLite outbox, fed
     * by a {@link SourcePoller} per POS (sales, with checkpoints) and the day's refunds.
     */
    void syncWithEngine() {
      Path db = o.out().toAbsolutePath().resolve("posbridge-outbox.db");
      try {
        Files.createDirectories(db.getParent());
        Files.deleteIfExists(db);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
      Map<String, Long> lastRetry = new java.util.concurrent.ConcurrentHashMap<>();
      SyncListener listener = new SyncListener() {
        @Override
        public void onDelivered(String sink, SyncAction action, int batchSize, Duration callTime, Duration endToEnd) {
          delivered.addAndGet(batchSize);
          Long last = lastRetry.get(sink);
          if (last != null && System.nanoTime() - last > 500_000_000L && lastRetry.remove(sink, last)) {
            progress.line("%s is back: the deliveries that waited in the outbox go out", sink);
          }
        }

        @Override
        public void onRetry(String sink, SyncAction action, int batchSize, Throwable error) {
          if (lastRetry.put(sink, System.nanoTime()) == null) {
            progress.line("%s unavailable (%s): its deliveries wait in the outbox and are retried; the others go on",
                sink, error.getClass().getSimpleName());
          }
        }

        @Override
        public void onDeadLettered(String sink, SyncAction action, int batchSize, Throwable error) {
          progress.line("DEAD LETTER %s %s: %s", sink, action, String.valueOf(error.getMessage()));
        }
      };
      try (Outbox outbox = outbox(db)) {
        SyncPipeline pipeline = pipeline(outbox, listener);
        pipeline.start();
        int events = 0;
        for (SalesSource source : List.<SalesSource>of(square(), shopify())) {
          SourcePoller poller = SourcePoller.builder().pipeline(pipeline).salesSource(source).name(source.system())
              .initialLookback(Duration.ofDays(2)).maxWindow(Duration.ofDays(3)).includeRefunds(false).build();
          int n = poller.pollOnce();
          events += n;
          progress.line("polled %d sales from %s (checkpoint stored with them in the outbox)", n, source.system());
          if (source == square() && heldBackOrder != null) {
            squareSim.seedOrder(heldBackOrder);
            progress.line("a Square register uploads one sale late, after the poll, and its webhook is lost");
          }
          if (o.faults() && source == square()) {   // mid-run: while Square's sales are being delivered
            netsuiteSim.faults().outage(OUTAGE_REQUESTS);
            progress.line("FAULT: NetSuite answers 503 to the next %d requests", OUTAGE_REQUESTS);
          }
        }
        // Shopify finds refunds through the orders updated in the window: today's window is enough.
        for (Refund refund : shopify().refunds(SalesQuery.updatedBetween(refundsFrom, Instant.now()))) {
          pipeline.submitRefund(refund);
          events++;
        }
        OutboxStatus status = pipeline.status();
        progress.line("%d source events stored in %s, fanned out to QuickBooks, NetSuite, stock and customers",
            events, db.getFileName());
        long nextReport = System.nanoTime();
        while (true) {
          status = pipeline.status();
          if (status.pending() == 0 && status.inFlight() == 0) {
            break;
          }
          if (System.nanoTime() >= nextReport) {
            progress.line("outbox: %d delivered, %d pending, %d in flight, %d dead", status.delivered(),
                status.pending(), status.inFlight(), status.dead());
            nextReport = System.nanoTime() + Duration.ofSeconds(2).toNanos();
          }
          sleep(20);
        }
        progress.line("outbox drained: %d deliveries made, %d dead letters", delivered.get(), status.dead());
        reconcileSales(pipeline);
        drainOutbox(pipeline);
        pipeline.stop(Duration.ofSeconds(10));
      }
    }

    private static Outbox outbox(Path db) {
      return Outbox.builder().sqlite(db).backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
    }

    /** The engine: both books, stock in the other channel, customers; foreign sales get a rate. */
    private SyncPipeline pipeline(Outbox outbox, SyncListener listener) {
      SaleTransformer toUsd = new SaleTransformer() {
        @Override
        public Sale transform(Sale sale) {
          return sale.currency().getCurrencyCode().equals("USD") || sale.exchangeRate() != null ? sale
              : sale.toBuilder().exchangeRate(rateToUsd(sale.currency().getCurrencyCode())).build();
        }

        @Override
        public Refund transformRefund(Refund refund) {
          return refund.currency().getCurrencyCode().equals("USD") || refund.exchangeRate() != null ? refund
              : refund.toBuilder().exchangeRate(rateToUsd(refund.currency().getCurrencyCode())).build();
        }
      };
      return SyncPipeline.builder()
          .outbox(outbox)
          .salesSink(qbo(), toUsd)          // sales receipts (QuickBooks moves its own stock)
          .salesSink(netsuite(), toUsd)     // cash sales (NetSuite moves its own stock)
          .inventory(square())              // stock decremented in the other sales channel
          .inventory(shopify())
          .customers(qbo())                 // customers unified in the books
          .customers(netsuite())
          .customerSource(square())
          .customerSource(shopify())
          .idMap(idMap)
          // Stores by the id map; the CAD till's goods come from store 01.
          .locationMapping((location, target) -> idMap.canonicalId(IdMap.Kind.LOCATION,
                  cadTill != null && location.id().equals(cadTill) && location.system().equals(ExternalRef.SQUARE)
                      ? ExternalRef.of(ExternalRef.SQUARE, "location", stores.get(0).square()) : location)
              .flatMap(c -> idMap.find(IdMap.Kind.LOCATION, c, target)).orElse(null))
          .listener(listener)
          .workers(4)
          .build();
    }

    /** The books' exchange rate of the day (a demo rate: real books take the day's rate). */
    private static ExchangeRate rateToUsd(String currency) {
      return ExchangeRate.of(currency, "USD", "0.7321");
    }

    private Path outboxDb() {
      return o.out().toAbsolutePath().resolve("posbridge-outbox.db");
    }

    /** Waits until the outbox has nothing pending or in flight. */
    private void drainOutbox(SyncPipeline pipeline) {
      long giveUp = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (true) {
        OutboxStatus status = pipeline.status();
        if (status.pending() == 0 && status.inFlight() == 0) {
          return;
        }
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException("the outbox did not drain: " + status);
        }
        sleep(20);
      }
    }

    // ------------------------------------------------------------------------------ sales in the books

    /** The books posbridge can read back: QuickBooks, and NetSuite once its connector can. */
    List<BookedSalesReader> books() {
      List<BookedSalesReader> out = new ArrayList<>();
      for (Object c : List.<Object>of(qbo(), netsuite())) {
        if (c instanceof BookedSalesReader r && !(REAL_QUICKBOOKS && c == qbo) && !(REAL_NETSUITE && c == netsuite)) {
          out.add(r);
        }
      }
      return out;
    }

    SalesReconciliationReport salesReport(BookedSalesReader books) {
      return SalesReconciler.builder().source(square()).source(shopify()).books(books)
          .dates(day, LocalDate.now(ZoneOffset.UTC), ZoneOffset.UTC).build().reconcile();
    }

    /**
     * Compares the sources' sales with each book; books what is missing through the engine (or,
     * point to point, directly through the book's sink) and reconciles again.
     */
    void reconcileSales(@Nullable SyncPipeline pipeline) {
      for (BookedSalesReader books : books()) {
        SalesReconciliationReport report = salesReport(books);
        long missing = report.summary().count(SalesDifference.MISSING_IN_BOOKS);
        salesMissingFound += missing;
        progress.line("sales reconciliation with %s: %d of %d source documents match, %d missing in the books",
            books.system(), report.summary().matched(), report.summary().compared(), missing);
        if (report.correctionPlan().isEmpty()) {
          continue;
        }
        SalesCorrectionResult r = pipeline != null
            ? report.correctionPlan().apply(pipeline)
            : report.correctionPlan().apply((dev.posbridge.core.connect.SalesSink) books);
        salesBookedByCorrection += r.booked();
        progress.line("sales correction: %d missing %s %s under the engine's idempotency keys", r.booked(),
            r.booked() == 1 ? "sale" : "sales", pipeline != null ? "submitted to the engine" : "booked in " + books.system());
        if (pipeline != null) {
          drainOutbox(pipeline);
        }
      }
    }

    /**
     * Reconciles the sales with every readable book for the last time and writes the first
     * book's report as HTML.
     *
     * @return the differing documents over all books
     */
    long finalSalesReconciliation(Path html) {
      long differences = 0;
      boolean written = false;
      for (BookedSalesReader books : books()) {
        SalesReconciliationReport report = salesReport(books);
        differences += report.summary().differing();
        progress.line("final sales reconciliation with %s: %d sales and %d refunds, %d differences %s",
            books.system(), report.summary().sourceSales(), report.summary().sourceRefunds(),
            report.summary().differing(), report.summary().byDifference().entrySet().stream()
                .filter(e -> e.getValue() > 0).map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (!written) {
          try {
            Files.createDirectories(html.getParent());
            report.write(ReportFormat.HTML, html);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          written = true;
        }
      }
      return differences;
    }

    /**
     * The day goes on after the stock was reconciled: a price amendment and a void at Square, a
     * refund and an exchange at Shopify, a sale in Canadian dollars; all through the engine, on the
     * same outbox, with a second poll from the stored checkpoints.
     */
    void playChanges() {
      Instant changesFrom = Instant.now().minusSeconds(1);
      Instant now = Instant.now();
      List<String> ids = new ArrayList<>(squareOrders.keySet());
      if (ids.size() >= 2) {
        // A price correction: the first line 1.00 cheaper, a new version of the order.
        String amended = ids.get(0);
        squareSim.seedOrder(reseed(Objects.requireNonNull(squareOrders.get(amended)), amended, 2, now, "COMPLETED", 100));
        changesPlayed.add("amendment");
        String voided = ids.get(1);
        squareSim.seedOrder(reseed(Objects.requireNonNull(squareOrders.get(voided)), voided, 2, now, "CANCELED", 0));
        changesPlayed.add("void");
      }
      if (shopifyOrders.size() >= 2) {
        String refunded = shopifyOrders.get(shopifyOrders.size() - 1);
        shopifySim.seedRefund(refunded, 0, 1, true, "damaged");
        changesPlayed.add("refund");
        // An exchange: the customer returns a line of an order and leaves with another SKU.
        String exchanged = shopifyOrders.get(shopifyOrders.size() - 2);
        shopifySim.seedRefund(exchanged, 0, 1, true, "exchange");
        Sku other = skus.get(skus.size() - 1);
        BigDecimal price = BigDecimal.valueOf(other.priceCents()).movePointLeft(2);
        OrderSeed seed = OrderSeed.create().source("web").location(stores.get(0).shopify()).at(now)
            .name("#EXCH-1").line(other.sku(), other.name(), 1, price.toPlainString());
        seed.cardPayment("Visa", "•••• •••• •••• 4242", price.toPlainString());
        shopifyOrders.add(shopifySim.seedOrder(seed));
        changesPlayed.add("exchange");
      }
      // A sale in Canadian dollars at a CAD till of store 01.
      Sku first = skus.get(0);
      String till = cadTill();
      squareSim.seedOrder(String.format(Locale.ROOT,
          "{\"location_id\":\"%s\",\"reference_id\":\"CAD-00001\",\"created_at\":\"%s\",\"updated_at\":\"%s\","
              + "\"line_items\":[{\"uid\":\"l0\",\"name\":\"%s\",\"quantity\":\"1\",\"catalog_object_id\":\"%s\","
              + "\"base_price_money\":{\"amount\":%d,\"currency\":\"CAD\"}}],"
              + "\"tenders\":[{\"id\":\"tcad\",\"type\":\"CASH\",\"amount_money\":{\"amount\":%d,\"currency\":\"CAD\"}}]}",
          till, now, now, first.name(), first.squareVariation(), first.priceCents() + 600, first.priceCents() + 600));
      changesPlayed.add("foreign-currency sale");
      progress.line("later the same day: %s", String.join(", ", changesPlayed));

      try (Outbox outbox = outbox(outboxDb())) {
        SyncPipeline pipeline = pipeline(outbox, new SyncListener() {
          @Override
          public void onDeadLettered(String sink, SyncAction action, int batchSize, Throwable error) {
            progress.line("DEAD LETTER %s %s: %s", sink, action, String.valueOf(error.getMessage()));
          }
        });
        pipeline.start();
        int events = 0;
        for (SalesSource source : List.<SalesSource>of(square(), shopify())) {
          events += SourcePoller.builder().pipeline(pipeline).salesSource(source).name(source.system())
              .initialLookback(Duration.ofDays(2)).maxWindow(Duration.ofDays(3)).includeRefunds(false).build()
              .pollOnce();
        }
        // A void reaches the engine as Square's order.updated webhook does: polls read completed sales.
        for (Sale sale : square().sales(SalesQuery.updatedBetween(changesFrom, Instant.now()).includingIncomplete())) {
          if (sale.state().isVoid()) {
            events += pipeline.submitSale(sale) > 0 ? 1 : 0;
          }
        }
        for (Refund refund : shopify().refunds(SalesQuery.updatedBetween(changesFrom, Instant.now()))) {
          pipeline.submitRefund(refund);
          events++;
        }
        drainOutbox(pipeline);
        pipeline.stop(Duration.ofSeconds(10));
        progress.line("polled %d changed sales and refunds from the checkpoints; the engine booked the changes", events);
      }
    }

    /** A Square till in Canadian dollars at store 01 (booked at store 01 in NetSuite). */
    private String cadTill() {
      if (cadTill == null) {
        throw new IllegalStateException("seed() first");
      }
      return cadTill;
    }

    /** The JSON of a played Square order as a new version: a state, and a price cut on its first line. */
    private String reseed(String json, String id, int version, Instant at, String state, long cutCents) {
      try {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode order = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(json);
        order.put("id", id).put("version", version).put("updated_at", at.toString()).put("state", state);
        com.fasterxml.jackson.databind.node.ObjectNode price = (com.fasterxml.jackson.databind.node.ObjectNode)
            order.path("line_items").get(0).path("base_price_money");
        price.put("amount", price.path("amount").asLong() - cutCents);
        long total = 0;
        for (com.fasterxml.jackson.databind.JsonNode line : order.path("line_items")) {
          total += line.path("quantity").asLong() * line.path("base_price_money").path("amount").asLong();
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) order.path("tenders").get(0).path("amount_money"))
            .put("amount", total);
        if ("COMPLETED".equals(state)) {
          order.put("closed_at", at.toString());
        }
        return m.writeValueAsString(order);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Syncs the day through the sync engine, or point to point with {@code --point-to-point}. */
    void syncDay() {
      if (o.pointToPoint()) {
        syncPointToPoint();
      } else {
        syncWithEngine();
      }
    }

    /**
     * Syncs the day point to point, without the engine: the connectors are called directly, with
     * an in-memory hold queue standing in for the engine's durable outbox (a crash loses the
     * queue; the engine's outbox would not). Every write carries a key derived from the source
     * object and the target, so a retried write is applied once.
     */
    void syncPointToPoint() {
      Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant to = from.plus(Duration.ofDays(1));
      List<Sale> sales = new ArrayList<>(square().sales(SalesQuery.updatedBetween(from, to)).stream().toList());
      int fromSquare = sales.size();
      sales.addAll(shopify().sales(SalesQuery.updatedBetween(from, Instant.now())).stream().toList());
      // Shopify finds refunds through the orders updated in the window: today's window is enough.
      List<Refund> refunds = shopify().refunds(SalesQuery.updatedBetween(refundsFrom, Instant.now())).stream().toList();
      progress.line("read %d sales from Square, %d sales and %d refunds from Shopify", fromSquare,
          sales.size() - fromSquare, refunds.size());
      Map<ExternalRef, ExternalRef> saleLocations = new java.util.HashMap<>();
      Deque<Delivery> queue = new ArrayDeque<>();
      java.util.Set<ExternalRef> customers = new java.util.HashSet<>();
      for (Sale sale : sales) {
        String id = sale.ref().system() + "-" + sale.ref().id();
        ExternalRef customer = sale.customer();
        if (customer != null && customers.add(customer.withVersion(null))) {
          queue.add(new Delivery("customers (quickbooks, netsuite)", () -> unifyCustomer(customer)));
        }
        queue.add(new Delivery("quickbooks", () -> qbo().recordSale(sale, RequestOptions.idempotencyKey("sale-" + id + "-qbo"))));
        queue.add(new Delivery("netsuite", () -> netsuite().recordSale(sale, RequestOptions.idempotencyKey("sale-" + id + "-ns"))));
        for (InventoryConnector other : otherChannels(sale.ref().system())) {
          queue.add(new Delivery(other.system(), () -> move(other, sale.location(), sale.lines().stream()
              .map(l -> new Moved(l.sku(), l.quantity().negate())).toList(), StockChangeReason.SALE, sale.createdAt(), id)));
        }
        if (sale.location() != null) {
          saleLocations.put(sale.ref().withVersion(null), sale.location());
        }
      }
      for (Refund refund : refunds) {
        String id = refund.ref().system() + "-" + refund.ref().id();
        queue.add(new Delivery("quickbooks", () -> qbo().recordRefund(refund, RequestOptions.idempotencyKey("refund-" + id + "-qbo"))));
        queue.add(new Delivery("netsuite", () -> netsuite().recordRefund(refund, RequestOptions.idempotencyKey("refund-" + id + "-ns"))));
        ExternalRef location = refund.location() != null ? refund.location()
            : refund.originalSale() == null ? null : saleLocations.get(refund.originalSale().withVersion(null));
        List<Moved> back = refund.lines().stream().filter(RefundLine::restock)
            .map(l -> new Moved(l.sku(), l.quantity())).toList();
        for (InventoryConnector other : otherChannels(refund.ref().system())) {
          queue.add(new Delivery(other.system(), () -> move(other, location, back, StockChangeReason.RETURN,
              refund.createdAt(), id)));
        }
      }
      drain(queue, sales.size());
    }

    /**
     * The sales channels whose stock a sale of {@code origin} must move: the other POS / shop.
     * QuickBooks and NetSuite move their own stock when they book the sale.
     */
    List<InventoryConnector> otherChannels(String origin) {
      List<InventoryConnector> out = new ArrayList<>();
      for (InventoryConnector c : List.<InventoryConnector>of(square(), shopify())) {
        if (!c.system().equals(origin)) {
          out.add(c);
        }
      }
      return out;
    }

    /** A quantity of a SKU moving in or out. */
    private record Moved(@Nullable String sku, BigDecimal delta) {}

    private void move(InventoryConnector target, @Nullable ExternalRef sourceLocation, List<Moved> moves,
        StockChangeReason reason, Instant at, String id) {
      String canonicalLocation = sourceLocation == null ? null
          : idMap.canonicalId(IdMap.Kind.LOCATION, sourceLocation).orElse(null);
      ExternalRef location = canonicalLocation == null ? null
          : idMap.find(IdMap.Kind.LOCATION, canonicalLocation, target.system()).orElse(null);
      List<StockChange> changes = new ArrayList<>();
      for (Moved m : moves) {
        if (m.sku() != null && location != null && m.delta().signum() != 0) {
          changes.add(StockChange.adjust(m.sku(), location, m.delta(), reason, at, id));
        }
      }
      if (!changes.isEmpty()) {
        target.applyStockChanges(changes, RequestOptions.idempotencyKey("stock-" + id + "-" + target.system()));
      }
    }

    private void unifyCustomer(ExternalRef ref) {
      if (idMap.canonicalId(IdMap.Kind.CUSTOMER, ref).isPresent()) {
        return;
      }
      Customer c = (ref.system().equals(ExternalRef.SHOPIFY) ? shopify() : square()).findCustomerByRef(ref).orElse(null);
      if (c == null || c.normalizedEmail() == null) {
        return;
      }
      String canonical = c.normalizedEmail();
      for (dev.posbridge.core.connect.CustomerConnector books : List.of(qbo(), netsuite())) {
        Optional<Customer> existing = books.findCustomerByEmail(canonical);
        Customer there = existing.orElseGet(() -> books.createCustomer(c.toBuilder().refs(List.of()).build(),
            RequestOptions.idempotencyKey("customer-" + ref.id() + "-" + books.system())));
        ExternalRef r = there.refIn(books.system());
        if (r != null) {
          idMap.put(IdMap.Kind.CUSTOMER, canonical, r.withVersion(null));
        }
      }
      idMap.put(IdMap.Kind.CUSTOMER, canonical, ref);   // unified: later sales of this customer skip this
    }

    /**
     * Delivers until the queue is empty. A retryable failure holds back that target's deliveries
     * (backing off from 0.5 to 2 seconds) while the other
     * targets keep flowing; nothing is dropped.
     */
    private void drain(Deque<Delivery> queue, int sales) {
      int total = queue.size();
      int done = 0;
      int nextReport = Math.max(1, total / 5);
      boolean faultInjected = false;
      Map<String, Long> downUntil = new java.util.HashMap<>();
      Map<String, Long> backoff = new java.util.HashMap<>();
      long giveUp = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      int skipped = 0;
      while (!queue.isEmpty()) {
        if (o.faults() && !faultInjected && done >= total / 2) {
          faultInjected = true;
          netsuiteSim.faults().outage(OUTAGE_REQUESTS);
          progress.line("FAULT: NetSuite answers 503 to the next %d requests", OUTAGE_REQUESTS);
        }
        Delivery d = queue.poll();
        long now = System.nanoTime();
        Long until = downUntil.get(d.target());
        if (until != null && now < until) {
          queue.add(d);
          if (++skipped >= queue.size()) {   // only held deliveries left: wait for the earliest
            sleep(Math.max(1, (downUntil.values().stream().min(Long::compare).orElse(now) - now) / 1_000_000));
            skipped = 0;
          }
          continue;
        }
        skipped = 0;
        try {
          d.action().run();
          done++;
          if (backoff.remove(d.target()) != null) {
            downUntil.remove(d.target());
            progress.line("%s is back: delivering the held deliveries", d.target());
          }
          if (done % nextReport == 0 || queue.isEmpty()) {
            progress.line("synced %d of %d deliveries (%d sales to QuickBooks and NetSuite, stock, customers)",
                done, total, sales);
          }
        } catch (PosbridgeException e) {
          if (!e.isRetryable() || now > giveUp) {
            throw e;
          }
          long wait = backoff.merge(d.target(), Duration.ofMillis(500).toNanos(), (a, b) -> Math.min(a * 2,
              Duration.ofSeconds(2).toNanos()));
          if (!downUntil.containsKey(d.target())) {
            progress.line("%s unavailable (%s): its deliveries are held, nothing is lost; the others go on",
                d.target(), e.getClass().getSimpleName());
          }
          downUntil.put(d.target(), now + wait);
          queue.add(d);
        }
      }
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    // ------------------------------------------------------------------------------ results

    Reconciler reconciler() {
      Reconciler.Builder b = Reconciler.builder()
          .system("square", square())
          .system("shopify", shopify())
          .idMap(idMap);
      if (REAL_NETSUITE) {   // a sandbox does not carry the demo's stock: Square is the record then
        return b.systemOfRecord("square").build();
      }
      return b.system("netsuite", netsuite()).systemOfRecord("netsuite").build();
    }

    /** Documents booked in the simulators (a real sandbox is not counted). */
    Map<String, Integer> booked() {
      Map<String, Integer> m = new LinkedHashMap<>();
      if (!REAL_QUICKBOOKS) {
        m.put("QuickBooks sales receipts", qboSim.records(REALM, "SalesReceipt").size());
      }
      if (!REAL_NETSUITE) {
        m.put("NetSuite cash sales", netsuiteSim.count("cashSale"));
      }
      if (!REAL_QUICKBOOKS) {
        m.put("QuickBooks refund receipts", qboSim.records(REALM, "RefundReceipt").size());
      }
      if (!REAL_NETSUITE) {
        m.put("NetSuite cash refunds", netsuiteSim.count("cashRefund"));
      }
      return m;
    }

    int duplicates() {
      return qboSim.effects().duplicates("SalesReceipt.save").size()
          + qboSim.effects().duplicates("RefundReceipt.save").size()
          + netsuiteSim.effects().duplicates("cashSale").size()
          + netsuiteSim.effects().duplicates("cashRefund").size();
    }

    Map<String, Long> apiCalls() {
      Map<String, Long> m = new LinkedHashMap<>();
      for (VendorSimulator sim : sims()) {
        m.put(name(sim), sim.journal().count() + sim.journal().evicted());
      }
      return m;
    }

    long retries() {
      long n = 0;
      for (VendorSimulator sim : sims()) {
        n += sim.faults().fired();
      }
      return n;
    }

    List<VendorSimulator> sims() {
      return List.of(squareSim, shopifySim, qboSim, netsuiteSim);
    }

    static String name(VendorSimulator sim) {
      return sim instanceof SquareSimulator ? "Square" : sim instanceof ShopifySimulator ? "Shopify"
          : sim instanceof QuickBooksSimulator ? "QuickBooks"
          : sim instanceof NetSuiteSimulator ? "NetSuite" : sim.getClass().getSimpleName();
    }

    SquareConnector square() {
      return java.util.Objects.requireNonNull(square, "seed() first");
    }

    ShopifyConnector shopify() {
      return java.util.Objects.requireNonNull(shopify, "seed() first");
    }

    QuickBooksConnector qbo() {
      return java.util.Objects.requireNonNull(qbo, "seed() first");
    }

    NetSuiteConnector netsuite() {
      return java.util.Objects.requireNonNull(netsuite, "seed() first");
    }

    @Override
    public void close() {
      for (AutoCloseable c : new AutoCloseable[] {square, shopify, qbo, netsuite, squareSim, shopifySim, qboSim, netsuiteSim}) {
        if (c != null) {
          try {
            c.close();
          } catch (Exception e) {
            // closing a demo: nothing to do
          }
        }
      }
    }

    /** A write still to make in one target system. */
    private record Delivery(String target, Runnable action) {}
  }
}
