package dev.posbridge.kafka.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * The settings of one bus, frozen when it is built, and the part of them the relay and the
 * workers share.
 *
 * @param name prefix of thread names and client ids
 * @param clientProperties the user's Kafka client properties (bootstrap servers, security, tuning)
 * @param groupId the consumer group of the workers
 * @param topic the main topic
 * @param relay whether this process relays its outbox to Kafka
 * @param workers how many consumer-group workers this process runs
 * @param relayBatch the most outbox deliveries the relay claims per round
 * @param inPlaceAttempts retryable failures of a main-topic record retried in place (partition
 *     paused, order kept) before it moves to the retry topic
 * @param maxAttempts failed attempts after which a record goes to the dead-letter topic
 * @param backoffMin the first retry delay
 * @param backoffMax the longest retry delay
 * @param pollTimeout the consumers' poll timeout
 * @param partitions partitions per topic when the bus creates its topics; 0: it does not
 * @param replicationFactor replicas per partition of the topics the bus creates
 * @param clock the clock used for retry times
 */
public record BusConfig(
    String name,
    Properties clientProperties,
    String groupId,
    String topic,
    boolean relay,
    int workers,
    int relayBatch,
    int inPlaceAttempts,
    int maxAttempts,
    Duration backoffMin,
    Duration backoffMax,
    Duration pollTimeout,
    int partitions,
    short replicationFactor,
    Clock clock) {

  /**
   * Returns the retry topic, {@code <topic>.retry}.
   *
   * @return the topic name
   */
  public String retryTopic() {
    return topic + ".retry";
  }

  /**
   * Returns the dead-letter topic, {@code <topic>.dlt}.
   *
   * @return the topic name
   */
  public String deadLetterTopic() {
    return topic + ".dlt";
  }

  /**
   * Returns the delay before retry number {@code attempt} (1-based): doubling from the minimum,
   * capped at the maximum.
   *
   * @param attempt the failed attempts so far, at least 1
   * @return the delay
   */
  public Duration backoff(int attempt) {
    long ms = backoffMin.toMillis();
    for (int i = 1; i < attempt && ms < backoffMax.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, backoffMax.toMillis()));
  }
}
