package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * One record of a source page that cannot be turned into the canonical model (poison data, e.g. a
 * quantity of {@code 1e999999999}), while the rest of the page can. Iterating a
 * {@link dev.posbridge.core.connect.PagedIterable PagedIterable} throws it at that record's place; the iteration may go on with the next
 * record. The sync engine's pollers quarantine such a record as a dead letter with its raw payload
 * and move on.
 *
 * <p>An {@link InvalidResponseException} about one record: its {@link #bodyExcerpt()} is the start
 * of the record. The whole raw payload is kept for a person to inspect and is deliberately left
 * out of {@link #getMessage()}, because records may contain personal data.
 */
public class SourceRecordException extends InvalidResponseException {

  /** The record's id in its system. */
  private final String recordRef;
  /** The record as the vendor sent it. */
  private final String rawPayload;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the record, without personal data
   * @param context the system and operation that read it
   * @param recordRef the record's id in its system (e.g. the order id), or {@code "?"} if unknown
   * @param rawPayload the record as the vendor sent it (JSON); card numbers in it are masked
   * @param cause the mapping failure, if any
   */
  public SourceRecordException(String message, ErrorContext context, String recordRef,
      String rawPayload, @Nullable Throwable cause) {
    super(message + (cause != null && cause.getMessage() != null
        ? ": " + dev.posbridge.core.spi.DataGuard.shorten(cause.getMessage()) : "")
        + " (record " + dev.posbridge.core.spi.DataGuard.text(recordRef) + ")", context,
        dev.posbridge.core.spi.DataGuard.text(rawPayload), cause);
    // A quarantined record is stored as a dead letter: no card number may travel with it.
    this.recordRef = dev.posbridge.core.spi.DataGuard.text(recordRef);
    this.rawPayload = dev.posbridge.core.spi.DataGuard.text(rawPayload);
  }

  /**
   * Returns the record's id in its system.
   *
   * @return the id
   */
  public String recordRef() {
    return recordRef;
  }

  /**
   * Returns the record as the vendor sent it.
   *
   * @return the raw JSON
   */
  public String rawPayload() {
    return rawPayload;
  }
}
