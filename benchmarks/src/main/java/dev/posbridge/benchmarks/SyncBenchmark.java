package dev.posbridge.benchmarks;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.OutboxEvent;
import dev.posbridge.core.sync.SyncPipeline;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Plain-main benchmark harness of the sync engine: durable enqueue into the SQLite outbox (WAL,
 * {@code synchronous=FULL}) from several producer threads, and end-to-end sales per second through
 * a {@link SyncPipeline} into in-memory sinks, compared with calling the same sinks directly.
 *
 * <p>Settings (system properties): {@code seconds} per enqueue run (default 10), {@code warmup}
 * seconds (3), {@code producers} (8), {@code window} in-flight enqueues per producer in async mode
 * (64), {@code sales} for the end-to-end run (20000), {@code workers} (4), {@code simSales} for the
 * run against the QuickBooks and Shopify simulators (2000; 0 skips it), {@code dir} for the
 * database files (a temporary directory).
 */
public final class SyncBenchmark {

  private static final int SECONDS = Integer.getInteger("seconds", 10);
  private static final int WARMUP = Integer.getInteger("warmup", 3);
  private static final int PRODUCERS = Integer.getInteger("producers", 8);
  private static final int WINDOW = Integer.getInteger("window", 64);
  private static final int SALES = Integer.getInteger("sales", 20_000);
  private static final int WORKERS = Integer.getInteger("workers", 4);
  private static final int SIM_SALES = Integer.getInteger("simSales", 2_000);
  private static final String PAYLOAD =
      "{\"schema\":1,\"action\":\"sale\",\"target\":\"quickbooks\",\"key\":\"pbabcdefghijklmnopqrstuvwxyz\","
          + "\"note\":\"" + "x".repeat(300) + "\"}";

  private SyncBenchmark() {}

