package dev.posbridge.core.webhook;

import dev.posbridge.core.spi.Checks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * An {@link EventDeduplicator} in a JDBC table, durable across restarts and shared by every
 * process using the database. Ids older than the ttl are ignored and purged now and then.
 */
final class JdbcEventDeduplicator implements EventDeduplicator {

  /** Opens a connection. */
  @FunctionalInterface
  interface ConnectionSource {
    Connection open() throws SQLException;
  }

  private final ConnectionSource source;
  private final Duration ttl;
  private final Clock clock;
  private long lastPurge;

  JdbcEventDeduplicator(ConnectionSource source, Duration ttl, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.ttl = Checks.positive(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    try (Connection c = source.open(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS pb_webhook_seen (seen_key VARCHAR(255) NOT NULL"
          + " PRIMARY KEY, seen_at BIGINT NOT NULL)");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create table pb_webhook_seen", e);
    }
  }

  @Override
  public synchronized boolean firstSeen(String system, String eventId) {
    if (seen(system, eventId)) {
      return false;
    }
    markSeen(system, eventId);
    return true;
  }

  @Override
  public synchronized boolean seen(String system, String eventId) {
    long oldest = clock.millis() - ttl.toMillis();
    try (Connection c = source.open(); PreparedStatement q = c.prepareStatement(
        "SELECT seen_at FROM pb_webhook_seen WHERE seen_key = ?")) {
      q.setString(1, key(system, eventId));
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() && rs.getLong(1) >= oldest;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pb_webhook_seen", e);
    }
  }

  @Override
  public synchronized void markSeen(String system, String eventId) {
    long now = clock.millis();
    try (Connection c = source.open()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM pb_webhook_seen WHERE seen_key = ?")) {
          d.setString(1, key(system, eventId));
          d.executeUpdate();
        }
        try (PreparedStatement i = c.prepareStatement(
            "INSERT INTO pb_webhook_seen (seen_key, seen_at) VALUES (?, ?)")) {
          i.setString(1, key(system, eventId));
          i.setLong(2, now);
          i.executeUpdate();
        }
        if (now - lastPurge > 60_000) {
          lastPurge = now;
          try (PreparedStatement p = c.prepareStatement("DELETE FROM pb_webhook_seen WHERE seen_at < ?")) {
            p.setLong(1, now - ttl.toMillis());
            p.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write pb_webhook_seen", e);
    }
  }

  @Override
  public synchronized void forget(String system, String eventId) {
    try (Connection c = source.open(); PreparedStatement d = c.prepareStatement(
        "DELETE FROM pb_webhook_seen WHERE seen_key = ?")) {
      d.setString(1, key(system, eventId));
      d.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write pb_webhook_seen", e);
    }
  }

  /** Keys longer than the column are hashed; system names are short. */
  private static String key(String system, String eventId) {
    String k = system.toLowerCase(Locale.ROOT) + ":" + eventId;
    if (k.length() <= 255) {
      return k;
    }
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(eventId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return system.toLowerCase(Locale.ROOT) + ":sha256:" + java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "JdbcEventDeduplicator[ttl=" + ttl + "]";
  }
}
