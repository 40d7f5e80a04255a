package dev.posbridge.benchmarks.square;

import dev.posbridge.benchmarks.ChildJvm;
import dev.posbridge.benchmarks.Figure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Item 1 through the public call ({@link PublicDecode}): rounds of one JVM per client, the order
 * rotated each round; the ratios pair the medians of the same round. Before measuring, the
 * three clients' digests of the page (id, totals, lines, tenders) must be identical.
 */
public final class PublicDecodeHarness {
  private static final List<String> CLIENTS = List.of("posbridge", "sdk", "raw");

  private PublicDecodeHarness() {}

  /**
   * Runs the measurement.
   *
   * @param work a directory for the page file
   * @param rounds rounds (one JVM per client each)
   * @param warm warm-up slices per JVM
   * @param slices measured slices per JVM
   * @param sliceMs slice length
   * @return the figures
   * @throws Exception on failure, including clients that decode different values
   */
  public static List<Figure> run(Path work, int rounds, int warm, int slices, int sliceMs) throws Exception {
    byte[] page = OrderFixtures.page(DecodeBenchmark.ORDERS);
    Path file = work.resolve("search-orders-page-public.json");
    Files.write(file, page);
    List<String> reference = null;
    for (String name : CLIENTS) {
      try (PagingClients.Client c = PagingClients.create(name, "http://127.0.0.1:9", PageInterceptor.client(page))) {
        List<String> digest = PagingClients.digestAll(c);
        if (reference == null) {
          reference = digest;
        } else {
          Decoders.requireSame(name + " and posbridge", reference, digest);
        }
      }
    }
    List<List<Double>> cpu = new ArrayList<>();
    List<List<Double>> wall = new ArrayList<>();
    List<List<Double>> alloc = new ArrayList<>();
    List<List<Double>> roundCpu = new ArrayList<>();
    List<List<Double>> roundAlloc = new ArrayList<>();
    for (int i = 0; i < CLIENTS.size(); i++) {
      cpu.add(new ArrayList<>());
      wall.add(new ArrayList<>());
      alloc.add(new ArrayList<>());
      roundCpu.add(new ArrayList<>());
      roundAlloc.add(new ArrayList<>());
    }
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < CLIENTS.size(); k++) {
        int i = (r + k) % CLIENTS.size();
        List<Double> c = new ArrayList<>();
        List<Double> a = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx1g", "-Xms1g"), PublicDecode.class,
            file.toAbsolutePath().toString(), CLIENTS.get(i), String.valueOf(warm), String.valueOf(slices),
            String.valueOf(sliceMs))) {
          for (String line : child.rest()) {
            if (line.startsWith("SLICE ")) {
              String[] f = line.split(" ", -1);
              c.add(Double.parseDouble(f[1]));
              wall.get(i).add(Double.parseDouble(f[2]));
              a.add(Double.parseDouble(f[3]) / 1024.0);
            }
          }
        }
        if (c.isEmpty()) {
          throw new IllegalStateException("no samples from " + CLIENTS.get(i));
        }
        cpu.get(i).addAll(c);
        alloc.get(i).addAll(a);
        roundCpu.get(i).add(Figure.median(c));
        roundAlloc.get(i).add(Figure.median(a));
      }
    }
    String item = "1 Decode (public call)";
    List<Figure> out = new ArrayList<>();
    out.add(Figure.info(item, "posbridge sales(..) → Sales, CPU time", "orders/CPU-s", cpu.get(0)));
    out.add(Figure.info(item, "official SDK orders().search(..), CPU time", "orders/CPU-s", cpu.get(1)));
    out.add(Figure.info(item, "raw OkHttp + Jackson records, CPU time", "orders/CPU-s", cpu.get(2)));
    out.add(Figure.info(item, "posbridge, wall time", "orders/s", wall.get(0)));
    out.add(Figure.info(item, "official SDK, wall time", "orders/s", wall.get(1)));
    out.add(Figure.info(item, "raw, wall time", "orders/s", wall.get(2)));
    List<Double> vsRaw = DecodeHarness.ratios(roundCpu.get(0), roundCpu.get(2));
    List<Double> vsSdk = DecodeHarness.ratios(roundCpu.get(0), roundCpu.get(1));
    out.add(Figure.target(item, "posbridge speed ÷ raw (per round, CPU time)", "×", vsRaw, "≥ 0.9",
        Figure.median(vsRaw) >= 0.9));
    out.add(Figure.target(item, "posbridge speed ÷ official SDK (per round, CPU time)", "×", vsSdk, "≥ 1.5",
        Figure.median(vsSdk) >= 1.5));
    out.add(Figure.info(item, "alloc posbridge", "KB/order", alloc.get(0)));
    out.add(Figure.info(item, "alloc official SDK", "KB/order", alloc.get(1)));
    out.add(Figure.info(item, "alloc raw", "KB/order", alloc.get(2)));
    List<Double> allocRatio = DecodeHarness.ratios(roundAlloc.get(0), roundAlloc.get(2));
    out.add(Figure.target(item, "alloc posbridge ÷ raw (per round)", "×", allocRatio, "≤ 1.5",
        Figure.median(allocRatio) <= 1.5));
    return out;
  }
}