  /**
   * Runs every benchmark and prints a table.
   *
   * @param args ignored
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    Path dir = System.getProperty("dir") != null ? Path.of(System.getProperty("dir"))
        : Files.createTempDirectory("posbridge-bench");
    Files.createDirectories(dir);
    System.out.printf(Locale.ROOT, "posbridge sync benchmark — %s, JVM %s %s, %d cores%n", Instant.now(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "database dir %s; %d producers; %d s per run after %d s warm-up%n%n",
        dir, PRODUCERS, SECONDS, WARMUP);
    List<String[]> rows = new ArrayList<>();
    rows.add(enqueueRun(dir, "enqueue, blocking (1 event per call)", 1, 1));
    rows.add(enqueueRun(dir, "enqueueAsync, window " + WINDOW + " per producer", WINDOW, 1));
    rows.add(enqueueRun(dir, "enqueue, lists of 10 events", 1, 10));
    printTable(new String[] {"durable enqueue (SQLite WAL, synchronous=FULL)", "events/s",
        "p50 ms", "p99 ms", "max ms"}, rows);
    System.out.println();
    List<String[]> e2e = new ArrayList<>();
    double direct = direct();
    e2e.add(new String[] {"direct connector calls (no outbox), " + PRODUCERS + " threads",
        fmt(direct), "1.00"});
    double blocking = endToEnd(dir, false);
    e2e.add(new String[] {"pipeline, submit (blocking), " + WORKERS + " workers", fmt(blocking),
        String.format(Locale.ROOT, "%.3f", blocking / direct)});
    double async = endToEnd(dir, true);
    e2e.add(new String[] {"pipeline, submitAsync window " + WINDOW + ", " + WORKERS + " workers",
        fmt(async), String.format(Locale.ROOT, "%.3f", async / direct)});
    printTable(new String[] {"end to end: " + SALES + " sales -> sales sink + inventory (batch 100)",
        "sales/s", "ratio to direct"}, e2e);
    if (SIM_SALES > 0) {
      System.out.println();
      double[] sims = SimulatorBenchmark.run(dir, SIM_SALES, WORKERS);
      List<String[]> rows2 = new ArrayList<>();
      rows2.add(new String[] {"same connector calls made directly, " + WORKERS + " threads", fmt(sims[0]), "1.00"});
      rows2.add(new String[] {"pipeline (submitAsync, " + WORKERS + " workers)", fmt(sims[1]),
          String.format(Locale.ROOT, "%.2f", sims[1] / sims[0])});
      printTable(new String[] {"end to end vs simulators: " + SIM_SALES
          + " sales -> QuickBooks sim (batch 10) + Shopify sim stock", "sales/s", "ratio to direct"}, rows2);
    }
  }

  // ---------------------------------------------------------------- durable enqueue

  private static String[] enqueueRun(Path dir, String name, int window, int perCall) throws Exception {
    Path file = dir.resolve("enqueue-" + System.nanoTime() + ".db");
    try (Outbox outbox = Outbox.sqlite(file)) {
      measure(outbox, WARMUP, window, perCall);
      long[] result = measure(outbox, SECONDS, window, perCall);
      long events = result[result.length - 1];
      long[] latencies = Arrays.copyOf(result, result.length - 1);
      Arrays.sort(latencies);
      return new String[] {name, fmt(events / (double) SECONDS), ms(pct(latencies, 0.50)),
          ms(pct(latencies, 0.99)), ms(latencies.length == 0 ? 0 : latencies[latencies.length - 1])};
    } finally {
      deleteQuietly(file);
    }
  }

  /** Returns per-call latencies in ns, with the number of events stored appended. */
  private static long[] measure(Outbox outbox, int seconds, int window, int perCall) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<long[]> perThread = new ArrayList<>();
    long[] counts = new long[PRODUCERS];
    List<Thread> threads = new ArrayList<>();
    AtomicLong seq = new AtomicLong();
    for (int t = 0; t < PRODUCERS; t++) {
      int thread = t;
      long[][] holder = new long[1][];
      perThread.add(null);
      Thread th = new Thread(() -> {
        LongList lat = new LongList();
        ArrayDeque<long[]> starts = new ArrayDeque<>();
        ArrayDeque<CompletableFuture<List<Long>>> inFlight = new ArrayDeque<>();
        long n = 0;
        while (System.nanoTime() < end) {
          List<OutboxEvent> events = new ArrayList<>(perCall);
          for (int i = 0; i < perCall; i++) {
            events.add(OutboxEvent.of("p" + thread + ":" + (seq.get() % 64), "bench", PAYLOAD));
            seq.incrementAndGet();
          }
          long start = System.nanoTime();
          if (window == 1) {
            outbox.enqueue(events, null, null);
            lat.add(System.nanoTime() - start);
            n += perCall;
          } else {
            inFlight.add(outbox.enqueueAsync(events));
            starts.add(new long[] {start});
            while (inFlight.size() >= window || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
              inFlight.poll().join();
              lat.add(System.nanoTime() - starts.poll()[0]);
              n += perCall;
            }
          }
        }
        while (!inFlight.isEmpty()) {
          inFlight.poll().join();
          lat.add(System.nanoTime() - starts.poll()[0]);
          n += perCall;
        }
        counts[thread] = n;
        holder[0] = lat.toArray();
        synchronized (perThread) {
          perThread.set(thread, holder[0]);
        }
      }, "bench-producer-" + t);
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    int total = 0;
    for (long[] l : perThread) {
      total += l.length;
    }
    long[] all = new long[total + 1];
    int pos = 0;
    for (long[] l : perThread) {
      System.arraycopy(l, 0, all, pos, l.length);
      pos += l.length;
    }
    long events = 0;
    for (long c : counts) {
      events += c;
    }
    all[total] = events;
    return all;
  }

  // ---------------------------------------------------------------- end to end

  private static double direct() throws InterruptedException {
    CountingSink sink = new CountingSink(0);
    CountingInventory inventory = new CountingInventory();
    List<Sale> sales = sales();
    long start = System.nanoTime();
    runParallel(PRODUCERS, t -> () -> {
      for (int i = t; i < sales.size(); i += PRODUCERS) {
        Sale s = sales.get(i);
        sink.recordSale(s, RequestOptions.idempotencyKey("d-" + i));
        inventory.applyStockChanges(List.of(StockChange.adjust("SKU" + (i % 200),
            ExternalRef.of("shopify", "location", "L1"), BigDecimal.ONE.negate(),
            dev.posbridge.core.model.StockChangeReason.SALE, Instant.EPOCH, null)),
            RequestOptions.idempotencyKey("i-" + i));
      }
    });
    return SALES / ((System.nanoTime() - start) / 1e9);
  }

