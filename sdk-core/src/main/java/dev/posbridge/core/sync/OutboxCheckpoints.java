package dev.posbridge.core.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * What the outbox remembers of its sources: each source's cursor (written with the events read up
 * to it), and webhook receipts (delivered rows under the webhook's dedupe key, so that a vendor's
 * retry of a webhook is recognised as a duplicate).
 */
final class OutboxCheckpoints {

  private final Tx tx;

  OutboxCheckpoints(Tx tx) {
    this.tx = tx;
  }

  /** The stored cursor of a source, or null. */
  @Nullable String read(String sourceName) {
    return tx.read("cannot read checkpoint", c -> {
      try (PreparedStatement q = c.prepareStatement(
          "SELECT cursor_value FROM pb_checkpoint WHERE source_name = ?")) {
        q.setString(1, sourceName);
        // The result set is closed before the commit: an open statement would keep this
        // connection's read snapshot alive into the next call, which would then read stale rows.
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
  }

  /** Stores a source's cursor, in the caller's transaction. */
  static void save(Connection c, String name, String cursor, long now) throws SQLException {
    if (Sql.update(c, "UPDATE pb_checkpoint SET cursor_value = ?, updated_at = ? WHERE source_name = ?",
        cursor, now, name) == 1) {
      return;
    }
    Sql.update(c, "INSERT INTO pb_checkpoint (source_name, cursor_value, updated_at) VALUES (?, ?, ?)",
        name, cursor, now);
  }

  /** Stores a webhook receipt (a delivered row), in the caller's transaction; returns its id. */
  static long insertReceipt(Connection c, String key, long now) throws SQLException {
    return Sql.insert(c, "INSERT INTO pb_outbox (ordering_key, event_type, payload, dedupe_key, status,"
        + " attempts, created_at, next_attempt_at, done_at) VALUES (?, 'pb.receipt', '', ?, 'DONE', 0, ?, ?, ?)",
        "receipt:" + key, key, now, now, now);
  }
}
