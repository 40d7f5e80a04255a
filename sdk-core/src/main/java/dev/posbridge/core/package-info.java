/**
 * Root of the posbridge API: the exception hierarchy every connector throws.
 *
 * <p>All posbridge exceptions are unchecked and extend {@link dev.posbridge.core.PosbridgeException},
 * through exactly one of two roots: {@link dev.posbridge.core.VendorException} (a vendor answered
 * with an error, could not be reached, or sent something unusable), which carries an {@link
 * dev.posbridge.core.ErrorContext} naming the vendor system, the operation, the HTTP status, the
 * vendor's own error code and request id; and {@link dev.posbridge.core.LocalException} (a failure
 * on this side), which names the local component and operation. Each answers {@link
 * dev.posbridge.core.PosbridgeException#isRetryable()}. Messages never contain response
 * bodies, tokens or personal data.
 */
@NullMarked
package dev.posbridge.core;

import org.jspecify.annotations.NullMarked;
