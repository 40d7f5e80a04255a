package dev.posbridge.core.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outbox as a queue under leases: claiming deliverable events (at most the oldest pending one
 * of each ordering key, so that each key is delivered in order), completing and releasing them.
 */
final class OutboxLeases {

  /** The columns {@link #row} reads, in its order. */
  static final String COLUMNS = "id, ordering_key, event_type, payload, dedupe_key, attempts, created_at";
  /** {@link #COLUMNS} of the table aliased {@code o}. */
  private static final String O_COLUMNS =
      "o.id, o.ordering_key, o.event_type, o.payload, o.dedupe_key, o.attempts, o.created_at";

  private final Tx tx;
  private final OutboxClock clock;
  private final Duration lease;

  OutboxLeases(Tx tx, OutboxClock clock, Duration lease) {
    this.tx = tx;
    this.clock = clock;
    this.lease = lease;
  }

  /** See {@link Outbox#claim}. */
  List<ClaimedEvent> claim(String worker, int max) {
    return claimType(worker, null, max, false);
  }

  /**
   * Claims up to {@code max} events of one type (any type if null), oldest first, outside any
   * batch. With {@code followers}, after the head of a key the next pending events of the same key
   * and type are taken too (in order), so that one batch can carry several changes of one key.
   */
  List<ClaimedEvent> claimType(String worker, @Nullable String type, int max, boolean followers) {
    return tx.write("cannot claim events", c -> {
      long now = clock.now();
      List<Object[]> heads = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT " + O_COLUMNS + ", o.solo FROM pb_outbox o"
          + " WHERE o.status = 'PENDING'"
          // "+" keeps the planner on (status, event_type, id): rows come in id order, no sort.
          + (type == null ? " AND o.next_attempt_at <= ?" : " AND o.event_type = ? AND +o.next_attempt_at <= ?")
          + " AND (o.lease_until IS NULL OR o.lease_until < ?) AND o.batch_id IS NULL"
          + " AND NOT EXISTS (SELECT 1 FROM pb_outbox p WHERE p.ordering_key = o.ordering_key"
          + " AND p.status = 'PENDING' AND p.id < o.id)"
          + " ORDER BY o.id")) {
        Sql.bind(q, type == null ? List.of(now, now) : List.of(type, now, now));
        q.setMaxRows(max);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            Object[] r = row(rs);
            if (followers && !Sql.isNull(rs, 8)) {
              // Split from a rejected batch: sent alone, under a key of its own.
              if (heads.isEmpty()) {
                heads.add(r);
                break;
              }
              continue;
            }
            heads.add(r);
          }
        }
      }
      boolean alone = followers && heads.size() == 1
          && Sql.exists(c, "SELECT 1 FROM pb_outbox WHERE id = ? AND solo IS NOT NULL", heads.get(0)[0]);
      List<Object[]> rows = new ArrayList<>(heads);
      if (followers && !alone && rows.size() < max) {
        addFollowers(c, Objects.requireNonNull(type, "type"), heads, rows, max, now);
      }
      return take(c, rows, worker, now, now + lease.toMillis());
    });
  }

  /** After each head, the next pending events of its key while they are of the type and free. */
  private static void addFollowers(Connection c, String type, List<Object[]> heads, List<Object[]> rows,
      int max, long now) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS
        + ", next_attempt_at, lease_until, batch_id, solo FROM pb_outbox"
        + " WHERE status = 'PENDING' AND ordering_key = ? AND id > ? ORDER BY id")) {
      for (Object[] head : heads) {
        if (rows.size() >= max) {
          break;
        }
        q.setString(1, (String) head[1]);
        q.setLong(2, (Long) head[0]);
        q.setMaxRows(max - rows.size());
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            long next = rs.getLong(8);
            Long leaseUntil = Sql.longOrNull(rs, 9);
            boolean leased = leaseUntil != null && leaseUntil >= now;
            if (!type.equals(rs.getString(3)) || next > now || leased || !Sql.isNull(rs, 10)
                || !Sql.isNull(rs, 11)) {
              break;
            }
            rows.add(row(rs));
          }
        }
      }
    }
  }

  /** See {@link Outbox#completeAll}. */
  int completeAll(List<Long> ids, String worker) {
    return tx.write("cannot complete events", c -> {
      long now = clock.now();
      int n = 0;
      try (PreparedStatement u = c.prepareStatement(
          "UPDATE pb_outbox SET status = 'DONE', lease_owner = NULL, lease_until = NULL,"
              + " done_at = ? WHERE id = ? AND status = 'PENDING' AND lease_owner = ?")) {
        for (long id : ids) {
          Sql.bind(u, List.of(now, id, worker));
          n += u.executeUpdate();
        }
      }
      return n;
    });
  }

  /** See {@link Outbox#release}. */
  boolean release(long id, String worker) {
    return tx.write("outbox update failed", c -> Sql.update(c,
        "UPDATE pb_outbox SET lease_owner = NULL, lease_until = NULL, attempts = attempts - 1"
            + " WHERE id = ? AND status = 'PENDING' AND lease_owner = ?", id, worker) == 1);
  }

  /**
   * Leases rows (read by {@link #row}) to a worker, counting an attempt; returns the events taken
   * (a row another process leased meanwhile is not).
   */
  static List<ClaimedEvent> take(Connection c, List<Object[]> rows, String worker, long now, long until)
      throws SQLException {
    List<ClaimedEvent> claimed = new ArrayList<>();
    try (PreparedStatement take = c.prepareStatement(
        "UPDATE pb_outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1"
            + " WHERE id = ? AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)")) {
      for (Object[] r : rows) {
        take.setString(1, worker);
        take.setLong(2, until);
        take.setLong(3, (Long) r[0]);
        take.setLong(4, now);
        if (take.executeUpdate() == 1) {
          OutboxEvent event = new OutboxEvent((String) r[1], (String) r[2], (String) r[3], (String) r[4]);
          claimed.add(new ClaimedEvent((Long) r[0], event, (Integer) r[5] + 1,
              Instant.ofEpochMilli((Long) r[6]), Instant.ofEpochMilli(until)));
        }
      }
    }
    return claimed;
  }

  /** The {@link #COLUMNS} of the current row. */
  static Object[] row(ResultSet rs) throws SQLException {
    return new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getInt(6), rs.getLong(7)};
  }
}
