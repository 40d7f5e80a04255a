package dev.posbridge.core.sync;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.CallInterruptedException;
import dev.posbridge.core.CircuitOpenException;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.LocalException;
import dev.posbridge.core.LocalValidationException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.OutboxException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.UnbalancedTotalsException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a delivery failure means for the delivery and for its sink: the retry, pause and
 * dead-letter policy in one place (decision record 0020).
 *
 * @param kind what to do
 * @param code the error code recorded (see {@link DeadLetter})
 * @param message the failure, without secrets or personal data
 */
record Verdict(Kind kind, String code, String message) {

  enum Kind {
    /** The sink fails as a whole (credentials, maintenance page): suspend it; the delivery waits. */
    SINK_DOWN,
    /** Refused without reaching the vendor (open circuit breaker): suspend; not an attempt. */
    CIRCUIT_OPEN,
    /** The vendor is unavailable (after the transport's retries): retry; may be an outage. */
    UNAVAILABLE,
    /** Slow down: try again later without counting an attempt. */
    DEFER,
    /** Retryable failure of this delivery: retry within the time budget. */
    RETRY,
    /** This delivery is wrong: dead-letter it. */
    DEAD
  }

  /**
   * Tells whether the vendor (or the mapping before the call) refused the delivery, so that
   * nothing of it was applied; otherwise (INVALID_RESPONSE, INTERNAL, ...) it is unknown.
   */
  boolean rejected() {
    return switch (code) {
      case "VALIDATION", "MAPPING", "UNBALANCED", "INVALID_INPUT", "NOT_FOUND", "CONFLICT", "REJECTED" -> true;
      default -> false;
    };
  }

  /**
   * Tells whether the vendor itself refused the delivery (so the sink works), as opposed to a
   * refusal before the call: the mapping or a local check.
   */
  boolean vendorRefused() {
    return rejected() && !"MAPPING".equals(code) && !"UNBALANCED".equals(code) && !"INVALID_INPUT".equals(code);
  }

  /** A failure type and what it means, when its type alone decides. */
  private record Rule(Class<? extends Throwable> type, Kind kind, String code) {}

  /** Decided by the type before the retryable test, in order. */
  private static final List<Rule> BY_TYPE = List.of(
      new Rule(AuthenticationException.class, Kind.SINK_DOWN, "AUTH"),
      new Rule(ForbiddenException.class, Kind.SINK_DOWN, "FORBIDDEN"),
      new Rule(RateLimitedException.class, Kind.DEFER, "RATE_LIMITED"),
      new Rule(VendorUnavailableException.class, Kind.UNAVAILABLE, "UNAVAILABLE"),
      // The local database failed, not the delivery: try again shortly.
      new Rule(OutboxException.class, Kind.DEFER, "STORAGE"));

  /** Non-retryable failures: dead letters, by type in order (the first match decides). */
  private static final List<Rule> DEAD_BY_TYPE = List.of(
      // Refused by posbridge's own checks before the call: nothing was sent, the vendor said nothing.
      new Rule(UnbalancedTotalsException.class, Kind.DEAD, "UNBALANCED"),
      new Rule(LocalValidationException.class, Kind.DEAD, "INVALID_INPUT"),
      // Failed on this side (token store, paging, ...): no vendor refused it, and whether an
      // earlier part of the call reached the vendor is not known.
      new Rule(LocalException.class, Kind.DEAD, "LOCAL"),
      new Rule(NotFoundException.class, Kind.DEAD, "NOT_FOUND"),
      new Rule(ConflictException.class, Kind.DEAD, "CONFLICT"),
      new Rule(InvalidResponseException.class, Kind.DEAD, "INVALID_RESPONSE"),
      new Rule(VendorException.class, Kind.DEAD, "REJECTED"));

  static Verdict of(Throwable t) {
    String message = describe(t);
    if (CallInterruptedException.causedBy(t)) {
      // The worker's thread was interrupted (a shutdown, a stray interrupt): not the delivery's
      // fault; give it back under its key without counting an attempt.
      return new Verdict(Kind.DEFER, "INTERRUPTED", message);
    }
    if (t instanceof CircuitOpenException
        || (t instanceof VendorUnavailableException && message.contains("Circuit open"))) {
      return new Verdict(Kind.CIRCUIT_OPEN, "OUTAGE", message);
    }
    if (t instanceof InvalidResponseException ire && looksLikeHtml(ire.bodyExcerpt())) {
      return new Verdict(Kind.SINK_DOWN, "MAINTENANCE",
          "the vendor answered with an HTML page instead of its API (maintenance or a proxy): " + message);
    }
    Verdict byType = match(BY_TYPE, t, message);
    if (byType != null) {
      return byType;
    }
    if (t instanceof PosbridgeException pe && pe.isRetryable()) {
      return new Verdict(Kind.RETRY, "RETRYABLE", message);
    }
    if (t instanceof ValidationException ve) {
      return new Verdict(Kind.DEAD, "sync.map".equals(ve.operation()) ? "MAPPING" : "VALIDATION", message);
    }
    Verdict dead = match(DEAD_BY_TYPE, t, message);
    return dead != null ? dead : new Verdict(Kind.DEAD, "INTERNAL", message);
  }

  private static @Nullable Verdict match(List<Rule> rules, Throwable t, String message) {
    for (Rule r : rules) {
      if (r.type().isInstance(t)) {
        return new Verdict(r.kind(), r.code(), message);
      }
    }
    return null;
  }

  /** A maintenance page or a proxy's error page: HTML where JSON or XML was expected. */
  static boolean looksLikeHtml(String body) {
    String b = body.stripLeading().toLowerCase(Locale.ROOT);
    return b.startsWith("<!doctype html") || b.startsWith("<html") || b.contains("<html")
        || b.startsWith("<head") || b.startsWith("<body");
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
