package dev.posbridge.kafka.internal;

import dev.posbridge.core.sync.EventBus;
import dev.posbridge.core.sync.OutboxEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer-group worker: reads the main and retry topics and delivers each record through the
 * pipeline's delivery code. A record's offset is committed only once it is settled: delivered,
 * or handed to the retry or dead-letter topic and acknowledged there. A retryable failure of a
 * main-topic record is first retried in place (the partition is paused and rewound, so later
 * records of its keys wait: order kept), then moved to the retry topic with a not-before time;
 * after {@code maxAttempts} failed attempts, or at once for a permanent failure, the record goes to
 * the dead-letter topic with its last error in headers. Not thread-safe: one thread runs it.
 */
public final class DeliveryConsumer extends BusLoop {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  /** Header: failed attempts so far (decimal). */
  public static final String ATTEMPTS_HEADER = "pb-attempts";
  /** Header: epoch millis before which a retry-topic record is not attempted. */
  public static final String NOT_BEFORE_HEADER = "pb-not-before";
  /** Header: the last failure's description. */
  public static final String ERROR_HEADER = "pb-error";
  /** Header: where the record was first read, {@code topic-partition@offset}. */
  public static final String ORIGIN_HEADER = "pb-origin";

  private final Consumer<String, String> consumer;
  private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();
  private final Map<TopicPartition, long[]> inPlace = new HashMap<>();
  private volatile boolean crashed;

  /**
   * Creates a worker.
   *
   * @param config the bus settings
   * @param context the pipeline side
   * @param consumer its own consumer, in the bus's group, auto-commit off
   * @param producer the shared producer, for the retry and dead-letter topics
   * @param name the worker's name, for logs
   */
  public DeliveryConsumer(BusConfig config, EventBus.Context context, Consumer<String, String> consumer,
      Producer<String, String> producer, String name) {
    super(config, context, producer, name);
    this.consumer = consumer;
  }

  /** Asks the loop to end after the record in progress; settled offsets are committed. */
  @Override
  public void stop() {
    super.stop();
    consumer.wakeup();
  }

  /**
   * Ends the loop after the record in progress without committing anything, as if the process
   * died: another member of the group delivers the uncommitted records again (tests).
   */
  public void crash() {
    crashed = true;
    running = false;
  }

  @Override
  public void run() {
    Map<TopicPartition, OffsetAndMetadata> settled = new HashMap<>();
    try {
      consumer.subscribe(List.of(config.topic(), config.retryTopic()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          if (!crashed && !settled.isEmpty()) {
            consumer.commitSync(settled);
            settled.clear();
          }
          forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          settled.keySet().removeAll(partitions);
          forget(partitions);
        }
      });
      while (running) {
        resumeDue();
        ConsumerRecords<String, String> records;
        try {
          records = consumer.poll(config.pollTimeout());
        } catch (WakeupException e) {
          break;
        }
        for (TopicPartition tp : records.partitions()) {
          for (ConsumerRecord<String, String> r : records.records(tp)) {
            if (crashed) {
              return;
            }
            long waitUntil;
            try {
              waitUntil = handle(tp, r);
            } catch (IllegalStateException e) {
              LOG.warn("{}: {}; the record is read again", name, e.getMessage());
              waitUntil = config.clock().millis() + config.backoffMin().toMillis();
            }
            if (waitUntil < 0) {
              settled.put(tp, new OffsetAndMetadata(r.offset() + 1));
              continue;
            }
            consumer.seek(tp, r.offset());
            consumer.pause(Set.of(tp));
            pausedUntil.put(tp, waitUntil);
            break;
          }
          if (!running) {
            break;
          }
        }
        if (crashed) {
          return;
        }
        if (!settled.isEmpty()) {
          consumer.commitSync(settled);
          settled.clear();
        }
      }
      if (!crashed && !settled.isEmpty()) {
        consumer.commitSync(settled);
      }
    } catch (WakeupException e) {
      if (!crashed && !settled.isEmpty()) {
        consumer.commitSync(settled);
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: worker stopped by an unexpected failure; uncommitted records go to another member", name, e);
    } finally {
      try {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        LOG.debug("{}: consumer close failed", name, e);
      }
    }
  }

