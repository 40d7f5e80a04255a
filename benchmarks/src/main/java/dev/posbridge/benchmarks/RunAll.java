package dev.posbridge.benchmarks;

import dev.posbridge.benchmarks.square.DecodeHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs every benchmark and prints one table. Arguments: the items to run (e.g. {@code decode
 * paging}); none = all. Settings as system properties: {@code forks}, {@code iterations},
 * {@code seconds} (JMH), {@code runs} (interleaved end-to-end runs).
 */
public final class RunAll {
  private RunAll() {}

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
    if (only.isEmpty() || only.contains("decode")) {
      figures.addAll(DecodeHarness.run(work, Integer.getInteger("forks", 2),
          Integer.getInteger("iterations", 3), Integer.getInteger("seconds", 2)));
    }
    if (only.isEmpty() || only.contains("paging")) {
      figures.addAll(dev.posbridge.benchmarks.square.PagingHarness.run(Integer.getInteger("pages", 100),
          Integer.getInteger("runs", 7), Integer.getInteger("coldRuns", 5)));
    }
    if (only.isEmpty() || only.contains("effects")) {
      figures.addAll(dev.posbridge.benchmarks.effects.EffectsHarness.run(work));
    }
    if (only.isEmpty() || only.contains("streaming")) {
      figures.addAll(dev.posbridge.benchmarks.square.StreamingHarness.run(Integer.getInteger("items", 100_000),
          Integer.getInteger("streamRuns", 3)));
    }
    if (only.isEmpty() || only.contains("sync")) {
      if (SyncFigures.available()) {
        figures.addAll(SyncFigures.run(Integer.getInteger("syncRuns", 3), List.of(
            "-Dseconds=" + Integer.getInteger("syncSeconds", 5), "-Dwarmup=" + Integer.getInteger("syncWarmup", 2),
            "-Dsales=" + Integer.getInteger("syncSales", 10_000))));
      } else {
        System.err.println("item 7 skipped: the sync engine's harness is not on this branch yet");
      }
    }
    System.out.println();
    Table.print(System.out, figures);
  }
}
