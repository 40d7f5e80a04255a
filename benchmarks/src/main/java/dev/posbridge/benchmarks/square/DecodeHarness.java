package dev.posbridge.benchmarks.square;

import dev.posbridge.benchmarks.Figure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
   * @param iterations measurement iterations per fork (warm-up iterations: {@code -DwarmupIterations}, 12)
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
    String[] names = {"posbridge", "officialSdk", "plainRecords"};
    Map<String, List<Double>> speed = new HashMap<>();
    Map<String, List<Double>> alloc = new HashMap<>();
    Map<String, List<Double>> roundSpeed = new HashMap<>();
    Map<String, List<Double>> roundAlloc = new HashMap<>();
    for (String n : names) {
      speed.put(n, new ArrayList<>());
      alloc.put(n, new ArrayList<>());
      roundSpeed.put(n, new ArrayList<>());
      roundAlloc.put(n, new ArrayList<>());
    }
    // Interleaved: each round runs one fork of each benchmark, in rotating order, so a change in
    // the machine's load hits all three alike; the ratios pair the medians of the same round.
    for (int round = 0; round < forks; round++) {
      for (int k = 0; k < names.length; k++) {
        String name = names[(round + k) % names.length];
        Options opt = new OptionsBuilder()
            .include(DecodeBenchmark.class.getName() + "\\." + name + "$")
            .forks(1)
            .warmupIterations(Integer.getInteger("warmupIterations", 12))
            .warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(seconds))
            .threads(1)
            .jvmArgsAppend("-Dbench.page=" + file.toAbsolutePath(), "-Xmx1g", "-Xms1g")
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
            .build();
        Collection<RunResult> results = new Runner(opt).run();
        List<Double> s = new ArrayList<>();
        List<Double> a = new ArrayList<>();
        for (RunResult rr : results) {
          for (BenchmarkResult br : rr.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
              s.add(ir.getPrimaryResult().getScore() * DecodeBenchmark.ORDERS);
              Result<?> norm = ir.getSecondaryResults().get("gc.alloc.rate.norm");
              if (norm == null) {
                norm = ir.getSecondaryResults().get("\u00b7gc.alloc.rate.norm");
              }
              if (norm != null) {
                a.add(norm.getScore() / DecodeBenchmark.ORDERS / 1024.0);
              }
            }
          }
        }
        if (s.isEmpty() || a.isEmpty()) {
          throw new IllegalStateException("JMH gave no score or no gc.alloc.rate.norm for " + name);
        }
        samples(speed, name).addAll(s);
        samples(alloc, name).addAll(a);
        samples(roundSpeed, name).add(Figure.median(s));
        samples(roundAlloc, name).add(Figure.median(a));
      }
    }
    // CPU-time measurement (see DecodePaired): rounds of one JVM per decoder, order rotated; the
    // ratios pair the medians of the same round.
    List<Double> cpuPb = new ArrayList<>();
    List<Double> cpuSdk = new ArrayList<>();
    List<Double> cpuPlain = new ArrayList<>();
    List<Double> rPb = new ArrayList<>();
    List<Double> rSdk = new ArrayList<>();
    List<Double> rPlain = new ArrayList<>();
    List<Double> cpuDto = new ArrayList<>();
    List<List<Double>> all = List.of(cpuPb, cpuSdk, cpuPlain, cpuDto);
    List<List<Double>> perRound = List.of(rPb, rSdk, rPlain, new ArrayList<>());
    for (int round = 0; round < Integer.getInteger("cpuRounds", 2); round++) {
      for (int k = 0; k < 4; k++) {
        int d = (round + k) % 4;
        List<Double> mine = new ArrayList<>();
        try (dev.posbridge.benchmarks.ChildJvm child = dev.posbridge.benchmarks.ChildJvm.start(
            List.of("-Xmx1g", "-Xms1g"), DecodePaired.class, file.toAbsolutePath().toString(),
            String.valueOf(Integer.getInteger("cpuWarmup", 24)), String.valueOf(Integer.getInteger("cpuSlices", 6)),
            String.valueOf(Integer.getInteger("cpuSliceMs", 500)), String.valueOf(d))) {
          for (String line : child.rest()) {
            if (line.startsWith("CYCLE ")) {
              mine.add(Double.parseDouble(line.split(" ", -1)[1 + d]));
            }
          }
        }
        if (mine.isEmpty()) {
          throw new IllegalStateException("the CPU-time decode run gave no samples");
        }
        all.get(d).addAll(mine);
        perRound.get(d).add(Figure.median(mine));
      }
    }
    if (cpuPb.isEmpty()) {
      throw new IllegalStateException("the paired decode run gave no cycles");
    }
    List<Figure> out = new ArrayList<>();
    String item = "1 Decode";
    out.add(Figure.info(item, "posbridge → canonical Sales", "orders/s", samples(speed, "posbridge")));
    out.add(Figure.info(item, "official SDK → its models (via String)", "orders/s", samples(speed, "officialSdk")));
    out.add(Figure.info(item, "plain Jackson records", "orders/s", samples(speed, "plainRecords")));
    List<Double> vsPlain = ratios(samples(roundSpeed, "posbridge"), samples(roundSpeed, "plainRecords"));
    List<Double> vsSdk = ratios(samples(roundSpeed, "posbridge"), samples(roundSpeed, "officialSdk"));
    out.add(Figure.info(item, "JMH: posbridge speed ÷ plain records (per round, wall time)", "×", vsPlain));
    out.add(Figure.info(item, "JMH: posbridge speed ÷ official SDK (per round, wall time)", "×", vsSdk));
    out.add(Figure.info(item, "CPU time: posbridge → canonical Sales", "orders/CPU-s", cpuPb));
    out.add(Figure.info(item, "CPU time: official SDK → its models (via String)", "orders/CPU-s", cpuSdk));
    out.add(Figure.info(item, "CPU time: plain Jackson records", "orders/CPU-s", cpuPlain));
    out.add(Figure.info(item, "CPU time: posbridge DTOs only, without mapping to Sales", "orders/CPU-s", cpuDto));
    List<Double> pVsPlain = ratios(rPb, rPlain);
    List<Double> pVsSdk = ratios(rPb, rSdk);
    out.add(Figure.target(item, "posbridge speed ÷ plain records (per round, CPU time)", "×", pVsPlain,
        "≥ 0.9", Figure.median(pVsPlain) >= 0.9));
    out.add(Figure.target(item, "posbridge speed ÷ official SDK (per round, CPU time)", "×", pVsSdk,
        "≥ 1.5", Figure.median(pVsSdk) >= 1.5));
    out.add(Figure.info(item, "alloc posbridge", "KB/order", samples(alloc, "posbridge")));
    out.add(Figure.info(item, "alloc official SDK", "KB/order", samples(alloc, "officialSdk")));
    out.add(Figure.info(item, "alloc plain records", "KB/order", samples(alloc, "plainRecords")));
    List<Double> allocRatio = ratios(samples(roundAlloc, "posbridge"), samples(roundAlloc, "plainRecords"));
    out.add(Figure.target(item, "alloc posbridge ÷ plain records (per round)", "×", allocRatio, "≤ 1.5",
        Figure.median(allocRatio) <= 1.5));
    return out;
  }

  /** The samples of a decoder; every decoder name has a list from the start. */
  private static List<Double> samples(Map<String, List<Double>> byName, String name) {
    return Objects.requireNonNull(byName.get(name), name);
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
