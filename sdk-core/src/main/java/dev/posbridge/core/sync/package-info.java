/**
 * The sync engine's durable foundation: a transactional outbox over JDBC.
 *
 * <p>{@link dev.posbridge.core.sync.Outbox} stores events durably before anything is sent to a
 * vendor, so that a sale is never lost across crashes, restarts and vendor outages. SQLite (one
 * file, created and migrated on first use) is the embedded default; any JDBC database with
 * standard identity columns works through the same code. Delivery is at-least-once: workers claim
 * events with a lease, and a crashed worker's events are taken up again when the lease expires.
 * Events with the same ordering key are delivered in order. Failures are retried on a backoff
 * schedule; an event that keeps failing moves to the dead-letter state with its last error and can
 * be replayed.
 */
@NullMarked
package dev.posbridge.core.sync;

import org.jspecify.annotations.NullMarked;
