package dev.posbridge.testing;

import dev.posbridge.testing.internal.PathTemplate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A fault to inject into the next matching requests of a simulator, through {@link
 * FaultInjector#inject(SimFault)}.
 *
 * <p>Immutable; the modifiers return copies. By default a fault fires once, on the next request of
 * any method and path.
 *
 * <pre>{@code
 * sim.faults().inject(SimFault.status(429).retryAfter(Duration.ofSeconds(2)).times(2));
 * sim.faults().inject(SimFault.dropAfterProcessing().on("POST", "/v2/orders"));
 * sim.faults().inject(SimFault.status(500).on("GET", "/v2/orders/{id}").skip(2)); // 3rd call
 * }</pre>
 */
public final class SimFault {

  /** What a fault does to the request it fires on. */
  public enum Kind {
    /**
     * Answer with an error status instead of handling the request; the body is the simulator's
     * error envelope unless one is given.
     */
    STATUS,
    /** Reset the connection without handling the request: nothing changes in the simulator. */
    RESET_BEFORE_PROCESSING,
    /**
     * Handle the request, then reset the connection instead of answering: the change is applied
     * but the client sees an I/O error.
     */
    DROP_AFTER_PROCESSING,
    /** Handle the request and answer after a fixed delay. */
    DELAY,
    /** Handle the request and send the response slowly, in chunks spread over a duration. */
    SLOW_RESPONSE,
    /** Handle the request and close the connection without sending any response bytes. */
    EMPTY_RESPONSE,
    /** Handle the request and send an invalid HTTP chunk, then close the connection. */
    MALFORMED_RESPONSE;

    /**
     * Tells whether the request is handled (and its effect applied) when this fault fires.
     *
     * @return {@code false} for {@link #STATUS} and {@link #RESET_BEFORE_PROCESSING}
     */
    public boolean appliesRequest() {
      return this != STATUS && this != RESET_BEFORE_PROCESSING;
    }
  }

  private final Kind kind;
  private final int status;
  private final @Nullable String retryAfter;
  private final @Nullable Object body;
  private final Map<String, String> headers;
  private final Duration duration;
  private final int times;
  private final int skip;
  private final @Nullable String method;
  private final @Nullable PathTemplate template;
  private final @Nullable Predicate<SimRequest> predicate;

  private SimFault(
      Kind kind,
      int status,
      @Nullable String retryAfter,
      @Nullable Object body,
      Map<String, String> headers,
      Duration duration,
      int times,
      int skip,
      @Nullable String method,
      @Nullable PathTemplate template,
      @Nullable Predicate<SimRequest> predicate) {
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.body = body;
    this.headers = headers;
    this.duration = duration;
    this.times = times;
    this.skip = skip;
    this.method = method;
    this.template = template;
    this.predicate = predicate;
  }

  private static SimFault of(Kind kind, int status, Duration duration) {
    return new SimFault(kind, status, null, null, Map.of(), duration, 1, 0, null, null, null);
  }

  /**
   * Answers with an HTTP status instead of handling the request.
   *
   * @param status the HTTP status, 100..599
   * @return the fault
   * @throws IllegalArgumentException if the status is out of range
   */
  public static SimFault status(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599: " + status);
    }
    return of(Kind.STATUS, status, Duration.ZERO);
  }

  /**
   * Resets the connection before the request is handled: the client gets an I/O error and the
   * simulator's state does not change.
   *
   * @return the fault
   */
  public static SimFault resetBeforeProcessing() {
    return of(Kind.RESET_BEFORE_PROCESSING, 0, Duration.ZERO);
  }

  /**
   * Handles the request, then resets the connection: the effect is applied but the client gets an
   * I/O error, the ambiguous failure that idempotency keys exist for.
   *
   * @return the fault
   */
  public static SimFault dropAfterProcessing() {
    return of(Kind.DROP_AFTER_PROCESSING, 0, Duration.ZERO);
  }

  /**
   * Handles the request and answers after a delay.
   *
   * @param delay the delay before the response starts, at least 1 ms
   * @return the fault
   * @throws IllegalArgumentException if the delay is shorter than 1 ms
   */
  public static SimFault delay(Duration delay) {
    return of(Kind.DELAY, 0, checkDuration(delay));
  }

  /**
   * Handles the request and dribbles the response out in chunks over a duration.
   *
   * @param total how long sending the response takes, at least 1 ms
   * @return the fault
   * @throws IllegalArgumentException if the duration is shorter than 1 ms
   */
  public static SimFault slowResponse(Duration total) {
    return of(Kind.SLOW_RESPONSE, 0, checkDuration(total));
  }

  /**
   * Handles the request and closes the connection without a response.
   *
   * @return the fault
   */
  public static SimFault emptyResponse() {
    return of(Kind.EMPTY_RESPONSE, 0, Duration.ZERO);
  }

  /**
   * Handles the request and sends a malformed chunk before closing the connection.
   *
   * @return the fault
   */
  public static SimFault malformedResponse() {
    return of(Kind.MALFORMED_RESPONSE, 0, Duration.ZERO);
  }

  private static Duration checkDuration(Duration d) {
    if (d.toMillis() < 1) {
      throw new IllegalArgumentException("duration must be at least 1 ms: " + d);
    }
    return d;
  }

  /**
   * Fires on this many matching requests (default 1).
   *
   * @param count the number of requests, at least 1
   * @return the modified copy
   * @throws IllegalArgumentException if the count is below 1
   */
  public SimFault times(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + count);
    }
    return new SimFault(kind, status, retryAfter, body, headers, duration, count, skip, method,
        template, predicate);
  }

  /**
   * Lets this many matching requests pass before firing (default 0), e.g. {@code skip(2)} fires
   * on the third matching request.
   *
   * @param count the number of requests to let through, at least 0
   * @return the modified copy
   * @throws IllegalArgumentException if the count is negative
   */
  public SimFault skip(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("skip must not be negative: " + count);
    }
    return new SimFault(kind, status, retryAfter, body, headers, duration, times, count, method,
        template, predicate);
  }

  /**
   * Restricts the fault to one method and path template.
   *
   * @param httpMethod the method, or {@code *} for any
   * @param pathTemplate a path template such as {@code /v2/orders/{order_id}}
   * @return the modified copy
   * @throws IllegalArgumentException if the template is malformed
   */
  public SimFault on(String httpMethod, String pathTemplate) {
    return new SimFault(kind, status, retryAfter, body, headers, duration, times, skip,
        httpMethod.toUpperCase(Locale.ROOT), PathTemplate.compile(pathTemplate), predicate);
  }

  /**
   * Restricts the fault to requests a predicate accepts (in addition to {@link #on}).
   *
   * @param condition tested on the request before routing (no path variables)
   * @return the modified copy
   */
  public SimFault when(Predicate<SimRequest> condition) {
    return new SimFault(kind, status, retryAfter, body, headers, duration, times, skip, method,
        template, condition);
  }

  /**
   * Adds a {@code Retry-After} header in whole seconds (for {@link Kind#STATUS}).
   *
   * @param after the advertised wait, rounded up to seconds
   * @return the modified copy
   */
  public SimFault retryAfter(Duration after) {
    long seconds = (after.toMillis() + 999) / 1000;
    return retryAfter(Long.toString(seconds));
  }

  /**
   * Adds a {@code Retry-After} header with a raw value, e.g. an HTTP date or a malformed value.
   *
   * @param value the header value
   * @return the modified copy
   */
  public SimFault retryAfter(String value) {
    return new SimFault(kind, status, value, body, headers, duration, times, skip, method,
        template, predicate);
  }

  /**
   * Uses this JSON body instead of the simulator's error envelope (for {@link Kind#STATUS}).
   *
   * @param jsonBody a {@link JsonView}, record, map or other serializable value
   * @return the modified copy
   */
  public SimFault body(Object jsonBody) {
    return new SimFault(kind, status, retryAfter, jsonBody, headers, duration, times, skip, method,
        template, predicate);
  }

  /**
   * Adds a response header (for {@link Kind#STATUS}).
   *
   * @param name the header name
   * @param value the header value
   * @return the modified copy
   */
  public SimFault header(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new SimFault(kind, status, retryAfter, body, Map.copyOf(copy), duration, times, skip,
        method, template, predicate);
  }

  /**
   * Returns what the fault does.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the status of a {@link Kind#STATUS} fault.
   *
   * @return the status, 0 for other kinds
   */
  public int statusCode() {
    return status;
  }

  /**
   * Returns the delay of a {@link Kind#DELAY} or {@link Kind#SLOW_RESPONSE} fault.
   *
   * @return the duration, zero for other kinds
   */
  public Duration duration() {
    return duration;
  }

  /**
   * Returns on how many matching requests the fault fires.
   *
   * @return the count
   */
  public int times() {
    return times;
  }

  /**
   * Returns how many matching requests pass before the fault fires.
   *
   * @return the count
   */
  public int skipped() {
    return skip;
  }

  boolean matches(SimRequest request) {
    if (method != null && !"*".equals(method) && !method.equals(request.method())) {
      return false;
    }
    if (template != null && !template.matches(request.path())) {
      return false;
    }
    return predicate == null || predicate.test(request);
  }

  SimResponse response(VendorSimulator simulator, SimRequest request) {
    SimResponse r =
        body != null
            ? SimResponse.json(status, body)
            : simulator.safeErrorResponse(status, "injected fault: HTTP " + status, request);
    if (retryAfter != null) {
      r = r.header("Retry-After", retryAfter);
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      r = r.header(e.getKey(), e.getValue());
    }
    return r;
  }

  @Override
  public String toString() {
    return "SimFault{" + kind + (status > 0 ? " " + status : "")
        + (method != null ? " on " + method + " " + template : "") + ", times=" + times
        + ", skip=" + skip + "}";
  }
}
