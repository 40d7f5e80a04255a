/**
 * Implementation details of the simulator infrastructure: WireMock wiring, path templates, JSON
 * and compression helpers.
 *
 * <p>Not public API: types here may change in any release and are excluded from the Javadoc.
 */
@NullMarked
package dev.posbridge.testing.internal;

import org.jspecify.annotations.NullMarked;
