/**
 * Runnable examples of posbridge: a point-to-point quick start, a webhook receiver, a
 * reconciliation report and the one-command demo. They run against the in-process vendor
 * simulators of {@code sdk-testing}, so they need no vendor account.
 */
@NullMarked
package dev.posbridge.examples;

import org.jspecify.annotations.NullMarked;
