package dev.posbridge.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One row of the result table: a measured figure with its samples, and the target it is held to.
 *
 * @param item the issue item, e.g. "1 Decode"
 * @param name what was measured
 * @param unit the unit of the samples
 * @param samples the samples (one per iteration or run)
 * @param target the target, in words, or empty when the row is informational
 * @param met whether the target is met; null when there is no target
 */
public record Figure(String item, String name, String unit, List<Double> samples, String target,
    @Nullable Boolean met) {

  /**
   * A row without a target.
   *
   * @param item the item
   * @param name the name
   * @param unit the unit
   * @param samples the samples
   * @return the row
   */
  public static Figure info(String item, String name, String unit, List<Double> samples) {
    return new Figure(item, name, unit, samples, "", null);
  }

  /**
   * A row with a target.
   *
   * @param item the item
   * @param name the name
   * @param unit the unit
   * @param samples the samples
   * @param target the target in words
   * @param met whether it is met
   * @return the row
   */
  public static Figure target(String item, String name, String unit, List<Double> samples, String target,
      boolean met) {
    return new Figure(item, name, unit, samples, target, met);
  }

  /** @return the smallest sample */
  public double min() {
    return sorted().get(0);
  }

  /** @return the largest sample */
  public double max() {
    List<Double> s = sorted();
    return s.get(s.size() - 1);
  }

  /** @return the median sample */
  public double median() {
    return median(samples);
  }

  /**
   * The median of some values.
   *
   * @param values the values, not empty
   * @return the median
   */
  public static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private List<Double> sorted() {
    List<Double> s = new ArrayList<>(samples);
    Collections.sort(s);
    return s;
  }

  /** @return "met", "MISSED" or "" */
  public String verdict() {
    return met == null ? "" : met ? "met" : "MISSED";
  }

  /**
   * Formats a number with 3 significant digits, at most.
   *
   * @param v the value
   * @return the text
   */
  public static String fmt(double v) {
    double a = Math.abs(v);
    if (a >= 1000 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
