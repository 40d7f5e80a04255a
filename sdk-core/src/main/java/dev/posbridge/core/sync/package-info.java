/**
 * The sync engine: a durable outbox, the pipeline that routes events through it to vendor
 * connectors, and the sources that feed it.
 *
 * <ul>
 *   <li>{@link dev.posbridge.core.sync.Outbox} stores events durably before anything is sent to a
 *       vendor (SQLite by default, any JDBC database), with leased claims, per-key order, backoff,
 *       dead letters and replay, and source checkpoints.
 *   <li>{@link dev.posbridge.core.sync.SyncPipeline} fans each sale, refund, stock change and
 *       customer change out into one delivery per target with a deterministic idempotency key,
 *       and delivers them with worker threads, batching where the vendor can.
 *   <li>{@link dev.posbridge.core.sync.SourcePoller} polls a
 *       {@link dev.posbridge.core.connect.SalesSource} or
 *       {@link dev.posbridge.core.connect.ChangeFeed}, and
 *       {@link dev.posbridge.core.sync.WebhookIngress} receives webhooks, both storing durably
 *       before they acknowledge.
 *   <li>Extension points: {@link dev.posbridge.core.sync.SkuMapping},
 *       {@link dev.posbridge.core.sync.LocationMapping},
 *       {@link dev.posbridge.core.sync.SaleTransformer} (mapping) and
 *       {@link dev.posbridge.core.sync.SyncListener} (metrics).
 * </ul>
 *
 * <p>Delivery is at-least-once; the idempotency keys make each vendor apply each effect once, so
 * that a sale is never lost and never booked twice across crashes, restarts and outages.
 */
@NullMarked
package dev.posbridge.core.sync;

import org.jspecify.annotations.NullMarked;
