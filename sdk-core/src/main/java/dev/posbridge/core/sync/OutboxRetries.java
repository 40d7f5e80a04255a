package dev.posbridge.core.sync;

import dev.posbridge.core.sync.OutboxEngine.Disposition;
import dev.posbridge.core.sync.OutboxEngine.Failure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed attempts: an event backs off (jittered, exponential, capped) and is retried until its
 * attempts or its time budget from the first failure are used up, or at once for a permanent
 * failure, and then becomes a dead letter. A deferred attempt (refused before the vendor) counts
 * neither.
 */
record OutboxRetries(Tx tx, OutboxClock clock,
    int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  /** Records a failed attempt of one event; returns whether it is now dead, or null if the lease was lost. */
  @Nullable Boolean fail(long id, String worker, Failure f) {
    int[] attempts = new int[1];
    Boolean dead = tx.write("cannot record failure", c -> {
      long now = clock.now();
      long firstFailed;
      try (PreparedStatement q = c.prepareStatement("SELECT attempts, first_failed_at FROM pb_outbox"
          + " WHERE id = ? AND status = 'PENDING' AND lease_owner = ?")) {
        q.setLong(1, id);
        q.setString(2, worker);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          attempts[0] = rs.getInt(1);
          Long first = Sql.longOrNull(rs, 2);
          firstFailed = first == null ? now : first;
        }
      }
      boolean d = isDead(f, attempts[0], firstFailed, now);
      write(c, "id = ?", id, worker, f, d, attempts[0], now);
      return d;
    });
    if (Boolean.TRUE.equals(dead)) {
      LOG.warn("outbox event {} dead-lettered after {} attempt(s): {}", id, attempts[0], f.truncated());
    }
    return dead;
  }

  boolean isDead(Failure f, int attempts, long firstFailed, long now) {
    return switch (f.disposition()) {
      case DEAD, DEAD_AS_SENT -> true;
      case DEFER -> false;
      case RETRY -> attempts >= maxAttempts || now - firstFailed >= f.budget().toMillis();
    };
  }

  /**
   * Updates the failed rows selected by {@code where} (one parameter) and leased by the worker, in
   * the caller's transaction; returns how many.
   */
  int write(Connection c, String where, long key, String worker, Failure f, boolean dead, int attempts,
      long now) throws SQLException {
    boolean defer = f.disposition() == Disposition.DEFER;
    long next = defer ? now + f.delay().toMillis() : now + backoff(attempts).toMillis();
    try (PreparedStatement u = c.prepareStatement(
        "UPDATE pb_outbox SET status = ?, lease_owner = NULL, lease_until = NULL,"
            + " next_attempt_at = ?, last_error = ?, done_at = ?, error_code = ?, error_retryable = ?,"
            + " source_ref = COALESCE(?, source_ref), attempts = attempts - ?,"
            + " first_failed_at = " + (defer ? "first_failed_at" : "COALESCE(first_failed_at, ?)")
            + " WHERE " + where + " AND status = 'PENDING' AND lease_owner = ?")) {
      int i = 1;
      u.setString(i++, dead ? "DEAD" : "PENDING");
      u.setLong(i++, next);
      u.setString(i++, f.truncated());
      if (dead) {
        u.setLong(i++, now);
      } else {
        u.setNull(i++, Types.BIGINT);
      }
      u.setString(i++, f.code());
      u.setInt(i++, f.retryable() ? 1 : 0);
      u.setString(i++, f.sourceRef());
      u.setInt(i++, defer ? 1 : 0);
      if (!defer) {
        u.setLong(i++, now);
      }
      u.setLong(i++, key);
      u.setString(i, worker);
      return u.executeUpdate();
    }
  }

  /** Jittered exponential backoff after the n-th failed attempt, capped. */
  Duration backoff(int attempts) {
    double base = initialBackoff.toMillis() * Math.pow(2, Math.max(0, attempts - 1));
    double capped = Math.min(base, (double) maxBackoff.toMillis());
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (capped * jitter));
  }
}
