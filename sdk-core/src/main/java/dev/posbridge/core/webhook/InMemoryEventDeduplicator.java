package dev.posbridge.core.webhook;

import dev.posbridge.core.spi.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded, expiring in-memory {@link EventDeduplicator}. */
final class InMemoryEventDeduplicator implements EventDeduplicator {

  private final int maxEntries;
  private final Duration ttl;
  private final Clock clock;
  private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

  InMemoryEventDeduplicator(int maxEntries, Duration ttl, Clock clock) {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    this.maxEntries = Checks.atLeast(maxEntries, 1, "maxEntries");
    this.ttl = Checks.positive(ttl, "ttl");
    this.clock = clock;
  }

  @Override
  public synchronized boolean firstSeen(String system, String eventId) {
    Instant now = clock.instant();
    expire(now);
    String key = system + '\u0000' + eventId;
    if (seen.containsKey(key)) {
      return false;
    }
    seen.put(key, now);
    if (seen.size() > maxEntries) {
      Iterator<String> oldest = seen.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  @Override
  public synchronized boolean seen(String system, String eventId) {
    expire(clock.instant());
    return seen.containsKey(system + '\u0000' + eventId);
  }

  @Override
  public synchronized void markSeen(String system, String eventId) {
    if (!seen.containsKey(system + '\u0000' + eventId)) {
      firstSeen(system, eventId);
    }
  }

  @Override
  public synchronized void forget(String system, String eventId) {
    seen.remove(system + '\u0000' + eventId);
  }

  private void expire(Instant now) {
    Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Instant> e = it.next();
      if (e.getValue().plus(ttl).isAfter(now)) {
        return;
      }
      it.remove();
    }
  }
}
