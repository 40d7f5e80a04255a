/**
 * Internals of the QuickBooks Online connector: HTTP calls, JSON mapping, error mapping and
 * client-side limits. Not public API.
 */
@NullMarked
package dev.posbridge.quickbooks.internal;

import org.jspecify.annotations.NullMarked;