  private static double endToEnd(Path dir, boolean async) throws Exception {
    Path file = dir.resolve("e2e-" + System.nanoTime() + ".db");
    CountingSink sink = new CountingSink(0);
    CountingInventory inventory = new CountingInventory();
    try (Outbox outbox = Outbox.sqlite(file)) {
      SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).salesSink(sink).inventory(inventory)
          .locationMapping((loc, target) -> ExternalRef.of(target, "location", loc.id()))
          .workers(WORKERS).claimSize(64).build();
      List<Sale> sales = sales();
      long start = System.nanoTime();
      pipeline.start();
      runParallel(PRODUCERS, t -> () -> {
        ArrayDeque<CompletableFuture<Integer>> inFlight = new ArrayDeque<>();
        for (int i = t; i < sales.size(); i += PRODUCERS) {
          List<ChangeEvent> event = List.of(event(sales.get(i)));
          if (async) {
            inFlight.add(pipeline.submitAsync(event));
            if (inFlight.size() >= WINDOW) {
              inFlight.poll().join();
            }
          } else {
            pipeline.submit(event);
          }
        }
        inFlight.forEach(CompletableFuture::join);
      });
      while (sink.count() < SALES || inventory.count() < SALES) {
        Thread.sleep(2);
      }
      double rate = SALES / ((System.nanoTime() - start) / 1e9);
      pipeline.stop(Duration.ofSeconds(10));
      return rate;
    } finally {
      deleteQuietly(file);
    }
  }

  private static ChangeEvent event(Sale s) {
    return new ChangeEvent("square", "sale-" + s.ref().id(), ChangeType.SALE, "order.updated", s.ref(),
        false, s.createdAt(), s, null, List.of(), null);
  }

  private static List<Sale> sales() {
    Currency usd = Currency.getInstance("USD");
    List<Sale> sales = new ArrayList<>(SALES);
    for (int i = 0; i < SALES; i++) {
      sales.add(Sale.builder().ref(ExternalRef.of("square", "order", "O" + i))
          .location(ExternalRef.of("square", "location", "L1")).createdAt(Instant.EPOCH).currency(usd)
          .addLine(SaleLine.of("SKU" + (i % 200), "Item", BigDecimal.ONE, Money.of("4.50", "USD")))
          .deriveTotals().build());
    }
    return sales;
  }

  private static void runParallel(int threads, IntFunction<Runnable> body) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      Runnable r = body.apply(t);
      Thread th = new Thread(() -> {
        try {
          r.run();
        } finally {
          done.countDown();
        }
      }, "bench-" + t);
      th.start();
    }
    done.await();
  }

  /** An inventory with batches of up to 100 that counts applied changes per key. */
  private static final class CountingInventory extends BenchConnector implements InventoryConnector {
    private final AtomicLong applied = new AtomicLong();

    CountingInventory() {
      super("shopify", Capability.INVENTORY);
    }

    @Override
    public StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
      if (firstTime(options)) {
        applied.addAndGet(changes.size());
      }
      return new StockWriteResult(changes.size(), 1, List.of());
    }

    long count() {
      return applied.get();
    }

    @Override
    public int maxStockChangesPerCall() {
      return 100;
    }

    @Override
    public PagedIterable<StockLevel> stockLevels(StockQuery query) {
      throw new UnsupportedOperationException("the benchmark's stock sink only counts writes");
    }
  }

  /** A growable list of longs. */
  private static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  private static String fmt(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static void printTable(String[] header, List<String[]> rows) {
    int[] widths = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      widths[i] = header[i].length();
      for (String[] r : rows) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    StringBuilder sep = new StringBuilder("|");
    for (int w : widths) {
      sep.append("-".repeat(w + 2)).append('|');
    }
    System.out.println(row(header, widths));
    System.out.println(sep);
    for (String[] r : rows) {
      System.out.println(row(r, widths));
    }
  }

  private static String row(String[] cells, int[] widths) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(widths[i] - cells[i].length());
      b.append(' ').append(i == 0 ? cells[i] + pad : pad + cells[i]).append(" |");
    }
    return b.toString();
  }

  private static void deleteQuietly(Path db) {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      try {
        Files.deleteIfExists(Path.of(db + suffix));
      } catch (IOException e) {
        // best effort
      }
    }
  }
}
