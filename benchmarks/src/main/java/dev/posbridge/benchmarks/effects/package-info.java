/** Items 4 and 5: API calls per 1,000 effects and throttle adherence, counted at the simulators. */
@NullMarked
package dev.posbridge.benchmarks.effects;

import org.jspecify.annotations.NullMarked;
