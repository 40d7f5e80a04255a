/**
 * The operator's view of a running sync engine, without a framework: {@link dev.posbridge.ops.EngineView}
 * reads backlog, lag, paused sinks and dead letters from a {@code SyncPipeline};
 * {@link dev.posbridge.ops.OperatorPage} renders them with the last reconciliations as one
 * self-contained HTML page; {@link dev.posbridge.ops.OperatorHandler} serves it, with a JSON status
 * and dead-letter replay, on the JDK's own HTTP server. The Spring Boot starter serves the same
 * page.
 */
@NullMarked
package dev.posbridge.ops;

import org.jspecify.annotations.NullMarked;
