package dev.posbridge.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints figures as one Markdown table. */
public final class Table {
  private Table() {}

  /**
   * Prints the table.
   *
   * @param out where to
   * @param figures the rows
   */
  public static void print(PrintStream out, List<Figure> figures) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Item", "Figure", "Unit", "n", "Min", "Median", "Max", "Target", "Result"});
    for (Figure f : figures) {
      rows.add(new String[] {f.item(), f.name(), f.unit(), String.valueOf(f.samples().size()),
          Figure.fmt(f.min()), Figure.fmt(f.median()), Figure.fmt(f.max()), f.target(), f.verdict()});
    }
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (int k = 0; k < rows.size(); k++) {
      out.println(line(rows.get(k), w));
      if (k == 0) {
        String[] sep = new String[w.length];
        for (int i = 0; i < w.length; i++) {
          sep[i] = "-".repeat(w[i]);
        }
        out.println(line(sep, w));
      }
    }
  }

  private static String line(String[] cells, int[] w) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      b.append(' ').append(cells[i]).append(" ".repeat(w[i] - cells[i].length())).append(" |");
    }
    return b.toString();
  }
}
