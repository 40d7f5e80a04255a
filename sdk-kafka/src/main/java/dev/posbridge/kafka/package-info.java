/**
 * Apache Kafka as the sync engine's event bus: {@link dev.posbridge.kafka.KafkaEventBus} relays
 * a {@link dev.posbridge.core.sync.SyncPipeline}'s outbox deliveries to a Kafka topic and delivers
 * them to the sinks from consumer-group workers, with retry and dead-letter topics.
 */
@NullMarked
package dev.posbridge.kafka;

import org.jspecify.annotations.NullMarked;
