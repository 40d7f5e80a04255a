package dev.posbridge.benchmarks.square;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Item 1's public-call measurement, one client per JVM: the client's public SearchOrders call
 * (posbridge's {@code SquareConnector.sales(..)}, the official SDK's {@code orders().search(..)},
 * raw OkHttp + Jackson), each answered in process by {@link PageInterceptor} with the same page
 * of 100 orders. Per slice it prints {@code SLICE ordersPerCpuSecond ordersPerWallSecond
 * bytesAllocatedPerOrder}: CPU time and allocation of the calling thread (the call runs on it:
 * OkHttp's synchronous {@code execute()}).
 */
public final class PublicDecode {
  private PublicDecode() {}

  /**
   * Entry point.
   *
   * @param args page file, client (posbridge, sdk, raw), warm-up slices, measured slices, slice ms
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    byte[] page = Files.readAllBytes(Path.of(args[0]));
    String name = args[1];
    int warm = Integer.parseInt(args[2]);
    int slices = Integer.parseInt(args[3]);
    long slice = Long.parseLong(args[4]) * 1_000_000L;
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    long sink = 0;
    try (PagingClients.Client c = PagingClients.create(name, "http://127.0.0.1:9", PageInterceptor.client(page))) {
      int perCall = PagingClients.digestAll(c).size(); // one page, no cursor: every order once
      if (perCall != DecodeBenchmark.ORDERS) {
        throw new IllegalStateException(name + " decoded " + perCall + " orders, expected " + DecodeBenchmark.ORDERS);
      }
      for (int s = 0; s < warm + slices; s++) {
        long cpu0 = mx.getCurrentThreadCpuTime();
        long alloc0 = mx.getThreadAllocatedBytes(self);
        long t0 = System.nanoTime();
        long end = t0 + slice;
        long orders = 0;
        while (System.nanoTime() < end) {
          sink += c.pageAll(null);
          orders += perCall;
        }
        long wall = System.nanoTime() - t0;
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long bytes = mx.getThreadAllocatedBytes(self) - alloc0;
        if (s >= warm) {
          System.out.printf(Locale.ROOT, "SLICE %.1f %.1f %.1f%n", orders / (cpu / 1e9), orders / (wall / 1e9),
              bytes / (double) orders);
        }
      }
    }
    System.out.println("DONE " + (sink != 0));
    System.exit(0);
  }
}
