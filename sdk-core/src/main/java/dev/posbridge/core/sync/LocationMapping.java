package dev.posbridge.core.sync;

import dev.posbridge.core.model.ExternalRef;
import org.jspecify.annotations.Nullable;

/**
 * Maps a source system's location to the target system's location for stock changes. The default
 * keeps a location of the target's own system and otherwise goes through the
 * {@link dev.posbridge.core.connect.IdMap} ({@code LOCATION} kind: source ref → canonical id →
 * target ref).
 */
@FunctionalInterface
public interface LocationMapping {

  /**
   * Maps a location.
   *
   * @param sourceLocation the location in the system the change came from
   * @param targetSystem the target system
   * @return the target's location, or {@code null} if unmapped (the delivery is then
   *     dead-lettered, to be replayed once mapped)
   */
  @Nullable ExternalRef map(ExternalRef sourceLocation, String targetSystem);
}
