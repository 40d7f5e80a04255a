package dev.posbridge.benchmarks;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.Connector;
import dev.posbridge.core.connect.RequestOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base of the benchmarks' in-memory connectors: one system name and capability, nothing to close,
 * and the idempotency keys seen so far, so that a write repeated under its key counts once.
 */
abstract class BenchConnector implements Connector {
  private final String system;
  private final Capability capability;
  private final Set<String> keys = ConcurrentHashMap.newKeySet();

  BenchConnector(String system, Capability capability) {
    this.system = system;
    this.capability = capability;
  }

  /** Remembers the call's idempotency key; {@code true} the first time it is seen. */
  final boolean firstTime(RequestOptions options) {
    return keys.add(String.valueOf(options.idempotencyKey()));
  }

  /** Returns how many distinct keys were seen. */
  final int distinctKeys() {
    return keys.size();
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(capability);
  }

  @Override
  public void close() {}
}
