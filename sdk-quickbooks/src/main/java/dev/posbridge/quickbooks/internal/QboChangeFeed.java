package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.connect.ChangeBatch;
import dev.posbridge.core.model.ChangeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed over QBO's CDC endpoint, and its cursor: the time of the last change read plus
 * the changes already returned within the overlap each poll re-reads. Thread-safe (stateless
 * between calls: the state travels in the cursor).
 *
 * @param api the API
 * @param entities maps CDC objects to change events
 * @param clock tells now
 */
public record QboChangeFeed(QboApi api, EntityMapper entities, Clock clock) {

  /** Entities the change feed reads. */
  public static final List<String> ENTITIES = List.of("Item", "Customer", "SalesReceipt", "RefundReceipt");
  /** How far back CDC can look. */
  public static final Duration MAX_LOOKBACK = Duration.ofDays(30);
  /** At most this many objects come back from one CDC call. */
  public static final int MAX_OBJECTS = 1000;
  /** How much of the time already read each poll reads again. */
  public static final Duration OVERLAP = Duration.ofMinutes(5);
  /** How far back a feed without a cursor starts. */
  public static final Duration INITIAL_LOOKBACK = Duration.ofHours(1);
  private static final String CURSOR_PREFIX = "qbo1|";
  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.CONNECTOR);

  /**
   * Reads the changes since a cursor.
   *
   * @param cursor the previous batch's cursor, or {@code null} to start {@link #INITIAL_LOOKBACK} back
   * @return the changes, oldest first, and the next cursor
   * @throws IllegalArgumentException if the cursor is not one of this feed's
   */
  public ChangeBatch changesSince(@Nullable String cursor) {
    Instant now = clock.instant();
    CursorState state = cursor == null
        ? new CursorState(now.minus(INITIAL_LOOKBACK), Map.of()) : CursorState.decode(cursor);
    Instant since = state.last.minus(OVERLAP);
    Instant oldest = now.minus(MAX_LOOKBACK).plus(Duration.ofMinutes(1));
    if (since.isBefore(oldest)) {
      LOG.warn("QuickBooks CDC cursor {} is older than 30 days; reading from {}, earlier changes may be missed",
          state.last, oldest);
      since = oldest;
    }
    JsonNode root = api.cdc(ENTITIES, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
    JsonNode cdc = root.get("CDCResponse");
    if (cdc == null || !cdc.isArray()) {
      throw QboApi.invalid("CDC", "response has no CDCResponse array");
    }
    List<ChangeEvent> events = new ArrayList<>();
    Map<String, Instant> seen = new HashMap<>(state.seen);
    int objects = 0;
    Instant last = state.last;
    for (JsonNode part : cdc) {
      JsonNode responses = part.get("QueryResponse");
      if (responses == null) {
        continue;
      }
      if (!responses.isArray()) {
        throw QboApi.invalid("CDC", "QueryResponse is not an array");
      }
      for (JsonNode qr : responses) {
        for (Map.Entry<String, JsonNode> f : qr.properties()) {
          if (!f.getValue().isArray()) {
            continue;
          }
          for (JsonNode obj : f.getValue()) {
            objects++;
            ChangeEvent e = event(f.getKey(), obj);
            if (e.occurredAt().isAfter(last)) {
              last = e.occurredAt();
            }
            if (seen.putIfAbsent(e.eventId(), e.occurredAt()) == null) {
              events.add(e);
            }
          }
        }
      }
    }
    events.sort(Comparator.comparing(ChangeEvent::occurredAt));
    if (objects == 0 && now.minus(OVERLAP).isAfter(last)) {
      last = now.minus(OVERLAP);
    }
    Instant horizon = last.minus(OVERLAP);
    seen.values().removeIf(t -> t.isBefore(horizon));
    return new ChangeBatch(events, new CursorState(last, seen).encode(), objects >= MAX_OBJECTS);
  }

  private ChangeEvent event(String entity, JsonNode obj) {
    if (!obj.isObject()) {
      throw QboApi.invalid("CDC", entity + " row is not an object");
    }
    try {
      return entities.changeEvent(entity, (ObjectNode) obj, "CDC");
    } catch (RuntimeException ex) {
      throw QboApi.wrap("CDC", entity + " " + obj.path("Id").asText("?"), ex);
    }
  }

  private record CursorState(Instant last, Map<String, Instant> seen) {
    String encode() {
      StringBuilder sb = new StringBuilder(CURSOR_PREFIX).append(last.toEpochMilli());
      seen.forEach((k, t) -> sb.append('|').append(k).append('@').append(t.toEpochMilli()));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static CursorState decode(String cursor) {
      try {
        String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!s.startsWith(CURSOR_PREFIX)) {
          throw new IllegalArgumentException("not a QuickBooks change feed cursor");
        }
        String[] parts = s.substring(CURSOR_PREFIX.length()).split("\\|", -1);
        Map<String, Instant> seen = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
          int at = parts[i].lastIndexOf('@');
          seen.put(parts[i].substring(0, at), Instant.ofEpochMilli(Long.parseLong(parts[i].substring(at + 1))));
        }
        return new CursorState(Instant.ofEpochMilli(Long.parseLong(parts[0])), seen);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a QuickBooks change feed cursor", e);
      }
    }
  }
}
