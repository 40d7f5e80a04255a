/**
 * Inventory reconciliation: compares stock across systems by canonical SKU × location, reports
 * drift, exports the report (CSV, JSON, self-contained HTML) and corrects drift from a chosen
 * system of record.
 *
 * <p>Entry point: {@link dev.posbridge.core.reconcile.Reconciler}. It streams
 * {@link dev.posbridge.core.model.StockLevel}s from every
 * {@link dev.posbridge.core.connect.InventoryConnector}, joins them through the
 * {@link dev.posbridge.core.connect.IdMap}, and produces a
 * {@link dev.posbridge.core.reconcile.ReconciliationReport}; with a system of record, the report
 * turns into a {@link dev.posbridge.core.reconcile.CorrectionPlan} that is applied only on request.
 */
@NullMarked
package dev.posbridge.core.reconcile;

import org.jspecify.annotations.NullMarked;
