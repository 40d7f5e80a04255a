package dev.posbridge.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the response to each idempotency key, so a repeated write replays instead of applying
 * twice.
 *
 * <p>Keys live in scopes (for example a Square access token, a QuickBooks realm, a NetSuite
 * account) and keep the fingerprint of the request that first used them, typically {@link
 * JsonFingerprint#of(JsonView, String...)} of the body. Concurrent
 * requests with the same key run one at a time, so two identical requests racing produce one
 * effect. A response is stored only if the action returns normally; if it throws, the key stays
 * unused and a retry may run the action again. Entries expire after the retention, measured by the
 * clock. Thread-safe.
 *
 * <pre>{@code
 * return sim.idempotency().replayOrRun(token, body.path("idempotency_key").asText(),
 *     JsonFingerprint.of(body, "idempotency_key"),
 *     () -> createOrder(body),
 *     previous -> SimResponse.json(400, squareError("IDEMPOTENCY_KEY_REUSED")));
 * }</pre>
 */
public final class IdempotencyLedger {

  /**
   * What the ledger stored for a key.
   *
   * @param scope the scope
   * @param key the idempotency key
   * @param fingerprint the fingerprint of the first request
   * @param response the stored response
   * @param storedAt when the response was stored, by the ledger's clock
   */
  public record Entry(
      String scope, String key, String fingerprint, SimResponse response, Instant storedAt) {}

  private record ScopedKey(String scope, String key) {}

  private static final class Slot {
    @Nullable Entry entry;
  }

  private final Clock clock;
  private final Duration retention;
  private final ConcurrentHashMap<ScopedKey, Slot> slots = new ConcurrentHashMap<>();
  private final AtomicInteger replays = new AtomicInteger();

  /**
   * Creates a ledger.
   *
   * @param clock the clock that dates entries, usually the simulator's {@link SimClock}
   * @param retention how long a key is remembered, e.g. 24 hours
   * @throws IllegalArgumentException if the retention is not positive
   */
  public IdempotencyLedger(Clock clock, Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive: " + retention);
    }
    this.clock = clock;
    this.retention = retention;
  }

  /**
   * Replays the stored response for a key, or runs the action and stores its response.
   *
   * @param scope the key's scope
   * @param key the idempotency key
   * @param requestFingerprint identifies the request's content; a different fingerprint with the
   *     same key is a conflict
   * @param action applies the effect and returns the response; runs at most once per key
   * @return the stored or new response
   * @throws IdempotencyConflictException if the key was used with a different fingerprint
   */
  public SimResponse replayOrRun(
      String scope, String key, String requestFingerprint, Supplier<SimResponse> action) {
    return replayOrRun(
        scope, key, requestFingerprint, action,
        previous -> {
          throw new IdempotencyConflictException(scope, key);
        });
  }

  /**
   * Replays the stored response for a key, runs the action, or answers a conflict.
   *
   * @param scope the key's scope
   * @param key the idempotency key
   * @param requestFingerprint identifies the request's content
   * @param action applies the effect and returns the response; runs at most once per key
   * @param onConflict builds the response when the key was used with a different fingerprint,
   *     given the stored entry
   * @return the stored, new or conflict response
   */
  public SimResponse replayOrRun(
      String scope,
      String key,
      String requestFingerprint,
      Supplier<SimResponse> action,
      Function<Entry, SimResponse> onConflict) {
    Slot slot = slots.computeIfAbsent(new ScopedKey(scope, key), k -> new Slot());
    synchronized (slot) {
      Entry existing = slot.entry;
      if (existing != null
          && existing.storedAt().plus(retention).isBefore(clock.instant())) {
        existing = null;
        slot.entry = null;
      }
      if (existing != null) {
        if (existing.fingerprint().equals(requestFingerprint)) {
          replays.incrementAndGet();
          return existing.response();
        }
        return onConflict.apply(existing);
      }
      SimResponse response = action.get();
      slot.entry = new Entry(scope, key, requestFingerprint, response, clock.instant());
      return response;
    }
  }

  /**
   * Looks up what is stored for a key.
   *
   * @param scope the key's scope
   * @param key the idempotency key
   * @return the entry, or empty if the key is unused or expired
   */
  public Optional<Entry> find(String scope, String key) {
    Slot slot = slots.get(new ScopedKey(scope, key));
    if (slot == null) {
      return Optional.empty();
    }
    synchronized (slot) {
      Entry e = slot.entry;
      if (e == null || e.storedAt().plus(retention).isBefore(clock.instant())) {
        return Optional.empty();
      }
      return Optional.of(e);
    }
  }

  /**
   * Returns how many requests were answered by replaying a stored response.
   *
   * @return the number of replays
   */
  public int replays() {
    return replays.get();
  }

  /**
   * Returns the number of keys with a stored response, expired ones included until reused.
   *
   * @return the number of stored keys
   */
  public int size() {
    int n = 0;
    for (Slot slot : slots.values()) {
      synchronized (slot) {
        if (slot.entry != null) {
          n++;
        }
      }
    }
    return n;
  }

  /** Forgets every key and resets the replay count. */
  public void clear() {
    slots.clear();
    replays.set(0);
  }
}
