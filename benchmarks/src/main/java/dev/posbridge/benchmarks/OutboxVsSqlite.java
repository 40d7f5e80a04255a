package dev.posbridge.benchmarks;

import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.OutboxEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable outbox's enqueue rate beside plain SQLite doing the same durable work in the same
 * run: 8 producer threads, ~400-byte payloads, WAL with {@code synchronous=FULL} for both (every
 * call returns once its rows are committed and fsync'd), the same rows per call (1, then 10).
 * Plain SQLite is one table with an integer primary key and no other index, one connection, one
 * transaction per call (SQLite has a single writer either way). Rounds alternate which goes first.
 * The outbox itself is not changed here; the figures feed the proposal in decision record 0023.
 */
public final class OutboxVsSqlite {
  private static final int PRODUCERS = 8;
  private static final String PAYLOAD =
      "{\"schema\":1,\"action\":\"sale\",\"target\":\"quickbooks\",\"key\":\"pbabcdefghijklmnopqrstuvwxyz\","
          + "\"note\":\"" + "x".repeat(300) + "\"}";

  private OutboxVsSqlite() {}

  /** One side: a durable append of a list of events from any thread. */
  private interface Sink extends AutoCloseable {
    void append(List<OutboxEvent> events) throws Exception;

    @Override
    void close() throws SQLException;
  }

  /**
   * Runs the comparison.
   *
   * @param work a directory for the database files
   * @param seconds measured seconds per run (after 1 s of warm-up)
   * @param rounds rounds
   * @return the figures
   * @throws Exception on failure
   */
  public static List<Figure> run(Path work, int seconds, int rounds) throws Exception {
    List<Figure> out = new ArrayList<>();
    String item = "8 Outbox enqueue";
    for (int perCall : new int[] {1, 10}) {
      List<Double> outbox = new ArrayList<>();
      List<Double> plain = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 2; k++) {
          boolean isOutbox = (r + k) % 2 == 0;
          Path file = work.resolve("enqueue-" + (isOutbox ? "outbox" : "plain") + "-" + System.nanoTime() + ".db");
          try (Sink sink = isOutbox ? outbox(file) : plain(file)) {
            measure(sink, 1, perCall);
            (isOutbox ? outbox : plain).add(measure(sink, seconds, perCall));
          } finally {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
              Files.deleteIfExists(Path.of(file + suffix));
            }
          }
        }
      }
      String mode = perCall == 1 ? "1 event per call" : "lists of " + perCall + " events";
      out.add(Figure.info(item, "Outbox.enqueue, " + mode + ", 8 producers", "events/s", outbox));
      out.add(Figure.info(item, "plain SQLite insert + commit, " + mode + ", 8 producers", "events/s", plain));
      List<Double> ratio = new ArrayList<>();
      for (int i = 0; i < Math.min(outbox.size(), plain.size()); i++) {
        ratio.add(outbox.get(i) / plain.get(i));
      }
      out.add(Figure.target(item, "outbox ÷ plain SQLite, " + mode + " (same round)", "×", ratio, "≥ 0.5",
          Figure.median(ratio) >= 0.5));
    }
    return out;
  }

  private static Sink outbox(Path file) {
    Outbox o = Outbox.sqlite(file);
    return new Sink() {
      @Override
      public void append(List<OutboxEvent> events) {
        o.enqueue(events, null, null);
      }

      @Override
      public void close() {
        o.close();
      }
    };
  }

  private static Sink plain(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, ordering_key TEXT NOT NULL, type TEXT NOT NULL,"
          + " payload BLOB NOT NULL)");
    }
    c.setAutoCommit(false);
    PreparedStatement insert = c.prepareStatement("INSERT INTO events (ordering_key, type, payload) VALUES (?, ?, ?)");
    return new Sink() {
      @Override
      public void append(List<OutboxEvent> events) throws SQLException {
        synchronized (c) {
          for (OutboxEvent e : events) {
            insert.setString(1, e.orderingKey());
            insert.setString(2, e.type());
            insert.setBytes(3, e.payload().getBytes(StandardCharsets.UTF_8));
            insert.addBatch();
          }
          insert.executeBatch();
          c.commit();
        }
      }

      @Override
      public void close() throws SQLException {
        insert.close();
        c.close();
      }
    };
  }

  /** Events per second over {@code seconds}, 8 producers. */
  private static double measure(Sink sink, int seconds, int perCall) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong events = new AtomicLong();
    AtomicLong seq = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    Exception[] failure = new Exception[1];
    long start = System.nanoTime();
    for (int t = 0; t < PRODUCERS; t++) {
      int thread = t;
      Thread th = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            List<OutboxEvent> batch = new ArrayList<>(perCall);
            for (int i = 0; i < perCall; i++) {
              batch.add(OutboxEvent.of("p" + thread + ":" + (seq.incrementAndGet() % 64), "bench", PAYLOAD));
            }
            sink.append(batch);
            events.addAndGet(perCall);
          }
        } catch (Exception e) {
          synchronized (failure) {
            failure[0] = e;
          }
        }
      }, "bench-enqueue-" + t);
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    if (failure[0] != null) {
      throw new IllegalStateException("enqueue failed", failure[0]);
    }
    return events.get() / ((System.nanoTime() - start) / 1e9);
  }
}
