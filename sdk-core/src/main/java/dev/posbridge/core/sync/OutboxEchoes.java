package dev.posbridge.core.sync;

import dev.posbridge.core.sync.OutboxEngine.EchoWrite;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the router needs to drop an incoming stock level: the pipeline's own recent writes, to
 * recognise their echo from the system written to, and the newest source time applied per (system,
 * item, location), to recognise a level older than one already applied.
 */
final class OutboxEchoes {

  private final Tx tx;
  private final OutboxClock clock;
  /** When expired echo records were last deleted (guarded by the transactions' lock). */
  private long lastPurge;

  OutboxEchoes(Tx tx, OutboxClock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  /** Remembers writes about to be made, for {@code window}; purges expired ones. */
  void record(List<EchoWrite> writes, String batchKey, Duration window) {
    tx.write("cannot record writes", c -> {
      long now = clock.now();
      long expiresAt = now + window.toMillis();
      Sql.update(c, "DELETE FROM pb_echo WHERE batch_key = ?", batchKey);
      if (now - lastPurge > 10_000) {
        lastPurge = now;
        Sql.update(c, "DELETE FROM pb_echo WHERE expires_at < ?", now);
      }
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO pb_echo (system_name, location_id, sku, item_id, quantity, written_at,"
              + " expires_at, batch_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (EchoWrite w : writes) {
          Sql.bind(insert, java.util.Arrays.asList(w.system(), w.locationId(), w.sku(), w.itemId(),
              w.quantity(), now, expiresAt, batchKey));
          insert.executeUpdate();
        }
      }
      return null;
    });
  }

  /** Sets the resulting quantity the vendor reported for remembered writes of a batch. */
  void resolve(String batchKey, List<EchoWrite> results) {
    tx.write("cannot record write results", c -> {
      try (PreparedStatement u = c.prepareStatement(
          "UPDATE pb_echo SET quantity = ?, item_id = COALESCE(item_id, ?) WHERE batch_key = ?"
              + " AND system_name = ? AND location_id = ? AND (sku = ? OR item_id = ?)")) {
        // Also learn the vendor's item id: its webhooks may name only the item, not the SKU.
        for (EchoWrite r : results) {
          Sql.bind(u, java.util.Arrays.asList(r.quantity(), r.itemId(), batchKey, r.system(),
              r.locationId(), r.sku(), r.itemId()));
          u.executeUpdate();
        }
      }
      return null;
    });
  }

  /**
   * Finds and consumes a remembered write matching an incoming level: same system, location and
   * SKU or item, not expired, and the same resulting quantity (or an unknown one).
   */
  boolean consume(String system, String locationId, @Nullable String sku, @Nullable String itemId,
      String quantity) {
    return tx.write("cannot check echoes", c -> {
      Long match = null;
      try (PreparedStatement q = c.prepareStatement(
          "SELECT id, sku, item_id, quantity FROM pb_echo WHERE system_name = ? AND location_id = ?"
              + " AND expires_at >= ? ORDER BY id")) {
        Sql.bind(q, List.of(system, locationId, clock.now()));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next() && match == null) {
            boolean sameItem = (sku != null && sku.equals(rs.getString(2)))
                || (itemId != null && itemId.equals(rs.getString(3)));
            String q4 = rs.getString(4);
            boolean sameQuantity = q4 == null || new BigDecimal(q4).compareTo(new BigDecimal(quantity)) == 0;
            if (sameItem && sameQuantity) {
              match = rs.getLong(1);
            }
          }
        }
      }
      if (match != null) {
        Sql.update(c, "DELETE FROM pb_echo WHERE id = ?", match);
      }
      return match != null;
    });
  }

  /**
   * Records the source time of an incoming stock level of (system, item, location), unless a
   * newer one was recorded: returns {@code false} then, and the level must be dropped. An equal
   * time is accepted (a vendor's retry of the same event).
   */
  boolean advanceStockClock(String system, String itemKey, String locationId, Instant asOf) {
    long at = asOf.toEpochMilli();
    return tx.write("cannot check the stock clock", c -> {
      Long known = Sql.queryLong(c, "SELECT as_of FROM pb_stock_clock"
          + " WHERE system_name = ? AND item_key = ? AND location_id = ?", system, itemKey, locationId);
      if (known == null) {
        Sql.update(c, "INSERT INTO pb_stock_clock (system_name, item_key, location_id, as_of)"
            + " VALUES (?, ?, ?, ?)", system, itemKey, locationId, at);
      } else if (known > at) {
        return false;
      } else if (known < at) {
        Sql.update(c, "UPDATE pb_stock_clock SET as_of = ? WHERE system_name = ? AND item_key = ?"
            + " AND location_id = ? AND as_of < ?", at, system, itemKey, locationId, at);
      }
      return true;
    });
  }
}
