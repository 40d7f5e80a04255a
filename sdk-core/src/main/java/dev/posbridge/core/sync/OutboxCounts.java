package dev.posbridge.core.sync;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Counts of events by state, in all and per event type. */
record OutboxCounts(Tx tx, OutboxClock clock) {

  /** See {@link Outbox#status()}. */
  OutboxStatus status() {
    long now = clock.now();
    return tx.read("cannot read status", c -> {
      Map<String, Long> counts = new HashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM pb_outbox GROUP BY status")) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getLong(2));
        }
      }
      long inFlight = Objects.requireNonNull(Sql.queryLong(c,
          "SELECT COUNT(*) FROM pb_outbox WHERE status = 'PENDING' AND lease_until >= ?", now));
      long oldest = Objects.requireNonNullElse(Sql.queryLong(c,
          "SELECT MIN(created_at) FROM pb_outbox WHERE status = 'PENDING'"), now);
      return new OutboxStatus(counts.getOrDefault("PENDING", 0L), inFlight,
          counts.getOrDefault("DEAD", 0L), counts.getOrDefault("DONE", 0L),
          Duration.ofMillis(Math.max(0, now - oldest)));
    });
  }

  /** See {@link Outbox#statusByType()}. */
  Map<String, OutboxStatus> byType() {
    long now = clock.now();
    Map<String, long[]> rows = tx.read("cannot read status", c -> {
      Map<String, long[]> found = new TreeMap<>();
      try (PreparedStatement q = c.prepareStatement("SELECT event_type,"
          + " SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN status = 'PENDING' AND lease_until >= ? THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN status = 'DEAD' THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN status = 'DONE' THEN 1 ELSE 0 END),"
          + " MIN(CASE WHEN status = 'PENDING' THEN created_at END)"
          + " FROM pb_outbox GROUP BY event_type")) {
        q.setLong(1, now);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            long oldest = Objects.requireNonNullElse(Sql.longOrNull(rs, 6), now);
            found.put(rs.getString(1),
                new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), oldest});
          }
        }
      }
      return found;
    });
    Map<String, OutboxStatus> result = new LinkedHashMap<>();
    rows.forEach((type, r) -> result.put(type,
        new OutboxStatus(r[0], r[1], r[2], r[3], Duration.ofMillis(Math.max(0, now - r[4])))));
    return Collections.unmodifiableMap(result);
  }
}
