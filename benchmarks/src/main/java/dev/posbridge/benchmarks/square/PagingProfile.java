package dev.posbridge.benchmarks.square;

/** Pages through a running stub with one client in a loop, for a profiler: args = base URL, client, runs. */
public final class PagingProfile {
  private PagingProfile() {}

  /**
   * Entry point.
   *
   * @param args base URL, client (posbridge, sdk, raw), runs
   */
  public static void main(String[] args) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    try (PagingClients.Client c = PagingClients.create(args[1], args[0])) {
      for (int i = 0; i < Integer.parseInt(args[2]); i++) {
        long cpu = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        c.pageAll(null);
        System.out.printf("%s: %.0f ms wall, %.0f ms cpu%n", args[1], (System.nanoTime() - t0) / 1e6,
            (mx.getCurrentThreadCpuTime() - cpu) / 1e6);
      }
    }
  }
}
