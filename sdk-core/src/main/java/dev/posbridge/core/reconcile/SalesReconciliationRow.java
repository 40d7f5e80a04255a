package dev.posbridge.core.reconcile;

import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One source document (sale or refund) that differs from the books, with what each side holds.
 *
 * @param document whether this is a sale or a refund
 * @param sourceRef the source document's ref, without version (the join key)
 * @param number the document number (the source's, else the booked one), if any
 * @param date when it was sold or refunded (closed, else created; the booked document's when the
 *     sources did not report it)
 * @param sourceAmount the source's total (sale total, refund amount), or {@code null} if the
 *     sources did not report the document
 * @param bookedAmount the first completed booked document's total, or {@code null} if none
 * @param sourceVersion the source's version of the document, if any
 * @param bookedVersion the source version the books hold, if any
 * @param bookedCount how many completed documents the books hold for it
 * @param bookedRefs the books' own refs of every document booked for it, voided ones included
 * @param differences what differs, in {@link SalesDifference} order; never empty
 */
public record SalesReconciliationRow(
    Document document,
    ExternalRef sourceRef,
    @Nullable String number,
    @Nullable Instant date,
    @Nullable Money sourceAmount,
    @Nullable Money bookedAmount,
    @Nullable String sourceVersion,
    @Nullable String bookedVersion,
    int bookedCount,
    List<ExternalRef> bookedRefs,
    List<SalesDifference> differences) {

  /** The kind of document compared. */
  public enum Document {
    /** A sale: a sales receipt or cash sale in the books. */
    SALE,
    /** A refund: a refund receipt or cash refund in the books. */
    REFUND
  }

  /**
   * Validates and copies the components; the differences are sorted and de-duplicated.
   *
   * @param document the kind of document
   * @param sourceRef the join key
   * @param number the document number
   * @param date the date
   * @param sourceAmount the source total
   * @param bookedAmount the booked total
   * @param sourceVersion the source version
   * @param bookedVersion the booked version
   * @param bookedCount the completed booked documents
   * @param bookedRefs the booked documents' refs
   * @param differences what differs
   * @throws IllegalArgumentException if a required part is missing, the count is negative or
   *     there is no difference
   */
  public SalesReconciliationRow {
    if (document == null || sourceRef == null || bookedRefs == null || differences == null) {
      throw new IllegalArgumentException("document, sourceRef, bookedRefs and differences are required");
    }
    if (bookedCount < 0) {
      throw new IllegalArgumentException("bookedCount must not be negative: " + bookedCount);
    }
    if (differences.isEmpty()) {
      throw new IllegalArgumentException("a row of " + sourceRef + " needs at least one difference");
    }
    sourceRef = sourceRef.withVersion(null);
    bookedRefs = List.copyOf(bookedRefs);
    differences = List.copyOf(EnumSet.copyOf(differences));
  }

  /**
   * Tells whether a difference applies.
   *
   * @param difference the difference
   * @return {@code true} if this row has it
   */
  public boolean has(SalesDifference difference) {
    return differences.contains(difference);
  }

  /**
   * Returns the differences as a set.
   *
   * @return the differences
   */
  public Set<SalesDifference> differenceSet() {
    return EnumSet.copyOf(differences);
  }

  /**
   * Returns the booked minus the source amount, when both are known and in one currency.
   *
   * @return the difference, or {@code null}
   */
  public @Nullable Money amountDifference() {
    if (sourceAmount == null || bookedAmount == null
        || !sourceAmount.currency().equals(bookedAmount.currency())) {
      return null;
    }
    return bookedAmount.minus(sourceAmount);
  }
}
