/**
 * A stateful QuickBooks Online simulator for tests: start with
 * {@link dev.posbridge.testing.quickbooks.QuickBooksSimulator#start()}.
 */
@NullMarked
package dev.posbridge.testing.quickbooks;

import org.jspecify.annotations.NullMarked;
