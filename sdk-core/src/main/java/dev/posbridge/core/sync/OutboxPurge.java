package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is no longer needed: delivered events after the retention period (webhook receipts
 * after at least {@link #RECEIPT_RETENTION}), settled batches, expired echo records.
 */
final class OutboxPurge {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);
  /**
   * Webhook receipts are kept at least this long: longer than the vendors keep retrying a webhook
   * delivery, so that a late retry is still recognised as a duplicate.
   */
  static final Duration RECEIPT_RETENTION = Duration.ofDays(3);

  private final Tx tx;
  private final OutboxClock clock;
  private final Duration retention;
  private final Duration interval;
  /** When delivered rows were last purged, in outbox time (the writer thread only). */
  private long last;

  OutboxPurge(Tx tx, OutboxClock clock, Duration retention, Duration interval) {
    this.tx = tx;
    this.clock = clock;
    this.retention = retention;
    this.interval = interval;
  }

  /** See {@link Outbox#purgeDelivered()}. */
  int purge() {
    return tx.write("cannot purge", c -> {
      long now = clock.now();
      long cutoff = now - retention.toMillis();
      long receiptCutoff = now - Math.max(retention.toMillis(), RECEIPT_RETENTION.toMillis());
      int n = Sql.update(c, "DELETE FROM pb_outbox WHERE status = 'DONE' AND done_at < ?"
          + " AND (event_type <> 'pb.receipt' OR done_at < ?)", cutoff, receiptCutoff);
      Sql.update(c, "DELETE FROM pb_batch WHERE status IN ('DONE', 'SPLIT') AND created_at < ?", cutoff);
      Sql.update(c, "DELETE FROM pb_echo WHERE expires_at < ?", now);
      return n;
    });
  }

  /** Purges if the interval has passed since the last purge; run by the writer thread when idle. */
  void purgeIfDue() {
    long now = clock.now();
    if (now - last < interval.toMillis()) {
      return;
    }
    last = now;
    try {
      int n = purge();
      if (n > 0) {
        LOG.debug("outbox purged {} delivered rows", n);
      }
    } catch (OutboxException e) {
      LOG.warn("outbox purge failed; trying again in {}: {}", interval, e.getMessage());
    }
  }
}
