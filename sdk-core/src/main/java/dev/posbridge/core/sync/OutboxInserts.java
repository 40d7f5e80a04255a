package dev.posbridge.core.sync;

import dev.posbridge.core.sync.GroupCommitWriter.Write;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one group commit writes: the events (skipping stored dedupe keys), webhook receipts,
 * source checkpoints, and the commit token that tells whether a commit reported as failed took
 * effect.
 */
final class OutboxInserts {

  private OutboxInserts() {}

  /** Inserts the writes' rows; returns their ids per write, {@code -1} for a duplicate. */
  static List<List<Long>> insert(Connection c, List<Write> batch, String token, long now, boolean sqlite)
      throws SQLException {
    Sql.update(c, "UPDATE pb_commit SET token = ?", token);
    Set<String> existing = existingDedupeKeys(c, batch);
    List<List<Long>> result = new ArrayList<>(batch.size());
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO pb_outbox (ordering_key, event_type, payload, dedupe_key, status, attempts,"
            + " created_at, next_attempt_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)",
        sqlite ? Statement.NO_GENERATED_KEYS : Statement.RETURN_GENERATED_KEYS)) {
      // SQLite: rows go in as one JDBC batch, and their ids are read once at the end. One
      // connection holding the write lock gets consecutive rowids, so the ids are last-n+1..last.
      List<long[]> slots = new ArrayList<>();
      for (Write w : batch) {
        List<Long> ids = new ArrayList<>(w.events().size() + 1);
        if (w.receiptKey() != null) {
          if (!existing.add(w.receiptKey())) {
            ids.add(-1L);
            for (int i = 0; i < w.events().size(); i++) {
              ids.add(-1L);
            }
            result.add(ids);
            continue;
          }
          flush(c, insert, slots, result);
          ids.add(OutboxCheckpoints.insertReceipt(c, w.receiptKey(), now));
        }
        result.add(ids);
        for (OutboxEvent e : w.events()) {
          if (e.dedupeKey() != null && !existing.add(e.dedupeKey())) {
            ids.add(-1L);
            continue;
          }
          insert.setString(1, e.orderingKey());
          insert.setString(2, e.type());
          insert.setString(3, e.payload());
          if (e.dedupeKey() == null) {
            insert.setNull(4, Types.VARCHAR);
          } else {
            insert.setString(4, e.dedupeKey());
          }
          insert.setLong(5, now);
          insert.setLong(6, now);
          if (sqlite) {
            insert.addBatch();
            slots.add(new long[] {result.size() - 1, ids.size()});
            ids.add(0L);
          } else {
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              if (!keys.next()) {
                throw new SQLException("the database returned no generated id");
              }
              ids.add(keys.getLong(1));
            }
          }
        }
        if (w.checkpointSource() != null) {
          OutboxCheckpoints.save(c, w.checkpointSource(), Objects.requireNonNull(w.checkpoint()), now);
        }
      }
      flush(c, insert, slots, result);
    }
    return result;
  }

  /** Tells whether the transaction that wrote {@code token} was committed. */
  static boolean committed(Connection c, String token) throws SQLException {
    return Sql.exists(c, "SELECT 1 FROM pb_commit WHERE token = ?", token);
  }

  /** Executes the SQLite insert batch and fills in the ids of its rows. */
  private static void flush(Connection c, PreparedStatement insert, List<long[]> slots,
      List<List<Long>> result) throws SQLException {
    if (slots.isEmpty()) {
      return;
    }
    insert.executeBatch();
    long last;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      last = rs.getLong(1);
    }
    long id = last - slots.size() + 1;
    for (long[] slot : slots) {
      result.get((int) slot[0]).set((int) slot[1], id++);
    }
    slots.clear();
  }

  private static Set<String> existingDedupeKeys(Connection c, List<Write> batch) throws SQLException {
    Set<String> existing = new HashSet<>();
    try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pb_outbox WHERE dedupe_key = ?")) {
      for (Write w : batch) {
        List<String> keys = new ArrayList<>();
        if (w.receiptKey() != null) {
          keys.add(w.receiptKey());
        }
        for (OutboxEvent e : w.events()) {
          if (e.dedupeKey() != null) {
            keys.add(e.dedupeKey());
          }
        }
        for (String key : keys) {
          q.setString(1, key);
          try (ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
              existing.add(key);
            }
          }
        }
      }
    }
    return existing;
  }
}
