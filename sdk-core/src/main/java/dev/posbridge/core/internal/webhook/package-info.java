/** Signature helpers shared by the vendor webhook verifiers. Not public API. */
@NullMarked
package dev.posbridge.core.internal.webhook;

import org.jspecify.annotations.NullMarked;
