package dev.posbridge.benchmarks;

import dev.posbridge.benchmarks.square.DecodeHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs every benchmark and prints one table. Arguments: the items to run (e.g. {@code decode
 * paging}: decode public paging effects backfill streaming sync outbox); none = all. Settings as system properties: {@code forks}, {@code iterations},
 * {@code seconds} (JMH), {@code runs} (interleaved end-to-end runs).
 */
public final class RunAll {
  private RunAll() {}

  private static void progress(String item, long start) {
    System.err.printf(java.util.Locale.ROOT, "[%4.0f s] %s (load average %s)%n", (System.nanoTime() - start) / 1e9,
        item, loadAverage());
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /**
   * Entry point.
   *
   * @param args the items to run
   * @throws Exception if a harness fails (including a failed equivalence check)
   */
  public static void main(String[] args) throws Exception {
    Set<String> only = Set.of(args);
    Path work = Path.of(System.getProperty("work", "benchmarks/target/work"));
    Files.createDirectories(work);
    List<Figure> figures = new ArrayList<>();
    long start = System.nanoTime();
    if (only.isEmpty() || only.contains("decode")) {
      progress("decode", start);
      figures.addAll(DecodeHarness.run(work, Integer.getInteger("forks", 1),
          Integer.getInteger("iterations", 3), Integer.getInteger("seconds", 1)));
    }
    if (only.isEmpty() || only.contains("public")) {
      progress("public (decode through the public call)", start);
      figures.addAll(dev.posbridge.benchmarks.square.PublicDecodeHarness.run(work, Integer.getInteger("publicRounds", 3),
          Integer.getInteger("publicWarmup", 24), Integer.getInteger("publicSlices", 6),
          Integer.getInteger("publicSliceMs", 500)));
    }
    if (only.isEmpty() || only.contains("paging")) {
      progress("paging", start);
      figures.addAll(dev.posbridge.benchmarks.square.PagingHarness.run(Integer.getInteger("pages", 100),
          Integer.getInteger("runs", 7), Integer.getInteger("coldRuns", 5)));
    }
    if (only.isEmpty() || only.contains("effects")) {
      progress("effects", start);
      figures.addAll(dev.posbridge.benchmarks.effects.EffectsHarness.run(work));
    }
    if (only.isEmpty() || only.contains("backfill")) {
      progress("backfill (Shopify, paged vs bulk)", start);
      figures.addAll(dev.posbridge.benchmarks.effects.ShopifyBackfillHarness.run(
          Integer.getInteger("backfillOrders", 5_000)));
    }
    if (only.isEmpty() || only.contains("streaming")) {
      progress("streaming", start);
      figures.addAll(dev.posbridge.benchmarks.square.StreamingHarness.run(Integer.getInteger("items", 100_000),
          Integer.getInteger("streamRuns", 3)));
    }
    if (only.isEmpty() || only.contains("sync")) {
      progress("sync", start);
      if (SyncFigures.available()) {
        figures.addAll(SyncFigures.run(Integer.getInteger("syncRuns", 2), List.of(
            "-Dseconds=" + Integer.getInteger("syncSeconds", 4), "-Dwarmup=" + Integer.getInteger("syncWarmup", 1),
            "-Dsales=" + Integer.getInteger("syncSales", 10_000),
            "-DsimSales=" + Integer.getInteger("syncSimSales", 1_000))));
      } else {
        System.err.println("item 7 skipped: the sync engine's harness is not on this branch yet");
      }
    }
    if (only.isEmpty() || only.contains("outbox")) {
      progress("outbox (enqueue beside plain SQLite)", start);
      figures.addAll(OutboxVsSqlite.run(work, Integer.getInteger("outboxSeconds", 3),
          Integer.getInteger("outboxRounds", 2)));
    }
    progress("done", start);
    System.out.println();
    Table.print(System.out, figures);
    long missed = figures.stream().filter(f -> Boolean.FALSE.equals(f.met())).count();
    long met = figures.stream().filter(f -> Boolean.TRUE.equals(f.met())).count();
    System.out.printf(java.util.Locale.ROOT, "%n%d targets met, %d missed; %.0f s in all; load average now %s%n",
        met, missed, (System.nanoTime() - start) / 1e9, loadAverage());
  }
}
