package dev.posbridge.benchmarks.square;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Item 1's second measurement, for a shared machine: decoding measured in the thread's CPU time,
 * so time the thread spends descheduled by other processes does not count. With a fifth argument
 * (0 posbridge, 1 SDK, 2 plain, 3 posbridge's DTO decode without the mapping) only that decoder runs, in its own JVM like a JMH fork; without
 * it the three take turns in one JVM. Prints one line per measured slice cycle:
 * {@code CYCLE posbridgeOrdersPerCpuSecond sdk... plain...} (0 for decoders not run).
 */
public final class DecodePaired {
  private DecodePaired() {}

  /**
   * Entry point.
   *
   * @param args page file, warm-up cycles, measured cycles, slice ms[, the only decoder]
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    byte[] page = Files.readAllBytes(Path.of(args[0]));
    int warm = Integer.parseInt(args[1]);
    int cycles = Integer.parseInt(args[2]);
    long slice = Long.parseLong(args[3]) * 1_000_000L;
    int only = args.length > 4 ? Integer.parseInt(args[4]) : -1;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int c = 0; c < warm + cycles; c++) {
      double[] rate = new double[4];
      for (int k = 0; k < 4; k++) {
        int d = (c + k) % 4;
        if (only < 0 && d == 3) {
          continue;
        }
        if (only >= 0 && d != only) {
          continue;
        }
        long cpu0 = mx.getCurrentThreadCpuTime();
        long end = System.nanoTime() + slice;
        long ops = 0;
        while (System.nanoTime() < end) {
          sink += switch (d) {
            case 0 -> Decoders.posbridge(Decoders.stream(page)).size();
            case 1 -> Decoders.sdk(page).getOrders().map(java.util.List::size).orElse(0);
            case 3 -> size(Decoders.posbridgeDto(Decoders.stream(page)).orders());
            default -> size(Decoders.plain(Decoders.stream(page)).orders());
          };
          ops++;
        }
        rate[d] = ops * DecodeBenchmark.ORDERS / ((mx.getCurrentThreadCpuTime() - cpu0) / 1e9);
      }
      if (c >= warm) {
        System.out.printf(Locale.ROOT, "CYCLE %.1f %.1f %.1f %.1f%n", rate[0], rate[1], rate[2], rate[3]);
      }
    }
    System.out.println("DONE " + (sink > 0));
    System.exit(0);
  }

  private static int size(java.util.@Nullable List<?> orders) {
    return orders == null ? 0 : orders.size();
  }
}
