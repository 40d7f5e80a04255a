package dev.posbridge.square.internal;

import dev.posbridge.core.model.ExternalRef;
import org.jspecify.annotations.Nullable;

/** Square's ref types and helpers. */
public final class ExternalRefs {
  /** The system name. */
  public static final String SYSTEM = ExternalRef.SQUARE;

  private ExternalRefs() {}

  /**
   * Returns the id of a Square ref of the given type.
   *
   * @param ref the ref, or null
   * @param type the expected type
   * @return the id, or null if the ref is absent, of another system or type
   */
  public static @Nullable String idOf(@Nullable ExternalRef ref, String type) {
    return ref != null && ref.system().equals(SYSTEM) && ref.type().equals(type) ? ref.id() : null;
  }
}
