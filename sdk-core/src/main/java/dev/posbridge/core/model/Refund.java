package dev.posbridge.core.model;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Money returned to a customer, with the returned lines and whether their stock goes back on hand.
 *
 * @param ref how the source system identifies the refund or return
 * @param originalSale the sale it refunds, if linked
 * @param location the location where it was processed, if known
 * @param createdAt when it was created
 * @param status its state
 * @param rawStatus the vendor's own state (required when status is OTHER)
 * @param lines the returned lines; empty for an amount-only refund
 * @param amount the total money refunded, as a positive amount
 * @param taxAmount the part of {@code amount} that is tax
 * @param tenders how the money went back, if known
 * @param reason the stated reason, if any
 * @param refs further vendor ids (payment refund ids, return order ids)
 */
public record Refund(
    ExternalRef ref,
    @Nullable ExternalRef originalSale,
    @Nullable ExternalRef location,
    Instant createdAt,
    RefundStatus status,
    @Nullable String rawStatus,
    List<RefundLine> lines,
    Money amount,
    Money taxAmount,
    List<Tender> tenders,
    @Nullable String reason,
    List<ExternalRef> refs) {

  /**
   * Validates the components.
   *
   * @param ref the source id
   * @param originalSale the refunded sale
   * @param location the location
   * @param createdAt the creation time
   * @param status the state
   * @param rawStatus the vendor's state
   * @param lines the returned lines
   * @param amount the refunded total
   * @param taxAmount the tax part
   * @param tenders the repayment tenders
   * @param reason the reason
   * @param refs further vendor ids
   * @throws IllegalArgumentException if a required part is missing, an amount is negative, or
   *     currencies differ
   */
  public Refund {
    Checks.notNull(ref, "ref");
    Checks.notNull(createdAt, "createdAt");
    Checks.notNull(status, "status");
    rawStatus = Checks.text(rawStatus);
    Checks.rawRequiredForOther(status, rawStatus, "status");
    lines = Checks.list(lines, "lines");
    Checks.notNull(amount, "amount");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must not be negative: " + amount);
    }
    Checks.notNull(taxAmount, "taxAmount");
    Checks.sameCurrency(amount, taxAmount, "taxAmount");
    tenders = Checks.list(tenders, "tenders");
    for (RefundLine l : lines) {
      Checks.sameCurrency(amount, l.amount(), "lines");
    }
    for (Tender t : tenders) {
      Checks.sameCurrency(amount, t.amount(), "tenders");
    }
    reason = Checks.text(reason);
    refs = Checks.list(refs, "refs");
  }

  /**
   * Tells whether any returned line goes back into stock.
   *
   * @return {@code true} if at least one line restocks
   */
  public boolean restocks() {
    return lines.stream().anyMatch(RefundLine::restock);
  }
}
