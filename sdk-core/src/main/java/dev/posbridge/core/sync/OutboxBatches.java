package dev.posbridge.core.sync;

import dev.posbridge.core.sync.OutboxEngine.Batch;
import dev.posbridge.core.sync.OutboxEngine.Disposition;
import dev.posbridge.core.sync.OutboxEngine.Failure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches: claimed events recorded as one vendor call under one idempotency key before the call,
 * and from then on only ever sent together, under that key, until the batch is settled.
 */
record OutboxBatches(Tx tx, OutboxClock clock, Duration lease, OutboxRetries retries) {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  /** What {@link #claimOpen(Connection, String, String, Set)} returns to be called again. */
  private static final Batch TRY_AGAIN = new Batch(-1, "", List.of());

  /**
   * Records claimed events as one batch under an idempotency key, durably (the membership must be
   * on disk before the vendor call, even across a power loss); null if a lease was lost.
   */
  @Nullable Batch create(String worker, String type, String key, List<ClaimedEvent> events) {
    return tx.writeDurable("cannot record batch", c -> {
      long batchId = Sql.insert(c,
          "INSERT INTO pb_batch (event_type, idem_key, status, created_at) VALUES (?, ?, 'OPEN', ?)",
          type, key, clock.now());
      try (PreparedStatement u = c.prepareStatement(
          "UPDATE pb_outbox SET batch_id = ?, payload = ? WHERE id = ? AND status = 'PENDING'"
              + " AND lease_owner = ? AND batch_id IS NULL")) {
        for (ClaimedEvent e : events) {
          Sql.bind(u, List.of(batchId, e.event().payload(), e.id(), worker));
          if (u.executeUpdate() != 1) {
            // The lease expired and another worker took the event (maybe into its own batch):
            // record nothing, so that no event is ever in two batches.
            LOG.debug("{}: lease lost while recording a batch of {}; not sent", worker, type);
            return Tx.rollback(null);
          }
        }
      }
      List<ClaimedEvent> ordered = new ArrayList<>(events);
      ordered.sort(Comparator.comparingLong(ClaimedEvent::id));
      return new Batch(batchId, key, List.copyOf(ordered));
    });
  }

  /**
   * Claims the oldest open batch of a type whose members are all pending, due and not leased: a
   * batch interrupted by a crash or a retryable failure, to resend as it was.
   */
  @SuppressWarnings("ReferenceEquality") // TRY_AGAIN is a sentinel: identity is the point
  @Nullable Batch claimOpen(String worker, String type) {
    Set<Long> takenElsewhere = new HashSet<>();
    Batch found;
    do {
      found = tx.write("cannot claim batch", c -> claimOpen(c, worker, type, takenElsewhere));
    } while (found == TRY_AGAIN);
    return found;
  }

