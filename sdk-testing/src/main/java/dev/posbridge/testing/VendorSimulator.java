package dev.posbridge.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.posbridge.testing.internal.DispatchTransformer;
import dev.posbridge.testing.internal.PathTemplate;
import dev.posbridge.testing.internal.Slf4jNotifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base class of the stateful vendor API simulators: a WireMock server on {@code 127.0.0.1} whose
 * every request is dispatched to Java handlers, so the simulated vendor's state lives in plain
 * Java objects.
 *
 * <p><b>Lifecycle.</b> The server starts in the constructor and stops in {@link #close()}; use
 * try-with-resources or JUnit's {@code @AfterEach}/{@code @AfterAll}. {@link #reset()} clears the
 * journal, faults, ledger, effects, webhook deliveries and recorded errors, restarts the IDs, then
 * calls {@link #onReset()} for the subclass to clear and re-seed its own state.
 *
 * <p><b>Writing a simulator.</b> A subclass declares its API in its constructor with {@link
 * #route(String, String, SimHandler)} and overrides the hooks it needs: {@link
 * #authenticate(SimRequest)} to reject requests, {@link #errorResponse(int, String, SimRequest)}
 * for the vendor's error envelope (used by injected faults, outages and {@link SimulatorError}
 * without a body), {@link #notFound(SimRequest)} for unmatched requests.
 *
 * <pre>{@code
 * public final class CounterSimulator extends VendorSimulator {
 *   private final Map<String, Integer> counters = new ConcurrentHashMap<>();
 *
 *   public CounterSimulator() {
 *     super(SimulatorConfig.defaults());
 *     route("GET", "/counters/{name}", r -> SimResponse.json(200,
 *         Map.of("value", counters.getOrDefault(r.pathVariable("name"), 0))));
 *     route("POST", "/counters/{name}/increment", this::increment);
 *   }
 *
 *   private SimResponse increment(SimRequest r) {
 *     String name = r.pathVariable("name");
 *     String key = r.header("Idempotency-Key").orElseThrow(
 *         () -> new SimulatorError(400, "Idempotency-Key required"));
 *     return idempotency().replayOrRun(name, key, JsonFingerprint.of(r.json()), () -> {
 *       effects().record("increment", key);
 *       return SimResponse.json(200, Map.of("value", counters.merge(name, 1, Integer::sum)));
 *     });
 *   }
 *
 *   protected void onReset() {
 *     counters.clear();
 *   }
 * }
 * }</pre>
 *
 * <p><b>Dispatch order</b> for each request: outage switch and queued {@linkplain #faults()
 * faults}; {@link #authenticate(SimRequest)}; the most specific matching route (see {@link
 * #route(String, String, SimHandler)}) or {@link #notFound(SimRequest)}. A handler throwing
 * {@link SimulatorError} answers with its response; any other exception answers 500 and is
 * recorded in {@link #internalErrors()}. Every request lands in the {@linkplain #journal()
 * journal}.
 *
 * <p><b>Threads.</b> Requests are handled concurrently on the server's threads: handlers must
 * guard shared state. All public methods are thread-safe; {@link #reset()} waits for requests in
 * progress and holds new ones until it returns.
 */
public abstract class VendorSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VendorSimulator.class);

  private record Route(
      String method,
      @Nullable PathTemplate template,
      @Nullable Predicate<SimRequest> condition,
      String description,
      int specificity,
      SimHandler handler) {}

  private final SimulatorConfig config;
  private final WireMockServer server;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final RequestJournal journal;
  private final FaultInjector faults = new FaultInjector();
  private final IdempotencyLedger idempotency;
  private final EffectCounter effects = new EffectCounter();
  private final IdGenerator ids;
  private final WebhookSender webhooks;
  private final List<SimulatorFailure> failures = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final ReentrantReadWriteLock resetLock = new ReentrantReadWriteLock();
  private final String baseUrl;

  /**
   * Starts a simulator with the default configuration.
   *
   * @throws IllegalStateException if the server cannot start
   */
  protected VendorSimulator() {
    this(SimulatorConfig.defaults());
  }

  /**
   * Starts a simulator.
   *
   * <p>The server listens before the subclass constructor body runs, but nobody knows a dynamic
   * port until the constructor returns, so routes registered in the subclass constructor are in
   * place before the first request.
   *
   * @param config port, journal size, clock, ID seed and threads
   * @throws IllegalStateException if the server cannot start, e.g. the fixed port is taken
   */
  protected VendorSimulator(SimulatorConfig config) {
    this.config = config;
    this.journal = new RequestJournal(config.journalCapacity());
    this.idempotency = new IdempotencyLedger(config.clock(), config.idempotencyRetention());
    this.ids = new IdGenerator(config.idSeed());
    this.webhooks = new WebhookSender(config.clock());
    WireMockConfiguration options =
        WireMockConfiguration.options()
            .bindAddress("127.0.0.1")
            .containerThreads(config.serverThreads())
            .disableRequestJournal()
            .stubRequestLoggingDisabled(true)
            .notifier(new Slf4jNotifier())
            .extensions(new DispatchTransformer(this::dispatch));
    if (config.port() == 0) {
      options.dynamicPort();
    } else {
      options.port(config.port());
    }
    this.server = new WireMockServer(options);
    try {
      server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot start " + getClass().getSimpleName() + " on port " + config.port(), e);
    }
    server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(DispatchTransformer.NAME)));
    this.baseUrl = "http://127.0.0.1:" + server.port();
  }

  // ---------------------------------------------------------------- routes

  /**
   * Declares an endpoint.
   *
   * <p>A template is a path with {@code {name}} variables, each matching one segment or the rest
   * of one (for example {@code /v2/orders/{order_id}} or {@code /record/v1/customer/eid:{eid}});
   * values reach the handler percent-decoded through {@link SimRequest#pathVariable(String)}. When
   * several routes match, the one with the most literal characters wins, then the one registered
   * first, so {@code /v2/orders/search} beats {@code /v2/orders/{order_id}}.
   *
   * @param method the HTTP method, or {@code *} for any
   * @param pathTemplate the path template, starting with {@code /}
   * @param handler computes the response
   * @throws IllegalArgumentException if the template is malformed
   */
  protected final void route(String method, String pathTemplate, SimHandler handler) {
    PathTemplate t = PathTemplate.compile(pathTemplate);
    routes.add(new Route(method.toUpperCase(Locale.ROOT), t, null, pathTemplate,
        t.literalLength() * 2, handler));
  }

  /**
   * Declares an endpoint that also requires a condition, e.g. a GraphQL operation on one path or
   * a QuickBooks {@code operation=} query parameter. It beats the same template without a
   * condition.
   *
   * @param method the HTTP method, or {@code *} for any
   * @param pathTemplate the path template, starting with {@code /}
   * @param condition tested on the request with its path variables
   * @param handler computes the response
   * @throws IllegalArgumentException if the template is malformed
   */
  protected final void route(
      String method, String pathTemplate, Predicate<SimRequest> condition, SimHandler handler) {
    PathTemplate t = PathTemplate.compile(pathTemplate);
    routes.add(new Route(method.toUpperCase(Locale.ROOT), t, condition, pathTemplate,
        t.literalLength() * 2 + 1, handler));
  }

  /**
   * Declares an endpoint matched by a predicate alone, for requests no template describes. Such
   * routes are tried before all template routes, in registration order.
   *
   * @param description names the route in {@link SimRequest#routeTemplate()} and messages
   * @param condition tested on the request (no path variables)
   * @param handler computes the response
   */
  protected final void routeMatching(
      String description, Predicate<SimRequest> condition, SimHandler handler) {
    routes.add(new Route("*", null, condition, description, Integer.MAX_VALUE, handler));
  }

  // ---------------------------------------------------------------- hooks

  /**
   * Decides whether a request may proceed; runs after faults and before routing. The default
   * accepts everything.
   *
   * @param request the request (no path variables yet)
   * @return {@code null} to accept, or the rejection to send (e.g. 401 in the vendor's envelope)
   */
  protected @Nullable SimResponse authenticate(SimRequest request) {
    return null;
  }

  /**
   * Answers a request no route matches. The default is {@link #errorResponse(int, String,
   * SimRequest)} with 404.
   *
   * @param request the request
   * @return the response
   */
  protected SimResponse notFound(SimRequest request) {
    return errorResponse(404, "no route for " + request.method() + " " + request.path(), request);
  }

  /**
   * Builds an error response in the vendor's envelope, for injected faults, outages and {@link
   * SimulatorError}s without a body. The default is {@code {"error":{"status":..,"message":..}}}.
   *
   * @param status the HTTP status
   * @param message what went wrong
   * @param request the request being answered
   * @return the response
   */
  protected SimResponse errorResponse(int status, String message, SimRequest request) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("status", status);
    error.put("message", message);
    return SimResponse.json(status, Map.of("error", error));
  }

  /**
   * Clears and re-seeds the subclass's state; called by {@link #reset()} after the base state is
   * cleared, while no request is in progress. The default does nothing.
   */
  protected void onReset() {}

  // ---------------------------------------------------------------- public API

  /**
   * Returns the URL clients should call, e.g. {@code http://127.0.0.1:54321}.
   *
   * @return the base URL, without a trailing slash
   */
  public final String baseUrl() {
    return baseUrl;
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  public final int port() {
    return server.port();
  }

  /**
   * Returns the configuration the simulator started with.
   *
   * @return the configuration
   */
  public final SimulatorConfig config() {
    return config;
  }

  /**
   * Returns the simulator's clock.
   *
   * @return the clock; set or advance it to move the simulated time
   */
  public final SimClock clock() {
    return config.clock();
  }

  /**
   * Returns the fault injector.
   *
   * @return the injector
   */
  public final FaultInjector faults() {
    return faults;
  }

  /**
   * Returns the journal of received requests.
   *
   * @return the journal
   */
  public final RequestJournal journal() {
    return journal;
  }

  /**
   * Returns the idempotency ledger the simulator's handlers use.
   *
   * @return the ledger
   */
  public final IdempotencyLedger idempotency() {
    return idempotency;
  }

  /**
   * Returns the counter of applied effects.
   *
   * @return the counter
   */
  public final EffectCounter effects() {
    return effects;
  }

  /**
   * Returns the simulator's ID generator.
   *
   * @return the generator
   */
  public final IdGenerator ids() {
    return ids;
  }

  /**
   * Returns the webhook sender, with the deliveries made so far.
   *
   * @return the sender
   */
  public final WebhookSender webhooks() {
    return webhooks;
  }

  /**
   * Returns the internal simulator errors so far: handler exceptions other than {@link
   * SimulatorError}, answered with 500.
   *
   * @return the failures, oldest first
   */
  public final List<SimulatorFailure> internalErrors() {
    return List.copyOf(failures);
  }

  /**
   * Fails if any internal simulator error happened; call it in {@code @AfterEach}.
   *
   * @throws AssertionError listing the failures, with the first as the cause
   */
  public final void assertNoInternalErrors() {
    List<SimulatorFailure> list = internalErrors();
    if (!list.isEmpty()) {
      StringBuilder sb = new StringBuilder(getClass().getSimpleName())
          .append(" had ").append(list.size()).append(" internal error(s):");
      for (SimulatorFailure f : list) {
        sb.append("\n  ").append(f.request()).append(": ").append(f.error());
      }
      throw new AssertionError(sb.toString(), list.get(0).error());
    }
  }

  /**
   * Clears the journal, faults, idempotency ledger, effects, webhook deliveries and internal
   * errors, restarts the ID sequences, then calls {@link #onReset()}. Waits for requests in
   * progress; the clock is left as it is.
   */
  public final void reset() {
    resetLock.writeLock().lock();
    try {
      journal.clear();
      faults.reset();
      idempotency.clear();
      effects.clear();
      webhooks.clear();
      failures.clear();
      ids.reset();
      onReset();
    } finally {
      resetLock.writeLock().unlock();
    }
  }

  /** Stops the server; later requests fail to connect. Calling it again does nothing. */
  @Override
  public void close() {
    if (server.isRunning()) {
      server.stop();
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + baseUrl + "]";
  }

  // ---------------------------------------------------------------- dispatch

  SimResponse safeErrorResponse(int status, String message, SimRequest request) {
    try {
      return errorResponse(status, message, request);
    } catch (RuntimeException e) {
      failures.add(new SimulatorFailure(request, e));
      return internalError(e);
    }
  }

  private ResponseDefinition dispatch(Request wm) {
    resetLock.readLock().lock();
    try {
      return dispatchLocked(wm);
    } finally {
      resetLock.readLock().unlock();
    }
  }

  private ResponseDefinition dispatchLocked(Request wm) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpHeader h : wm.getHeaders().all()) {
      headers.computeIfAbsent(h.key(), k -> new ArrayList<>()).addAll(h.values());
    }
    byte[] body = wm.getBody();
    SimRequest request =
        SimRequest.create(
            sequence.incrementAndGet(),
            config.clock().instant(),
            wm.getMethod().getName(),
            wm.getUrl(),
            baseUrl,
            headers,
            body == null ? new byte[0] : body);

    SimFault fault;
    boolean outage = faults.takeOutage();
    fault = outage ? null : faults.next(request);
    SimFault.Kind firedKind = outage ? SimFault.Kind.STATUS : fault == null ? null : fault.kind();

    if (fault != null && fault.kind() == SimFault.Kind.RESET_BEFORE_PROCESSING) {
      journal.record(new JournalEntry(request, 0, false, firedKind));
      LOG.debug("{} {}: injected connection reset before processing", request.method(),
          request.path());
      return ResponseDefinitionBuilder.responseDefinition()
          .withFault(Fault.CONNECTION_RESET_BY_PEER)
          .build();
    }

    SimRequest journaled = request;
    SimResponse response;
    if (outage) {
      response = safeErrorResponse(503, "simulated outage", request);
    } else if (fault != null && fault.kind() == SimFault.Kind.STATUS) {
      response = fault.response(this, request);
    } else {
      Map.Entry<SimRequest, SimResponse> handled = handle(request);
      journaled = handled.getKey();
      response = handled.getValue();
    }

    ResponseDefinitionBuilder def = ResponseDefinitionBuilder.responseDefinition()
        .withStatus(response.status());
    response.headers().forEach((name, values) -> def.withHeader(name, values.toArray(String[]::new)));
    byte[] bytes = response.bodyOrNull();
    if (bytes != null) {
      def.withBody(bytes);
    }
    boolean delivered = true;
    long delayMillis = faults.latency().toMillis();
    if (fault != null) {
      switch (fault.kind()) {
        case DROP_AFTER_PROCESSING:
          def.withFault(Fault.CONNECTION_RESET_BY_PEER);
          delivered = false;
          break;
        case EMPTY_RESPONSE:
          def.withFault(Fault.EMPTY_RESPONSE);
          delivered = false;
          break;
        case MALFORMED_RESPONSE:
          def.withFault(Fault.MALFORMED_RESPONSE_CHUNK);
          delivered = false;
          break;
        case DELAY:
          delayMillis += fault.duration().toMillis();
          break;
        case SLOW_RESPONSE:
          int chunks = Math.max(2, Math.min(10, bytes == null ? 2 : bytes.length));
          def.withChunkedDribbleDelay(chunks, (int) Math.min(Integer.MAX_VALUE,
              fault.duration().toMillis()));
          break;
        default:
          break;
      }
    }
    if (delayMillis > 0) {
      def.withFixedDelay((int) Math.min(Integer.MAX_VALUE, delayMillis));
    }
    journal.record(new JournalEntry(journaled, response.status(), delivered, firedKind));
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} -> {}{}", request.method(),
          journaled.routeTemplate().orElse(request.path()), response.status(),
          firedKind == null ? "" : " (fault " + firedKind + ")");
    }
    return def.build();
  }

  private Map.Entry<SimRequest, SimResponse> handle(SimRequest request) {
    SimRequest current = request;
    try {
      SimResponse rejection = authenticate(request);
      if (rejection != null) {
        return Map.entry(request, rejection);
      }
      Route best = null;
      SimRequest bound = null;
      for (Route route : routes) {
        if (best != null && route.specificity() <= best.specificity()) {
          continue;
        }
        SimRequest candidate = match(route, request);
        if (candidate != null) {
          best = route;
          bound = candidate;
        }
      }
      if (best == null || bound == null) {
        return Map.entry(request, notFound(request));
      }
      current = bound;
      SimResponse response = best.handler().handle(bound);
      if (response == null) {
        throw new IllegalStateException("handler for " + best.description() + " returned null");
      }
      return Map.entry(bound, response);
    } catch (SimulatorError e) {
      SimResponse r = e.response();
      return Map.entry(current,
          r != null ? r : safeErrorResponse(e.status(), String.valueOf(e.getMessage()), current));
    } catch (RuntimeException | AssertionError e) {
      LOG.warn("{} internal error on {}", getClass().getSimpleName(), current, e);
      failures.add(new SimulatorFailure(current, e));
      return Map.entry(current, internalError(e));
    }
  }

  private static @Nullable SimRequest match(Route route, SimRequest request) {
    if (!"*".equals(route.method()) && !route.method().equals(request.method())) {
      return null;
    }
    PathTemplate template = route.template();
    SimRequest bound = request;
    if (template != null) {
      Map<String, String> vars = template.match(request.path());
      if (vars == null) {
        return null;
      }
      bound = request.withRoute(route.description(), vars);
    } else {
      bound = request.withRoute(route.description(), Map.of());
    }
    Predicate<SimRequest> condition = route.condition();
    return condition == null || condition.test(bound) ? bound : null;
  }

  private static SimResponse internalError(Throwable e) {
    return SimResponse.json(500, Map.of("simulator_internal_error", String.valueOf(e)))
        .header("X-Posbridge-Simulator-Error", "internal");
  }
}
