/**
 * Reconciliation internals: the compact per-key quantity table and the CSV, JSON and HTML report
 * writers. Not public API: may change in any release.
 */
@NullMarked
package dev.posbridge.core.internal.reconcile;

import org.jspecify.annotations.NullMarked;
