package dev.posbridge.quickbooks;

import dev.posbridge.core.spi.Sleeper;

/**
 * Benchmark-only access to the builder's package-private sleeper hook, so the throttle benchmark
 * can run the connector's rate limits on the simulator's clock (virtual time). Lives in the
 * benchmarks module, which is never published.
 */
public final class QuickBooksBenchHooks {
  private QuickBooksBenchHooks() {}

  /**
   * Sets how the connector waits.
   *
   * @param b the builder
   * @param sleeper the sleeper
   * @return the builder
   */
  public static QuickBooksConnector.Builder sleeper(QuickBooksConnector.Builder b, Sleeper sleeper) {
    return b.sleeper(sleeper);
  }
}
