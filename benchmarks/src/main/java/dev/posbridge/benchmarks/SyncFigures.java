package dev.posbridge.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Item 7: runs the sync engine's own harness ({@code dev.posbridge.benchmarks.SyncBenchmark},
 * when it is on the class path) in a child JVM several times with short settings, reads the rows
 * of the tables it prints, and turns each numeric cell into a figure with min/median/max over the
 * runs. The targets (≥ 50,000 events/s with 8 producers, p99 ≤ 5 ms) are applied to every
 * durable-enqueue row.
 */
public final class SyncFigures {
  static final String MAIN = "dev.posbridge.benchmarks.SyncBenchmark";

  private SyncFigures() {}

  /**
   * Whether the engine's harness is on the class path.
   *
   * @return true if it is
   */
  public static boolean available() {
    try {
      Class.forName(MAIN, false, SyncFigures.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * Runs the harness.
   *
   * @param runs child runs
   * @param settings system properties for the harness, e.g. {@code -Dseconds=5}
   * @return the figures
   * @throws Exception on failure
   */
  public static List<Figure> run(int runs, List<String> settings) throws Exception {
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    Class<?> main = Class.forName(MAIN);
    for (int r = 0; r < runs; r++) {
      List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx1g"));
      jvm.addAll(settings);
      List<String> lines;
      try (ChildJvm child = ChildJvm.start(jvm, main)) {
        lines = child.rest();
        if (child.exitCode() != 0) {
          throw new IllegalStateException("the sync benchmark failed (exit " + child.exitCode() + ")");
        }
      }
      String[] header = null;
      for (String line : lines) {
        if (!line.startsWith("|")) {
          header = null;
          continue;
        }
        if (line.startsWith("|-") || line.startsWith("| -")) {
          continue;
        }
        String[] cells = cells(line);
        if (header == null) {
          header = cells;
          continue;
        }
        for (int i = 1; i < cells.length && i < header.length; i++) {
          Double v = number(cells[i]);
          if (v == null) {
            continue;
          }
          String h = header[0].toLowerCase(Locale.ROOT);
          String tag = h.contains("simulators") ? "e2e vs simulators: "
              : h.contains("end to end") ? "e2e in-memory sinks: " : "";
          if (header[i].contains("ratio") && v == 1.0) {
            continue; // the reference row's ratio to itself
          }
          String key = tag + cells[0] + " — " + header[i];
          samples.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
          units.put(key, h.contains("enqueue") ? "enqueue" : "e2e");
        }
      }
    }
    List<Figure> out = new ArrayList<>();
    for (Map.Entry<String, List<Double>> e : samples.entrySet()) {
      String name = e.getKey();
      String column = name.substring(name.lastIndexOf(" — ") + 3);
      boolean enqueue = "enqueue".equals(units.get(name));
      String item = "7 Sync engine";
      double median = Figure.median(e.getValue());
      if (enqueue && column.equals("events/s")) {
        out.add(Figure.target(item, name, "events/s", e.getValue(), "≥ 50,000", median >= 50_000));
      } else if (enqueue && column.startsWith("p99")) {
        out.add(Figure.target(item, name, "ms", e.getValue(), "≤ 5", median <= 5));
      } else {
        out.add(Figure.info(item, name, column.contains("ratio") ? "×" : column.contains("ms") ? "ms" : column,
            e.getValue()));
      }
    }
    return out;
  }

  @SuppressWarnings("StringSplitter") // dropping the empty cell after a row's closing | is the point
  private static String[] cells(String line) {
    String[] raw = line.substring(1).split("\\|");
    String[] out = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = raw[i].trim();
    }
    return out;
  }

  private static @Nullable Double number(String cell) {
    try {
      return Double.parseDouble(cell.replace(",", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
