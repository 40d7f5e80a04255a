package dev.posbridge.core.internal.reconcile;

import java.util.Arrays;

/**
 * An open-addressing hash map from {@code long} keys to non-negative {@code int} values, without
 * boxing: 12 bytes per slot. Not thread-safe.
 */
final class LongIntMap {

  private static final int FREE = -1;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(values, FREE);
    mask = capacity - 1;
  }

  /** Returns the value of {@code key}, or -1. */
  int get(long key) {
    int i = slot(key);
    while (values[i] != FREE) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return FREE;
  }

  /** Stores a non-negative value. */
  void put(long key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("value must not be negative: " + value);
    }
    if ((size + 1) * 4L > keys.length * 3L) {
      grow();
    }
    int i = slot(key);
    while (values[i] != FREE) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    size++;
  }

  int size() {
    return size;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldValues.length * 2];
    Arrays.fill(values, FREE);
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != FREE) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}
