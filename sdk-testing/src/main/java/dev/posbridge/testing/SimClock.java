package dev.posbridge.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that tests can set and advance; simulators take their timestamps from it.
 *
 * <p>A {@linkplain #fixed(Instant) fixed} clock stands still until set or advanced, which makes
 * timestamps deterministic. A {@linkplain #system() system} clock follows the real time plus an
 * offset that {@link #set(Instant)} and {@link #advance(Duration)} change, so a simulator checking
 * client timestamps (OAuth nonces, signatures) still accepts a client using the real clock.
 * Thread-safe; copies made by {@link #withZone(ZoneId)} share the time.
 */
public final class SimClock extends Clock {

  private static final class State {
    private final boolean ticking;
    private Instant fixed;
    private Duration offset = Duration.ZERO;

    State(boolean ticking, Instant fixed) {
      this.ticking = ticking;
      this.fixed = fixed;
    }

    synchronized Instant now() {
      return ticking ? Instant.now().plus(offset) : fixed;
    }

    synchronized void set(Instant instant) {
      if (ticking) {
        offset = Duration.between(Instant.now(), instant);
      } else {
        fixed = instant;
      }
    }

    synchronized void advance(Duration d) {
      if (ticking) {
        offset = offset.plus(d);
      } else {
        fixed = fixed.plus(d);
      }
    }
  }

  private final State state;
  private final ZoneId zone;

  private SimClock(State state, ZoneId zone) {
    this.state = state;
    this.zone = zone;
  }

  /**
   * Creates a clock that stands still at an instant, in UTC.
   *
   * @param start the time the clock shows
   * @return the clock
   */
  public static SimClock fixed(Instant start) {
    return new SimClock(new State(false, start), ZoneOffset.UTC);
  }

  /**
   * Creates a clock that follows the real time, in UTC.
   *
   * @return the clock
   */
  public static SimClock system() {
    return new SimClock(new State(true, Instant.EPOCH), ZoneOffset.UTC);
  }

  /**
   * Tells whether the clock follows the real time.
   *
   * @return {@code true} for a system clock, {@code false} for a fixed one
   */
  public boolean ticking() {
    return state.ticking;
  }

  /**
   * Sets the current time; a system clock keeps ticking from there.
   *
   * @param now the new current time
   * @return this clock
   */
  public SimClock set(Instant now) {
    state.set(now);
    return this;
  }

  /**
   * Moves the clock forward (or back, with a negative duration).
   *
   * @param duration how far to move
   * @return this clock
   */
  public SimClock advance(Duration duration) {
    state.advance(duration);
    return this;
  }

  @Override
  public Instant instant() {
    return state.now();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public SimClock withZone(ZoneId newZone) {
    return new SimClock(state, newZone);
  }

  @Override
  public String toString() {
    return "SimClock[" + (state.ticking ? "system" : "fixed") + ", " + instant() + ", " + zone + "]";
  }
}
