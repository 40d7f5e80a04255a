package dev.posbridge.ops;

import java.time.Instant;
import java.util.Objects;

/**
 * A dead letter as an operator sees it: what could not be delivered where, and why.
 *
 * @param id the id to replay it by
 * @param sink the target system, e.g. {@code "netsuite"}
 * @param action what was attempted, e.g. {@code "sale"}, {@code "stock"}
 * @param sourceRef what it came from, e.g. {@code "sale:square/order/X"}
 * @param errorCode the first machine-readable code of the failure, e.g. {@code "UNMAPPED_SKU"};
 *     empty when the failure had none
 * @param error the last failure's message (posbridge's messages carry no secrets or personal data)
 * @param attempts how many attempts were made
 * @param failedAt when it was dead-lettered
 */
public record FailedDelivery(
    long id, String sink, String action, String sourceRef, String errorCode, String error, int attempts,
    Instant failedAt) {

  /**
   * Validates the components.
   *
   * @param id the id
   * @param sink the sink
   * @param action the action
   * @param sourceRef the source
   * @param errorCode the code
   * @param error the message
   * @param attempts the attempts
   * @param failedAt when
   * @throws NullPointerException if a component is missing
   */
  public FailedDelivery {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(sourceRef, "sourceRef");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(failedAt, "failedAt");
  }
}
