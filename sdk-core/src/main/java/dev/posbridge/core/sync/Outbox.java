package dev.posbridge.core.sync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, transactional outbox of events awaiting delivery, over JDBC.
 *
 * <p><b>Durability.</b> {@link #enqueue} returns only after its events are committed. Concurrent
 * producers share commits (group commit): one writer thread takes every enqueue waiting at that
 * moment, writes them in one transaction, and then releases all their callers. On SQLite the
 * database runs in WAL mode with {@code synchronous=FULL}, so a committed event survives a power
 * loss.
 *
 * <p><b>Delivery.</b> Workers {@link #claim} events under a lease, deliver them, then
 * {@link #complete} or {@link #fail} them. Among pending events with the same ordering key only
 * the oldest can be claimed, so each key is delivered in order. A failed event is retried after a
 * jittered exponential backoff; after {@code maxAttempts} it becomes a {@link DeadLetter}, which
 * no longer blocks its key, and can be {@link #replay replayed}. If a worker dies, its lease
 * expires and the event is claimed again: delivery is at-least-once, and sinks absorb duplicates
 * with idempotency keys.
 *
 * <p><b>Checkpoints.</b> {@link #enqueue(List, String, String)} stores a source's cursor in the
 * same transaction as the events read up to it, so that a poll is never half-recorded.
 *
 * <p>Thread-safe. One instance per database per process; several processes may share a database
 * that supports concurrent writers. {@link #close()} finishes pending enqueues and closes the
 * connections.
 *
 * <pre>{@code
 * try (Outbox outbox = Outbox.sqlite(Path.of("posbridge-outbox.db"))) {
 *   outbox.enqueue(OutboxEvent.of("sale:" + saleId, "sale", json));
 *   for (ClaimedEvent e : outbox.claim("worker-1", 100)) {
 *     deliver(e);
 *     outbox.complete(e.id(), "worker-1");
 *   }
 * }
 * }</pre>
 */
public final class Outbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final int SCHEMA_VERSION = 2;

  private final ConnectionSource source;
  private final Clock clock;
  private final Duration lease;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int maxBatch;
  private final Duration retention;
  private final Connection writeConnection;
  private final Connection workConnection;
  private final BlockingQueue<PendingWrite> queue;
  private final Thread writer;
  /**
   * What the group-commit writer locks while it writes. On SQLite, which has one writer at a time,
   * it is this outbox, whose methods hold the same monitor: the two connections then never hold
   * transactions at once, so a read transaction never fails to upgrade to a write (SQLITE_BUSY).
   */
  private final Object writeGate;
  private final boolean sqlite;
  /** When expired echo records were last deleted (guarded by this). */
  private long lastEchoPurge;
  private volatile boolean closed;

  /** Opens connections for the outbox. */
  @FunctionalInterface
  private interface ConnectionSource {
    Connection open() throws SQLException;
  }

  private record PendingWrite(
      List<OutboxEvent> events, @Nullable String checkpointSource, @Nullable String checkpoint,
      @Nullable String receiptKey, CompletableFuture<List<Long>> done) {}

  private Outbox(Builder b, ConnectionSource source) {
    this.source = source;
    this.clock = b.clock;
    this.lease = b.lease;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxBatch = b.maxBatch;
    this.retention = b.retention;
    try {
      this.writeConnection = open();
      this.workConnection = open();
      this.sqlite = isSqlite(writeConnection);
      this.writeGate = sqlite ? this : new Object();
      if (sqlite) {
        // Claims, completions and failures need not survive a power loss (a lost one means a
        // redelivery under the same idempotency key), so they skip the fsync; enqueues (the
        // writer connection) and batch membership (see createBatch) keep synchronous=FULL.
        setSynchronous(workConnection, "NORMAL");
      }
      migrate(writeConnection);
    } catch (SQLException e) {
      throw new OutboxException("cannot open the outbox database", e);
    }
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.writer = new Thread(this::writeLoop, "posbridge-outbox-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens (creating and migrating if needed) an SQLite outbox in one file with default settings.
   * Needs {@code org.xerial:sqlite-jdbc} on the class path.
   *
   * @param file the database file
   * @return the outbox
   * @throws OutboxException if the database cannot be opened
   */
  public static Outbox sqlite(Path file) {
    return builder().sqlite(file).build();
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the documented defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- enqueue

  /**
   * Stores one event durably.
   *
   * @param event the event
   * @return the event's outbox id, or {@code -1} if its dedupe key was already stored
   * @throws OutboxException if it could not be stored; the event is then not stored
   */
  public long enqueue(OutboxEvent event) {
    return enqueue(List.of(event), null, null).get(0);
  }

  /**
   * Stores events durably in one transaction, together with a source checkpoint.
   *
   * @param events the events, in order
   * @param checkpointSource the name of the source whose cursor to store, or {@code null}
   * @param checkpoint the cursor after these events, or {@code null}
   * @return the outbox ids in order; {@code -1} for an event whose dedupe key was already stored
   * @throws OutboxException if they could not be stored; then none is stored, nor the checkpoint
   */
  public List<Long> enqueue(
      List<OutboxEvent> events, @Nullable String checkpointSource, @Nullable String checkpoint) {
    return await(submit(events, checkpointSource, checkpoint, null));
  }

  /**
   * Stores events durably in one transaction without waiting: the future completes once they are
   * committed. Lets one producer keep many enqueues in flight, so that they share group commits.
   * Blocks only while the outbox's queue of accepted enqueues is full (back-pressure).
   *
   * @param events the events, in order
   * @return the outbox ids in order, {@code -1} for an event whose dedupe key was already stored;
   *     completes exceptionally with an {@link OutboxException} if they could not be stored
   * @throws OutboxException if the outbox is closed
   */
  public CompletableFuture<List<Long>> enqueueAsync(List<OutboxEvent> events) {
    return submit(events, null, null, null);
  }

  /**
   * Stores a receipt row (already delivered) with the given dedupe key and the events, in one
   * transaction; if the receipt key is already stored, stores nothing. The first id returned is the
   * receipt's ({@code -1} for a duplicate), then one per event.
   */
  List<Long> enqueueWithReceipt(String receiptKey, List<OutboxEvent> events) {
    return await(submit(events, null, null, Objects.requireNonNull(receiptKey, "receiptKey")));
  }

  private CompletableFuture<List<Long>> submit(List<OutboxEvent> events,
      @Nullable String checkpointSource, @Nullable String checkpoint, @Nullable String receiptKey) {
    Objects.requireNonNull(events, "events");
    if ((checkpointSource == null) != (checkpoint == null)) {
      throw new IllegalArgumentException("checkpointSource and checkpoint go together");
    }
    for (OutboxEvent e : events) {
      Objects.requireNonNull(e, "events contains null");
    }
    if (closed) {
      throw new OutboxException("outbox is closed", null);
    }
    PendingWrite write = new PendingWrite(List.copyOf(events), checkpointSource, checkpoint,
        receiptKey, new CompletableFuture<>());
    try {
      queue.put(write);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutboxException("interrupted while enqueueing; the events are not stored", e);
    }
    return write.done();
  }

  private static List<Long> await(CompletableFuture<List<Long>> done) {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutboxException("interrupted while enqueueing; the events may or may not be stored", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OutboxException oe) {
        throw new OutboxException(oe.getMessage(), oe);
      }
      throw new OutboxException("enqueue failed", e.getCause());
    }
  }

  private void writeLoop() {
    List<PendingWrite> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        PendingWrite first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<PendingWrite> batch) {
    try {
      List<List<Long>> ids;
      synchronized (writeGate) {
        try {
          ids = insert(batch);
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(writeConnection);
          throw e;
        }
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).done().complete(ids.get(i));
      }
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(writeConnection);
      // One bad write must not fail its neighbours: retry them one by one.
      if (batch.size() > 1) {
        for (PendingWrite w : batch) {
          commit(List.of(w));
        }
      } else {
        batch.get(0).done().completeExceptionally(
            e instanceof OutboxException ? e : new OutboxException("enqueue failed", e));
      }
    }
  }

  private List<List<Long>> insert(List<PendingWrite> batch) throws SQLException {
    Connection c = writeConnection;
    long now = clock.millis();
    Set<String> existing = existingDedupeKeys(c, batch);
    List<List<Long>> result = new ArrayList<>(batch.size());
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO pb_outbox (ordering_key, event_type, payload, dedupe_key, status, attempts,"
            + " created_at, next_attempt_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)",
        sqlite ? Statement.NO_GENERATED_KEYS : Statement.RETURN_GENERATED_KEYS)) {
      // SQLite: rows go in as one JDBC batch, and their ids are read once at the end. One
      // connection holding the write lock gets consecutive rowids, so the ids are last-n+1..last.
      List<long[]> slots = new ArrayList<>();
      for (PendingWrite w : batch) {
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
          flush(insert, slots, result);
          ids.add(insertReceipt(c, w.receiptKey(), now));
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
          saveCheckpoint(c, w.checkpointSource(), Objects.requireNonNull(w.checkpoint()), now);
        }
      }
      flush(insert, slots, result);
    }
    c.commit();
    return result;
  }

  /** Executes the SQLite insert batch and fills in the ids of its rows. */
  private void flush(PreparedStatement insert, List<long[]> slots, List<List<Long>> result)
      throws SQLException {
    if (slots.isEmpty()) {
      return;
    }
    insert.executeBatch();
    long last;
    try (Statement s = writeConnection.createStatement();
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

  private static long insertReceipt(Connection c, String key, long now) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO pb_outbox (ordering_key, event_type, payload, dedupe_key, status, attempts,"
            + " created_at, next_attempt_at, done_at) VALUES (?, 'pb.receipt', '', ?, 'DONE', 0, ?, ?, ?)",
        Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, "receipt:" + key);
      insert.setString(2, key);
      insert.setLong(3, now);
      insert.setLong(4, now);
      insert.setLong(5, now);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("the database returned no generated id");
        }
        return keys.getLong(1);
      }
    }
  }

  private static Set<String> existingDedupeKeys(Connection c, List<PendingWrite> batch)
      throws SQLException {
    Set<String> existing = new HashSet<>();
    try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pb_outbox WHERE dedupe_key = ?")) {
      for (PendingWrite w : batch) {
        if (w.receiptKey() != null) {
          q.setString(1, w.receiptKey());
          try (ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
              existing.add(w.receiptKey());
            }
          }
        }
        for (OutboxEvent e : w.events()) {
          if (e.dedupeKey() != null) {
            q.setString(1, e.dedupeKey());
            try (ResultSet rs = q.executeQuery()) {
              if (rs.next()) {
                existing.add(e.dedupeKey());
              }
            }
          }
        }
      }
    }
    return existing;
  }

  private static void saveCheckpoint(Connection c, String name, String cursor, long now)
      throws SQLException {
    try (PreparedStatement update = c.prepareStatement(
        "UPDATE pb_checkpoint SET cursor_value = ?, updated_at = ? WHERE source_name = ?")) {
      update.setString(1, cursor);
      update.setLong(2, now);
      update.setString(3, name);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO pb_checkpoint (source_name, cursor_value, updated_at) VALUES (?, ?, ?)")) {
      insert.setString(1, name);
      insert.setString(2, cursor);
      insert.setLong(3, now);
      insert.executeUpdate();
    }
  }

  /**
   * Returns the stored cursor of a source.
   *
   * @param sourceName the source's name
   * @return the cursor, or {@code null} if none was stored
   * @throws OutboxException if the database cannot be read
   */
  public synchronized @Nullable String checkpoint(String sourceName) {
    Objects.requireNonNull(sourceName, "sourceName");
    try (PreparedStatement q = workConnection.prepareStatement(
        "SELECT cursor_value FROM pb_checkpoint WHERE source_name = ?")) {
      q.setString(1, sourceName);
      String value;
      try (ResultSet rs = q.executeQuery()) {
        value = rs.next() ? rs.getString(1) : null;
      }
      // Commit only after the result set is closed: an open statement would keep this
      // connection's read snapshot alive into the next call, which would then read stale rows.
      workConnection.commit();
      return value;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot read checkpoint", e);
    }
  }

  // ---------------------------------------------------------------- delivery

  /**
   * Claims up to {@code max} deliverable events for a worker, oldest first, at most one per
   * ordering key (the oldest pending one of that key), each under a lease of the configured length.
   *
   * @param worker a name unique to the worker, e.g. host and thread
   * @param max the maximum number of events
   * @return the claimed events, possibly empty
   * @throws OutboxException if the database cannot be used
   */
  public synchronized List<ClaimedEvent> claim(String worker, int max) {
    Objects.requireNonNull(worker, "worker");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1: " + max);
    }
    long now = clock.millis();
    long until = now + lease.toMillis();
    List<ClaimedEvent> claimed = new ArrayList<>();
    try {
      List<Object[]> rows = new ArrayList<>();
      try (PreparedStatement q = workConnection.prepareStatement(
          "SELECT o.id, o.ordering_key, o.event_type, o.payload, o.dedupe_key, o.attempts,"
              + " o.created_at FROM pb_outbox o"
              + " WHERE o.status = 'PENDING' AND o.next_attempt_at <= ?"
              + " AND (o.lease_until IS NULL OR o.lease_until < ?) AND o.batch_id IS NULL"
              + " AND NOT EXISTS (SELECT 1 FROM pb_outbox p WHERE p.ordering_key = o.ordering_key"
              + " AND p.status = 'PENDING' AND p.id < o.id)"
              + " ORDER BY o.id")) {
        q.setLong(1, now);
        q.setLong(2, now);
        q.setMaxRows(max);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getInt(6), rs.getLong(7)});
          }
        }
      }
      try (PreparedStatement take = workConnection.prepareStatement(
          "UPDATE pb_outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1"
              + " WHERE id = ? AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)")) {
        for (Object[] r : rows) {
          take.setString(1, worker);
          take.setLong(2, until);
          take.setLong(3, (Long) r[0]);
          take.setLong(4, now);
          if (take.executeUpdate() == 1) {
            OutboxEvent event = new OutboxEvent((String) r[1], (String) r[2], (String) r[3], (String) r[4]);
            claimed.add(new ClaimedEvent((Long) r[0], event, (Integer) r[5] + 1,
                Instant.ofEpochMilli((Long) r[6]), Instant.ofEpochMilli(until)));
          }
        }
      }
      workConnection.commit();
      return claimed;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot claim events", e);
    }
  }

  /**
   * Marks a claimed event delivered.
   *
   * @param id the event's id
   * @param worker the worker that claimed it
   * @return {@code true} if it was marked; {@code false} if the lease was lost (another worker may
   *     deliver it again, which the sink's idempotency key absorbs)
   * @throws OutboxException if the database cannot be used
   */
  public synchronized boolean complete(long id, String worker) {
    return completeAll(List.of(id), worker) == 1;
  }

  /**
   * Marks several claimed events delivered in one transaction.
   *
   * @param ids the events' ids
   * @param worker the worker that claimed them
   * @return how many were marked (fewer if some leases were lost)
   * @throws OutboxException if the database cannot be used
   */
  public synchronized int completeAll(List<Long> ids, String worker) {
    long now = clock.millis();
    try (PreparedStatement u = workConnection.prepareStatement(
        "UPDATE pb_outbox SET status = 'DONE', lease_owner = NULL, lease_until = NULL,"
            + " done_at = ? WHERE id = ? AND status = 'PENDING' AND lease_owner = ?")) {
      int n = 0;
      for (long id : ids) {
        u.setLong(1, now);
        u.setLong(2, id);
        u.setString(3, worker);
        n += u.executeUpdate();
      }
      workConnection.commit();
      return n;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot complete events", e);
    }
  }

  /**
   * Releases a claimed event without counting an attempt, e.g. on graceful shutdown.
   *
   * @param id the event's id
   * @param worker the worker that claimed it
   * @return {@code true} if released
   * @throws OutboxException if the database cannot be used
   */
  public synchronized boolean release(long id, String worker) {
    return update(
        "UPDATE pb_outbox SET lease_owner = NULL, lease_until = NULL, attempts = attempts - 1"
            + " WHERE id = ? AND status = 'PENDING' AND lease_owner = ?",
        id, worker);
  }

  /**
   * Records a failed delivery: the event is retried after a backoff, or dead-lettered when it has
   * used its attempts or the failure is permanent.
   *
   * @param id the event's id
   * @param worker the worker that claimed it
   * @param error what failed, without secrets or personal data
   * @param permanent {@code true} if retrying cannot help (e.g. a validation error)
   * @return {@code true} if recorded; {@code false} if the lease was lost
   * @throws OutboxException if the database cannot be used
   */
  public boolean fail(long id, String worker, String error, boolean permanent) {
    return failRecorded(id, worker, error, permanent) != null;
  }

  /** Like {@link #fail}; returns whether the event is now dead, or null if the lease was lost. */
  synchronized @Nullable Boolean failRecorded(long id, String worker, String error, boolean permanent) {
    Objects.requireNonNull(error, "error");
    long now = clock.millis();
    try {
      int attempts;
      try (PreparedStatement q = workConnection.prepareStatement(
          "SELECT attempts FROM pb_outbox WHERE id = ? AND status = 'PENDING' AND lease_owner = ?")) {
        q.setLong(1, id);
        q.setString(2, worker);
        Integer found = null;
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            found = rs.getInt(1);
          }
        }
        if (found == null) {
          workConnection.commit();
          return null;
        }
        attempts = found;
      }
      boolean dead = permanent || attempts >= maxAttempts;
      String message = dev.posbridge.core.internal.data.DataGuard.text(
          error.length() > 2000 ? error.substring(0, 2000) : error); // no card number in last_error
      try (PreparedStatement u = workConnection.prepareStatement(
          "UPDATE pb_outbox SET status = ?, lease_owner = NULL, lease_until = NULL,"
              + " next_attempt_at = ?, last_error = ?, done_at = ? WHERE id = ?")) {
        u.setString(1, dead ? "DEAD" : "PENDING");
        u.setLong(2, now + backoff(attempts).toMillis());
        u.setString(3, message);
        if (dead) {
          u.setLong(4, now);
        } else {
          u.setNull(4, Types.BIGINT);
        }
        u.setLong(5, id);
        u.executeUpdate();
      }
      workConnection.commit();
      if (dead) {
        LOG.warn("outbox event {} dead-lettered after {} attempt(s): {}", id, attempts, message);
      }
      return dead;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot record failure", e);
    }
  }

  /** Jittered exponential backoff after the n-th failed attempt, capped. */
  Duration backoff(int attempts) {
    double base = initialBackoff.toMillis() * Math.pow(2, Math.max(0, attempts - 1));
    double capped = Math.min(base, maxBackoff.toMillis());
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (capped * jitter));
  }

  /**
   * Lists dead-lettered events, oldest first.
   *
   * @param max the maximum number to return
   * @return the dead letters
   * @throws OutboxException if the database cannot be read
   */
  public synchronized List<DeadLetter> deadLetters(int max) {
    List<DeadLetter> result = new ArrayList<>();
    try (PreparedStatement q = workConnection.prepareStatement(
        "SELECT id, ordering_key, event_type, payload, dedupe_key, attempts, last_error, done_at"
            + " FROM pb_outbox WHERE status = 'DEAD' ORDER BY id")) {
      q.setMaxRows(max);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          result.add(new DeadLetter(rs.getLong(1),
              new OutboxEvent(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
              rs.getInt(6), Objects.requireNonNullElse(rs.getString(7), ""),
              Instant.ofEpochMilli(rs.getLong(8))));
        }
      }
      workConnection.commit();
      return result;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot read dead letters", e);
    }
  }

  /**
   * Puts a dead-lettered event back for delivery with fresh attempts. It is delivered after every
   * event of its ordering key that was enqueued before it and is still pending.
   *
   * @param id the dead letter's id
   * @return {@code true} if it was dead and is now pending again
   * @throws OutboxException if the database cannot be used
   */
  public synchronized boolean replay(long id) {
    long now = clock.millis();
    try {
      Long batchId = null;
      try (PreparedStatement q = workConnection.prepareStatement(
          "SELECT batch_id FROM pb_outbox WHERE id = ? AND status = 'DEAD'")) {
        q.setLong(1, id);
        boolean dead = false;
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            dead = true;
            long b = rs.getLong(1);
            batchId = rs.wasNull() ? null : b;
          }
        }
        if (!dead) {
          workConnection.commit();
          return false;
        }
      }
      if (batchId == null) {
        try (PreparedStatement u = workConnection.prepareStatement(
            "UPDATE pb_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
                + " done_at = NULL WHERE id = ? AND status = 'DEAD'")) {
          u.setLong(1, now);
          u.setLong(2, id);
          u.executeUpdate();
        }
      } else {
        // A batch is resent whole under its recorded key: the vendor may have applied it.
        try (PreparedStatement u = workConnection.prepareStatement(
            "UPDATE pb_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
                + " done_at = NULL WHERE batch_id = ? AND status = 'DEAD'")) {
          u.setLong(1, now);
          u.setLong(2, batchId);
          u.executeUpdate();
        }
        try (PreparedStatement u = workConnection.prepareStatement(
            "UPDATE pb_batch SET status = 'OPEN' WHERE id = ?")) {
          u.setLong(1, batchId);
          u.executeUpdate();
        }
      }
      workConnection.commit();
      return true;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot replay", e);
    }
  }


  /**
   * Counts events by state.
   *
   * @return the snapshot
   * @throws OutboxException if the database cannot be read
   */
  public synchronized OutboxStatus status() {
    long now = clock.millis();
    Map<String, Long> counts = new HashMap<>();
    try {
      try (Statement s = workConnection.createStatement();
          ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM pb_outbox GROUP BY status")) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getLong(2));
        }
      }
      long inFlight;
      long oldest;
      try (PreparedStatement q = workConnection.prepareStatement(
          "SELECT COUNT(*) FROM pb_outbox WHERE status = 'PENDING' AND lease_until >= ?")) {
        q.setLong(1, now);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          inFlight = rs.getLong(1);
        }
      }
      try (Statement s = workConnection.createStatement();
          ResultSet rs = s.executeQuery("SELECT MIN(created_at) FROM pb_outbox WHERE status = 'PENDING'")) {
        rs.next();
        long min = rs.getLong(1);
        oldest = rs.wasNull() ? now : min;
      }
      workConnection.commit();
      return new OutboxStatus(counts.getOrDefault("PENDING", 0L), inFlight,
          counts.getOrDefault("DEAD", 0L), counts.getOrDefault("DONE", 0L),
          Duration.ofMillis(Math.max(0, now - oldest)));
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot read status", e);
    }
  }

  /**
   * Deletes delivered events older than the retention period.
   *
   * @return how many were deleted
   * @throws OutboxException if the database cannot be used
   */
  public synchronized int purgeDelivered() {
    try (PreparedStatement d = workConnection.prepareStatement(
        "DELETE FROM pb_outbox WHERE status = 'DONE' AND done_at < ?")) {
      d.setLong(1, clock.millis() - retention.toMillis());
      int n = d.executeUpdate();
      workConnection.commit();
      return n;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot purge", e);
    }
  }

  private boolean update(String sql, Object... args) {
    try (PreparedStatement u = workConnection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        u.setObject(i + 1, args[i]);
      }
      int n = u.executeUpdate();
      workConnection.commit();
      return n == 1;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("outbox update failed", e);
    }
  }

  // ---------------------------------------------------------------- routed delivery (pipeline)

  /** A batch whose membership and idempotency key are stored; package-private for the pipeline. */
  record Batch(long id, String idempotencyKey, List<ClaimedEvent> events) {}

  /** One write the pipeline made to a system, remembered to recognise its echo. */
  record EchoWrite(String system, String locationId, @Nullable String sku, @Nullable String itemId,
      @Nullable String quantity) {}

  /**
   * Claims up to {@code max} events of one type, oldest first, outside any batch. With
   * {@code followers}, after the head of a key the next pending events of the same key and type are
   * taken too (in order), so that one batch can carry several changes of one key.
   */
  synchronized List<ClaimedEvent> claimType(String worker, String type, int max, boolean followers) {
    long now = clock.millis();
    long until = now + lease.toMillis();
    try {
      List<ClaimedEvent> claimed = new ArrayList<>();
      List<Object[]> heads = new ArrayList<>();
      try (PreparedStatement q = workConnection.prepareStatement(
          "SELECT o.id, o.ordering_key, o.event_type, o.payload, o.dedupe_key, o.attempts,"
              + " o.created_at FROM pb_outbox o"
              // "+" keeps the planner on (status, event_type, id): rows come in id order, no sort.
              + " WHERE o.status = 'PENDING' AND o.event_type = ? AND +o.next_attempt_at <= ?"
              + " AND (o.lease_until IS NULL OR o.lease_until < ?) AND o.batch_id IS NULL"
              + " AND NOT EXISTS (SELECT 1 FROM pb_outbox p WHERE p.ordering_key = o.ordering_key"
              + " AND p.status = 'PENDING' AND p.id < o.id)"
              + " ORDER BY o.id")) {
        q.setString(1, type);
        q.setLong(2, now);
        q.setLong(3, now);
        q.setMaxRows(max);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            heads.add(row(rs));
          }
        }
      }
      List<Object[]> rows = new ArrayList<>(heads);
      if (followers && rows.size() < max) {
        try (PreparedStatement q = workConnection.prepareStatement(
            "SELECT o.id, o.ordering_key, o.event_type, o.payload, o.dedupe_key, o.attempts,"
                + " o.created_at, o.next_attempt_at, o.lease_until, o.batch_id FROM pb_outbox o"
                + " WHERE o.status = 'PENDING' AND o.ordering_key = ? AND o.id > ? ORDER BY o.id")) {
          for (Object[] head : heads) {
            if (rows.size() >= max) {
              break;
            }
            q.setString(1, (String) head[1]);
            q.setLong(2, (Long) head[0]);
            q.setMaxRows(max - rows.size());
            try (ResultSet rs = q.executeQuery()) {
              while (rs.next()) {
                long next = rs.getLong(8);
                long leaseUntil = rs.getLong(9);
                boolean leased = !rs.wasNull() && leaseUntil >= now;
                rs.getLong(10);
                boolean inBatch = !rs.wasNull();
                if (!type.equals(rs.getString(3)) || next > now || leased || inBatch) {
                  break;
                }
                rows.add(row(rs));
              }
            }
          }
        }
      }
      try (PreparedStatement take = workConnection.prepareStatement(
          "UPDATE pb_outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1"
              + " WHERE id = ? AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)")) {
        for (Object[] r : rows) {
          take.setString(1, worker);
          take.setLong(2, until);
          take.setLong(3, (Long) r[0]);
          take.setLong(4, now);
          if (take.executeUpdate() == 1) {
            claimed.add(claimedOf(r, until));
          }
        }
      }
      workConnection.commit();
      return claimed;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot claim events", e);
    }
  }

  private static Object[] row(ResultSet rs) throws SQLException {
    return new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getInt(6), rs.getLong(7)};
  }

  private static ClaimedEvent claimedOf(Object[] r, long until) {
    OutboxEvent event = new OutboxEvent((String) r[1], (String) r[2], (String) r[3], (String) r[4]);
    return new ClaimedEvent((Long) r[0], event, (Integer) r[5] + 1,
        Instant.ofEpochMilli((Long) r[6]), Instant.ofEpochMilli(until));
  }

  /**
   * Records claimed events as one batch under an idempotency key, before the vendor call. From then
   * on they are only ever sent together, under that key.
   */
  synchronized @Nullable Batch createBatch(String worker, String type, String key, List<ClaimedEvent> events) {
    long now = clock.millis();
    try {
      if (sqlite) {
        // Membership must be on disk before the vendor call, even across a power loss.
        setSynchronous(workConnection, "FULL");
      }
      long batchId;
      try (PreparedStatement insert = workConnection.prepareStatement(
          "INSERT INTO pb_batch (event_type, idem_key, status, created_at) VALUES (?, ?, 'OPEN', ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        insert.setString(1, type);
        insert.setString(2, key);
        insert.setLong(3, now);
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          if (!keys.next()) {
            throw new SQLException("the database returned no generated id");
          }
          batchId = keys.getLong(1);
        }
      }
      try (PreparedStatement u = workConnection.prepareStatement(
          "UPDATE pb_outbox SET batch_id = ?, payload = ? WHERE id = ? AND status = 'PENDING'"
              + " AND lease_owner = ? AND batch_id IS NULL")) {
        for (ClaimedEvent e : events) {
          u.setLong(1, batchId);
          u.setString(2, e.event().payload());
          u.setLong(3, e.id());
          u.setString(4, worker);
          if (u.executeUpdate() != 1) {
            // The lease expired and another worker took the event (maybe into its own batch):
            // record nothing, so that no event is ever in two batches.
            rollbackQuietly(workConnection);
            if (sqlite) {
              setSynchronous(workConnection, "NORMAL");
            }
            LOG.debug("{}: lease lost while recording a batch of {}; not sent", worker, type);
            return null;
          }
        }
      }
      workConnection.commit();
      if (sqlite) {
        setSynchronous(workConnection, "NORMAL");
      }
      List<ClaimedEvent> ordered = new ArrayList<>(events);
      ordered.sort(java.util.Comparator.comparingLong(ClaimedEvent::id));
      return new Batch(batchId, key, List.copyOf(ordered));
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      if (sqlite) {
        try {
          setSynchronous(workConnection, "NORMAL");
        } catch (SQLException again) {
          e.addSuppressed(again);
        }
      }
      throw new OutboxException("cannot record batch", e);
    }
  }

  /**
   * Claims the oldest open batch of a type whose members are all pending, due and not leased: a
   * batch interrupted by a crash or a retryable failure, to resend as it was.
   */
  synchronized @Nullable Batch claimOpenBatch(String worker, String type) {
    long now = clock.millis();
    long until = now + lease.toMillis();
    try {
      List<long[]> open = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      try (PreparedStatement q = workConnection.prepareStatement(
          "SELECT id, idem_key FROM pb_batch WHERE status = 'OPEN' AND event_type = ? ORDER BY id")) {
        q.setString(1, type);
        q.setMaxRows(50);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            open.add(new long[] {rs.getLong(1)});
            keys.add(rs.getString(2));
          }
        }
      }
      for (int i = 0; i < open.size(); i++) {
        long batchId = open.get(i)[0];
        List<Object[]> rows = new ArrayList<>();
        boolean claimable = true;
        try (PreparedStatement q = workConnection.prepareStatement(
            "SELECT id, ordering_key, event_type, payload, dedupe_key, attempts, created_at,"
                + " status, next_attempt_at, lease_until FROM pb_outbox WHERE batch_id = ?"
                + " ORDER BY id")) {
          q.setLong(1, batchId);
          try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
              long leaseUntil = rs.getLong(10);
              boolean leased = !rs.wasNull() && leaseUntil >= now;
              if (!"PENDING".equals(rs.getString(8)) || rs.getLong(9) > now || leased) {
                claimable = false;
              }
              rows.add(row(rs));
            }
          }
        }
        if (!claimable || rows.isEmpty()) {
          continue;
        }
        List<ClaimedEvent> claimed = new ArrayList<>();
        boolean taken = true;
        try (PreparedStatement take = workConnection.prepareStatement(
            "UPDATE pb_outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1"
                + " WHERE id = ? AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)")) {
          for (Object[] r : rows) {
            take.setString(1, worker);
            take.setLong(2, until);
            take.setLong(3, (Long) r[0]);
            take.setLong(4, now);
            taken &= take.executeUpdate() == 1;
            claimed.add(claimedOf(r, until));
          }
        }
        if (!taken) {
          // Another process sharing the database took a member meanwhile.
          rollbackQuietly(workConnection);
          continue;
        }
        workConnection.commit();
        return new Batch(batchId, keys.get(i), List.copyOf(claimed));
      }
      workConnection.commit();
      return null;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot claim batch", e);
    }
  }

  /** Marks every member of a batch delivered and closes it; {@code false} if a lease was lost. */
  synchronized boolean completeBatch(Batch batch, String worker) {
    long now = clock.millis();
    try {
      int n;
      try (PreparedStatement u = workConnection.prepareStatement(
          "UPDATE pb_outbox SET status = 'DONE', lease_owner = NULL, lease_until = NULL,"
              + " done_at = ? WHERE batch_id = ? AND status = 'PENDING' AND lease_owner = ?")) {
        u.setLong(1, now);
        u.setLong(2, batch.id());
        u.setString(3, worker);
        n = u.executeUpdate();
      }
      if (n != batch.events().size()) {
        rollbackQuietly(workConnection);
        return false;
      }
      try (PreparedStatement u = workConnection.prepareStatement(
          "UPDATE pb_batch SET status = 'DONE' WHERE id = ?")) {
        u.setLong(1, batch.id());
        u.executeUpdate();
      }
      workConnection.commit();
      return true;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot complete batch", e);
    }
  }

  /**
   * Records a failed batch: all members back off together (the batch stays open, to be resent
   * under its key), or all are dead-lettered. Returns whether it is dead, or null if the lease was
   * lost.
   */
  synchronized @Nullable Boolean failBatch(Batch batch, String worker, String error, boolean permanent) {
    long now = clock.millis();
    int attempts = 0;
    for (ClaimedEvent e : batch.events()) {
      attempts = Math.max(attempts, e.attempt());
    }
    boolean dead = permanent || attempts >= maxAttempts;
    String message = dev.posbridge.core.internal.data.DataGuard.text(
        error.length() > 2000 ? error.substring(0, 2000) : error); // no card number in last_error
    try {
      int n;
      try (PreparedStatement u = workConnection.prepareStatement(
          "UPDATE pb_outbox SET status = ?, lease_owner = NULL, lease_until = NULL,"
              + " next_attempt_at = ?, last_error = ?, done_at = ?"
              + " WHERE batch_id = ? AND status = 'PENDING' AND lease_owner = ?")) {
        u.setString(1, dead ? "DEAD" : "PENDING");
        u.setLong(2, now + backoff(attempts).toMillis());
        u.setString(3, message);
        if (dead) {
          u.setLong(4, now);
        } else {
          u.setNull(4, Types.BIGINT);
        }
        u.setLong(5, batch.id());
        u.setString(6, worker);
        n = u.executeUpdate();
      }
      if (n != batch.events().size()) {
        rollbackQuietly(workConnection);
        return null;
      }
      if (dead) {
        try (PreparedStatement u = workConnection.prepareStatement(
            "UPDATE pb_batch SET status = 'DEAD' WHERE id = ?")) {
          u.setLong(1, batch.id());
          u.executeUpdate();
        }
      }
      workConnection.commit();
      if (dead) {
        LOG.warn("outbox batch {} ({} events) dead-lettered after {} attempt(s): {}", batch.id(),
            batch.events().size(), attempts, message);
      }
      return dead;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot record batch failure", e);
    }
  }

  /** Gives a claimed batch back without counting an attempt (graceful stop). */
  synchronized void releaseBatch(Batch batch, String worker) {
    try (PreparedStatement u = workConnection.prepareStatement(
        "UPDATE pb_outbox SET lease_owner = NULL, lease_until = NULL, attempts = attempts - 1"
            + " WHERE batch_id = ? AND status = 'PENDING' AND lease_owner = ?")) {
      u.setLong(1, batch.id());
      u.setString(2, worker);
      u.executeUpdate();
      workConnection.commit();
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot release batch", e);
    }
  }

  /** Remembers writes about to be made, until {@code expiresAt}; purges expired ones. */
  synchronized void recordEchoes(List<EchoWrite> writes, String batchKey, Instant expiresAt) {
    long now = clock.millis();
    try {
      try (PreparedStatement d = workConnection.prepareStatement(
          "DELETE FROM pb_echo WHERE batch_key = ?")) {
        d.setString(1, batchKey);
        d.executeUpdate();
      }
      if (now - lastEchoPurge > 10_000) {
        lastEchoPurge = now;
        try (PreparedStatement d = workConnection.prepareStatement(
            "DELETE FROM pb_echo WHERE expires_at < ?")) {
          d.setLong(1, now);
          d.executeUpdate();
        }
      }
      try (PreparedStatement insert = workConnection.prepareStatement(
          "INSERT INTO pb_echo (system_name, location_id, sku, item_id, quantity, written_at,"
              + " expires_at, batch_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (EchoWrite w : writes) {
          insert.setString(1, w.system());
          insert.setString(2, w.locationId());
          insert.setString(3, w.sku());
          insert.setString(4, w.itemId());
          insert.setString(5, w.quantity());
          insert.setLong(6, now);
          insert.setLong(7, expiresAt.toEpochMilli());
          insert.setString(8, batchKey);
          insert.executeUpdate();
        }
      }
      workConnection.commit();
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot record writes", e);
    }
  }

  /** Sets the resulting quantity the vendor reported for remembered writes of a batch. */
  synchronized void resolveEchoes(String batchKey, List<EchoWrite> results) {
    try (PreparedStatement u = workConnection.prepareStatement(
        "UPDATE pb_echo SET quantity = ?, item_id = COALESCE(item_id, ?) WHERE batch_key = ?"
            + " AND system_name = ? AND location_id = ? AND (sku = ? OR item_id = ?)")) {
      // Also learn the vendor's item id: its webhooks may name only the item, not the SKU.
      for (EchoWrite r : results) {
        u.setString(1, r.quantity());
        u.setString(2, r.itemId());
        u.setString(3, batchKey);
        u.setString(4, r.system());
        u.setString(5, r.locationId());
        u.setString(6, r.sku());
        u.setString(7, r.itemId());
        u.executeUpdate();
      }
      workConnection.commit();
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot record write results", e);
    }
  }

  /**
   * Finds and consumes a remembered write matching an incoming level: same system, location and
   * SKU or item, not expired, and the same resulting quantity (or an unknown one).
   */
  synchronized boolean consumeEcho(String system, String locationId, @Nullable String sku,
      @Nullable String itemId, String quantity) {
    long now = clock.millis();
    try {
      Long match = null;
      try (PreparedStatement q = workConnection.prepareStatement(
          "SELECT id, sku, item_id, quantity FROM pb_echo WHERE system_name = ? AND location_id = ?"
              + " AND expires_at >= ? ORDER BY id")) {
        q.setString(1, system);
        q.setString(2, locationId);
        q.setLong(3, now);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next() && match == null) {
            boolean sameItem = (sku != null && sku.equals(rs.getString(2)))
                || (itemId != null && itemId.equals(rs.getString(3)));
            String q4 = rs.getString(4);
            boolean sameQuantity = q4 == null
                || new java.math.BigDecimal(q4).compareTo(new java.math.BigDecimal(quantity)) == 0;
            if (sameItem && sameQuantity) {
              match = rs.getLong(1);
            }
          }
        }
      }
      if (match != null) {
        try (PreparedStatement d = workConnection.prepareStatement("DELETE FROM pb_echo WHERE id = ?")) {
          d.setLong(1, match);
          d.executeUpdate();
        }
      }
      workConnection.commit();
      return match != null;
    } catch (SQLException e) {
      rollbackQuietly(workConnection);
      throw new OutboxException("cannot check echoes", e);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Stores every enqueue already accepted, then closes the connections. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    PendingWrite left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new OutboxException("outbox closed", null));
    }
    synchronized (this) {
      closeQuietly(workConnection);
    }
    closeQuietly(writeConnection);
  }

  private Connection open() throws SQLException {
    Connection c = source.open();
    if (isSqlite(c)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=10000");
      }
    }
    c.setAutoCommit(false);
    return c;
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

  private static boolean isSqlite(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("sqlite");
  }

  private static void migrate(Connection c) throws SQLException {
    String identity = isSqlite(c)
        ? "INTEGER PRIMARY KEY AUTOINCREMENT"
        : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS pb_schema (version INTEGER NOT NULL)");
      int version = 0;
      try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM pb_schema")) {
        if (rs.next()) {
          version = rs.getInt(1);
        }
      }
      if (version > SCHEMA_VERSION) {
        throw new SQLException("outbox schema version " + version + " is newer than this posbridge ("
            + SCHEMA_VERSION + ")");
      }
      if (version < 1) {
        s.execute("CREATE TABLE pb_outbox (id " + identity + ", ordering_key VARCHAR(255) NOT NULL,"
            + " event_type VARCHAR(64) NOT NULL, payload TEXT NOT NULL, dedupe_key VARCHAR(255),"
            + " status VARCHAR(8) NOT NULL, attempts INTEGER NOT NULL, created_at BIGINT NOT NULL,"
            + " next_attempt_at BIGINT NOT NULL, lease_owner VARCHAR(255), lease_until BIGINT,"
            + " last_error VARCHAR(2000), done_at BIGINT)");
        s.execute("CREATE INDEX pb_outbox_key ON pb_outbox (status, ordering_key, id)");
        s.execute("CREATE INDEX pb_outbox_due ON pb_outbox (status, next_attempt_at, id)");
        s.execute("CREATE UNIQUE INDEX pb_outbox_dedupe ON pb_outbox (dedupe_key)");
        s.execute("CREATE TABLE pb_checkpoint (source_name VARCHAR(255) PRIMARY KEY,"
            + " cursor_value VARCHAR(4000) NOT NULL, updated_at BIGINT NOT NULL)");
        s.execute("INSERT INTO pb_schema (version) VALUES (1)");
      }
      if (version < 2) {
        // Batches: membership and idempotency key recorded before the vendor call.
        s.execute("ALTER TABLE pb_outbox ADD COLUMN batch_id BIGINT");
        s.execute("CREATE INDEX pb_outbox_type ON pb_outbox (status, event_type, id)");
        s.execute("CREATE INDEX pb_outbox_batch ON pb_outbox (batch_id)");
        s.execute("CREATE TABLE pb_batch (id " + identity + ", event_type VARCHAR(64) NOT NULL,"
            + " idem_key VARCHAR(255) NOT NULL, status VARCHAR(8) NOT NULL,"
            + " created_at BIGINT NOT NULL)");
        s.execute("CREATE INDEX pb_batch_open ON pb_batch (status, event_type, id)");
        // Echo suppression: what the pipeline wrote to each system, for a time window.
        s.execute("CREATE TABLE pb_echo (id " + identity + ", system_name VARCHAR(64) NOT NULL,"
            + " location_id VARCHAR(255) NOT NULL, sku VARCHAR(255), item_id VARCHAR(255),"
            + " quantity VARCHAR(64), written_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,"
            + " batch_key VARCHAR(255))");
        s.execute("CREATE INDEX pb_echo_find ON pb_echo (system_name, location_id)");
        s.execute("CREATE INDEX pb_echo_batch ON pb_echo (batch_key)");
        s.execute("CREATE INDEX pb_echo_expiry ON pb_echo (expires_at)");
        s.execute("INSERT INTO pb_schema (version) VALUES (2)");
      }
      c.commit();
    } catch (SQLException e) {
      rollbackQuietly(c);
      throw e;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed", e);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("close failed", e);
    }
  }

  /**
   * Builds an {@link Outbox}. Defaults: lease 60 s (longer than any vendor call with retries);
   * 10 attempts; backoff from 1 s doubling to 5 min with ±20 % jitter; up to 1,000 events per group
   * commit; 10,000 enqueues queued; delivered events kept 7 days.
   */
  public static final class Builder {
    private @Nullable ConnectionSource source;
    private Clock clock = Clock.systemUTC();
    private Duration lease = Duration.ofSeconds(60);
    private int maxAttempts = 10;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    private int maxBatch = 1000;
    private int queueCapacity = 10_000;
    private Duration retention = Duration.ofDays(7);

    private Builder() {}

    /**
     * Uses an SQLite file, created on first use. Needs {@code org.xerial:sqlite-jdbc}.
     *
     * @param file the database file
     * @return this builder
     */
    public Builder sqlite(Path file) {
      Objects.requireNonNull(file, "file");
      String url = "jdbc:sqlite:" + file.toAbsolutePath();
      this.source = () -> DriverManager.getConnection(url);
      return this;
    }

    /**
     * Uses any JDBC database through a data source (e.g. a connection pool). The outbox holds two
     * connections for its lifetime.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      Objects.requireNonNull(dataSource, "dataSource");
      this.source = dataSource::getConnection;
      return this;
    }

    /**
     * Sets the clock, for tests.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets how long a claim lasts before another worker may take the event.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder lease(Duration value) {
      this.lease = positive(value, "lease");
      return this;
    }

    /**
     * Sets how many attempts an event gets before it is dead-lettered.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + value);
      }
      this.maxAttempts = value;
      return this;
    }

    /**
     * Sets the retry backoff: the first delay, doubled per attempt up to the maximum.
     *
     * @param initial the first delay
     * @param max the cap
     * @return this builder
     */
    public Builder backoff(Duration initial, Duration max) {
      positive(initial, "initial");
      positive(max, "max");
      if (initial.compareTo(max) > 0) {
        throw new IllegalArgumentException("initial backoff must not exceed max: " + initial + " > " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets the most enqueues written in one group commit.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxBatch(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxBatch must be at least 1: " + value);
      }
      this.maxBatch = value;
      return this;
    }

    /**
     * Sets how long delivered events are kept before {@link Outbox#purgeDelivered()} deletes them.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder retention(Duration value) {
      this.retention = positive(value, "retention");
      return this;
    }

    /**
     * Opens the outbox, creating or migrating its tables.
     *
     * @return the outbox
     * @throws IllegalStateException if no database was configured
     * @throws OutboxException if the database cannot be opened
     */
    public Outbox build() {
      if (source == null) {
        throw new IllegalStateException("configure sqlite(Path) or dataSource(DataSource)");
      }
      return new Outbox(this, source);
    }

    private static Duration positive(@Nullable Duration value, String field) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be positive: " + value);
      }
      return value;
    }
  }
}
