/**
 * Helpers the vendor connectors share to save API calls. Not public API: may change in any
 * release.
 */
@NullMarked
package dev.posbridge.core.internal.connect;

import org.jspecify.annotations.NullMarked;
