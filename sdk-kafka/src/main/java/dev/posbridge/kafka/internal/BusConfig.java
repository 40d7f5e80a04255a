package dev.posbridge.kafka.internal;

import java.time.Duration;
import java.util.Properties;

/**
 * The settings the relay and the workers share.
 *
 * @param name prefix of thread names and client ids
 * @param clientProperties the user's Kafka client properties (bootstrap servers, security, tuning)
 * @param groupId the consumer group of the workers
 * @param topic the main topic
 * @param retryTopic the retry topic
 * @param deadLetterTopic the dead-letter topic
 * @param relayBatch the most outbox deliveries the relay claims per round
 * @param inPlaceAttempts retryable failures of a main-topic record retried in place (partition
 *     paused, order kept) before it moves to the retry topic
 * @param maxAttempts failed attempts after which a record goes to the dead-letter topic
 * @param backoffMin the first retry delay
 * @param backoffMax the longest retry delay
 * @param pollTimeout the consumers' poll timeout
 */
public record BusConfig(
    String name,
    Properties clientProperties,
    String groupId,
    String topic,
    String retryTopic,
    String deadLetterTopic,
    int relayBatch,
    int inPlaceAttempts,
    int maxAttempts,
    Duration backoffMin,
    Duration backoffMax,
    Duration pollTimeout) {

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
