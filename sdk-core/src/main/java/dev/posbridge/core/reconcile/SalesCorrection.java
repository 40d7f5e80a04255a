package dev.posbridge.core.reconcile;

import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.reconcile.SalesReconciliationRow.Document;
import dev.posbridge.core.sync.SyncPipeline;
import org.jspecify.annotations.Nullable;

/**
 * One document a {@link SalesCorrectionPlan} books: a source sale or refund that is missing in
 * the books, as the source reported it.
 *
 * @param document sale or refund
 * @param sourceRef the source document's ref, without version
 * @param sale the source sale, for a sale
 * @param refund the source refund, for a refund
 */
public record SalesCorrection(
    Document document, ExternalRef sourceRef, @Nullable Sale sale, @Nullable Refund refund) {

  /**
   * Validates the components: exactly the document of the kind given.
   *
   * @param document the kind
   * @param sourceRef the ref
   * @param sale the sale
   * @param refund the refund
   * @throws IllegalArgumentException if the parts do not agree
   */
  public SalesCorrection {
    if (document == null || sourceRef == null) {
      throw new IllegalArgumentException("document and sourceRef are required");
    }
    if ((document == Document.SALE) != (sale != null) || (document == Document.REFUND) != (refund != null)) {
      throw new IllegalArgumentException("a " + document + " correction needs exactly its document");
    }
    sourceRef = sourceRef.withVersion(null);
  }

  /**
   * Books a missing sale.
   *
   * @param sale the source sale
   * @return the correction
   */
  public static SalesCorrection of(Sale sale) {
    return new SalesCorrection(Document.SALE, sale.ref(), sale, null);
  }

  /**
   * Books a missing refund.
   *
   * @param refund the source refund
   * @return the correction
   */
  public static SalesCorrection of(Refund refund) {
    return new SalesCorrection(Document.REFUND, refund.ref(), null, refund);
  }

  /**
   * Returns the idempotency key under which the sync engine books this document in a sink: the
   * engine's own derivation ({@link SyncPipeline#idempotencyKey(Sale, String)}), so a booking
   * made by the correction and one made by the engine are one booking.
   *
   * @param sink the sales sink's system, e.g. {@code quickbooks}
   * @return the key
   */
  public String idempotencyKey(String sink) {
    return sale != null
        ? SyncPipeline.idempotencyKey(sale, sink)
        : SyncPipeline.idempotencyKey(java.util.Objects.requireNonNull(refund), sink);
  }

  /** Names the document only: amounts and customers stay out of logs. */
  @Override
  public String toString() {
    return "SalesCorrection[" + document + " " + sourceRef + "]";
  }
}
