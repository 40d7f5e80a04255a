package dev.posbridge.core.reconcile;

/** Which rows a {@link CorrectionPlan} corrects. */
public enum CorrectionScope {
  /** Only discrepancies: rows outside tolerance or missing in a system. The default. */
  DISCREPANCIES,
  /** Every row where a system differs from the system of record, even within tolerance. */
  ALL_DIFFERENCES
}
