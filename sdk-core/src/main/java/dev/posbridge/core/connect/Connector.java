package dev.posbridge.core.connect;

import java.util.Set;

/**
 * A connection to one vendor account. The base of every capability interface.
 *
 * <p>Implementations are long-lived and thread-safe: build one per vendor account and share it.
 * {@link #close()} releases its resources (connection pools it created, background threads);
 * calling any other method after {@code close()} is undefined.
 */
public interface Connector extends AutoCloseable {

  /**
   * Returns the vendor system's name, as used in {@link dev.posbridge.core.model.ExternalRef}s,
   * e.g. {@code "square"}.
   *
   * @return the system name
   */
  String system();

  /**
   * Returns the capabilities this connector offers. Each corresponds to an interface the
   * connector implements.
   *
   * @return an immutable set
   */
  Set<Capability> capabilities();

  /**
   * Tells whether this connector offers a capability.
   *
   * @param capability the capability
   * @return {@code true} if offered
   */
  default boolean supports(Capability capability) {
    return capabilities().contains(capability);
  }

  /** Releases the connector's resources. Does not throw checked exceptions. */
  @Override
  void close();
}
