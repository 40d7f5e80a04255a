package dev.posbridge.core.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.CircuitBreaker;
import dev.posbridge.core.CallInterruptedException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ResponseTooLargeException;
import dev.posbridge.core.UnexpectedRedirectException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.auth.AuthRequest;
import dev.posbridge.core.auth.Credentials;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.HttpConnectorBuilder;
import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.core.http.ResponseLimits;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.http.TimeoutSettings;
import dev.posbridge.core.http.VendorCallListener;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes vendor calls for one connector: builds the request, authenticates each attempt,
 * retries within a per-request budget, guards the vendor with a circuit breaker and a client-side
 * rate limiter, maps errors to the posbridge exception hierarchy and streams successful bodies
 * into Jackson.
 *
 * <p>Thread-safe; build one per connector and share it. Policies are applied in this order:
 * circuit breaker (Failsafe, one per transport, i.e. per vendor host; one permit and one recorded
 * outcome per logical call) → retry (here) → rate limiter → per-attempt timeout (OkHttp call
 * timeout).
 *
 * <p>Retry rules: connection failures before the request was sent, 408, 429 and 503 are retried
 * for every call (the vendor did not apply it); a connection lost after sending (reset, read
 * timeout, empty response) and 500, 502 and 504 only for read-only calls and calls with an
 * idempotency key. {@code Retry-After} (seconds or HTTP date) and vendor hints (a mapped
 * {@link RateLimitedException} with a wait) replace the backoff, up to
 * {@link RetrySettings#maxRetryAfter()}. A 401 leads to one
 * {@link Credentials#renewAfterRejection(AuthRequest)} and at most one repeat.
 *
 * <p>Hostile answers: redirects are never followed (the derived client has them off, whatever the
 * user's client says) and fail with {@link UnexpectedRedirectException}; a status outside
 * 100..599 fails with {@link InvalidResponseException}; a body over
 * {@link ResponseLimits#maxBodyBytes()} (counted after decompression) or over a JSON parse limit
 * fails with {@link ResponseTooLargeException}; a vendor-demanded wait longer than
 * {@link RetrySettings#maxRetryAfter()} fails at once with {@link RateLimitedException}.
 *
 * <p>The circuit breaker counts each logical call once (after its retries) and opens on a failure
 * rate over a time window, see {@link CircuitBreakerSettings}.
 *
 * <pre>{@code
 * HttpTransport transport = HttpTransport.builder()
 *     .system("square")
 *     .baseUrl("https://connect.squareup.com")
 *     .credentials(BearerToken.of(token))
 *     .defaultHeader("Square-Version", "2025-01-23")
 *     .build();
 * OrderResponse created = transport.execute(
 *     HttpCall.post("/v2/orders").operation("CreateOrder").jsonBody(body).idempotencyKey(key).build(),
 *     OrderResponse.class);
 * }</pre>
 */
public final class HttpTransport implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(dev.posbridge.core.Loggers.HTTP);

  /** Statuses that mean the vendor did not apply the request: safe to retry any call. */
  private static final Set<Integer> RETRY_ANY = Set.of(408, 429, 503);

  /** Statuses after which the vendor may have applied the request: retry replay-safe calls only. */
  private static final Set<Integer> RETRY_REPLAY_SAFE = Set.of(500, 502, 504);

  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final byte[] NO_BYTES = new byte[0];

  /** Marks, per attempt, that OkHttp got a connection and started sending. */
  private static final Interceptor SEND_MARKER = chain -> {
    SendState state = chain.request().tag(SendState.class);
    if (state != null) {
      state.sent = true;
    }
    return chain.proceed(chain.request());
  };

  private final String system;
  private final String baseUrl;
  private final OkHttpClient client;
  private final boolean ownsClient;
  private final ObjectMapper mapper;
  private final Credentials credentials;
  private final RetrySettings retry;
  private final @Nullable CircuitBreaker<Object> breaker;
  private final RateLimiter rateLimiter;
  private final VendorErrorMapper errorMapper;
  private final Map<String, String> defaultHeaders;
  private final String userAgent;
  private final String requestIdHeader;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ResponseLimits limits;

  private HttpTransport(Builder b) {
    if (b.system == null || b.system.isBlank()) {
      throw new IllegalArgumentException("system must not be blank: " + b.system);
    }
    if (b.baseUrl == null || HttpUrl.parse(b.baseUrl) == null) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + b.baseUrl);
    }
    this.system = b.system;
    this.baseUrl = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    OkHttpClient user = b.okHttpClient;
    this.ownsClient = user == null;
    OkHttpClient.Builder cb = user == null ? new OkHttpClient.Builder() : user.newBuilder();
    this.client = cb
        .socketFactory(NoDelaySocketFactory.wrap(user == null ? SocketFactory.getDefault() : user.socketFactory()))
        // We retry ourselves, knowing whether a write may be replayed; OkHttp would silently
        // resend a POST after a connection reset.
        .retryOnConnectionFailure(false)
        // Never follow a redirect, even if the user's client does: OkHttp strips only
        // Authorization across hosts, not vendor token headers or the body.
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(b.timeouts.connect())
        .readTimeout(b.timeouts.read())
        .writeTimeout(b.timeouts.read())
        .callTimeout(b.timeouts.call())
        .addNetworkInterceptor(SEND_MARKER)
        .build();
    this.limits = b.responseLimits;
    this.mapper = Json.constrain(b.objectMapper != null ? b.objectMapper : Json.create(), b.responseLimits);
    this.credentials = b.credentials;
    this.retry = b.retry;
    this.breaker = b.circuitBreaker.enabled() ? newBreaker(b.system, b.circuitBreaker) : null;
    this.rateLimiter = b.rateLimiter;
    this.errorMapper = b.errorMapper;
    this.defaultHeaders = Map.copyOf(b.defaultHeaders);
    this.userAgent = b.userAgent != null ? b.userAgent : "posbridge-java (" + b.system + ")";
    this.requestIdHeader = b.requestIdHeader;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
  }

  private static CircuitBreaker<Object> newBreaker(String system, CircuitBreakerSettings s) {
    return CircuitBreaker.builder()
        .withFailureRateThreshold(s.failureRatePercent(), s.minimumCalls(), s.window())
        .withSuccessThreshold(1)
        .withDelay(s.delay())
        .onOpen(e -> {
          log.warn("Circuit for {} opened: at least {}% of at least {} calls within {} s failed;"
              + " failing fast for {} ms", system, s.failureRatePercent(), s.minimumCalls(), s.window().toSeconds(),
              s.delay().toMillis());
          notifyListeners(l -> l.onCircuitState(system, "open"));
        })
        .onHalfOpen(e -> {
          log.debug("Circuit for {} half-open: letting a trial call through", system);
          notifyListeners(l -> l.onCircuitState(system, "half_open"));
        })
        .onClose(e -> {
          log.debug("Circuit for {} closed", system);
          notifyListeners(l -> l.onCircuitState(system, "closed"));
        })
        .build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the vendor system name, e.g. {@code "square"} */
  public String system() {
    return system;
  }

  /** @return the shared mapper, for handlers and vendor code that build JSON */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Executes a call and reads the JSON body as the given class.
   *
   * @param <T> the result type
   * @param call the call
   * @param type the result class
   * @return the decoded body
   * @throws PosbridgeException on any failure, see the class documentation
   */
  public <T> T execute(HttpCall call, Class<T> type) {
    return execute(call, mapper.constructType(type));
  }

  /**
   * Executes a call and reads the JSON body as the given generic type.
   *
   * @param <T> the result type
   * @param call the call
   * @param type the result type
   * @return the decoded body
   * @throws PosbridgeException on any failure
   */
  public <T> T execute(HttpCall call, TypeReference<T> type) {
    return execute(call, mapper.getTypeFactory().constructType(type));
  }

  /**
   * Executes a call and reads the JSON body as the given Jackson type.
   *
   * @param <T> the result type
   * @param call the call
   * @param type the result type
   * @return the decoded body; an empty body fails with {@link InvalidResponseException}
   * @throws PosbridgeException on any failure
   */
  @SuppressWarnings("TypeParameterUnusedInFormals") // Jackson's JavaType is untyped: the caller names T
  public <T> T execute(HttpCall call, JavaType type) {
    return execute(call, (ResponseHandler<T>) response -> response.readJson(type));
  }

  /**
   * Executes a call whose response body is not needed (e.g. a 204).
   *
   * @param call the call
   * @return the response headers, e.g. for a {@code Location}
   * @throws PosbridgeException on any failure
   */
  public HttpHeaders send(HttpCall call) {
    return execute(call, HttpResponse::headers);
  }

  /**
   * Executes a call and hands a successful response to the handler.
   *
   * @param <T> the result type
   * @param call the call
   * @param handler turns the streamed response into a value
   * @return the handler's value
   * @throws PosbridgeException on any failure
   */
  // NullAway: the handler's value is returned as is; it is null only where T is nullable, which
  // standard-mode NullAway cannot see (T extends @Nullable Object).
  @SuppressWarnings("NullAway")
  public <T extends @Nullable Object> T execute(HttpCall call, ResponseHandler<T> handler) {
    HttpUrl url = resolve(call);
    RequestBody body = encode(call);
    // Fail fast only while the open delay runs: once it has elapsed, tryAcquirePermit() moves the
    // breaker to half-open and lets one trial call through. One permit and one record per logical
    // call: retries of one call do not count as several failures.
    if (breaker != null && ((breaker.isOpen() && !breaker.getRemainingDelay().isZero())
        || !breaker.tryAcquirePermit())) {
      throw circuitOpen(call);
    }
    boolean vendorFailure = false;
    try {
      Outcome<T> last = loop(call, url, body, handler);
      vendorFailure = last.vendorFailure;
      if (last.failure != null) {
        throw last.failure;
      }
      return last.value;
    } finally {
      if (breaker != null) {
        if (vendorFailure) {
          breaker.recordFailure();
        } else {
          breaker.recordSuccess();
        }
      }
    }
  }

  private <T extends @Nullable Object> Outcome<T> loop(
      HttpCall call, HttpUrl url, RequestBody body, ResponseHandler<T> handler) {
    Instant start = clock.instant();
    boolean authRenewed = false;
    for (int attempt = 1; ; attempt++) {
      Outcome<T> outcome = attempt(call, url, body, handler, attempt);
      if (outcome.failure == null) {
        return outcome;
      }
      PosbridgeException failure = outcome.failure;
      if (outcome.status == 401 && !authRenewed && outcome.authRequest != null) {
        authRenewed = true;
        if (credentials.renewAfterRejection(outcome.authRequest)) {
          log.debug("{} {}: credentials renewed after 401, repeating once", system, call.operation());
          continue;
        }
      }
      if (outcome.retryAfter.compareTo(retry.maxRetryAfter()) > 0 && outcome.kind == Kind.NOT_APPLIED) {
        // A wait the vendor demands beyond maxRetryAfter is never slept: typed, at once.
        return outcome.withFailure(tooLongWait(failure, call.operation(), outcome.retryAfter));
      }
      Duration delay = retryDelay(call, outcome, attempt, start);
      if (delay == null) {
        // A definitive answer after earlier retries (e.g. 404 after a 429) is not an exhausted
        // retry budget: the caller gets the exception, the log no WARN.
        if (attempt > 1 && outcome.kind != Kind.FATAL) {
          log.warn("{} {}: gave up after {} attempts; the last attempt {}",
              system, call.operation(), attempt, describe(outcome, failure));
        }
        return outcome;
      }
      log.debug("{} {}: retrying in {} ms; attempt {} {}",
          system, call.operation(), delay.toMillis(), attempt, describe(outcome, failure));
      if (outcome.kind == Kind.NOT_APPLIED && !delay.isZero()) {
        Duration waited = delay;
        notifyListeners(l -> l.onThrottleWait(system, "vendor", waited));
      }
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CallInterruptedException("Interrupted while waiting to retry",
            system + "-client", call.operation(), e);
      }
    }
  }

  private RateLimitedException tooLongWait(PosbridgeException failure, String operation, Duration demanded) {
    if (failure instanceof RateLimitedException rl) {
      return rl;
    }
    return new RateLimitedException("Vendor asked to wait " + demanded.toSeconds() + " s, more than maxRetryAfter ("
        + retry.maxRetryAfter().toSeconds() + " s)", failure instanceof VendorException ve ? ve.context()
        : ErrorContext.of(system, operation), demanded, failure);
  }

  /**
   * Says in words what an attempt ended with, for logs: "got no answer: could not connect",
   * "was answered HTTP 503 (vendor request id abc)". Never a bare {@code status=0 requestId=null}.
   */
  static String describe(Outcome<?> o, PosbridgeException failure) {
    StringBuilder b = new StringBuilder();
    if (o.status == 0) {
      b.append(switch (o.kind) {
        case NOT_SENT -> "got no answer: could not connect to the vendor, nothing was sent";
        case SENT_NO_ANSWER -> "got no answer: the request was sent but no complete response came back"
            + " (the vendor may have applied it)";
        case CIRCUIT_OPEN -> "was not sent: the circuit breaker is open after repeated failures";
        default -> "got no HTTP answer";
      });
      Throwable cause = failure.getCause();
      if (cause != null) {
        b.append(" (").append(cause.getClass().getSimpleName()).append(')');
      }
    } else {
      b.append("was answered HTTP ").append(o.status);
      String code = failure instanceof VendorException ve ? ve.vendorCode() : null;
      String id = failure instanceof VendorException ve ? ve.requestId() : null;
      if (code != null || id != null) {
        b.append(" (");
        if (code != null) {
          b.append("vendor code ").append(code);
        }
        if (id != null) {
          b.append(code != null ? ", " : "").append("vendor request id ").append(id);
        }
        b.append(')');
      }
    }
    return b.toString();
  }

  private static void notifyListeners(java.util.function.Consumer<VendorCallListener> event) {
    for (VendorCallListener l : VendorCallListener.registered()) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        log.debug("vendor call listener failed", e);
      }
    }
  }

  private @Nullable Duration retryDelay(HttpCall call, Outcome<?> o, int attempt, Instant start) {
    if (attempt >= retry.maxAttempts()) {
      return null;
    }
    switch (o.kind) {
      case FATAL, CIRCUIT_OPEN:
        return null;
      case SENT_NO_ANSWER, MAYBE_APPLIED:
        if (!call.replaySafe()) {
          return null;
        }
        break;
      default:
        break;
    }
    Duration delay;
    if (o.retryAfter.isZero()) {
      delay = backoff(attempt);
    } else if (o.retryAfter.compareTo(retry.maxRetryAfter()) > 0) {
      return null;
    } else {
      delay = o.retryAfter;
    }
    Duration elapsed = Duration.between(start, clock.instant());
    if (elapsed.plus(delay).compareTo(retry.maxElapsed()) > 0) {
      return null;
    }
    return delay;
  }

  /** Jittered exponential backoff before retry number {@code retryNo} (1-based), capped. */
  private Duration backoff(int retryNo) {
    double base = retry.initialBackoff().toNanos() * Math.pow(2, Math.min(retryNo - 1, 40));
    double max = retry.maxBackoff().toNanos();
    double jittered = Math.min(base, max)
        * (1 + retry.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1));
    return Duration.ofNanos((long) Math.min(jittered, max));
  }

  private <T extends @Nullable Object> Outcome<T> attempt(
      HttpCall call, HttpUrl url, RequestBody body, ResponseHandler<T> handler, int attempt) {
    String operation = call.operation();
    AuthRequest authRequest = new AuthRequest(call.method(), url.uri());
    Request.Builder rb = new Request.Builder().url(url)
        .method(call.method(), permitsBody(call.method()) ? body : null)
        .header("User-Agent", userAgent)
        .header("Accept", "application/json");
    defaultHeaders.forEach(rb::header);
    call.headers().forEach(rb::header);
    credentials.headers(authRequest).forEach(rb::header);
    SendState sent = new SendState();
    rb.tag(SendState.class, sent);
    Request request = rb.build();

    RateLimiter.Permit permit;
    long waitStart = System.nanoTime();
    try {
      permit = rateLimiter.acquire(operation);
      long waitedNanos = System.nanoTime() - waitStart;
      if (waitedNanos >= 1_000_000L) {
        notifyListeners(l -> l.onThrottleWait(system, "client", Duration.ofNanos(waitedNanos)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallInterruptedException("Interrupted while waiting for the rate limiter",
          system + "-client", operation, e);
    }
    if (log.isTraceEnabled()) {
      log.trace("{} {} request headers={} body={}", call.method(), Redactor.url(url),
          Redactor.headers(request.headers().toMultimap()), traceBody(call));
    }
    long t0 = System.nanoTime();
    int status = 0;
    HttpHeaders headers = HttpHeaders.empty();
    boolean vendorFailure = false;
    try (Response response = client.newCall(request).execute()) {
      status = response.code();
      headers = HttpHeaders.of(response.headers());
      if (status < 100 || status > 599) {
        vendorFailure = true;
        int shown = status;
        status = 0;
        return Outcome.<T>failure(new InvalidResponseException("Vendor answered with invalid HTTP status " + shown,
            ErrorContext.of(system, operation).withStatus(Math.max(0, Math.min(shown, 999)))
                .withRequestId(headers.first(requestIdHeader)), "", null),
            shown, Kind.FATAL, authRequest).withVendorFailure(true);
      }
      ErrorContext ctx = ErrorContext.of(system, operation).withStatus(status)
          .withRequestId(headers.first(requestIdHeader));
      if (status >= 300 && status < 400) {
        return Outcome.failure(TokenEndpoints.redirect(ctx, response.header("Location"), url),
            status, Kind.FATAL, authRequest);
      }
      if (response.isSuccessful()) {
        long declared = response.body().contentLength();
        if (declared > limits.maxBodyBytes()) {
          return Outcome.failure(tooLarge(ctx, null), status, Kind.FATAL, authRequest);
        }
        CapturingInputStream in = new CapturingInputStream(
            new LimitedInputStream(response.body().byteStream(), limits.maxBodyBytes()));
        try {
          T value = handler.handle(new HttpResponse(status, headers, in, mapper));
          if (log.isTraceEnabled()) {
            log.trace("{} {} response body starts {}", call.method(), Redactor.url(url), in.excerpt());
          }
          return Outcome.success(value);
        } catch (HttpResponse.EmptyBodyException e) {
          return Outcome.failure(new InvalidResponseException("Empty response body", ctx, "", e),
              status, Kind.FATAL, authRequest);
        } catch (IOException e) {
          if (isLimit(e)) {
            return Outcome.failure(tooLarge(ctx, e), status, Kind.FATAL, authRequest);
          }
          if (e instanceof JsonProcessingException jpe) {
            return Outcome.failure(new InvalidResponseException(
                "Malformed or unexpected JSON in response" + JsonPaths.at(jpe), ctx, in.excerpt(), e),
                status, Kind.FATAL, authRequest);
          }
          vendorFailure = true;
          return Outcome.<T>failure(new VendorUnavailableException(
              "Connection lost while reading the response", ctx, e), status, Kind.SENT_NO_ANSWER, authRequest)
              .withVendorFailure(true);
        } catch (PosbridgeException e) {
          return Outcome.failure(e, status, Kind.FATAL, authRequest);
        } catch (RuntimeException e) {
          if (isLimit(e)) {
            return Outcome.failure(tooLarge(ctx, e), status, Kind.FATAL, authRequest);
          }
          return Outcome.failure(new InvalidResponseException(
              "Response could not be interpreted", ctx, in.excerpt(), e), status, Kind.FATAL, authRequest);
        }
      }
      vendorFailure = status >= 500;
      return this.<T>errorOutcome(response, status, headers, ctx, authRequest).withVendorFailure(vendorFailure);
    } catch (IOException e) {
      ErrorContext ctx = ErrorContext.of(system, operation);
      if (Thread.currentThread().isInterrupted() || CallInterruptedException.causedBy(e)) {
        // Our own thread was interrupted (a shutdown): not the vendor's failure, and no retry.
        Thread.currentThread().interrupt();
        return Outcome.<T>failure(new CallInterruptedException(sent.sent
            ? "Interrupted after the request was sent" : "Interrupted before the request was sent",
            system + "-client", operation, e),
            0, Kind.FATAL, authRequest);
      }
      vendorFailure = true;
      return (sent.sent
          ? Outcome.<T>failure(new VendorUnavailableException("Connection lost after the request was sent", ctx, e),
              0, Kind.SENT_NO_ANSWER, authRequest)
          : Outcome.<T>failure(new VendorUnavailableException("Connection failed", ctx, e),
              0, Kind.NOT_SENT, authRequest)).withVendorFailure(true);
    } finally {
      permit.release(status, headers.asMap());
      int finalStatus = status;
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      notifyListeners(l -> l.onCall(system, operation, finalStatus, took));
      if (log.isDebugEnabled()) {
        log.debug("{} {} op={} status={} {}ms attempt={} idempotencyKey={}", call.method(), Redactor.url(url),
            operation, status == 0 ? "none" : status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), attempt,
            call.idempotencyKey() != null ? "present" : "absent");
      }
    }
  }

  private <T extends @Nullable Object> Outcome<T> errorOutcome(
      Response response, int status, HttpHeaders headers, ErrorContext ctx, AuthRequest authRequest) {
    byte[] bytes;
    try (InputStream in = response.body().byteStream()) {
      bytes = in.readNBytes(MAX_ERROR_BODY);
    } catch (IOException e) {
      bytes = NO_BYTES;
    }
    JsonNode node = null;
    if (bytes.length > 0) {
      try {
        node = mapper.readTree(bytes);
      } catch (IOException e) {
        node = null;
      }
    }
    String excerpt = Redactor.text(new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.UTF_8));
    Duration retryAfter = parseRetryAfter(headers.first("Retry-After"), clock);
    VendorException mapped = errorMapper.map(new ErrorResponse(ctx, headers, node, excerpt, retryAfter));
    if (log.isTraceEnabled()) {
      log.trace("{} error body starts {}", ctx, excerpt);
    }
    Kind kind;
    if (mapped instanceof RateLimitedException rl) {
      if (!rl.retryAfter().isZero()) {
        retryAfter = rl.retryAfter();
      }
      kind = Kind.NOT_APPLIED;
    } else if (RETRY_ANY.contains(status)) {
      kind = Kind.NOT_APPLIED;
    } else if (RETRY_REPLAY_SAFE.contains(status)) {
      kind = Kind.MAYBE_APPLIED;
    } else {
      kind = Kind.FATAL;
    }
    Outcome<T> o = Outcome.failure(mapped, status, kind, authRequest);
    return o.withRetryAfter(retryAfter);
  }

  private VendorUnavailableException circuitOpen(HttpCall call) {
    return new dev.posbridge.core.CircuitOpenException("Circuit open: " + system + " is failing, call not sent",
        ErrorContext.of(system, call.operation()), null);
  }

  private ResponseTooLargeException tooLarge(ErrorContext ctx, @Nullable Throwable cause) {
    Throwable limit = cause;
    while (limit != null && !(limit instanceof LimitedInputStream.LimitExceededException)
        && !(limit instanceof StreamConstraintsException)) {
      limit = limit.getCause();
    }
    String what = limit instanceof StreamConstraintsException sce
        ? "Response exceeds a JSON parse limit (" + shortMessage(sce) + ")"
        : "Response body exceeds " + limits.maxBodyBytes() + " bytes";
    return new ResponseTooLargeException(what, ctx, cause);
  }

  private static String shortMessage(StreamConstraintsException e) {
    String m = e.getOriginalMessage();
    if (m == null) {
      return "limit";
    }
    int cut = m.indexOf(" (");
    m = cut > 0 ? m.substring(0, cut) : m;
    return m.length() > 200 ? m.substring(0, 200) : m;
  }

  /** Whether a failure (or a cause of it) is a response limit being hit. */
  private static boolean isLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LimitedInputStream.LimitExceededException || t instanceof StreamConstraintsException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * Parses a {@code Retry-After} value: delta seconds (decimals tolerated) or an HTTP date.
   *
   * @param value the header value, or {@code null}
   * @param clock the clock to measure an HTTP date against
   * @return the wait; {@link Duration#ZERO} if absent, unparseable or in the past
   */
  static Duration parseRetryAfter(@Nullable String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Duration.ZERO;
    }
    String v = value.trim();
    try {
      BigDecimal seconds = new BigDecimal(v);
      if (seconds.signum() <= 0) {
        return Duration.ZERO;
      }
      if (seconds.compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) {
        return Duration.ofSeconds(1_000_000_000L);
      }
      return Duration.ofMillis(seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      // not delta-seconds; try an HTTP date
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return Duration.ZERO;
    }
  }

  private HttpUrl resolve(HttpCall call) {
    String p = call.path();
    String full = p.startsWith("https://") || p.startsWith("http://")
        ? p : baseUrl + (p.startsWith("/") || p.isEmpty() ? p : "/" + p);
    HttpUrl parsed = HttpUrl.parse(full);
    if (parsed == null) {
      throw new IllegalArgumentException("Invalid URL for " + call.operation() + ": " + Redactor.text(full));
    }
    if (call.query().isEmpty()) {
      return parsed;
    }
    HttpUrl.Builder ub = parsed.newBuilder();
    call.query().forEach(e -> ub.addQueryParameter(e.getKey(), e.getValue()));
    return ub.build();
  }

  private RequestBody encode(HttpCall call) {
    HttpCall.Body body = call.body();
    if (body == null) {
      return RequestBody.create(NO_BYTES, null);
    }
    if (body instanceof HttpCall.JsonBody json) {
      try {
        return RequestBody.create(mapper.writeValueAsBytes(json.value()), JSON);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("Request body of " + call.operation() + " cannot be serialized", e);
      }
    }
    if (body instanceof HttpCall.RawBody raw) {
      return RequestBody.create(raw.bytes(), MediaType.get(raw.contentType()));
    }
    FormBody.Builder fb = new FormBody.Builder(StandardCharsets.UTF_8);
    ((HttpCall.FormBody) body).fields().forEach(e -> fb.add(e.getKey(), e.getValue()));
    return fb.build();
  }

  private static boolean permitsBody(String method) {
    return !method.equals("GET") && !method.equals("HEAD");
  }

  private String traceBody(HttpCall call) {
    HttpCall.Body body = call.body();
    if (body == null) {
      return "";
    }
    try {
      String text = body instanceof HttpCall.JsonBody json ? mapper.writeValueAsString(json.value())
          : body instanceof HttpCall.RawBody raw ? new String(raw.bytes(), StandardCharsets.UTF_8)
          : ((HttpCall.FormBody) body).fields().toString();
      return Redactor.text(text.length() > 4096 ? text.substring(0, 4096) + "…" : text);
    } catch (JsonProcessingException e) {
      return "<unserializable>";
    }
  }

  /** Closes the connection pool and dispatcher if this transport created its own client. */
  @Override
  public void close() {
    if (ownsClient) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "HttpTransport{" + system + " " + baseUrl + "}";
  }

  /** Whether and how an attempt failed, as far as retrying is concerned. */
  enum Kind {
    /** No failure or not retryable. */
    FATAL,
    /** Connection failed before anything was sent. */
    NOT_SENT,
    /** Sent, but no (complete) answer: the vendor may have applied it. */
    SENT_NO_ANSWER,
    /** Vendor answered it did not apply it (408, 429, 503, throttling). */
    NOT_APPLIED,
    /** Vendor answered with an error after which it may have applied it (500, 502, 504). */
    MAYBE_APPLIED,
    /** Circuit open: not sent at all; fail fast. */
    CIRCUIT_OPEN
  }

  /** Mutable per-attempt flag set by the network interceptor. */
  static final class SendState {
    volatile boolean sent;
  }

  private static final class Outcome<T extends @Nullable Object> {
    final @Nullable T value;
    final @Nullable PosbridgeException failure;
    final int status;
    final Kind kind;
    final @Nullable AuthRequest authRequest;
    final Duration retryAfter;
    /** Whether this attempt failed on the vendor's side (5xx, I/O), for the circuit breaker. */
    final boolean vendorFailure;

    private Outcome(@Nullable T value, @Nullable PosbridgeException failure, int status, Kind kind,
        @Nullable AuthRequest authRequest, Duration retryAfter, boolean vendorFailure) {
      this.value = value;
      this.failure = failure;
      this.status = status;
      this.kind = kind;
      this.authRequest = authRequest;
      this.retryAfter = retryAfter;
      this.vendorFailure = vendorFailure;
    }

    static <T extends @Nullable Object> Outcome<T> success(T value) {
      return new Outcome<>(value, null, 0, Kind.FATAL, null, Duration.ZERO, false);
    }

    static <T extends @Nullable Object> Outcome<T> failure(
        PosbridgeException e, int status, Kind kind, @Nullable AuthRequest authRequest) {
      return new Outcome<>(null, e, status, kind, authRequest, Duration.ZERO, false);
    }

    Outcome<T> withRetryAfter(Duration d) {
      return new Outcome<>(value, failure, status, kind, authRequest, d, vendorFailure);
    }

    Outcome<T> withVendorFailure(boolean v) {
      return new Outcome<>(value, failure, status, kind, authRequest, retryAfter, v);
    }

    Outcome<T> withFailure(PosbridgeException e) {
      return new Outcome<>(value, e, status, kind, authRequest, retryAfter, vendorFailure);
    }
  }

  /** Builds an {@link HttpTransport}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String system;
    private @Nullable String baseUrl;
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable ObjectMapper objectMapper;
    private Credentials credentials = Credentials.none();
    private RetrySettings retry = RetrySettings.defaults();
    private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.defaults();
    private TimeoutSettings timeouts = TimeoutSettings.defaults();
    private ResponseLimits responseLimits = ResponseLimits.defaults();
    private RateLimiter rateLimiter = RateLimiter.unlimited();
    private VendorErrorMapper errorMapper = DefaultErrorMapper.create();
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private @Nullable String userAgent;
    private String requestIdHeader = "x-request-id";
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    /**
     * Names the vendor system, used in logs, metrics and errors.
     *
     * @param value the vendor system, e.g. {@code "square"}; required
     * @return this builder
     */
    public Builder system(String value) {
      this.system = value;
      return this;
    }

    /**
     * Sets the base URL that relative call paths are resolved against.
     *
     * @param value the base URL paths are resolved against; required
     * @return this builder
     */
    public Builder baseUrl(String value) {
      this.baseUrl = value;
      return this;
    }

    /**
     * Derives the client from a user-supplied one with {@code newBuilder()}, sharing its pools;
     * retries, auth and logging still apply since they live in the transport.
     *
     * @param value the user's client, or {@code null} for a private one
     * @return this builder
     */
    public Builder okHttpClient(@Nullable OkHttpClient value) {
      this.okHttpClient = value;
      return this;
    }

    /**
     * Sets the Jackson mapper; the transport applies its response limits to it.
     *
     * @param value the mapper; default {@link Json#create()}
     * @return this builder
     */
    public Builder objectMapper(ObjectMapper value) {
      this.objectMapper = value;
      return this;
    }

    /**
     * Sets how each attempt is authenticated.
     *
     * @param value the credentials; default none
     * @return this builder
     */
    public Builder credentials(Credentials value) {
      this.credentials = value;
      return this;
    }

    /**
     * Sets the retry budget and backoff.
     *
     * @param value the retry settings
     * @return this builder
     */
    public Builder retry(RetrySettings value) {
      this.retry = value;
      return this;
    }

    /**
     * Sets the circuit breaker guarding the vendor.
     *
     * @param value the circuit breaker settings
     * @return this builder
     */
    public Builder circuitBreaker(CircuitBreakerSettings value) {
      this.circuitBreaker = value;
      return this;
    }

    /**
     * Sets the connect, read and whole-call timeouts.
     *
     * @param value the timeouts
     * @return this builder
     */
    public Builder timeouts(TimeoutSettings value) {
      this.timeouts = value;
      return this;
    }

    /**
     * Sets the bounds on one answer (body size, JSON parse limits).
     *
     * @param value the bounds on one answer; default {@link ResponseLimits#defaults()}
     * @return this builder
     */
    public Builder responseLimits(ResponseLimits value) {
      this.responseLimits = value;
      return this;
    }

    /**
     * Sets the client-side rate limiter every attempt passes.
     *
     * @param value the client-side rate limiter
     * @return this builder
     */
    public Builder rateLimiter(RateLimiter value) {
      this.rateLimiter = value;
      return this;
    }

    /**
     * Sets the mapper from vendor error responses to exceptions.
     *
     * @param value the vendor error mapper
     * @return this builder
     */
    public Builder errorMapper(VendorErrorMapper value) {
      this.errorMapper = value;
      return this;
    }

    /**
     * Adds a header sent with every call, e.g. {@code Square-Version}.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder defaultHeader(String name, String value) {
      defaultHeaders.put(name, value);
      return this;
    }

    /**
     * Sets the User-Agent header.
     *
     * @param value the User-Agent
     * @return this builder
     */
    public Builder userAgent(String value) {
      this.userAgent = value;
      return this;
    }

    /**
     * Names the response header that carries the vendor's request id.
     *
     * @param value the header carrying the vendor's request id, e.g. {@code intuit_tid}
     * @return this builder
     */
    public Builder requestIdHeader(String value) {
      this.requestIdHeader = value;
      return this;
    }

    /**
     * Sets the clock for token expiry and Retry-After dates.
     *
     * @param value the clock for token expiry and Retry-After dates
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * Takes the settings every connector builder shares: OkHttp client, retries, circuit breaker,
     * timeouts, response limits, clock and sleeper.
     *
     * @param connector the connector's builder
     * @return this builder
     */
    public Builder connectorSettings(HttpConnectorBuilder<?> connector) {
      return okHttpClient(connector.okHttpClient())
          .retry(connector.retry())
          .circuitBreaker(connector.circuitBreaker())
          .timeouts(connector.timeouts())
          .responseLimits(connector.responseLimits())
          .clock(connector.clock())
          .sleeper(connector.sleeper());
    }

    /**
     * Sets how the transport waits between retries.
     *
     * @param value how to wait between retries; tests record instead of sleeping
     * @return this builder
     */
    public Builder sleeper(Sleeper value) {
      this.sleeper = value;
      return this;
    }

    /**
     * Builds the transport and its policies.
     *
     * @return the transport
     * @throws IllegalArgumentException if system or base URL is missing or invalid
     */
    public HttpTransport build() {
      return new HttpTransport(this);
    }
  }
}
