/**
 * Internals of the Square connector: JSON DTOs, mapping to and from the canonical model, error
 * mapping, paging cursors. Not public API.
 */
@NullMarked
package dev.posbridge.square.internal;

import org.jspecify.annotations.NullMarked;
