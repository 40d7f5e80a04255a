package dev.posbridge.core.sync;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * The outbox's time in epoch milliseconds: the clock's, but never going backwards. When the wall
 * clock steps back (NTP, a manual change), the outbox's time keeps running from where it was, so
 * that due times, leases and ages stay meaningful; a step forward is taken as time passing (a
 * retry becomes due earlier, a lease may end early: at worst a redelivery under the same
 * idempotency key).
 */
final class OutboxClock {

  private final Clock clock;
  private final Object lock = new Object();
  /** The last wall-clock reading (guarded by lock). */
  private long lastWall;
  /** How far the outbox's time is ahead of the wall clock after backward steps (guarded by lock). */
  private long offset;

  OutboxClock(Clock clock) {
    this.clock = clock;
  }

  long now() {
    synchronized (lock) {
      // Read inside the lock: two readings taken outside could arrive out of order and look
      // like a backward step.
      long wall = clock.millis();
      if (wall < lastWall) {
        offset += lastWall - wall;
      }
      lastWall = wall;
      return wall + offset;
    }
  }

  /**
   * Starts no earlier than the latest time stored (a clock set back across a restart). Runs in a
   * read transaction.
   */
  @org.jspecify.annotations.Nullable Void start(Connection c, Duration lease) throws SQLException {
    long stored = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(created_at), MAX(done_at), MAX(lease_until),"
            + " MAX(first_failed_at) FROM pb_outbox")) {
      if (rs.next()) {
        // A lease ends one lease period after its claim: the claim is a time seen.
        stored = Math.max(Math.max(rs.getLong(1), rs.getLong(2)),
            Math.max(rs.getLong(3) - lease.toMillis(), rs.getLong(4)));
      }
    }
    long wall = clock.millis();
    synchronized (lock) {
      lastWall = wall;
      offset = Math.max(0, stored - wall);
    }
    return null;
  }
}
