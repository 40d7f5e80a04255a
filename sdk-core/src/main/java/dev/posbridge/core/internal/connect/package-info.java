/**
 * Checks vendor connectors share (ref types they accept). Not public API: may change in any
 * release.
 */
@NullMarked
package dev.posbridge.core.internal.connect;

import org.jspecify.annotations.NullMarked;
