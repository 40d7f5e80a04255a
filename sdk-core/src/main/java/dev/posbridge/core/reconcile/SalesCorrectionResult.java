package dev.posbridge.core.reconcile;

/**
 * What one {@link SalesCorrectionPlan#apply} did.
 *
 * @param booked documents booked now: created by the sink, or newly queued in the engine
 * @param alreadyBooked documents the target already had under the same idempotency key (the sink
 *     replayed the booking, or the engine's outbox already held the delivery)
 * @param skipped documents this plan had already booked in an earlier {@code apply}
 */
public record SalesCorrectionResult(int booked, int alreadyBooked, int skipped) {

  /**
   * Validates the counts.
   *
   * @param booked booked now
   * @param alreadyBooked already booked
   * @param skipped done earlier by this plan
   * @throws IllegalArgumentException if a count is negative
   */
  public SalesCorrectionResult {
    if (booked < 0 || alreadyBooked < 0 || skipped < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
