package dev.posbridge.benchmarks.square;

import dev.posbridge.benchmarks.Figure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Item 1: runs {@link DecodeBenchmark} under JMH with the GC profiler and turns the per-iteration
 * results into figures: orders per second per thread, bytes allocated per order, and the ratios
 * the targets name (computed per fork-iteration pair of medians).
 */
public final class DecodeHarness {
  private DecodeHarness() {}

  /**
   * Runs the benchmark.
   *
   * @param work a directory for the fixture file
   * @param forks JMH forks
   * @param iterations measurement iterations per fork (as many warm-up iterations)
   * @param seconds seconds per iteration
   * @return the figures
   * @throws IOException if the fixture cannot be written
   * @throws RunnerException if JMH fails
   */
  public static List<Figure> run(Path work, int forks, int iterations, int seconds)
      throws IOException, RunnerException {
    byte[] page = OrderFixtures.page(DecodeBenchmark.ORDERS);
    Path file = work.resolve("search-orders-page.json");
    Files.write(file, page);
    Options opt = new OptionsBuilder()
        .include(DecodeBenchmark.class.getName() + "\\.")
        .forks(forks)
        .warmupIterations(iterations)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(seconds))
        .threads(1)
        .jvmArgsAppend("-Dbench.page=" + file.toAbsolutePath(), "-Xmx1g", "-Xms1g")
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(opt).run();
    Map<String, List<Double>> speed = new java.util.HashMap<>();
    Map<String, List<Double>> alloc = new java.util.HashMap<>();
    for (RunResult rr : results) {
      String name = rr.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      List<Double> s = new ArrayList<>();
      List<Double> a = new ArrayList<>();
      for (BenchmarkResult br : rr.getBenchmarkResults()) {
        for (IterationResult ir : br.getIterationResults()) {
          s.add(ir.getPrimaryResult().getScore() * DecodeBenchmark.ORDERS);
          Result<?> norm = ir.getSecondaryResults().get("·gc.alloc.rate.norm");
          if (norm == null) {
            norm = ir.getSecondaryResults().get("gc.alloc.rate.norm");
          }
          if (norm != null) {
            a.add(norm.getScore() / DecodeBenchmark.ORDERS / 1024.0);
          }
        }
      }
      speed.put(name, s);
      alloc.put(name, a);
    }
    List<Double> pb = speed.get("posbridge");
    List<Double> sdk = speed.get("officialSdk");
    List<Double> plain = speed.get("plainRecords");
    List<Double> pbA = alloc.get("posbridge");
    List<Double> plainA = alloc.get("plainRecords");
    List<Figure> out = new ArrayList<>();
    String item = "1 Decode";
    out.add(Figure.info(item, "posbridge → canonical Sales", "orders/s", pb));
    out.add(Figure.info(item, "official SDK → its models (via String)", "orders/s", sdk));
    out.add(Figure.info(item, "plain Jackson records", "orders/s", plain));
    List<Double> vsPlain = ratios(pb, plain);
    List<Double> vsSdk = ratios(pb, sdk);
    out.add(Figure.target(item, "posbridge speed ÷ plain records", "×", vsPlain, "≥ 0.9",
        Figure.median(vsPlain) >= 0.9));
    out.add(Figure.target(item, "posbridge speed ÷ official SDK", "×", vsSdk, "≥ 1.6",
        Figure.median(vsSdk) >= 1.6));
    out.add(Figure.info(item, "alloc posbridge", "KB/order", pbA));
    out.add(Figure.info(item, "alloc official SDK", "KB/order", alloc.get("officialSdk")));
    out.add(Figure.info(item, "alloc plain records", "KB/order", plainA));
    List<Double> allocRatio = ratios(pbA, plainA);
    out.add(Figure.target(item, "alloc posbridge ÷ plain records", "×", allocRatio, "≤ 1.2",
        Figure.median(allocRatio) <= 1.2));
    return out;
  }

  /** Ratio of the i-th samples (same fork and iteration index), so each ratio pairs like with like. */
  static List<Double> ratios(List<Double> a, List<Double> b) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      out.add(a.get(i) / b.get(i));
    }
    return out;
  }
}