  private void forget(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      pausedUntil.remove(tp);
      inPlace.remove(tp);
    }
  }

  private void resumeDue() {
    long now = config.clock().millis();
    for (Iterator<Map.Entry<TopicPartition, Long>> it = pausedUntil.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<TopicPartition, Long> e = it.next();
      if (e.getValue() <= now) {
        if (consumer.assignment().contains(e.getKey())) {
          consumer.resume(Set.of(e.getKey()));
        }
        it.remove();
      }
    }
  }

  /**
   * Handles one record.
   *
   * @return {@code -1} when settled (commit past it); otherwise the epoch millis until which its
   *     partition waits before the record is tried again
   */
  private long handle(TopicPartition tp, ConsumerRecord<String, String> r) {
    boolean retryTopic = r.topic().equals(config.retryTopic());
    int attempts = intHeader(r.headers(), ATTEMPTS_HEADER, 0);
    if (retryTopic) {
      long notBefore = longHeader(r.headers(), NOT_BEFORE_HEADER, 0);
      if (notBefore > config.clock().millis()) {
        return notBefore;
      }
    }
    OutboxEvent event;
    try {
      event = BusRecord.decode(r.value());
    } catch (IllegalArgumentException e) {
      deadLetter(r, attempts + 1, "unreadable bus record: " + e.getMessage(), null);
      return -1;
    }
    EventBus.Outcome outcome = context.deliver(event);
    String error = outcome.error() == null ? "" : outcome.error();
    switch (outcome.status()) {
      case DELIVERED -> {
        inPlace.remove(tp);
        return -1;
      }
      case DEAD -> {
        inPlace.remove(tp);
        deadLetter(r, attempts + 1, error, event);
        return -1;
      }
      default -> {
        // RETRY
      }
    }
    int tries = 1;
    if (!retryTopic) {
      long[] t = inPlace.get(tp);
      tries = t != null && t[0] == r.offset() ? (int) t[1] + 1 : 1;
      if (tries < config.inPlaceAttempts() && attempts + tries < config.maxAttempts()) {
        inPlace.put(tp, new long[] {r.offset(), tries});
        LOG.debug("{}: {} failed ({}), retrying in place", name, event.type(), error);
        return config.clock().millis() + config.backoff(tries).toMillis();
      }
    }
    inPlace.remove(tp);
    int failed = attempts + tries;
    if (failed >= config.maxAttempts()) {
      deadLetter(r, failed, error, event);
      context.deadLettered(event, error);
    } else {
      long notBefore = config.clock().millis() + config.backoff(failed).toMillis();
      forward(config.retryTopic(), r, failed, error, notBefore);
    }
    return -1;
  }

  private void deadLetter(ConsumerRecord<String, String> r, int attempts, String error,
      @Nullable OutboxEvent event) {
    LOG.warn("{}: dead-lettering {} after {} attempt(s): {}", name,
        event == null ? "an unreadable record" : event.type(), attempts, error);
    forward(config.deadLetterTopic(), r, attempts, error, 0);
  }

  /** Sends a copy to another topic and waits for the broker's acknowledgement. */
  private void forward(String topic, ConsumerRecord<String, String> r, int attempts, String error,
      long notBefore) {
    ProducerRecord<String, String> copy = new ProducerRecord<>(topic, null, r.key(), r.value());
    for (Header h : r.headers()) {
      String k = h.key();
      if (!k.equals(ATTEMPTS_HEADER) && !k.equals(NOT_BEFORE_HEADER) && !k.equals(ERROR_HEADER)) {
        copy.headers().add(h);
      }
    }
    if (r.headers().lastHeader(ORIGIN_HEADER) == null) {
      copy.headers().add(ORIGIN_HEADER, bytes(r.topic() + "-" + r.partition() + "@" + r.offset()));
    }
    copy.headers().add(ATTEMPTS_HEADER, bytes(Integer.toString(attempts)));
    copy.headers().add(ERROR_HEADER, bytes(error.length() > 2000 ? error.substring(0, 2000) : error));
    if (notBefore > 0) {
      copy.headers().add(NOT_BEFORE_HEADER, bytes(Long.toString(notBefore)));
    }
    try {
      producer.send(copy).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while forwarding to " + topic, e);
    } catch (ExecutionException e) {
      // Not settled: the offset is not committed, so the record is read again.
      throw new IllegalStateException("cannot forward to " + topic + ": " + e.getCause(), e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int intHeader(Headers headers, String key, int absent) {
    return (int) longHeader(headers, key, absent);
  }

  private static long longHeader(Headers headers, String key, long absent) {
    Header h = headers.lastHeader(key);
    if (h == null || h.value() == null) {
      return absent;
    }
    try {
      return Long.parseLong(new String(h.value(), StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return absent;
    }
  }
}
