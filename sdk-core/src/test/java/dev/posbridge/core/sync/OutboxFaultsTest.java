package dev.posbridge.core.sync;

import static dev.posbridge.core.sync.SyncTestSupport.T0;
import static dev.posbridge.core.sync.SyncTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.MutableClock;
import dev.posbridge.core.OutboxException;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.model.ExternalRef;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's storage under a full disk, failing commits, a second writer, and clock steps. */
class OutboxFaultsTest {

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private Outbox open(Outbox.Builder b) {
    Outbox o = b.build();
    opened.add(0, o);
    return o;
  }

  /**
   * SQLite connections to one file, each limited to {@code pages()} pages of the database file
   * ({@code PRAGMA max_page_count}): past the limit SQLite itself fails writes with SQLITE_FULL,
   * exactly as on a full disk. Raising the limit frees the "disk" for connections opened later.
   * With {@code commitFaults}, the next commits fail after having taken effect (an I/O error
   * reported on a commit that reached the disk).
   */
  private static final class FaultyDataSource implements DataSource {
    final String url;
    final IntSupplier pages;
    final AtomicInteger commitFaults = new AtomicInteger();

    FaultyDataSource(Path file, IntSupplier pages) {
      this.url = "jdbc:sqlite:" + file.toAbsolutePath();
      this.pages = pages;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = DriverManager.getConnection(url);
      try (Statement s = real.createStatement()) {
        s.execute("PRAGMA max_page_count=" + pages.getAsInt());
      }
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            try {
              Object result = method.invoke(real, args);
              if (method.getName().equals("commit") && commitFaults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("[SQLITE_IOERR] disk I/O error (injected after the commit)");
              }
              return result;
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
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

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

  private static long rows(Path file, String where) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pb_outbox WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void afterTheDiskWasFullTheOutboxRecoversWithoutARestartAndReportsEveryEnqueueTruthfully()
      throws Exception {
    Path file = dir.resolve("full.db");
    AtomicInteger pages = new AtomicInteger(1_000_000);
    FaultyDataSource ds = new FaultyDataSource(file, pages::get);
    Outbox outbox = open(Outbox.builder().dataSource(ds));
    String payload = "x".repeat(3000);
    outbox.enqueue(new OutboxEvent("k0", "t", payload, "d0"));

    // The "disk" is full for every connection opened from now on; drop the outbox's connections
    // by making one write fail, as a real full disk would.
    long used;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_count")) {
      rs.next();
      used = rs.getLong(1);
    }
    pages.set((int) used + 2);
    ds.commitFaults.set(1); // the next commit takes effect but reports an I/O error
    assertThat(outbox.enqueue(new OutboxEvent("k1", "t", payload, "d1")))
        .as("a commit that took effect is reported as stored").isPositive();
    assertThat(rows(file, "dedupe_key = 'd1'")).isEqualTo(1);

    int stored = 0;
    int failed = 0;
    List<String> failedKeys = new ArrayList<>();
    for (int i = 2; i < 40; i++) {
      try {
        outbox.enqueue(new OutboxEvent("k" + i, "t", payload, "d" + i));
        stored++;
      } catch (OutboxException e) {
        failed++;
        failedKeys.add("d" + i);
      }
    }
    assertThat(failed).as("the disk filled up").isPositive();
    for (String key : failedKeys) {
      assertThat(rows(file, "dedupe_key = '" + key + "'")).as("%s was reported failed", key).isZero();
    }
    assertThat(rows(file, "status = 'PENDING'")).isEqualTo(2 + stored);

    pages.set(1_000_000); // space freed
    assertThat(outbox.enqueue(new OutboxEvent("k99", "t", payload, "d99"))).isPositive();
    List<ClaimedEvent> claimed = outbox.claim("w", 100);
    assertThat(claimed).hasSize(3 + stored);
    assertThat(outbox.completeAll(claimed.stream().map(ClaimedEvent::id).toList(), "w"))
        .isEqualTo(claimed.size());
    assertThat(outbox.status().pending()).isZero();
  }

  @Test
  void workerWritesRecoverAfterAFailedCommit() {
    Path file = dir.resolve("work.db");
    FaultyDataSource ds = new FaultyDataSource(file, () -> 1_000_000);
    Outbox outbox = open(Outbox.builder().dataSource(ds));
    long id = outbox.enqueue(OutboxEvent.of("k", "t", "p"));
    ds.commitFaults.set(1);
    assertThatThrownBy(() -> outbox.claim("w", 1)).isInstanceOf(OutboxException.class);
    // The claim took effect (its lease runs); the connection was replaced and works.
    assertThat(outbox.status().pending()).isEqualTo(1);
    assertThat(outbox.release(id, "w")).isTrue();
    assertThat(outbox.claim("w", 1)).hasSize(1);
    assertThat(outbox.complete(id, "w")).isTrue();
  }

  @Test
  void twoWritersOnOneFileAndAnIdMapInItNeverFailWithBusy() throws Exception {
    Path file = dir.resolve("shared.db");
    Outbox a = open(Outbox.builder().sqlite(file));
    Outbox b = open(Outbox.builder().sqlite(file));
    Connection idConnection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    opened.add(idConnection);
    IdMap ids = IdMap.jdbc(idConnection);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> work = new ArrayList<>();
      AtomicInteger completed = new AtomicInteger();
      for (Outbox o : List.of(a, b)) {
        String name = o == a ? "a" : "b";
        work.add(pool.submit(() -> {
          for (int i = 0; i < 300; i++) {
            o.enqueue(new OutboxEvent(name + i, "t", "p", name + ":" + i));
          }
          return null;
        }));
        work.add(pool.submit(() -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (completed.get() < 600 && System.nanoTime() < deadline) {
            List<ClaimedEvent> c = o.claim("w-" + name, 20);
            completed.addAndGet(o.completeAll(c.stream().map(ClaimedEvent::id).toList(), "w-" + name));
          }
          return null;
        }));
      }
      work.add(pool.submit(() -> {
        for (int i = 0; i < 300; i++) {
          ids.put(IdMap.Kind.SALE, "sale-" + i, ExternalRef.of("quickbooks", "SalesReceipt", "R" + i));
        }
        return null;
      }));
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS); // any SQLITE_BUSY would surface here
      }
      assertThat(completed.get()).isEqualTo(600);
      assertThat(a.status().delivered()).isEqualTo(600);
      assertThat(ids.find(IdMap.Kind.SALE, "sale-299", "quickbooks")).isPresent();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theWallClockSteppingBackNeitherStallsDeliveryNorZeroesTheAge() {
    MutableClock clock = new MutableClock();
    Path file = dir.resolve("clock.db");
    Outbox outbox = open(Outbox.builder().sqlite(file).clock(clock));
    long first = outbox.enqueue(OutboxEvent.of("k1", "t", "p"));
    clock.advance(Duration.ofMinutes(10));
    assertThat(outbox.status().oldestPendingAge()).isEqualTo(Duration.ofMinutes(10));
    clock.advance(Duration.ofHours(-1));
    assertThat(outbox.status().oldestPendingAge()).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
    assertThat(outbox.claim("w", 10)).extracting(ClaimedEvent::id).containsExactly(first);
    outbox.fail(first, "w", "503", false);
    clock.advance(Duration.ofSeconds(2)); // past the backoff (1 s ± 20 %)
    assertThat(outbox.claim("w", 10)).as("retry due on the outbox's time").hasSize(1);
    outbox.close();

    // Across a restart too: the clock is set back further while the process is down.
    clock.advance(Duration.ofHours(-2));
    Outbox reopened = open(Outbox.builder().sqlite(file).clock(clock).lease(Duration.ofSeconds(5)));
    long second = reopened.enqueue(OutboxEvent.of("k2", "t", "p"));
    clock.advance(Duration.ofMinutes(2)); // the first claim's lease (60 s) ran out
    assertThat(reopened.claim("w2", 10)).extracting(ClaimedEvent::id).containsExactly(first, second);
    assertThat(reopened.status().oldestPendingAge()).isGreaterThanOrEqualTo(Duration.ofMinutes(12));
  }

