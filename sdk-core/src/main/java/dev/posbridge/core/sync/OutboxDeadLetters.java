package dev.posbridge.core.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Dead letters: listing and replaying them (alone, or every one a filter selects), and storing
 * the dead letters that arise outside a delivery attempt (a source record that cannot be turned
 * into an event, a delivery an event bus gave up on).
 */
record OutboxDeadLetters(Tx tx, OutboxClock clock) {

  /** See {@link Outbox#deadLetters(DeadLetterFilter, int)}. */
  List<DeadLetter> list(DeadLetterFilter filter, int max) {
    List<Object> args = new ArrayList<>();
    String where = filterSql(filter, args);
    return tx.read("cannot read dead letters", c -> {
      List<DeadLetter> result = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(
          "SELECT id, ordering_key, event_type, payload, dedupe_key, attempts, last_error, done_at,"
              + " error_code, error_retryable, source_ref, first_failed_at"
              + " FROM pb_outbox WHERE status = 'DEAD'" + where + " ORDER BY id")) {
        Sql.bind(q, args);
        q.setMaxRows(max);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            String type = rs.getString(3);
            int slash = type.indexOf('/');
            Instant failedAt = Instant.ofEpochMilli(rs.getLong(8));
            Long first = Sql.longOrNull(rs, 12);
            Instant firstFailed = first == null ? failedAt : Instant.ofEpochMilli(first);
            result.add(new DeadLetter(rs.getLong(1),
                new OutboxEvent(rs.getString(2), type, rs.getString(4), rs.getString(5)),
                slash < 0 ? type : type.substring(0, slash), slash < 0 ? "" : type.substring(slash + 1),
                Objects.requireNonNullElse(rs.getString(9), "FAILED"), rs.getInt(10) == 1,
                rs.getString(11), Objects.requireNonNullElse(rs.getString(7), ""), rs.getInt(6),
                firstFailed, failedAt));
          }
        }
      }
      return result;
    });
  }

  private static String filterSql(DeadLetterFilter f, List<Object> args) {
    StringBuilder sql = new StringBuilder();
    if (f.sink() != null) {
      sql.append(" AND (event_type LIKE ? OR event_type = ?)");
      args.add(f.sink() + "/%");
      args.add(f.sink());
    }
    if (f.errorCode() != null) {
      sql.append(" AND error_code = ?");
      args.add(f.errorCode());
    }
    if (f.from() != null) {
      sql.append(" AND done_at >= ?");
      args.add(f.from().toEpochMilli());
    }
    if (f.to() != null) {
      sql.append(" AND done_at < ?");
      args.add(f.to().toEpochMilli());
    }
    return sql.toString();
  }

  /** See {@link Outbox#replay(long)}. */
  boolean replay(long id) {
    return tx.write("cannot replay", c -> replayOne(c, id, clock.now()));
  }

  /** See {@link Outbox#replay(DeadLetterFilter)}. */
  int replay(DeadLetterFilter filter) {
    List<Object> args = new ArrayList<>();
    String where = filterSql(filter, args);
    return tx.write("cannot replay", c -> {
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(
          "SELECT id FROM pb_outbox WHERE status = 'DEAD'" + where + " ORDER BY id")) {
        Sql.bind(q, args);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
      }
      long now = clock.now();
      int n = 0;
      for (long id : ids) {
        n += replayOne(c, id, now) ? 1 : 0;
      }
      return n;
    });
  }

  /** Replays one dead letter (its whole batch if it died with one), in the caller's transaction. */
  private static boolean replayOne(Connection c, long id, long now) throws SQLException {
    Long batchId;
    try (PreparedStatement q = c.prepareStatement("SELECT batch_id FROM pb_outbox WHERE id = ?"
        + " AND status = 'DEAD' AND event_type NOT LIKE '%/intake'")) {
      q.setLong(1, id);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        batchId = Sql.longOrNull(rs, 1);
      }
    }
    // Due at once, and no lease left over: nothing may wait for an old claim to expire.
    String reset = "UPDATE pb_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
        + " lease_owner = NULL, lease_until = NULL, done_at = NULL, first_failed_at = NULL"
        + " WHERE status = 'DEAD' AND ";
    if (batchId == null) {
      Sql.update(c, reset + "id = ?", now, id);
    } else {
      // A batch is resent whole under its recorded key: the vendor may have applied it.
      Sql.update(c, reset + "batch_id = ?", now, batchId);
      Sql.update(c, "UPDATE pb_batch SET status = 'OPEN' WHERE id = ?", batchId);
    }
    return true;
  }

  /** See {@link Outbox#quarantine}. */
  boolean quarantine(String system, String ref, String rawPayload, String code, String message) {
    String key = "intake:" + system + ":" + ref + ":"
        + dev.posbridge.core.internal.sync.IdempotencyKeys.of("raw", rawPayload);
    return tx.write("cannot quarantine a source record", c -> {
      if (Sql.exists(c, "SELECT 1 FROM pb_outbox WHERE dedupe_key = ?", key)) {
        return false;
      }
      long now = clock.now();
      Sql.update(c, "INSERT INTO pb_outbox (ordering_key, event_type, payload, dedupe_key, status,"
          + " attempts, created_at, next_attempt_at, done_at, first_failed_at, last_error, error_code,"
          + " error_retryable, source_ref) VALUES (?, ?, ?, ?, 'DEAD', 1, ?, ?, ?, ?, ?, ?, 0, ?)",
          "intake:" + system + ":" + ref, system + "/intake", rawPayload, key, now, now, now, now,
          truncate(message), code, system + "/" + ref);
      return true;
    });
  }

  /** See {@link Outbox#recordBusDeadLetter}. */
  void recordBus(OutboxEvent event, String code, String message) {
    String text = truncate(message);
    tx.write("cannot record the bus's dead letter", c -> {
      long now = clock.now();
      int n = event.dedupeKey() == null ? 0 : Sql.update(c,
          "UPDATE pb_outbox SET status = 'DEAD', done_at = ?, last_error = ?, error_code = ?,"
              + " error_retryable = 0, first_failed_at = COALESCE(first_failed_at, ?),"
              + " lease_owner = NULL, lease_until = NULL WHERE dedupe_key = ?",
          now, text, code, now, event.dedupeKey());
      if (n == 0) {
        Sql.update(c, "INSERT INTO pb_outbox (ordering_key, event_type, payload, dedupe_key, status,"
            + " attempts, created_at, next_attempt_at, done_at, first_failed_at, last_error, error_code,"
            + " error_retryable) VALUES (?, ?, ?, ?, 'DEAD', 1, ?, ?, ?, ?, ?, ?, 0)",
            event.orderingKey(), event.type(), event.payload(), event.dedupeKey(), now, now, now, now,
            text, code);
      }
      return null;
    });
  }

  private static String truncate(String message) {
    return message.length() > 2000 ? message.substring(0, 2000) : message;
  }
}
