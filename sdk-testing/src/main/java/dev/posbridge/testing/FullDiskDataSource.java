package dev.posbridge.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} over one SQLite file whose disk a test can fill: while {@link #full(boolean)
 * full}, every commit is rolled back and fails with {@code SQLITE_FULL}, as on a full disk; once
 * freed, commits work again. For outbox and checkpoint tests of "the disk filled up, nothing was
 * lost". Needs the SQLite JDBC driver on the test class path. Thread-safe.
 *
 * <pre>{@code
 * FullDiskDataSource disk = new FullDiskDataSource(dir.resolve("outbox.db"));
 * Outbox outbox = Outbox.builder().dataSource(disk).build();
 * disk.full(true);   // enqueues now fail
 * disk.full(false);  // and work again
 * }</pre>
 */
public final class FullDiskDataSource implements DataSource {

  private final String url;
  private final AtomicBoolean full = new AtomicBoolean();

  /**
   * Creates a data source over a SQLite file (created on the first connection).
   *
   * @param file the database file
   */
  public FullDiskDataSource(Path file) {
    this.url = "jdbc:sqlite:" + file.toAbsolutePath();
  }

  /**
   * Fills or frees the disk.
   *
   * @param value whether commits fail with {@code SQLITE_FULL} from now on
   * @return this data source
   */
  public FullDiskDataSource full(boolean value) {
    full.set(value);
    return this;
  }

  /**
   * Tells whether the disk is full.
   *
   * @return whether commits fail
   */
  public boolean full() {
    return full.get();
  }

  /**
   * Returns the JDBC URL of the file, for a test's own look at the rows.
   *
   * @return e.g. {@code jdbc:sqlite:/tmp/x/outbox.db}
   */
  public String url() {
    return url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = DriverManager.getConnection(url);
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("commit") && full.get()) {
            real.rollback();
            throw new SQLException("[SQLITE_FULL] database or disk is full (injected)");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public @Nullable PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(@Nullable PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
