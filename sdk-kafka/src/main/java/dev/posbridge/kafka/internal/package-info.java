/** Internals of the Kafka event bus: record format, outbox relay, consumer workers. Not API. */
@NullMarked
package dev.posbridge.kafka.internal;

import org.jspecify.annotations.NullMarked;
