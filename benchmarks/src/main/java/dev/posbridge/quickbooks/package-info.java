/** Benchmark-only hooks into the QuickBooks connector (benchmarks module, not published). */
@NullMarked
package dev.posbridge.quickbooks;

import org.jspecify.annotations.NullMarked;
