package dev.posbridge.core.sync;

import dev.posbridge.core.OutboxException;
import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.CallInterruptedException;
import dev.posbridge.core.CircuitOpenException;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.LocalException;
import dev.posbridge.core.LocalValidationException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.UnbalancedTotalsException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import java.util.Locale;

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
    if (t instanceof AuthenticationException) {
      return new Verdict(Kind.SINK_DOWN, "AUTH", message);
    }
    if (t instanceof ForbiddenException) {
      return new Verdict(Kind.SINK_DOWN, "FORBIDDEN", message);
    }
    if (t instanceof InvalidResponseException ire && looksLikeHtml(ire.bodyExcerpt())) {
      return new Verdict(Kind.SINK_DOWN, "MAINTENANCE",
          "the vendor answered with an HTML page instead of its API (maintenance or a proxy): " + message);
    }
    if (t instanceof RateLimitedException) {
      return new Verdict(Kind.DEFER, "RATE_LIMITED", message);
    }
    if (t instanceof VendorUnavailableException) {
      return new Verdict(Kind.UNAVAILABLE, "UNAVAILABLE", message);
    }
    if (t instanceof OutboxException) {
      // The local database failed, not the delivery: try again shortly.
      return new Verdict(Kind.DEFER, "STORAGE", message);
    }
    if (t instanceof PosbridgeException pe && pe.isRetryable()) {
      return new Verdict(Kind.RETRY, "RETRYABLE", message);
    }
    if (t instanceof UnbalancedTotalsException) {
      // Checked here before the call: nothing was sent, and the vendor said nothing.
      return new Verdict(Kind.DEAD, "UNBALANCED", message);
    }
    if (t instanceof LocalValidationException) {
      // A check of posbridge's own (e.g. a card number in an identifier): nothing was sent.
      return new Verdict(Kind.DEAD, "INVALID_INPUT", message);
    }
    if (t instanceof LocalException) {
      // Failed on this side (token store, paging, ...): no vendor refused it, and whether an
      // earlier part of the call reached the vendor is not known.
      return new Verdict(Kind.DEAD, "LOCAL", message);
    }
    if (t instanceof VendorException pe) {
      if (pe instanceof ValidationException) {
        return new Verdict(Kind.DEAD, "sync.map".equals(pe.operation()) ? "MAPPING" : "VALIDATION", message);
      }
      if (pe instanceof NotFoundException) {
        return new Verdict(Kind.DEAD, "NOT_FOUND", message);
      }
      if (pe instanceof ConflictException) {
        return new Verdict(Kind.DEAD, "CONFLICT", message);
      }
      if (pe instanceof InvalidResponseException) {
        return new Verdict(Kind.DEAD, "INVALID_RESPONSE", message);
      }
      return new Verdict(Kind.DEAD, "REJECTED", message);
    }
    return new Verdict(Kind.DEAD, "INTERNAL", message);
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
