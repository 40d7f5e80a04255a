package dev.posbridge.ops;

/**
 * The sync engine's health in three facts, for health checks.
 *
 * @param outboxAvailable whether the outbox could be read and written
 * @param workersAlive whether the delivery workers run
 * @param detail what is wrong, in words; empty when nothing is
 */
public record EngineHealth(boolean outboxAvailable, boolean workersAlive, String detail) {

  /**
   * Tells whether the engine can take and deliver work.
   *
   * @return {@code true} if the outbox is available and the workers alive
   */
  public boolean up() {
    return outboxAvailable && workersAlive;
  }
}
