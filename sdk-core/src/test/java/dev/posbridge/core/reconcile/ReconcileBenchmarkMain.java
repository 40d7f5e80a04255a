package dev.posbridge.core.reconcile;

import dev.posbridge.core.connect.IdMap;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Reconciles {@code skus} SKUs × {@code locations} locations across three generated systems and
 * prints timings and heap figures; exits 1 if the report is not exactly what was seeded. Run in a
 * child JVM with {@code -Xmx128m} by {@link ReconcileBenchmarkIT}. Arguments:
 * {@code [skus] [locations] [html-output-path|-] [inmemory|jdbc]}: the last one fills
 * {@code IdMap.inMemory()} or {@code IdMap.jdbc(...)} on an in-memory SQLite database instead of the
 * computed id map.
 */
public final class ReconcileBenchmarkMain {

  private ReconcileBenchmarkMain() {}

  // Seeded drift, by SKU number k and location l.
  static long base(int k, int l) {
    return (k * 7L + l * 3L) % 50;
  }

  static long pos(int k, int l) {
    return k % 89 == 0 && l == 2 ? base(k, l) + 3 : base(k, l);
  }

  static long shop(int k, int l) {
    return k % 97 == 0 && l == 0 ? Math.max(0, base(k, l) - 1 - k % 5) : base(k, l);
  }

  static long erp(int k, int l) {
    return k % 101 == 0 && l == 1 ? -1 : base(k, l);
  }

  public static void main(String[] args) throws IOException {
    int skus = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int locations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path html = args.length > 2 && !args[2].equals("-") ? Path.of(args[2]) : null;
    boolean inMemoryMap = args.length > 3 && (args[3].equals("inmemory") || args[3].equals("jdbc"));
    boolean jdbc = args.length > 3 && args[3].equals("jdbc");
    int unmapped = 250;

    IdMap idMap = new SyntheticInventory.ComputedIdMap(skus, locations);
    if (inMemoryMap) {
      IdMap m;
      try {
        m = jdbc
            ? IdMap.jdbc(java.sql.DriverManager.getConnection("jdbc:sqlite::memory:"))
            : IdMap.inMemory();
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("cannot open SQLite", e);
      }
      long p0 = System.nanoTime();
      for (String system : new String[] {"square", "shopify", "netsuite"}) {
        for (int k = 0; k < skus; k++) {
          m.put(IdMap.Kind.SKU, SyntheticInventory.sku(k), idMap.find(IdMap.Kind.SKU,
              SyntheticInventory.sku(k), system).orElseThrow());
        }
        for (int l = 0; l < locations; l++) {
          m.put(IdMap.Kind.LOCATION, SyntheticInventory.location(l), idMap.find(IdMap.Kind.LOCATION,
              SyntheticInventory.location(l), system).orElseThrow());
        }
      }
      System.out.println("POPULATE idMapMs=" + (System.nanoTime() - p0) / 1_000_000);
      idMap = m;
    }
    Reconciler reconciler = Reconciler.builder()
        .system("pos", new SyntheticInventory.Connector("square", skus, locations, unmapped, 1000,
            ReconcileBenchmarkMain::pos))
        .system("shop", new SyntheticInventory.Connector("shopify", skus, locations, 0, 250,
            ReconcileBenchmarkMain::shop))
        .system("erp", new SyntheticInventory.Connector("netsuite", skus, locations, 0, 1000,
            ReconcileBenchmarkMain::erp))
        .idMap(idMap)
        .systemOfRecord("erp")
        .clock(Clock.fixed(Instant.parse("2026-11-29T11:00:00Z"), ZoneOffset.UTC))
        .build();

    long t0 = System.nanoTime();
    ReconciliationReport report = reconciler.reconcile();
    long t1 = System.nanoTime();
    CountingWriter csv = new CountingWriter();
    report.write(ReportFormat.CSV, csv);
    long t2 = System.nanoTime();
    CountingWriter json = new CountingWriter();
    report.write(ReportFormat.JSON, json);
    long t3 = System.nanoTime();
    if (html != null) {
      report.write(ReportFormat.HTML, html);
    } else {
      report.write(ReportFormat.HTML, new CountingWriter());
    }
    long t4 = System.nanoTime();
    CorrectionPlan plan = report.correctionPlan();
    long t5 = System.nanoTime();

    long expectedDiscrepancies = 0;
    long expectedMissing = 0;
    for (int k = 0; k < skus; k++) {
      for (int l = 0; l < locations; l++) {
        long e = erp(k, l);
        boolean missing = e < 0;
        if (missing) {
          expectedMissing++;
        }
        if (missing || pos(k, l) != e || shop(k, l) != e) {
          expectedDiscrepancies++;
        }
      }
    }
    System.gc();
    long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    ReconciliationSummary s = report.summary();
    System.out.printf(Locale.ROOT, "RESULT compared=%d discrepancies=%d missing=%d unmapped=%d rate=%.4f"
            + " unitsOff=%s planned=%d skipped=%d%n",
        s.compared(), s.discrepancies(), s.missing(), s.unmapped(), s.discrepancyRate(),
        s.unitsOff().toPlainString(), plan.changeCount(), plan.skipped().size());
    System.out.printf(Locale.ROOT, "TIME reconcileMs=%d csvMs=%d jsonMs=%d htmlMs=%d planMs=%d"
            + " csvBytes=%d jsonBytes=%d%n",
        ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4), csv.count, json.count);
    System.out.printf(Locale.ROOT, "HEAP maxMb=%d poolPeakSumMb=%d retainedAfterGcMb=%d gc=%s%n",
        Runtime.getRuntime().maxMemory() >> 20, peak >> 20, retained >> 20,
        ManagementFactory.getGarbageCollectorMXBeans().get(0).getName());
    boolean ok = s.compared() == (long) skus * locations
        && s.discrepancies() == expectedDiscrepancies
        && s.missing() == expectedMissing
        && s.unmapped() == unmapped
        && plan.skipped().size() == expectedMissing
        && report.worst().size() == Math.min(100, expectedDiscrepancies);
    System.out.println(ok ? "OK" : "MISMATCH expectedDiscrepancies=" + expectedDiscrepancies
        + " expectedMissing=" + expectedMissing);
    System.exit(ok ? 0 : 1);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static final class CountingWriter extends Writer {
    long count;

    @Override
    public void write(char[] buf, int off, int len) {
      count += len;
    }

    @Override
    public void write(String str, int off, int len) {
      count += len;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
