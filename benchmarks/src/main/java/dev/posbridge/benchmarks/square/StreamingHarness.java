package dev.posbridge.benchmarks.square;

import dev.posbridge.benchmarks.ChildJvm;
import dev.posbridge.benchmarks.Figure;
import java.util.ArrayList;
import java.util.List;

/**
 * Item 6: 100,000 catalogue items and 100,000 stock levels paged through posbridge in a child JVM
 * with {@code -Xmx64m}, from a {@link SquareStub} in another JVM.
 */
public final class StreamingHarness {
  private StreamingHarness() {}

  /**
   * Runs the item.
   *
   * @param items how many items (and levels)
   * @param runs how many child runs
   * @return the figures
   * @throws Exception on failure
   */
  public static List<Figure> run(int items, int runs) throws Exception {
    List<Double> ok = new ArrayList<>();
    List<Double> first = new ArrayList<>();
    List<Double> afterItems = new ArrayList<>();
    List<Double> afterLevels = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    try (ChildJvm stub = ChildJvm.start(List.of("-Xmx512m", "-Dsun.net.httpserver.nodelay=true"),
        SquareStub.class, "1", String.valueOf(items))) {
      String base = "http://127.0.0.1:" + stub.await(l -> l.startsWith("PORT ")).substring(5).trim();
      for (int r = 0; r < runs; r++) {
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx64m", "-XX:+UseG1GC"), StreamingMain.class, base,
            String.valueOf(items))) {
          String line;
          try {
            line = child.await(l -> l.startsWith("RESULT "));
          } catch (java.io.IOException e) {
            ok.add(0.0);
            continue;
          }
          String[] f = line.split(" ", -1);
          ok.add(1.0);
          first.add(Double.parseDouble(f[3]));
          afterItems.add(Double.parseDouble(f[4]));
          afterLevels.add(Double.parseDouble(f[5]));
          seconds.add(Double.parseDouble(f[7]));
        }
      }
    }
    String item = "6 Streaming -Xmx64m";
    String n = String.format(java.util.Locale.ROOT, "%,d", items);
    List<Figure> out = new ArrayList<>();
    boolean all = ok.stream().allMatch(x -> x == 1.0);
    out.add(Figure.target(item, n + " items + " + n + " stock levels complete in -Xmx64m (1 = yes)", "runs", ok,
        "all runs", all));
    if (!first.isEmpty()) {
      out.add(Figure.info(item, "heap after GC, first page of items", "MB", first));
      out.add(Figure.info(item, "heap after GC, all items read (SKU cache kept)", "MB", afterItems));
      out.add(Figure.info(item, "heap after GC, all stock levels read", "MB", afterLevels));
      out.add(Figure.info(item, "child JVM: items + levels paged", "s", seconds));
    }
    return out;
  }
}
