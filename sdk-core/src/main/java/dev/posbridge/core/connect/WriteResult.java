package dev.posbridge.core.connect;

import dev.posbridge.core.model.ExternalRef;

/**
 * The outcome of one write: the id of the written object in the target system.
 *
 * @param ref the written object, with its new version where the system has one
 * @param created {@code true} if the write created the object; {@code false} if it updated an
 *     existing one or the vendor replayed an earlier identical write
 */
public record WriteResult(ExternalRef ref, boolean created) {

  /**
   * Validates the components.
   *
   * @param ref the written object
   * @param created whether it was created
   * @throws IllegalArgumentException if {@code ref} is null
   */
  public WriteResult {
    if (ref == null) {
      throw new IllegalArgumentException("ref must not be null");
    }
  }
}
