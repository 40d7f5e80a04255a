package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the outbox and every transaction on it: begin, commit, rollback and recovery
 * live here and nowhere else.
 *
 * <ul>
 *   <li><b>Begin.</b> A write transaction takes SQLite's write lock first (the equivalent of
 *       {@code BEGIN IMMEDIATE}): a deferred transaction that reads and then writes fails at once
 *       with SQLITE_BUSY_SNAPSHOT when another connection or process wrote in between, whereas
 *       taking the lock first waits for it under the busy timeout (10 s, set on every connection).
 *   <li><b>Commit.</b> After the body; a body that finds its work moot (a lease lost) returns
 *       {@link #rollback(Object)} instead.
 *   <li><b>Recovery.</b> After a failed statement or commit the connection is rolled back and
 *       closed, and reopened on next use. A failure such as SQLITE_FULL or an I/O error rolls the
 *       transaction back inside SQLite while the driver still believes one is open ("cannot commit
 *       - no transaction is active"); a fresh connection recovers as soon as the fault clears.
 * </ul>
 *
 * <p>Transactions of one instance run one at a time under its lock. The outbox gives both of its
 * connections the same lock on SQLite, which has one writer at a time: the two connections then
 * never hold transactions at once, so a read never fails to upgrade to a write (SQLITE_BUSY).
 */
final class Tx implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  /** Opens raw connections. */
  @FunctionalInterface
  interface Source {
    Connection open() throws SQLException;
  }

  /** The work of a transaction. */
  @FunctionalInterface
  interface Body<T> {
    @Nullable T run(Connection c) throws SQLException;
  }

  /** Tells, on a fresh connection, whether a transaction whose commit reported a failure took effect. */
  @FunctionalInterface
  interface Check {
    boolean committed(Connection c) throws SQLException;
  }

  /** Thrown by {@link #rollback(Object)}: ends the transaction without its writes. */
  private static final class Rollback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient @Nullable Object value;

    Rollback(@Nullable Object value) {
      super(null, null, false, false);
      this.value = value;
    }
  }

  private final Source source;
  private final Object lock;
  private final boolean sqlite;
  private final String synchronous;
  /** The connection; null after a failure until reopened (guarded by lock). */
  private @Nullable Connection connection;
  private volatile boolean closed;

  /**
   * Opens the connection, so that a database that cannot be used fails at once.
   *
   * @param durable whether commits on SQLite survive a power loss ({@code synchronous=FULL}); if
   *     not, a commit may be lost then, which must only ever mean a redelivery under the same
   *     idempotency key
   * @param sibling another connection to the same database: on SQLite the two take turns (one
   *     lock), see above
   */
  Tx(Source source, boolean durable, @Nullable Tx sibling) throws SQLException {
    this.source = source;
    this.synchronous = durable ? "FULL" : "NORMAL";
    Connection c = open(source, synchronous);
    try {
      this.sqlite = isSqlite(c);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    this.lock = sqlite && sibling != null ? sibling.lock : new Object();
    this.connection = c;
  }

  /**
   * Opens a connection without autocommit; on SQLite in WAL mode, with the given fsync level, and
   * waiting up to 10 s for another connection's or process's write lock (busy timeout).
   */
  private static Connection open(Source source, String synchronous) throws SQLException {
    Connection c = source.open();
    try {
      if (isSqlite(c)) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=" + synchronous);
          s.execute("PRAGMA busy_timeout=10000");
        }
      }
      c.setAutoCommit(false);
      return c;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  static boolean isSqlite(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("sqlite");
  }

  boolean sqlite() {
    return sqlite;
  }

  /** Runs a transaction that only reads; its end releases the read snapshot. */
  <T> T read(String what, Body<T> body) {
    return run(what, false, false, body, null);
  }

  /** Runs a transaction that writes, with the write lock taken first. */
  <T> T write(String what, Body<T> body) {
    return run(what, true, false, body, null);
  }

  /** Runs a transaction that writes without taking the write lock first: for the schema migration. */
  <T> T writeDeferred(String what, Body<T> body) {
    return run(what, false, false, body, null);
  }

  /** Like {@link #write}, and its commit survives a power loss even on a connection that skips the fsync. */
  <T> T writeDurable(String what, Body<T> body) {
    return run(what, true, sqlite && !"FULL".equals(synchronous), body, null);
  }

  /**
   * Like {@link #write}; if the commit reports a failure, asks {@code check} on a fresh connection
   * whether it took effect, so that a result is never reported lost when it was stored, nor
   * stored when it was lost.
   */
  <T> T writeChecked(String what, Body<T> body, Check check) {
    return run(what, true, false, body, check);
  }

  /**
   * Ends the running transaction without its writes, making the transaction return {@code value}.
   * Call from a body: {@code return Tx.rollback(false);}.
   */
  @SuppressWarnings("DoNotCallSuggester") // always throws by design: the throw carries the value out
  static <T> T rollback(@Nullable T value) {
    throw new Rollback(value);
  }

  // NullAway: a body returns null for a Void transaction or a "nothing found"; standard-mode NullAway
  // cannot say "T may be nullable" (JSpecify's T extends @Nullable Object), so callers get T as is.
  @SuppressWarnings({"unchecked", "NullAway"})
  private <T> T run(String what, boolean write, boolean durable, Body<T> body, @Nullable Check check) {
    synchronized (lock) {
      try {
        Connection c = connection();
        T result;
        try {
          if (durable) {
            setSynchronous(c, "FULL");
          }
          if (write && sqlite) {
            // Takes the write lock: a no-op write, waiting under the busy timeout.
            try (Statement s = c.createStatement()) {
              s.executeUpdate("UPDATE pb_schema SET version = version WHERE 0 = 1");
            }
          }
          result = body.run(c);
        } catch (Rollback r) {
          reset();
          return (T) r.value;
        }
        try {
          c.commit();
        } catch (SQLException e) {
          reset();
          if (check == null || !committed(what, e, check)) {
            throw e;
          }
          LOG.warn("outbox commit reported a failure but took effect: {}", e.getMessage());
          return result;
        }
        if (durable) {
          try {
            setSynchronous(c, synchronous);
          } catch (SQLException e) {
            reset(); // committed; a fresh connection has this connection's level
          }
        }
        return result;
      } catch (SQLException e) {
        reset();
        throw new OutboxException(what, e);
      } catch (RuntimeException | Error e) {
        reset();
        throw e;
      }
    }
  }

  private boolean committed(String what, SQLException failure, Check check) {
    try {
      Connection c = connection();
      boolean committed = check.committed(c);
      c.commit();
      return committed;
    } catch (SQLException again) {
      reset();
      failure.addSuppressed(again);
      throw new OutboxException(what + ": the commit failed and its outcome cannot be read; it may"
          + " or may not have taken effect", failure);
    }
  }

  /** The connection, reopened if a failure closed it. Callers hold the lock. */
  private Connection connection() throws SQLException {
    Connection c = connection;
    if (c == null) {
      if (closed) {
        throw new SQLException("the outbox is closed");
      }
      c = open(source, synchronous);
      connection = c;
    }
    return c;
  }

  /** Rolls back and drops the connection, to be reopened on next use. Callers hold the lock. */
  private void reset() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.rollback();
      } catch (SQLException e) {
        LOG.debug("rollback failed", e);
      }
      closeQuietly(c);
    }
  }

  /** Sets SQLite's fsync level; it may only change outside a transaction. */
  private static void setSynchronous(Connection c, String level) throws SQLException {
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA synchronous=" + level);
    } finally {
      c.setAutoCommit(false);
    }
  }

  /** Closes the connection; later transactions fail. Waits for a running one. */
  @Override
  public void close() {
    closed = true;
    synchronized (lock) {
      closeQuietly(connection);
      connection = null;
    }
  }

  static void closeQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("close failed", e);
    }
  }
}
