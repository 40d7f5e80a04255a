package dev.posbridge.core.internal.reconcile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compact reconciliation state: one row per canonical SKU × location, one quantity per system.
 *
 * <p>SKUs and locations are interned to {@code int} ids; the row of a key is found through a
 * primitive {@code long → int} map; quantities are kept as {@code long}s in units of 1/10,000
 * (exact for every quantity with at most four decimals), with a side map for the rare quantity that
 * needs more precision or range. About 40 bytes per row plus 8 per system and the SKU strings, so
 * 300,000 rows across 3 systems take roughly 25 MB. Not thread-safe.
 */
public final class StockTable {

  /** The scale of the stored {@code long} quantities. */
  static final int SCALE = 4;
  private static final long ABSENT = Long.MIN_VALUE;
  private static final long EXACT = Long.MIN_VALUE + 1;
  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE / 2, SCALE);

  private final int systems;
  private final Map<String, Integer> skuIds = new HashMap<>();
  private final List<String> skus = new ArrayList<>();
  private final Map<String, Integer> locationIds = new HashMap<>();
  private final List<String> locations = new ArrayList<>();
  private final LongIntMap rows;
  private int[] rowSku;
  private int[] rowLocation;
  private long[] quantities;
  private final Map<Long, BigDecimal> exact = new HashMap<>();
  private int size;

  /**
   * Creates an empty table.
   *
   * @param systems how many systems are compared
   * @param expectedRows a sizing hint
   */
  public StockTable(int systems, int expectedRows) {
    if (systems < 1) {
      throw new IllegalArgumentException("systems must be positive: " + systems);
    }
    this.systems = systems;
    int initial = Math.max(16, expectedRows);
    rows = new LongIntMap(initial);
    rowSku = new int[initial];
    rowLocation = new int[initial];
    quantities = new long[initial * systems];
    Arrays.fill(quantities, ABSENT);
  }

  /**
   * Adds a quantity; quantities of one system for the same key are summed.
   *
   * @param system the system's index
   * @param sku the canonical SKU
   * @param location the canonical location
   * @param quantity the quantity
   */
  public void add(int system, String sku, String location, BigDecimal quantity) {
    if (system < 0 || system >= systems) {
      throw new IllegalArgumentException("no system " + system);
    }
    int s = intern(skuIds, skus, sku);
    int l = intern(locationIds, locations, location);
    long key = ((long) s << 32) | (l & 0xFFFFFFFFL);
    int row = rows.get(key);
    if (row < 0) {
      row = newRow(s, l);
      rows.put(key, row);
    }
    int cell = row * systems + system;
    BigDecimal sum = quantity;
    long old = quantities[cell];
    if (old != ABSENT) {
      sum = sum.add(decode(cell, old));
    }
    long encoded = encode(sum);
    quantities[cell] = encoded;
    if (encoded == EXACT) {
      exact.put((long) cell, sum);
    } else {
      exact.remove((long) cell);
    }
  }

  /**
   * Releases the spare capacity of the row arrays once every level is in; adding later still
   * works.
   */
  public void trim() {
    if (rowSku.length > size) {
      int n = Math.max(1, size);
      rowSku = Arrays.copyOf(rowSku, n);
      rowLocation = Arrays.copyOf(rowLocation, n);
      quantities = Arrays.copyOf(quantities, n * systems);
    }
  }

  /**
   * Returns how many SKU × location rows there are.
   *
   * @return the row count
   */
  public int size() {
    return size;
  }

  /**
   * Returns how many systems are compared.
   *
   * @return the system count
   */
  public int systems() {
    return systems;
  }

  /**
   * Returns a row's SKU.
   *
   * @param row the row
   * @return the SKU
   */
  public String sku(int row) {
    return skus.get(rowSku[check(row)]);
  }

  /**
   * Returns a row's location.
   *
   * @param row the row
   * @return the canonical location
   */
  public String location(int row) {
    return locations.get(rowLocation[check(row)]);
  }

  /**
   * Returns the row of a key.
   *
   * @param sku the SKU
   * @param location the location
   * @return the row, or -1
   */
  public int find(String sku, String location) {
    Integer s = skuIds.get(sku);
    Integer l = locationIds.get(location);
    if (s == null || l == null) {
      return -1;
    }
    return rows.get(((long) s << 32) | (l & 0xFFFFFFFFL));
  }

  /**
   * Returns one system's quantity in a row.
   *
   * @param row the row
   * @param system the system's index
   * @return the quantity, or {@code null} if the system did not report the key
   */
  public @Nullable BigDecimal quantity(int row, int system) {
    int cell = check(row) * systems + system;
    long v = quantities[cell];
    return v == ABSENT ? null : decode(cell, v);
  }

  private BigDecimal decode(int cell, long v) {
    if (v == EXACT) {
      BigDecimal b = exact.get((long) cell);
      if (b == null) {
        throw new IllegalStateException("lost exact quantity of cell " + cell);
      }
      return b;
    }
    BigDecimal b = BigDecimal.valueOf(v, SCALE).stripTrailingZeros();
    return b.scale() < 0 ? b.setScale(0, RoundingMode.UNNECESSARY) : b;
  }

  private static long encode(BigDecimal q) {
    if (q.abs().compareTo(MAX) > 0) {
      return EXACT;
    }
    BigDecimal scaled = q.movePointRight(SCALE);
    if (scaled.signum() != 0 && scaled.stripTrailingZeros().scale() > 0) {
      return EXACT;
    }
    return scaled.longValueExact();
  }

  private int newRow(int s, int l) {
    if (size == rowSku.length) {
      int n = rowSku.length * 2;
      rowSku = Arrays.copyOf(rowSku, n);
      rowLocation = Arrays.copyOf(rowLocation, n);
      int old = quantities.length;
      quantities = Arrays.copyOf(quantities, n * systems);
      Arrays.fill(quantities, old, quantities.length, ABSENT);
    }
    rowSku[size] = s;
    rowLocation[size] = l;
    return size++;
  }

  private int check(int row) {
    if (row < 0 || row >= size) {
      throw new IndexOutOfBoundsException("row " + row + " of " + size);
    }
    return row;
  }

  private static int intern(Map<String, Integer> ids, List<String> names, String name) {
    Integer id = ids.get(name);
    if (id == null) {
      id = names.size();
      ids.put(name, id);
      names.add(name);
    }
    return id;
  }
}
