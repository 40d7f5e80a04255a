package dev.posbridge.core.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Statement helpers of the outbox's storage classes; transactions are {@link Tx}'s. */
final class Sql {

  private Sql() {}

  /** Binds arguments in order: String (null as VARCHAR null), Long, Integer. */
  static void bind(PreparedStatement s, List<?> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a == null) {
        s.setNull(i + 1, Types.VARCHAR);
      } else if (a instanceof Long l) {
        s.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        s.setInt(i + 1, n);
      } else {
        s.setString(i + 1, (String) a);
      }
    }
  }

  /** Runs an update; returns the number of rows changed. */
  static int update(Connection c, String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, java.util.Arrays.asList(args));
      return s.executeUpdate();
    }
  }

  /** Runs an insert; returns the generated id. */
  static long insert(Connection c, String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      bind(s, java.util.Arrays.asList(args));
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("the database returned no generated id");
        }
        return keys.getLong(1);
      }
    }
  }

  /** Tells whether a query returns a row. */
  static boolean exists(Connection c, String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, java.util.Arrays.asList(args));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The first column of the first row as a long; null if there is no row or it is SQL NULL. */
  static @Nullable Long queryLong(Connection c, String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, java.util.Arrays.asList(args));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? longOrNull(rs, 1) : null;
      }
    }
  }

  /** A nullable BIGINT column. */
  static @Nullable Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /** Tells whether a column is SQL NULL. */
  static boolean isNull(ResultSet rs, int column) throws SQLException {
    rs.getObject(column);
    return rs.wasNull();
  }
}
