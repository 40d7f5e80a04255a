package dev.posbridge.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock sdk-core's tests move by hand: the one copy for this module's tests. The other
 * modules' tests use {@code dev.posbridge.testing.SimClock} from sdk-testing, which sdk-core's
 * tests cannot depend on (sdk-testing depends on sdk-core).
 */
public final class MutableClock extends Clock {

  /** Where a clock made with {@link #MutableClock()} starts. */
  public static final Instant DEFAULT_START = Instant.parse("2026-11-29T12:00:00Z");

  private volatile Instant now;

  /** Creates a clock standing at {@link #DEFAULT_START}. */
  public MutableClock() {
    this(DEFAULT_START);
  }

  /**
   * Creates a clock standing at an instant.
   *
   * @param start the time the clock shows
   */
  public MutableClock(Instant start) {
    this.now = start;
  }

  /**
   * Moves the clock, forwards or (with a negative duration) back.
   *
   * @param d how far
   */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  /**
   * Sets the time.
   *
   * @param instant the time the clock shows from now on
   */
  public void set(Instant instant) {
    now = instant;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
