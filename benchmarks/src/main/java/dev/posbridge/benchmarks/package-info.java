/**
 * Benchmark harnesses (not published): posbridge side by side with the vendors' SDKs and raw
 * OkHttp, and the sync engine. {@code benchmarks/run.sh} runs them all and prints one table.
 */
@NullMarked
package dev.posbridge.benchmarks;

import org.jspecify.annotations.NullMarked;
