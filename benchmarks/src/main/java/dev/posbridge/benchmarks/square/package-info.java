/** Square benchmarks: decode, paging and cold start, posbridge vs the official SDK vs raw OkHttp. */
@NullMarked
package dev.posbridge.benchmarks.square;

import org.jspecify.annotations.NullMarked;
