package dev.posbridge.core.connect;

import dev.posbridge.core.model.ExternalRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The in-memory {@link IdMap}; one lock, since lookups are cheap and writes rare. */
final class InMemoryIdMap implements IdMap {

  private record Forward(Kind kind, String canonicalId) {}

  private record Reverse(Kind kind, String system, String type, String id) {}

  private final Map<Forward, List<ExternalRef>> forward = new HashMap<>();
  private final Map<Reverse, String> reverse = new HashMap<>();

  @Override
  public synchronized void put(Kind kind, String canonicalId, ExternalRef ref) {
    check(kind, canonicalId);
    if (ref == null) {
      throw new IllegalArgumentException("ref must not be null");
    }
    Reverse key = new Reverse(kind, ref.system(), ref.type(), ref.id());
    String existing = reverse.get(key);
    if (existing != null && !existing.equals(canonicalId)) {
      throw new IllegalArgumentException(
          ref + " is already mapped to " + kind + " " + existing + ", not " + canonicalId);
    }
    List<ExternalRef> refs = forward.computeIfAbsent(new Forward(kind, canonicalId), k -> new ArrayList<>());
    for (ExternalRef old : refs) {
      if (old.system().equals(ref.system()) && old.type().equals(ref.type())) {
        reverse.remove(new Reverse(kind, old.system(), old.type(), old.id()));
      }
    }
    refs.removeIf(old -> old.system().equals(ref.system()) && old.type().equals(ref.type()));
    refs.add(ref);
    reverse.put(key, canonicalId);
  }

  @Override
  public synchronized Optional<ExternalRef> find(Kind kind, String canonicalId, String system) {
    check(kind, canonicalId);
    for (ExternalRef r : forward.getOrDefault(new Forward(kind, canonicalId), List.of())) {
      if (r.system().equals(system)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized Optional<ExternalRef> find(
      Kind kind, String canonicalId, String system, String type) {
    check(kind, canonicalId);
    for (ExternalRef r : forward.getOrDefault(new Forward(kind, canonicalId), List.of())) {
      if (r.system().equals(system) && r.type().equals(type)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized Optional<String> canonicalId(Kind kind, ExternalRef ref) {
    if (kind == null || ref == null) {
      throw new IllegalArgumentException("kind and ref must not be null");
    }
    return Optional.ofNullable(reverse.get(new Reverse(kind, ref.system(), ref.type(), ref.id())));
  }

  @Override
  public synchronized List<ExternalRef> refs(Kind kind, String canonicalId) {
    check(kind, canonicalId);
    return List.copyOf(forward.getOrDefault(new Forward(kind, canonicalId), List.of()));
  }

  private static void check(Kind kind, String canonicalId) {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (canonicalId == null || canonicalId.isBlank()) {
      throw new IllegalArgumentException("canonicalId must not be blank");
    }
  }
}
