package dev.posbridge.core.connect;

import dev.posbridge.core.model.ExternalRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An {@link IdMap} kept in a JDBC database, so the cross-reference survives restarts. Created by
 * {@link IdMap#jdbc(java.sql.Connection)}; the table {@code pb_id_map} is created on first
 * use. Thread-safe: calls are serialized on one connection.
 */
final class JdbcIdMap implements IdMap, AutoCloseable {

  private final Connection connection;
  private final boolean sqlite;

  JdbcIdMap(Connection connection) {
    this.connection = connection;
    try {
      this.sqlite = connection.getMetaData().getDatabaseProductName()
          .toLowerCase(java.util.Locale.ROOT).contains("sqlite");
      if (sqlite) {
        try (Statement s = connection.createStatement()) {
          // Wait for another writer of the same file (e.g. the outbox) instead of failing at once.
          s.execute("PRAGMA busy_timeout=10000");
        }
      }
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS pb_id_map (kind VARCHAR(16) NOT NULL,"
            + " canonical_id VARCHAR(255) NOT NULL, ref_system VARCHAR(64) NOT NULL,"
            + " ref_type VARCHAR(64) NOT NULL, ref_id VARCHAR(512) NOT NULL, ref_version VARCHAR(255),"
            + " PRIMARY KEY (kind, ref_system, ref_type, ref_id))");
        s.execute("CREATE INDEX IF NOT EXISTS pb_id_map_canonical ON pb_id_map (kind, canonical_id)");
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the id map table", e);
    }
  }

  @Override
  public synchronized void put(Kind kind, String canonicalId, ExternalRef ref) {
    check(kind, canonicalId);
    if (ref == null) {
      throw new IllegalArgumentException("ref must not be null");
    }
    try {
      lockForWrite();
      Optional<String> existing = canonicalIdInTx(kind, ref);
      if (existing.isPresent() && !existing.get().equals(canonicalId)) {
        connection.rollback();
        throw new IllegalArgumentException(
            ref + " is already mapped to " + kind + " " + existing.get() + ", not " + canonicalId);
      }
      try (PreparedStatement d = connection.prepareStatement(
          "DELETE FROM pb_id_map WHERE kind = ? AND canonical_id = ? AND ref_system = ? AND ref_type = ?")) {
        d.setString(1, kind.name());
        d.setString(2, canonicalId);
        d.setString(3, ref.system());
        d.setString(4, ref.type());
        d.executeUpdate();
      }
      try (PreparedStatement i = connection.prepareStatement(
          "INSERT INTO pb_id_map (kind, canonical_id, ref_system, ref_type, ref_id, ref_version)"
              + " VALUES (?, ?, ?, ?, ?, ?)")) {
        i.setString(1, kind.name());
        i.setString(2, canonicalId);
        i.setString(3, ref.system());
        i.setString(4, ref.type());
        i.setString(5, ref.id());
        i.setString(6, ref.version());
        i.executeUpdate();
      }
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot store the id mapping", e);
    }
  }

  /**
   * Takes SQLite's write lock before the first read of a transaction that writes (the equivalent
   * of {@code BEGIN IMMEDIATE}): a read-then-write transaction otherwise fails at once with
   * SQLITE_BUSY_SNAPSHOT when another connection wrote the file in between, e.g. the outbox when
   * the map shares its file.
   */
  private void lockForWrite() throws SQLException {
    if (sqlite) {
      try (Statement s = connection.createStatement()) {
        s.executeUpdate("UPDATE pb_id_map SET kind = kind WHERE 0 = 1");
      }
    }
  }

  @Override
  public synchronized Optional<ExternalRef> find(Kind kind, String canonicalId, String system) {
    check(kind, canonicalId);
    return first(query("SELECT ref_system, ref_type, ref_id, ref_version FROM pb_id_map"
        + " WHERE kind = ? AND canonical_id = ? AND ref_system = ?", kind.name(), canonicalId, system));
  }

  @Override
  public synchronized Optional<ExternalRef> find(
      Kind kind, String canonicalId, String system, String type) {
    check(kind, canonicalId);
    return first(query("SELECT ref_system, ref_type, ref_id, ref_version FROM pb_id_map"
        + " WHERE kind = ? AND canonical_id = ? AND ref_system = ? AND ref_type = ?",
        kind.name(), canonicalId, system, type));
  }

  @Override
  public synchronized Optional<String> canonicalId(Kind kind, ExternalRef ref) {
    if (kind == null || ref == null) {
      throw new IllegalArgumentException("kind and ref must not be null");
    }
    try {
      Optional<String> id = canonicalIdInTx(kind, ref);
      connection.commit();
      return id;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot read the id map", e);
    }
  }

  @Override
  public synchronized List<ExternalRef> refs(Kind kind, String canonicalId) {
    check(kind, canonicalId);
    return query("SELECT ref_system, ref_type, ref_id, ref_version FROM pb_id_map"
        + " WHERE kind = ? AND canonical_id = ?", kind.name(), canonicalId);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the id map connection", e);
    }
  }

  private Optional<String> canonicalIdInTx(Kind kind, ExternalRef ref) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(
        "SELECT canonical_id FROM pb_id_map WHERE kind = ? AND ref_system = ? AND ref_type = ?"
            + " AND ref_id = ?")) {
      q.setString(1, kind.name());
      q.setString(2, ref.system());
      q.setString(3, ref.type());
      q.setString(4, ref.id());
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private List<ExternalRef> query(String sql, String... args) {
    List<ExternalRef> refs = new ArrayList<>();
    try (PreparedStatement q = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        q.setString(i + 1, args[i]);
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          refs.add(new ExternalRef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      connection.commit();
      return refs;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot read the id map", e);
    }
  }

  private static Optional<ExternalRef> first(List<ExternalRef> refs) {
    return refs.isEmpty() ? Optional.empty() : Optional.of(refs.get(0));
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the original failure is what the caller needs to see
    }
  }

  private static void check(@Nullable Kind kind, @Nullable String canonicalId) {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (canonicalId == null || canonicalId.isBlank()) {
      throw new IllegalArgumentException("canonicalId must not be blank");
    }
  }
}
