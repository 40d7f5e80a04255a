package dev.posbridge.benchmarks;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.Connector;
import java.util.Set;

/** Base of the benchmarks' in-memory connectors: one system name, one capability, nothing to close. */
abstract class BenchConnector implements Connector {
  private final String system;
  private final Capability capability;

  BenchConnector(String system, Capability capability) {
    this.system = system;
    this.capability = capability;
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