  @Test
  void deliveredRowsArePurgedOnScheduleButWebhookReceiptsStay72Hours() {
    MutableClock clock = new MutableClock();
    Outbox outbox = open(Outbox.builder().sqlite(dir.resolve("purge.db")).clock(clock)
        .retention(Duration.ofHours(1)).purgeInterval(Duration.ofMinutes(1)));
    long id = outbox.enqueue(OutboxEvent.of("k", "t", "p"));
    assertThat(outbox.claim("w", 1)).hasSize(1);
    outbox.complete(id, "w");
    outbox.enqueueWithReceipt("shopify:event-1", List.of());
    assertThat(outbox.status().delivered()).isEqualTo(2);

    clock.advance(Duration.ofHours(2));
    await("delivered row purged", () -> outbox.status().delivered() == 1);
    assertThat(outbox.enqueueWithReceipt("shopify:event-1", List.of()).get(0))
        .as("a late retry of the webhook is still a duplicate").isEqualTo(-1L);

    clock.advance(Duration.ofHours(71));
    await("receipt purged after 72 hours", () -> outbox.status().delivered() == 0);
    assertThat(T0).isNotNull();
  }

  @Test
  void concurrentReadingsOfAClockMovingForwardAreNotMistakenForABackwardStep() throws Exception {
    MutableClock clock = new MutableClock();
    Outbox outbox = open(Outbox.builder().sqlite(dir.resolve("race.db")).clock(clock));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        readers.add(pool.submit(() -> {
          while (!stop.get()) {
            outbox.now();
          }
          return null;
        }));
      }
      for (int i = 0; i < 2000; i++) {
        clock.advance(Duration.ofMinutes(30));
        if (i % 100 == 0) {
          Thread.sleep(1);
        }
      }
      stop.set(true);
      for (Future<?> f : readers) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(outbox.now()).as("no spurious offset").isEqualTo(clock.millis());
    } finally {
      pool.shutdownNow();
    }
  }
}
