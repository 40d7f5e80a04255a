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
 * jittered exponential backoff for a time budget (72 hours from its first failure by default);
 * then, or at once for a permanent failure, it becomes a {@link DeadLetter}, which no longer
 * blocks its key, and can be {@link #replay(long) replayed}, alone or by
 * {@link DeadLetterFilter filter}.
 *
 * <p><b>Faults.</b> Write transactions on SQLite take the write lock first, so a second
 * connection or process on the same file waits (busy timeout 10 s) instead of failing. After a
 * failed statement or commit (a full disk, an I/O error) the connection is replaced, so the
 * outbox recovers as soon as the fault clears; an enqueue whose commit reported a failure is
 * checked, so it is reported stored exactly when it is. The outbox's time never goes backwards
 * when the wall clock does. Delivered events are purged on schedule (webhook receipts are kept
 * at least 72 hours). See decision record 0020 for the multi-process stance. If a worker dies, its lease
 * expires and the event is claimed again: delivery is at-least-once, and sinks absorb duplicates
 * with idempotency keys.
 *
 * <p><b>Checkpoints.</b> {@link #enqueue(List, String, String)} stores a source's cursor in the
 * same transaction as the events read up to it, so that a poll is never half-recorded.
 *
 * <p>Thread-safe. One instance per database per process; several processes may share a database
 * (SQLite included: they take turns as writers). {@link #close()} finishes pending enqueues and closes the
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

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);
  private static final int SCHEMA_VERSION = 3;
  /** The default time budget of retries: longer than a long weekend's outage. */
  static final Duration DEFAULT_RETRY_BUDGET = Duration.ofHours(72);
  /**
   * Webhook receipts are kept at least this long: longer than the vendors keep retrying a webhook
   * delivery, so that a late retry is still recognised as a duplicate.
   */
  static final Duration RECEIPT_RETENTION = Duration.ofHours(72);

  private final ConnectionSource source;
  private final Clock clock;
  private final Duration lease;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int maxBatch;
  private final Duration retention;
  private final Duration retryBudget;
  private final Duration purgeInterval;
  private final Object timeLock = new Object();
  /** The last wall-clock reading (guarded by timeLock). */
  private long lastWall;
  /** How far the outbox's time is ahead of the wall clock after backward steps (guarded by timeLock). */
  private long timeOffset;
  /** When delivered rows were last purged, in outbox time (writer thread only). */
  private long lastPurge;
  /** The group-commit writer's connection; null after a failure until reopened (writer thread only). */
  private @Nullable Connection writeConnection;
  /** The workers' connection; null after a failure until reopened (guarded by this). */
  private @Nullable Connection workConnection;
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
    this.retryBudget = b.retryBudget;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxBatch = b.maxBatch;
    this.retention = b.retention;
    this.purgeInterval = b.purgeInterval;
    try {
      Connection first = open();
      this.sqlite = isSqlite(first);
      this.writeConnection = first;
      migrate(first);
      this.workConnection = openWork();
      this.writeGate = sqlite ? this : new Object();
      startTime(first);
    } catch (SQLException e) {
      closeQuietly(writeConnection);
      closeQuietly(workConnection);
      throw new OutboxException("cannot open the outbox database", e);
    }
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.writer = new Thread(this::writeLoop, "posbridge-outbox-writer");
    writer.setDaemon(true);
    writer.start();
  }

  // ---------------------------------------------------------------- time

  /**
   * The outbox's time in epoch milliseconds: the clock's, but never going backwards. When the
   * wall clock steps back (NTP, a manual change), the outbox's time keeps running from where it
   * was, so that due times, leases and ages stay meaningful; a step forward is taken as time
   * passing (a retry becomes due earlier, a lease may end early: at worst a redelivery under the
   * same idempotency key).
   */
  long now() {
    synchronized (timeLock) {
      // Read inside the lock: two readings taken outside could arrive out of order and look
      // like a backward step.
      long wall = clock.millis();
      if (wall < lastWall) {
        timeOffset += lastWall - wall;
      }
      lastWall = wall;
      return wall + timeOffset;
    }
  }

  /** The outbox's time as an instant (see {@link #now()}). */
  Instant instant() {
    return Instant.ofEpochMilli(now());
  }

  /** Starts the outbox's time no earlier than the latest time stored (a clock set back across a restart). */
  private void startTime(Connection c) throws SQLException {
    long stored = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(created_at), MAX(done_at), MAX(lease_until),"
            + " MAX(first_failed_at) FROM pb_outbox")) {
      if (rs.next()) {
        // A lease ends one lease period after its claim: the claim is a time seen.
        stored = Math.max(Math.max(rs.getLong(1), rs.getLong(2)),
            Math.max(rs.getLong(3) - lease.toMillis(), rs.getLong(4)));
      }
    }
    c.commit();
    long wall = clock.millis();
    synchronized (timeLock) {
      lastWall = wall;
      timeOffset = Math.max(0, stored - wall);
    }
  }

  // ---------------------------------------------------------------- connections

  /** The workers' connection, reopened if a failure closed it. Callers hold this monitor. */
  private Connection wc() throws SQLException {
    Connection c = workConnection;
    if (c == null) {
      if (closed) {
        throw new SQLException("the outbox is closed");
      }
      c = openWork();
      workConnection = c;
    }
    return c;
  }

  /** The workers' connection with SQLite's write lock taken (see {@link #lockForWrite}). */
  private Connection wcw() throws SQLException {
    Connection c = wc();
    lockForWrite(c);
    return c;
  }

  /** The writer's connection, reopened if a failure closed it. */
  private Connection wr() throws SQLException {
    Connection c = writeConnection;
    if (c == null) {
      c = open();
      writeConnection = c;
    }
    return c;
  }

  private Connection openWork() throws SQLException {
    Connection c = open();
    if (sqlite) {
      // Claims, completions and failures need not survive a power loss (a lost one means a
      // redelivery under the same idempotency key), so they skip the fsync; enqueues (the
      // writer connection) and batch membership (see createBatch) keep synchronous=FULL.
      try {
        setSynchronous(c, "NORMAL");
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
    }
    return c;
  }

  /**
   * After a failed statement or commit: rolls back and drops the workers' connection, to be
   * reopened on next use. A failure such as SQLITE_FULL or an I/O error rolls the transaction
   * back inside SQLite while the driver still believes one is open ("cannot commit - no
   * transaction is active"); a fresh connection recovers as soon as the fault clears.
   */
  private void resetWork() {
    Connection c = workConnection;
    workConnection = null;
    if (c != null) {
      rollbackQuietly(c);
      closeQuietly(c);
    }
  }

  /** Like {@link #resetWork()} for the writer's connection. */
  private void resetWriter() {
    Connection c = writeConnection;
    writeConnection = null;
    if (c != null) {
      rollbackQuietly(c);
      closeQuietly(c);
    }
  }

  /**
   * Takes SQLite's write lock at the start of a transaction that will write (the equivalent of
   * {@code BEGIN IMMEDIATE}): a deferred transaction that reads first and then writes fails at
   * once with SQLITE_BUSY_SNAPSHOT when another connection or process wrote in between, whereas
   * taking the lock first waits for it under the busy timeout.
   */
  private void lockForWrite(Connection c) throws SQLException {
    if (sqlite) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE pb_schema SET version = version WHERE 0 = 1");
      }
    }
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
          purgeIfDue();
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        // The writer must outlive anything: a dead writer would leave every enqueue waiting.
        LOG.error("outbox writer: unexpected failure", e);
        for (PendingWrite w : batch) {
          w.done().completeExceptionally(new OutboxException("enqueue failed", e));
        }
      } finally {
        batch.clear();
      }
    }
  }

  /** Purges delivered rows on schedule, from the writer thread when it is idle. */
  private void purgeIfDue() {
    long now = now();
    if (closed || now - lastPurge < purgeInterval.toMillis()) {
      return;
    }
    lastPurge = now;
    try {
      int n = purgeDelivered();
      if (n > 0) {
        LOG.debug("outbox purged {} delivered rows", n);
      }
    } catch (OutboxException e) {
      LOG.warn("outbox purge failed; trying again in {}: {}", purgeInterval, e.getMessage());
    }
  }

  private void commit(List<PendingWrite> batch) {
    try {
      List<List<Long>> ids;
      synchronized (writeGate) {
        ids = insertAndCommit(batch);
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).done().complete(ids.get(i));
      }
    } catch (SQLException | RuntimeException e) {
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

  /**
   * Inserts and commits; if the commit reports a failure, finds out whether it took effect (a
   * commit token written in the same transaction), so that a stored event is never reported as
   * failed, nor a lost one as stored.
   */
  private List<List<Long>> insertAndCommit(List<PendingWrite> batch) throws SQLException {
    String token = java.util.UUID.randomUUID().toString();
    List<List<Long>> ids;
    try {
      ids = insert(batch, token);
    } catch (SQLException | RuntimeException e) {
      resetWriter();
      throw e;
    }
    try {
      wr().commit();
      return ids;
    } catch (SQLException e) {
      resetWriter();
      boolean committed;
      try {
        committed = tokenCommitted(token);
      } catch (SQLException again) {
        e.addSuppressed(again);
        throw new OutboxException("enqueue commit failed and its outcome cannot be read; the events"
            + " may or may not be stored", e);
      }
      if (committed) {
        LOG.warn("outbox commit reported a failure but took effect: {}", e.getMessage());
        return ids;
      }
      throw e;
    }
  }

  private boolean tokenCommitted(String token) throws SQLException {
    Connection c = wr();
    try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pb_commit WHERE token = ?")) {
      q.setString(1, token);
      boolean found;
      try (ResultSet rs = q.executeQuery()) {
        found = rs.next();
      }
      c.commit();
      return found;
    } catch (SQLException e) {
      resetWriter();
      throw e;
    }
  }

  private List<List<Long>> insert(List<PendingWrite> batch, String token) throws SQLException {
    Connection c = wr();
    lockForWrite(c);
    long now = now();
    try (PreparedStatement t = c.prepareStatement("UPDATE pb_commit SET token = ?")) {
      t.setString(1, token);
      t.executeUpdate();
    }
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
    try (Statement s = wr().createStatement();
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
    try (PreparedStatement q = wc().prepareStatement(
        "SELECT cursor_value FROM pb_checkpoint WHERE source_name = ?")) {
      q.setString(1, sourceName);
      String value;
      try (ResultSet rs = q.executeQuery()) {
        value = rs.next() ? rs.getString(1) : null;
      }
      // Commit only after the result set is closed: an open statement would keep this
      // connection's read snapshot alive into the next call, which would then read stale rows.
      wc().commit();
      return value;
    } catch (SQLException e) {
      resetWork();
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
    long now = now();
    long until = now + lease.toMillis();
    List<ClaimedEvent> claimed = new ArrayList<>();
    try {
      List<Object[]> rows = new ArrayList<>();
      try (PreparedStatement q = wcw().prepareStatement(
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
      try (PreparedStatement take = wc().prepareStatement(
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
      wc().commit();
      return claimed;
    } catch (SQLException e) {
      resetWork();
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
    long now = now();
    try (PreparedStatement u = wcw().prepareStatement(
        "UPDATE pb_outbox SET status = 'DONE', lease_owner = NULL, lease_until = NULL,"
            + " done_at = ? WHERE id = ? AND status = 'PENDING' AND lease_owner = ?")) {
      int n = 0;
      for (long id : ids) {
        u.setLong(1, now);
        u.setLong(2, id);
        u.setString(3, worker);
        n += u.executeUpdate();
      }
      wc().commit();
      return n;
    } catch (SQLException e) {
      resetWork();
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
    Objects.requireNonNull(error, "error");
    Failure f = permanent ? Failure.dead("FAILED", error, false, null)
        : Failure.retry("FAILED", error, null, retryBudget);
    return failRecorded(id, worker, f) != null;
  }

  /** What to do with a failed attempt. */
  enum Disposition {
    /** Count the attempt; back off; dead-letter once the attempts or the time budget are used up. */
    RETRY,
    /**
     * Dead-letter now: the vendor rejected the delivery (nothing applied). A rejected batch is
     * split, so that only the wrong member ends up dead.
     */
    DEAD,
    /**
     * Dead-letter now, a batch whole and under its key: whether the vendor applied it is unknown
     * (its answer could not be read, or the call failed inside posbridge).
     */
    DEAD_AS_SENT,
    /**
     * The attempt did not count (refused by an open circuit breaker, a paused sink, a shutdown):
     * give the event back, due after {@code delay}, without using its attempts or budget.
     */
    DEFER
  }

  /**
   * A failed attempt as the pipeline records it.
   *
   * @param code the error code (see {@link DeadLetter})
   * @param message what failed, without secrets or personal data
   * @param retryable whether the failure was retryable
   * @param disposition what to do
   * @param sourceRef the source object, e.g. {@code square/order/O1}, or null
   * @param budget the time budget of retries (RETRY)
   * @param delay when to try again (DEFER)
   */
  record Failure(String code, String message, boolean retryable, Disposition disposition,
      @Nullable String sourceRef, Duration budget, Duration delay) {

    static Failure retry(String code, String message, @Nullable String sourceRef, Duration budget) {
      return new Failure(code, message, true, Disposition.RETRY, sourceRef, budget, Duration.ZERO);
    }

    static Failure dead(String code, String message, boolean retryable, @Nullable String sourceRef) {
      return new Failure(code, message, retryable, Disposition.DEAD, sourceRef, Duration.ZERO, Duration.ZERO);
    }

    static Failure deadAsSent(String code, String message, @Nullable String sourceRef) {
      return new Failure(code, message, false, Disposition.DEAD_AS_SENT, sourceRef, Duration.ZERO,
          Duration.ZERO);
    }

    static Failure defer(String code, String message, boolean retryable, Duration delay) {
      return new Failure(code, message, retryable, Disposition.DEFER, null, Duration.ZERO, delay);
    }

    String truncated() {
      // no card number in last_error or the log
      return dev.posbridge.core.spi.DataGuard.text(
          message.length() > 2000 ? message.substring(0, 2000) : message);
    }
  }

  /** Like {@link #fail}; returns whether the event is now dead, or null if the lease was lost. */
  synchronized @Nullable Boolean failRecorded(long id, String worker, Failure f) {
    long now = now();
    try {
      int attempts;
      long firstFailed;
      try (PreparedStatement q = wcw().prepareStatement(
          "SELECT attempts, first_failed_at FROM pb_outbox WHERE id = ? AND status = 'PENDING'"
              + " AND lease_owner = ?")) {
        q.setLong(1, id);
        q.setString(2, worker);
        Integer found = null;
        long first = now;
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            found = rs.getInt(1);
            long v = rs.getLong(2);
            first = rs.wasNull() ? now : v;
          }
        }
        if (found == null) {
          wc().commit();
          return null;
        }
        attempts = found;
        firstFailed = first;
      }
      boolean dead = isDead(f, attempts, firstFailed, now);
      writeFailure("id = ?", id, worker, f, dead, attempts, now);
      wc().commit();
      if (dead) {
        LOG.warn("outbox event {} dead-lettered after {} attempt(s): {}", id, attempts, f.truncated());
      }
      return dead;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot record failure", e);
    }
  }

  private boolean isDead(Failure f, int attempts, long firstFailed, long now) {
    return switch (f.disposition()) {
      case DEAD, DEAD_AS_SENT -> true;
      case DEFER -> false;
      case RETRY -> attempts >= maxAttempts || now - firstFailed >= f.budget().toMillis();
    };
  }

  /** Updates the failed rows selected by {@code where} (one parameter) and leased by the worker. */
  private int writeFailure(String where, long key, String worker, Failure f, boolean dead, int attempts,
      long now) throws SQLException {
    boolean defer = f.disposition() == Disposition.DEFER;
    long next = defer ? now + f.delay().toMillis() : now + backoff(attempts).toMillis();
    try (PreparedStatement u = wc().prepareStatement(
        "UPDATE pb_outbox SET status = ?, lease_owner = NULL, lease_until = NULL,"
            + " next_attempt_at = ?, last_error = ?, done_at = ?, error_code = ?, error_retryable = ?,"
            + " source_ref = COALESCE(?, source_ref), attempts = attempts - ?,"
            + " first_failed_at = " + (defer ? "first_failed_at" : "COALESCE(first_failed_at, ?)")
            + " WHERE " + where + " AND status = 'PENDING' AND lease_owner = ?")) {
      int i = 1;
      u.setString(i++, dead ? "DEAD" : "PENDING");
      u.setLong(i++, next);
      u.setString(i++, f.truncated());
      if (dead) {
        u.setLong(i++, now);
      } else {
        u.setNull(i++, Types.BIGINT);
      }
      u.setString(i++, f.code());
      u.setInt(i++, f.retryable() ? 1 : 0);
      u.setString(i++, f.sourceRef());
      u.setInt(i++, defer ? 1 : 0);
      if (!defer) {
        u.setLong(i++, now);
      }
      u.setLong(i++, key);
      u.setString(i, worker);
      return u.executeUpdate();
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
  public List<DeadLetter> deadLetters(int max) {
    return deadLetters(DeadLetterFilter.ALL, max);
  }

  /**
   * Lists the dead-lettered events a filter selects, oldest first.
   *
   * @param filter which dead letters
   * @param max the maximum number to return
   * @return the dead letters
   * @throws OutboxException if the database cannot be read
   */
  public synchronized List<DeadLetter> deadLetters(DeadLetterFilter filter, int max) {
    Objects.requireNonNull(filter, "filter");
    List<DeadLetter> result = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    String where = filterSql(filter, args);
    try (PreparedStatement q = wc().prepareStatement(
        "SELECT id, ordering_key, event_type, payload, dedupe_key, attempts, last_error, done_at,"
            + " error_code, error_retryable, source_ref, first_failed_at"
            + " FROM pb_outbox WHERE status = 'DEAD'" + where + " ORDER BY id")) {
      for (int i = 0; i < args.size(); i++) {
        q.setObject(i + 1, args.get(i));
      }
      q.setMaxRows(max);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String type = rs.getString(3);
          int slash = type.indexOf('/');
          Instant failedAt = Instant.ofEpochMilli(rs.getLong(8));
          long first = rs.getLong(12);
          Instant firstFailed = rs.wasNull() ? failedAt : Instant.ofEpochMilli(first);
          result.add(new DeadLetter(rs.getLong(1),
              new OutboxEvent(rs.getString(2), type, rs.getString(4), rs.getString(5)),
              slash < 0 ? type : type.substring(0, slash), slash < 0 ? "" : type.substring(slash + 1),
              Objects.requireNonNullElse(rs.getString(9), "FAILED"), rs.getInt(10) == 1,
              rs.getString(11), Objects.requireNonNullElse(rs.getString(7), ""), rs.getInt(6),
              firstFailed, failedAt));
        }
      }
      wc().commit();
      return result;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot read dead letters", e);
    }
  }

  private static String filterSql(DeadLetterFilter f, List<Object> args) {
    StringBuilder sql = new StringBuilder();
    if (f.sink() != null) {
      sql.append(" AND (event_type LIKE ? OR event_type = ?)");
      args.add(f.sink() + "/%");
      args.add(f.sink());
    }
    if (f.errorCode() != null) {
      sql.append(" AND error_code = ?");
      args.add(f.errorCode());
    }
    if (f.from() != null) {
      sql.append(" AND done_at >= ?");
      args.add(f.from().toEpochMilli());
    }
    if (f.to() != null) {
      sql.append(" AND done_at < ?");
      args.add(f.to().toEpochMilli());
    }
    return sql.toString();
  }

  /**
   * Puts a dead-lettered event back for delivery, due at once, with fresh attempts and a fresh
   * time budget. It is delivered after every event of its ordering key that was enqueued before
   * it and is still pending. A member of a batch that was dead-lettered whole is replayed with its
   * batch, under the batch's key (the vendor may have applied it).
   *
   * @param id the dead letter's id
   * @return {@code true} if it was dead and is now pending again
   * @throws OutboxException if the database cannot be used
   */
  public synchronized boolean replay(long id) {
    try {
      boolean replayed = replayOne(id);
      wc().commit();
      return replayed;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot replay", e);
    }
  }

  /**
   * Replays every dead letter a filter selects (see {@link #replay(long)}), in one transaction.
   *
   * @param filter which dead letters, e.g. one sink's since a time
   * @return how many dead letters are pending again
   * @throws OutboxException if the database cannot be used
   */
  public synchronized int replay(DeadLetterFilter filter) {
    Objects.requireNonNull(filter, "filter");
    List<Object> args = new ArrayList<>();
    String where = filterSql(filter, args);
    try {
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement q = wcw().prepareStatement(
          "SELECT id FROM pb_outbox WHERE status = 'DEAD'" + where + " ORDER BY id")) {
        for (int i = 0; i < args.size(); i++) {
          q.setObject(i + 1, args.get(i));
        }
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
      }
      int n = 0;
      for (long id : ids) {
        n += replayOne(id) ? 1 : 0;
      }
      wc().commit();
      return n;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot replay", e);
    }
  }

  /** Replays one dead letter (its whole batch if it died with one) without committing. */
  private boolean replayOne(long id) throws SQLException {
    long now = now();
    Long batchId = null;
    try (PreparedStatement q = wcw().prepareStatement(
        "SELECT batch_id FROM pb_outbox WHERE id = ? AND status = 'DEAD'"
            + " AND event_type NOT LIKE '%/intake'")) {
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
        return false;
      }
    }
    // Due at once, and no lease left over: nothing may wait for an old claim to expire.
    String reset = "UPDATE pb_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
        + " lease_owner = NULL, lease_until = NULL, done_at = NULL, first_failed_at = NULL"
        + " WHERE status = 'DEAD' AND ";
    if (batchId == null) {
      try (PreparedStatement u = wc().prepareStatement(reset + "id = ?")) {
        u.setLong(1, now);
        u.setLong(2, id);
        u.executeUpdate();
      }
    } else {
      // A batch is resent whole under its recorded key: the vendor may have applied it.
      try (PreparedStatement u = wc().prepareStatement(reset + "batch_id = ?")) {
        u.setLong(1, now);
        u.setLong(2, batchId);
        u.executeUpdate();
      }
      try (PreparedStatement u = wc().prepareStatement(
          "UPDATE pb_batch SET status = 'OPEN' WHERE id = ?")) {
        u.setLong(1, batchId);
        u.executeUpdate();
      }
    }
    return true;
  }

  /**
   * Stores a record read from a source that cannot be turned into an event (poison at intake) as
   * a dead letter with its raw payload, so that the source can move on and a person can look at
   * it. Replaying it resubmits nothing by itself (type {@code <system>/intake}): fix the record at
   * its source, and it is read again when it changes.
   */
  synchronized boolean quarantine(String system, String ref, String rawPayload, String code,
      String message) {
    String key = "intake:" + system + ":" + ref + ":"
        + dev.posbridge.core.internal.sync.IdempotencyKeys.of("raw", rawPayload);
    long now = now();
    try {
      Connection c = wcw();
      try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pb_outbox WHERE dedupe_key = ?")) {
        q.setString(1, key);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            c.commit();
            return false;
          }
        }
      }
      try (PreparedStatement u = c.prepareStatement(
          "INSERT INTO pb_outbox (ordering_key, event_type, payload, dedupe_key, status, attempts,"
              + " created_at, next_attempt_at, done_at, first_failed_at, last_error, error_code,"
              + " error_retryable, source_ref) VALUES (?, ?, ?, ?, 'DEAD', 1, ?, ?, ?, ?, ?, ?, 0, ?)")) {
        u.setString(1, "intake:" + system + ":" + ref);
        u.setString(2, system + "/intake");
        u.setString(3, rawPayload);
        u.setString(4, key);
        u.setLong(5, now);
        u.setLong(6, now);
        u.setLong(7, now);
        u.setLong(8, now);
        u.setString(9, message.length() > 2000 ? message.substring(0, 2000) : message);
        u.setString(10, code);
        u.setString(11, system + "/" + ref);
        u.executeUpdate();
      }
      c.commit();
      return true;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot quarantine a source record", e);
    }
  }

  /**
   * Records a delivery an event bus gave up on (e.g. sent to Kafka's dead-letter topic) as a dead
   * letter of this outbox, so that it is listed and replayed like any other: replaying makes it
   * pending again, and the bus relays it again. The outbox row of the event (delivered to the bus)
   * is turned back into a dead letter; if it was purged, a new row is stored.
   */
  synchronized void recordBusDeadLetter(OutboxEvent event, String code, String message) {
    long now = now();
    String text = message.length() > 2000 ? message.substring(0, 2000) : message;
    try {
      Connection c = wcw();
      int n = 0;
      if (event.dedupeKey() != null) {
        try (PreparedStatement u = c.prepareStatement(
            "UPDATE pb_outbox SET status = 'DEAD', done_at = ?, last_error = ?, error_code = ?,"
                + " error_retryable = 0, first_failed_at = COALESCE(first_failed_at, ?),"
                + " lease_owner = NULL, lease_until = NULL WHERE dedupe_key = ?")) {
          u.setLong(1, now);
          u.setString(2, text);
          u.setString(3, code);
          u.setLong(4, now);
          u.setString(5, event.dedupeKey());
          n = u.executeUpdate();
        }
      }
      if (n == 0) {
        try (PreparedStatement i = c.prepareStatement(
            "INSERT INTO pb_outbox (ordering_key, event_type, payload, dedupe_key, status, attempts,"
                + " created_at, next_attempt_at, done_at, first_failed_at, last_error, error_code,"
                + " error_retryable) VALUES (?, ?, ?, ?, 'DEAD', 1, ?, ?, ?, ?, ?, ?, 0)")) {
          i.setString(1, event.orderingKey());
          i.setString(2, event.type());
          i.setString(3, event.payload());
          i.setString(4, event.dedupeKey());
          i.setLong(5, now);
          i.setLong(6, now);
          i.setLong(7, now);
          i.setLong(8, now);
          i.setString(9, text);
          i.setString(10, code);
          i.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot record the bus's dead letter", e);
    }
  }

  /** The default time budget of retryable failures. */
  Duration retryBudget() {
    return retryBudget;
  }

  /**
   * Counts events by state.
   *
   * @return the snapshot
   * @throws OutboxException if the database cannot be read
   */
  public synchronized OutboxStatus status() {
    long now = now();
    Map<String, Long> counts = new HashMap<>();
    try {
      try (Statement s = wc().createStatement();
          ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM pb_outbox GROUP BY status")) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getLong(2));
        }
      }
      long inFlight;
      long oldest;
      try (PreparedStatement q = wc().prepareStatement(
          "SELECT COUNT(*) FROM pb_outbox WHERE status = 'PENDING' AND lease_until >= ?")) {
        q.setLong(1, now);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          inFlight = rs.getLong(1);
        }
      }
      try (Statement s = wc().createStatement();
          ResultSet rs = s.executeQuery("SELECT MIN(created_at) FROM pb_outbox WHERE status = 'PENDING'")) {
        rs.next();
        long min = rs.getLong(1);
        oldest = rs.wasNull() ? now : min;
      }
      wc().commit();
      return new OutboxStatus(counts.getOrDefault("PENDING", 0L), inFlight,
          counts.getOrDefault("DEAD", 0L), counts.getOrDefault("DONE", 0L),
          Duration.ofMillis(Math.max(0, now - oldest)));
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot read status", e);
    }
  }

  /**
   * Returns how long delivered events and webhook receipts are kept.
   *
   * @return the retention period
   */
  public Duration retention() {
    return retention;
  }

  /**
   * Counts events by state for each event type (for the pipeline, a type is {@code sink/action},
   * e.g. {@code "quickbooks/sale"}), e.g. to show backlog and lag per target.
   *
   * @return a snapshot per event type that has any event; {@code delivered} counts the retained ones
   * @throws OutboxException if the database cannot be read
   */
  public synchronized Map<String, OutboxStatus> statusByType() {
    long now = now();
    Map<String, long[]> rows = new java.util.TreeMap<>();
    try (PreparedStatement q = wc().prepareStatement(
        "SELECT event_type,"
            + " SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'PENDING' AND lease_until >= ? THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'DEAD' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'DONE' THEN 1 ELSE 0 END),"
            + " MIN(CASE WHEN status = 'PENDING' THEN created_at END)"
            + " FROM pb_outbox GROUP BY event_type")) {
      q.setLong(1, now);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          long oldest = rs.getLong(6);
          if (rs.wasNull()) {
            oldest = now;
          }
          rows.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), oldest});
        }
      }
      wc().commit();
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot read status", e);
    }
    Map<String, OutboxStatus> result = new java.util.LinkedHashMap<>();
    rows.forEach((type, r) -> result.put(type,
        new OutboxStatus(r[0], r[1], r[2], r[3], Duration.ofMillis(Math.max(0, now - r[4])))));
    return java.util.Collections.unmodifiableMap(result);
  }

  /**
   * Deletes delivered events older than the retention period, and closed batch records. Webhook
   * receipts are kept at least 72 hours whatever the retention, so that a vendor's late retry of
   * a webhook is still recognised as a duplicate. Called on schedule by the outbox itself
   * ({@link Builder#purgeInterval}).
   *
   * @return how many events were deleted
   * @throws OutboxException if the database cannot be used
   */
  public synchronized int purgeDelivered() {
    long now = now();
    long cutoff = now - retention.toMillis();
    long receiptCutoff = now - Math.max(retention.toMillis(), RECEIPT_RETENTION.toMillis());
    try {
      int n;
      try (PreparedStatement d = wcw().prepareStatement(
          "DELETE FROM pb_outbox WHERE status = 'DONE' AND done_at < ?"
              + " AND (event_type <> 'pb.receipt' OR done_at < ?)")) {
        d.setLong(1, cutoff);
        d.setLong(2, receiptCutoff);
        n = d.executeUpdate();
      }
      try (PreparedStatement d = wc().prepareStatement(
          "DELETE FROM pb_batch WHERE status IN ('DONE', 'SPLIT') AND created_at < ?")) {
        d.setLong(1, cutoff);
        d.executeUpdate();
      }
      try (PreparedStatement d = wc().prepareStatement("DELETE FROM pb_echo WHERE expires_at < ?")) {
        d.setLong(1, now);
        d.executeUpdate();
      }
      wc().commit();
      return n;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot purge", e);
    }
  }

  private boolean update(String sql, Object... args) {
    try (PreparedStatement u = wcw().prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        u.setObject(i + 1, args[i]);
      }
      int n = u.executeUpdate();
      wc().commit();
      return n == 1;
    } catch (SQLException e) {
      resetWork();
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
    long now = now();
    long until = now + lease.toMillis();
    try {
      List<ClaimedEvent> claimed = new ArrayList<>();
      List<Object[]> heads = new ArrayList<>();
      try (PreparedStatement q = wcw().prepareStatement(
          "SELECT o.id, o.ordering_key, o.event_type, o.payload, o.dedupe_key, o.attempts,"
              + " o.created_at, o.solo FROM pb_outbox o"
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
            Object[] r = row(rs);
            rs.getInt(8);
            boolean solo = !rs.wasNull();
            if (followers && solo) {
              // Split from a rejected batch: sent alone, under a key of its own.
              if (heads.isEmpty()) {
                heads.add(r);
                break;
              }
              continue;
            }
            heads.add(r);
          }
        }
      }
      boolean alone = followers && heads.size() == 1 && isSolo(heads.get(0));
      List<Object[]> rows = new ArrayList<>(heads);
      if (followers && !alone && rows.size() < max) {
        try (PreparedStatement q = wc().prepareStatement(
            "SELECT o.id, o.ordering_key, o.event_type, o.payload, o.dedupe_key, o.attempts,"
                + " o.created_at, o.next_attempt_at, o.lease_until, o.batch_id, o.solo FROM pb_outbox o"
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
                rs.getInt(11);
                boolean solo = !rs.wasNull();
                if (!type.equals(rs.getString(3)) || next > now || leased || inBatch || solo) {
                  break;
                }
                rows.add(row(rs));
              }
            }
          }
        }
      }
      try (PreparedStatement take = wc().prepareStatement(
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
      wc().commit();
      return claimed;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot claim events", e);
    }
  }

  private boolean isSolo(Object[] head) throws SQLException {
    try (PreparedStatement q = wc().prepareStatement("SELECT solo FROM pb_outbox WHERE id = ?")) {
      q.setLong(1, (Long) head[0]);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          rs.getInt(1);
          return !rs.wasNull();
        }
        return false;
      }
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
    long now = now();
    try {
      if (sqlite) {
        // Membership must be on disk before the vendor call, even across a power loss.
        setSynchronous(wc(), "FULL");
      }
      long batchId;
      try (PreparedStatement insert = wcw().prepareStatement(
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
      try (PreparedStatement u = wc().prepareStatement(
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
            resetWork();
            if (sqlite) {
              setSynchronous(wc(), "NORMAL");
            }
            LOG.debug("{}: lease lost while recording a batch of {}; not sent", worker, type);
            return null;
          }
        }
      }
      wc().commit();
      if (sqlite) {
        setSynchronous(wc(), "NORMAL");
      }
      List<ClaimedEvent> ordered = new ArrayList<>(events);
      ordered.sort(java.util.Comparator.comparingLong(ClaimedEvent::id));
      return new Batch(batchId, key, List.copyOf(ordered));
    } catch (SQLException e) {
      resetWork();
      if (sqlite) {
        try {
          setSynchronous(wc(), "NORMAL");
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
    long now = now();
    long until = now + lease.toMillis();
    try {
      List<long[]> open = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      try (PreparedStatement q = wcw().prepareStatement(
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
        try (PreparedStatement q = wc().prepareStatement(
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
        try (PreparedStatement take = wc().prepareStatement(
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
          resetWork();
          continue;
        }
        wc().commit();
        return new Batch(batchId, keys.get(i), List.copyOf(claimed));
      }
      wc().commit();
      return null;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot claim batch", e);
    }
  }

  /** Marks every member of a batch delivered and closes it; {@code false} if a lease was lost. */
  synchronized boolean completeBatch(Batch batch, String worker) {
    long now = now();
    try {
      int n;
      try (PreparedStatement u = wcw().prepareStatement(
          "UPDATE pb_outbox SET status = 'DONE', lease_owner = NULL, lease_until = NULL,"
              + " done_at = ? WHERE batch_id = ? AND status = 'PENDING' AND lease_owner = ?")) {
        u.setLong(1, now);
        u.setLong(2, batch.id());
        u.setString(3, worker);
        n = u.executeUpdate();
      }
      if (n != batch.events().size()) {
        resetWork();
        return false;
      }
      try (PreparedStatement u = wc().prepareStatement(
          "UPDATE pb_batch SET status = 'DONE' WHERE id = ?")) {
        u.setLong(1, batch.id());
        u.executeUpdate();
      }
      wc().commit();
      return true;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot complete batch", e);
    }
  }

  /**
   * Records a failed batch. RETRY: all members back off together (the batch stays open, to be
   * resent under its key) or, once the budget is used, are dead-lettered together. DEFER: the
   * batch is given back without counting the attempt. DEAD: a batch of one is dead-lettered; a
   * larger batch was rejected as a whole, so nothing of it was applied: it is split, and each
   * member is sent alone (under a new key) so that only the wrong one is dead-lettered. Returns
   * whether the members are now dead, or null if a lease was lost.
   */
  synchronized @Nullable Boolean failBatch(Batch batch, String worker, Failure f) {
    long now = now();
    int attempts = 0;
    for (ClaimedEvent e : batch.events()) {
      attempts = Math.max(attempts, e.attempt());
    }
    try {
      long firstFailed = now;
      try (PreparedStatement q = wcw().prepareStatement(
          "SELECT MIN(first_failed_at) FROM pb_outbox WHERE batch_id = ?")) {
        q.setLong(1, batch.id());
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            long v = rs.getLong(1);
            firstFailed = rs.wasNull() ? now : v;
          }
        }
      }
      boolean split = f.disposition() == Disposition.DEAD && batch.events().size() > 1;
      if (split) {
        int n = leaveBatch(batch, worker, "solo = 1, attempts = attempts - 1,");
        if (n != batch.events().size()) {
          resetWork();
          return null;
        }
        closeBatch(batch.id(), "SPLIT");
        wc().commit();
        LOG.info("outbox batch {} ({} events) rejected as a whole ({}); its events are sent one by one",
            batch.id(), batch.events().size(), f.truncated());
        return false;
      }
      boolean dead = isDead(f, attempts, firstFailed, now);
      int n = writeFailure("batch_id = ?", batch.id(), worker, f, dead, attempts, now);
      if (n != batch.events().size()) {
        resetWork();
        return null;
      }
      if (dead) {
        closeBatch(batch.id(), "DEAD");
      }
      wc().commit();
      if (dead) {
        LOG.warn("outbox batch {} ({} events) dead-lettered after {} attempt(s): {}", batch.id(),
            batch.events().size(), attempts, f.truncated());
      }
      return dead;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot record batch failure", e);
    }
  }

  /**
   * Records per-item outcomes of a batch the vendor answered item by item: members not named are
   * delivered; failed members leave the batch and are retried or dead-lettered alone (a later
   * attempt sends them under a new key); members the vendor did not process leave the batch
   * without counting an attempt. The batch is closed. Returns the number of members marked
   * delivered, or -1 if a lease was lost (nothing recorded).
   */
  synchronized int settleBatch(Batch batch, String worker, Map<Long, Failure> failed,
      Set<Long> notProcessed) {
    long now = now();
    try {
      Connection c = wcw();
      int done = 0;
      try (PreparedStatement complete = c.prepareStatement(
          "UPDATE pb_outbox SET status = 'DONE', lease_owner = NULL, lease_until = NULL, done_at = ?"
              + " WHERE id = ? AND status = 'PENDING' AND lease_owner = ?");
          PreparedStatement release = c.prepareStatement(
              "UPDATE pb_outbox SET batch_id = NULL, lease_owner = NULL, lease_until = NULL,"
                  + " attempts = attempts - 1 WHERE id = ? AND status = 'PENDING' AND lease_owner = ?");
          PreparedStatement solo = c.prepareStatement(
              "UPDATE pb_outbox SET batch_id = NULL, solo = 1 WHERE id = ?")) {
        for (ClaimedEvent e : batch.events()) {
          int n;
          if (failed.containsKey(e.id())) {
            Failure f = failed.get(e.id());
            int attempts = e.attempt();
            long first = firstFailedAt(c, e.id(), now);
            solo.setLong(1, e.id());
            solo.executeUpdate();
            n = writeFailure("id = ?", e.id(), worker, f, isDead(f, attempts, first, now), attempts, now);
          } else if (notProcessed.contains(e.id())) {
            release.setLong(1, e.id());
            release.setString(2, worker);
            n = release.executeUpdate();
          } else {
            complete.setLong(1, now);
            complete.setLong(2, e.id());
            complete.setString(3, worker);
            n = complete.executeUpdate();
            done += n;
          }
          if (n != 1) {
            resetWork();
            return -1;
          }
        }
      }
      closeBatch(batch.id(), "DONE");
      c.commit();
      return done;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot record batch outcomes", e);
    }
  }

  private long firstFailedAt(Connection c, long id, long now) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT first_failed_at FROM pb_outbox WHERE id = ?")) {
      q.setLong(1, id);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          long v = rs.getLong(1);
          return rs.wasNull() ? now : v;
        }
        return now;
      }
    }
  }

  private int leaveBatch(Batch batch, String worker, String set) throws SQLException {
    try (PreparedStatement u = wc().prepareStatement(
        "UPDATE pb_outbox SET " + set + " batch_id = NULL, lease_owner = NULL, lease_until = NULL"
            + " WHERE batch_id = ? AND status = 'PENDING' AND lease_owner = ?")) {
      u.setLong(1, batch.id());
      u.setString(2, worker);
      return u.executeUpdate();
    }
  }

  private void closeBatch(long batchId, String status) throws SQLException {
    try (PreparedStatement u = wc().prepareStatement("UPDATE pb_batch SET status = ? WHERE id = ?")) {
      u.setString(1, status);
      u.setLong(2, batchId);
      u.executeUpdate();
    }
  }

  /** Gives a claimed batch back without counting an attempt (graceful stop). */
  synchronized void releaseBatch(Batch batch, String worker) {
    try (PreparedStatement u = wcw().prepareStatement(
        "UPDATE pb_outbox SET lease_owner = NULL, lease_until = NULL, attempts = attempts - 1"
            + " WHERE batch_id = ? AND status = 'PENDING' AND lease_owner = ?")) {
      u.setLong(1, batch.id());
      u.setString(2, worker);
      u.executeUpdate();
      wc().commit();
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot release batch", e);
    }
  }

  /** Remembers writes about to be made, until {@code expiresAt}; purges expired ones. */
  synchronized void recordEchoes(List<EchoWrite> writes, String batchKey, Duration window) {
    long now = now();
    Instant expiresAt = Instant.ofEpochMilli(now + window.toMillis());
    try {
      try (PreparedStatement d = wcw().prepareStatement(
          "DELETE FROM pb_echo WHERE batch_key = ?")) {
        d.setString(1, batchKey);
        d.executeUpdate();
      }
      if (now - lastEchoPurge > 10_000) {
        lastEchoPurge = now;
        try (PreparedStatement d = wc().prepareStatement(
            "DELETE FROM pb_echo WHERE expires_at < ?")) {
          d.setLong(1, now);
          d.executeUpdate();
        }
      }
      try (PreparedStatement insert = wc().prepareStatement(
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
      wc().commit();
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot record writes", e);
    }
  }

  /** Sets the resulting quantity the vendor reported for remembered writes of a batch. */
  synchronized void resolveEchoes(String batchKey, List<EchoWrite> results) {
    try (PreparedStatement u = wcw().prepareStatement(
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
      wc().commit();
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot record write results", e);
    }
  }

  /**
   * Finds and consumes a remembered write matching an incoming level: same system, location and
   * SKU or item, not expired, and the same resulting quantity (or an unknown one).
   */
  synchronized boolean consumeEcho(String system, String locationId, @Nullable String sku,
      @Nullable String itemId, String quantity) {
    long now = now();
    try {
      Long match = null;
      try (PreparedStatement q = wcw().prepareStatement(
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
        try (PreparedStatement d = wc().prepareStatement("DELETE FROM pb_echo WHERE id = ?")) {
          d.setLong(1, match);
          d.executeUpdate();
        }
      }
      wc().commit();
      return match != null;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot check echoes", e);
    }
  }

  /**
   * Records the source time of an incoming stock level of (system, item, location), unless a
   * newer one was recorded: returns {@code false} then, and the level must be dropped. An equal
   * time is accepted (a vendor's retry of the same event).
   */
  synchronized boolean advanceStockClock(String system, String itemKey, String locationId, Instant asOf) {
    long at = asOf.toEpochMilli();
    try {
      Long known = null;
      try (PreparedStatement q = wcw().prepareStatement(
          "SELECT as_of FROM pb_stock_clock WHERE system_name = ? AND item_key = ? AND location_id = ?")) {
        q.setString(1, system);
        q.setString(2, itemKey);
        q.setString(3, locationId);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            known = rs.getLong(1);
          }
        }
      }
      if (known != null && known > at) {
        wc().commit();
        return false;
      }
      if (known == null) {
        try (PreparedStatement i = wc().prepareStatement(
            "INSERT INTO pb_stock_clock (system_name, item_key, location_id, as_of) VALUES (?, ?, ?, ?)")) {
          i.setString(1, system);
          i.setString(2, itemKey);
          i.setString(3, locationId);
          i.setLong(4, at);
          i.executeUpdate();
        }
      } else if (known < at) {
        try (PreparedStatement u = wc().prepareStatement("UPDATE pb_stock_clock SET as_of = ?"
            + " WHERE system_name = ? AND item_key = ? AND location_id = ? AND as_of < ?")) {
          u.setLong(1, at);
          u.setString(2, system);
          u.setString(3, itemKey);
          u.setString(4, locationId);
          u.setLong(5, at);
          u.executeUpdate();
        }
      }
      wc().commit();
      return true;
    } catch (SQLException e) {
      resetWork();
      throw new OutboxException("cannot check the stock clock", e);
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
      workConnection = null;
    }
    closeQuietly(writeConnection);
    writeConnection = null;
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
      // Newest source time of a stock level routed per (system, item, location): an older level
      // arriving later (an unordered or replayed webhook) must not overwrite a newer one.
      s.execute("CREATE TABLE IF NOT EXISTS pb_stock_clock (system_name VARCHAR(64) NOT NULL,"
          + " item_key VARCHAR(255) NOT NULL, location_id VARCHAR(255) NOT NULL,"
          + " as_of BIGINT NOT NULL, PRIMARY KEY (system_name, item_key, location_id))");
      if (version < 3) {
        // Structured failures (dead letters name their sink, code and source), the time budget of
        // retries (first failure), batches split after a rejection (solo), and the commit token
        // that tells whether a commit reported as failed took effect.
        s.execute("ALTER TABLE pb_outbox ADD COLUMN first_failed_at BIGINT");
        s.execute("ALTER TABLE pb_outbox ADD COLUMN error_code VARCHAR(64)");
        s.execute("ALTER TABLE pb_outbox ADD COLUMN error_retryable INTEGER");
        s.execute("ALTER TABLE pb_outbox ADD COLUMN source_ref VARCHAR(255)");
        s.execute("ALTER TABLE pb_outbox ADD COLUMN solo INTEGER");
        s.execute("CREATE TABLE pb_commit (token VARCHAR(64))");
        s.execute("INSERT INTO pb_commit (token) VALUES ('')");
        s.execute("INSERT INTO pb_schema (version) VALUES (3)");
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

  private static void closeQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("close failed", e);
    }
  }

  /**
   * Builds an {@link Outbox}. Defaults: lease 60 s (longer than any vendor call with retries);
   * retryable failures retried for 72 hours from an event's first failure (no cap on the number
   * of attempts); backoff from 1 s doubling to 5 min with ±20 % jitter; up to 1,000 events per
   * group commit; 10,000 enqueues queued; delivered events kept 7 days, purged every hour
   * (webhook receipts at least 72 hours, the longest vendor webhook retry horizon).
   */
  public static final class Builder {
    private @Nullable ConnectionSource source;
    private Clock clock = Clock.systemUTC();
    private Duration lease = Duration.ofSeconds(60);
    private int maxAttempts = Integer.MAX_VALUE;
    private Duration retryBudget = DEFAULT_RETRY_BUDGET;
    private Duration purgeInterval = Duration.ofHours(1);
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
     * Caps the attempts an event gets before a retryable failure dead-letters it, in addition to
     * the {@link #retryBudget time budget}. Default: no cap. Attempts refused without reaching
     * the vendor (an open circuit breaker, a paused sink, a shutdown) are not counted.
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
     * Sets how long retryable failures of an event are retried, counted from its first failure,
     * before it is dead-lettered. Default 72 hours, longer than a weekend outage; a
     * {@link SyncPipeline} can set it per sink. A sink that fails as a whole (outage, expired
     * credentials) is paused by the pipeline instead, and its waiting events do not use their
     * budget.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder retryBudget(Duration value) {
      this.retryBudget = positive(value, "retryBudget");
      return this;
    }

    /**
     * Sets how often delivered events older than the {@link #retention retention} are purged
     * (from the outbox's writer thread when it is idle). Default 1 hour.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder purgeInterval(Duration value) {
      this.purgeInterval = positive(value, "purgeInterval");
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
