/** Benchmark-only hooks into the Shopify connector (benchmarks module, not published). */
@NullMarked
package dev.posbridge.shopify;

import org.jspecify.annotations.NullMarked;
