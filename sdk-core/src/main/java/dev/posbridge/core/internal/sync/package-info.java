/**
 * Internals of the sync engine: the versioned JSON envelope of outbox deliveries and idempotency
 * key derivation. Not public API: may change in any release.
 */
@NullMarked
package dev.posbridge.core.internal.sync;

import org.jspecify.annotations.NullMarked;