  /**
   * One transaction of {@link #claimOpen(String, String)}. A batch that a process sharing the
   * database took a member of meanwhile is added to {@code takenElsewhere}, and passed over by the
   * next transaction.
   */
  private @Nullable Batch claimOpen(Connection c, String worker, String type, Set<Long> takenElsewhere)
      throws SQLException {
    long now = clock.now();
    long until = now + lease.toMillis();
    List<Long> open = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement(
        "SELECT id, idem_key FROM pb_batch WHERE status = 'OPEN' AND event_type = ? ORDER BY id")) {
      q.setString(1, type);
      q.setMaxRows(50);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          open.add(rs.getLong(1));
          keys.add(rs.getString(2));
        }
      }
    }
    for (int i = 0; i < open.size(); i++) {
      long batchId = open.get(i);
      if (takenElsewhere.contains(batchId)) {
        continue;
      }
      List<Object[]> rows = new ArrayList<>();
      boolean claimable = true;
      try (PreparedStatement q = c.prepareStatement("SELECT " + OutboxLeases.COLUMNS
          + ", status, next_attempt_at, lease_until FROM pb_outbox WHERE batch_id = ? ORDER BY id")) {
        q.setLong(1, batchId);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            Long leaseUntil = Sql.longOrNull(rs, 10);
            boolean leased = leaseUntil != null && leaseUntil >= now;
            if (!"PENDING".equals(rs.getString(8)) || rs.getLong(9) > now || leased) {
              claimable = false;
            }
            rows.add(OutboxLeases.row(rs));
          }
        }
      }
      if (!claimable || rows.isEmpty()) {
        continue;
      }
      List<ClaimedEvent> claimed = OutboxLeases.take(c, rows, worker, now, until);
      if (claimed.size() != rows.size()) {
        takenElsewhere.add(batchId);
        return Tx.rollback(TRY_AGAIN);
      }
      return new Batch(batchId, keys.get(i), List.copyOf(claimed));
    }
    return null;
  }

  /** Marks every member of a batch delivered and closes it; {@code false} if a lease was lost. */
  boolean complete(Batch batch, String worker) {
    return tx.write("cannot complete batch", c -> {
      int n = Sql.update(c, "UPDATE pb_outbox SET status = 'DONE', lease_owner = NULL, lease_until = NULL,"
          + " done_at = ? WHERE batch_id = ? AND status = 'PENDING' AND lease_owner = ?",
          clock.now(), batch.id(), worker);
      if (n != batch.events().size()) {
        return Tx.rollback(false);
      }
      close(c, batch.id(), "DONE");
      return true;
    });
  }

  /** See {@link Outbox#failBatch}. */
  @Nullable Boolean fail(Batch batch, String worker, Failure f) {
    int attempts = 0;
    for (ClaimedEvent e : batch.events()) {
      attempts = Math.max(attempts, e.attempt());
    }
    int attempt = attempts;
    boolean split = f.disposition() == Disposition.DEAD && batch.events().size() > 1;
    Boolean dead = tx.write("cannot record batch failure", c -> {
      long now = clock.now();
      if (split) {
        int n = Sql.update(c, "UPDATE pb_outbox SET solo = 1, attempts = attempts - 1, batch_id = NULL,"
            + " lease_owner = NULL, lease_until = NULL WHERE batch_id = ? AND status = 'PENDING'"
            + " AND lease_owner = ?", batch.id(), worker);
        if (n != batch.events().size()) {
          return Tx.rollback(null);
        }
        close(c, batch.id(), "SPLIT");
        return false;
      }
      long firstFailed = Objects.requireNonNullElse(Sql.queryLong(c,
          "SELECT MIN(first_failed_at) FROM pb_outbox WHERE batch_id = ?", batch.id()), now);
      boolean d = retries.isDead(f, attempt, firstFailed, now);
      int n = retries.write(c, "batch_id = ?", batch.id(), worker, f, d, attempt, now);
      if (n != batch.events().size()) {
        return Tx.rollback(null);
      }
      if (d) {
        close(c, batch.id(), "DEAD");
      }
      return d;
    });
    if (split && dead != null) {
      LOG.info("outbox batch {} ({} events) rejected as a whole ({}); its events are sent one by one",
          batch.id(), batch.events().size(), f.truncated());
    } else if (Boolean.TRUE.equals(dead)) {
      LOG.warn("outbox batch {} ({} events) dead-lettered after {} attempt(s): {}", batch.id(),
          batch.events().size(), attempt, f.truncated());
    }
    return dead;
  }

  /** See {@link Outbox#settleBatch}. */
  int settle(Batch batch, String worker, Map<Long, Failure> failed, Set<Long> notProcessed) {
    return tx.write("cannot record batch outcomes", c -> {
      long now = clock.now();
      int done = 0;
      for (ClaimedEvent e : batch.events()) {
        int n;
        Failure f = failed.get(e.id());
        if (f != null) {
          long first = Objects.requireNonNullElse(
              Sql.queryLong(c, "SELECT first_failed_at FROM pb_outbox WHERE id = ?", e.id()), now);
          Sql.update(c, "UPDATE pb_outbox SET batch_id = NULL, solo = 1 WHERE id = ?", e.id());
          n = retries.write(c, "id = ?", e.id(), worker, f, retries.isDead(f, e.attempt(), first, now),
              e.attempt(), now);
        } else if (notProcessed.contains(e.id())) {
          n = Sql.update(c, "UPDATE pb_outbox SET batch_id = NULL, lease_owner = NULL, lease_until = NULL,"
              + " attempts = attempts - 1 WHERE id = ? AND status = 'PENDING' AND lease_owner = ?",
              e.id(), worker);
        } else {
          n = Sql.update(c, "UPDATE pb_outbox SET status = 'DONE', lease_owner = NULL, lease_until = NULL,"
              + " done_at = ? WHERE id = ? AND status = 'PENDING' AND lease_owner = ?", now, e.id(), worker);
          done += n;
        }
        if (n != 1) {
          return Tx.rollback(-1);
        }
      }
      close(c, batch.id(), "DONE");
      return done;
    });
  }

  /** Gives a claimed batch back without counting an attempt (graceful stop). */
  void release(Batch batch, String worker) {
    tx.write("cannot release batch", c -> Sql.update(c,
        "UPDATE pb_outbox SET lease_owner = NULL, lease_until = NULL, attempts = attempts - 1"
            + " WHERE batch_id = ? AND status = 'PENDING' AND lease_owner = ?", batch.id(), worker));
  }

  private static void close(Connection c, long batchId, String status) throws SQLException {
    Sql.update(c, "UPDATE pb_batch SET status = ? WHERE id = ?", status, batchId);
  }
}
