/** Benchmark harness of the sync engine; run with {@code benchmarks/run.sh}. Not published. */
@NullMarked
package dev.posbridge.benchmarks;

import org.jspecify.annotations.NullMarked;
