/**
 * Reconciliation. Inventory: compares stock across systems by canonical SKU × location, reports
 * drift, exports the report (CSV, JSON, self-contained HTML) and corrects drift from a chosen
 * system of record.
 *
 * <p>Entry point: {@link dev.posbridge.core.reconcile.Reconciler}. It streams
 * {@link dev.posbridge.core.model.StockLevel}s from every
 * {@link dev.posbridge.core.connect.InventoryConnector}, joins them through the
 * {@link dev.posbridge.core.connect.IdMap}, and produces a
 * {@link dev.posbridge.core.reconcile.ReconciliationReport}; with a system of record, the report
 * turns into a {@link dev.posbridge.core.reconcile.CorrectionPlan} that is applied only on request.
 *
 * <p>Sales: {@link dev.posbridge.core.reconcile.SalesReconciler} compares what the
 * {@link dev.posbridge.core.connect.SalesSource}s sold and refunded in a window with what the books
 * hold ({@link dev.posbridge.core.connect.BookedSalesReader}), joined on the source ref the books
 * keep, and reports each {@link dev.posbridge.core.reconcile.SalesDifference} in a
 * {@link dev.posbridge.core.reconcile.SalesReconciliationReport}; its
 * {@link dev.posbridge.core.reconcile.SalesCorrectionPlan} books the missing documents under the
 * sync engine's idempotency keys. See docs/decisions/0024-sales-reconciliation.md.
 */
@NullMarked
package dev.posbridge.core.reconcile;

import org.jspecify.annotations.NullMarked;
