package dev.posbridge.core;

/**
 * The public logger names posbridge logs under, so that an application tunes posbridge's logging
 * without naming internal classes. They form a hierarchy under {@link #ROOT}: setting
 * {@code dev.posbridge} to {@code WARN} quiets everything, {@code dev.posbridge.http} to
 * {@code DEBUG} shows every vendor call.
 *
 * <table>
 *   <caption>Logger names</caption>
 *   <tr><th>Name</th><th>What it logs</th></tr>
 *   <tr><td>{@code dev.posbridge.http}</td><td>vendor calls: retries, exhausted retries, circuit
 *       breaker state, throttling (WARN when posbridge gives up or fails fast)</td></tr>
 *   <tr><td>{@code dev.posbridge.sync}</td><td>the sync engine: outbox, routing, delivery workers,
 *       pollers, webhook intake, event buses</td></tr>
 *   <tr><td>{@code dev.posbridge.reconcile}</td><td>stock reconciliation and corrections</td></tr>
 *   <tr><td>{@code dev.posbridge.connector}</td><td>connector-specific notes (e.g. a vendor record
 *       that could not be mapped and was skipped)</td></tr>
 * </table>
 */
public final class Loggers {

  /** The parent of every posbridge logger. */
  public static final String ROOT = "dev.posbridge";
  /** Vendor calls over HTTP: retries, circuit breaker, throttling. */
  public static final String HTTP = "dev.posbridge.http";
  /** The sync engine: outbox, routing, workers, pollers, webhook intake, event buses. */
  public static final String SYNC = "dev.posbridge.sync";
  /** Stock reconciliation and corrections. */
  public static final String RECONCILE = "dev.posbridge.reconcile";
  /** Connector-specific notes. */
  public static final String CONNECTOR = "dev.posbridge.connector";

  private Loggers() {}
}
