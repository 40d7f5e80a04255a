package dev.posbridge.core.sync;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Selects dead letters to list or replay; a null component matches everything.
 *
 * <pre>{@code
 * // after fixing QuickBooks' account mapping:
 * pipeline.replay(DeadLetterFilter.sink("quickbooks").withErrorCode("MAPPING"));
 * }</pre>
 *
 * @param sink the target system (or, for poison records, the source system), or null
 * @param errorCode the {@link DeadLetter#errorCode()}, or null
 * @param from dead-lettered at or after this time, or null
 * @param to dead-lettered before this time, or null
 */
public record DeadLetterFilter(@Nullable String sink, @Nullable String errorCode,
    @Nullable Instant from, @Nullable Instant to) {

  /** Every dead letter. */
  public static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null, null);

  /**
   * Validates the time range.
   *
   * @param sink the sink
   * @param errorCode the error code
   * @param from the start
   * @param to the end
   * @throws IllegalArgumentException if {@code from} is after {@code to}
   */
  public DeadLetterFilter {
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("from must not be after to: " + from + " > " + to);
    }
  }

  /**
   * Selects one sink's dead letters.
   *
   * @param sink the system name, e.g. {@code quickbooks}
   * @return the filter
   */
  public static DeadLetterFilter sink(String sink) {
    return new DeadLetterFilter(java.util.Objects.requireNonNull(sink, "sink"), null, null, null);
  }

  /**
   * Narrows to one error code.
   *
   * @param code e.g. {@code VALIDATION}
   * @return a new filter
   */
  public DeadLetterFilter withErrorCode(String code) {
    return new DeadLetterFilter(sink, java.util.Objects.requireNonNull(code, "code"), from, to);
  }

  /**
   * Narrows to dead letters of a time range.
   *
   * @param start at or after, or null
   * @param end before, or null
   * @return a new filter
   */
  public DeadLetterFilter between(@Nullable Instant start, @Nullable Instant end) {
    return new DeadLetterFilter(sink, errorCode, start, end);
  }
}
