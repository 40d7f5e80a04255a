package dev.posbridge.kafka.internal;

import dev.posbridge.core.OutboxException;
import dev.posbridge.core.sync.ClaimedEvent;
import dev.posbridge.core.sync.EventBus;
import dev.posbridge.core.sync.Outbox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves pending deliveries from the local outbox to the main topic. Each round claims up to
 * {@code relayBatch} deliveries (at most one per ordering key: the next one of a key is claimed
 * only after the previous is marked done, which keeps per-key order), sends them keyed by their
 * ordering key, flushes, and marks done exactly those the broker acknowledged ({@code acks=all});
 * the others are released and sent again next round. A crash between the acknowledgement and the
 * mark sends a delivery twice; the consumers absorb that through its idempotency key.
 */
public final class OutboxRelay extends BusLoop {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  /** Header carrying the delivery's outbox event type. */
  public static final String TYPE_HEADER = "pb-type";

  /**
   * Creates a relay.
   *
   * @param config the bus settings
   * @param context the pipeline side
   * @param producer the idempotent producer
   * @param owner the lease owner name in the outbox
   */
  public OutboxRelay(BusConfig config, EventBus.Context context, Producer<String, String> producer,
      String owner) {
    super(config, context, producer, owner);
  }

  @Override
  public void run() {
    long idle = 1;
    while (running) {
      int moved;
      try {
        moved = relayOnce();
      } catch (OutboxException e) {
        LOG.warn("{}: outbox unavailable; relay pauses: {}", name, e.getMessage());
        moved = 0;
      } catch (RuntimeException e) {
        LOG.warn("{}: relay round failed", name, e);
        moved = 0;
      }
      if (moved > 0) {
        idle = 1;
        continue;
      }
      try {
        context.awaitWork(idle);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      idle = Math.min(200, idle * 2);
    }
  }

  /**
   * Runs one round.
   *
   * @return how many deliveries were acknowledged by the broker and marked done
   */
  public int relayOnce() {
    Outbox outbox = context.outbox();
    List<ClaimedEvent> claimed = outbox.claim(name, config.relayBatch());
    if (claimed.isEmpty()) {
      return 0;
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>(claimed.size());
    for (ClaimedEvent e : claimed) {
      ProducerRecord<String, String> record = new ProducerRecord<>(config.topic(), null,
          e.event().orderingKey(), BusRecord.encode(e.event(), e.id()));
      record.headers().add(TYPE_HEADER, e.event().type().getBytes(StandardCharsets.UTF_8));
      Future<RecordMetadata> f;
      try {
        f = producer.send(record);
      } catch (RuntimeException ex) {
        f = java.util.concurrent.CompletableFuture.failedFuture(ex);
      }
      sent.add(f);
    }
    producer.flush();
    List<Long> acked = new ArrayList<>(claimed.size());
    for (int i = 0; i < claimed.size(); i++) {
      try {
        sent.get(i).get();
        acked.add(claimed.get(i).id());
      } catch (ExecutionException | RuntimeException ex) {
        LOG.warn("{}: Kafka did not take a delivery; it stays in the outbox: {}", name, ex.toString());
        outbox.release(claimed.get(i).id(), name);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        outbox.release(claimed.get(i).id(), name);
      }
    }
    if (!acked.isEmpty()) {
      outbox.completeAll(acked, name);
    }
    return acked.size();
  }
}
