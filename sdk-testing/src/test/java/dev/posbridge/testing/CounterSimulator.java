package dev.posbridge.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A tiny test-only simulator: named counters behind a bearer token. */
final class CounterSimulator extends VendorSimulator {

  static final String TOKEN = "secret-token";

  private final Map<String, Integer> counters = new ConcurrentHashMap<>();

  CounterSimulator() {
    this(SimulatorConfig.defaults());
  }

  CounterSimulator(SimulatorConfig config) {
    super(config);
    route("GET", "/counters/{name}", r -> value(r.pathVariable("name")));
    route("GET", "/counters/search", r -> SimResponse.json(200,
        Map.of("names", counters.keySet(), "q", r.queryParams("q"))));
    route("POST", "/counters/{name}/increment", this::increment);
    route("POST", "/echo", r -> SimResponse.json(200, Map.of(
        "body", r.bodyString(),
        "contentType", r.header("content-type").orElse(""),
        "tags", r.queryParams("tag"))));
    route("POST", "/graphql", r -> "Increment".equals(r.json().path("operationName").asText()),
        r -> SimResponse.json(200, Map.of("data", "increment")));
    route("POST", "/graphql", r -> SimResponse.json(200, Map.of("data", "other")));
    route("GET", "/boom", r -> {
      throw new IllegalStateException("simulator bug");
    });
    route("GET", "/teapot", r -> {
      throw new SimulatorError(418, "short and stout");
    });
    routeMatching("webhook receiver", r -> r.path().startsWith("/hooks/"),
        r -> SimResponse.noContent());
    onReset();
  }

  private SimResponse value(String name) {
    return SimResponse.json(200, Map.of("name", name, "value", counters.getOrDefault(name, 0)));
  }

  private SimResponse increment(SimRequest r) {
    String name = r.pathVariable("name");
    String key = r.header("Idempotency-Key")
        .orElseThrow(() -> new SimulatorError(400, "Idempotency-Key required"));
    JsonView body = r.json();
    return idempotency().replayOrRun(name, key, JsonFingerprint.of(body), () -> {
      effects().record("increment", key);
      int by = body.path("by").asInt(1);
      return SimResponse.json(200, Map.of("name", name, "value", counters.merge(name, by, Integer::sum)));
    });
  }

  int counter(String name) {
    return counters.getOrDefault(name, 0);
  }

  @Override
  protected @org.jspecify.annotations.Nullable SimResponse authenticate(SimRequest request) {
    if (request.path().startsWith("/hooks/")
        || request.bearerToken().filter(TOKEN::equals).isPresent()) {
      return null;
    }
    return errorResponse(401, "UNAUTHORIZED", request);
  }

  @Override
  protected SimResponse errorResponse(int status, String message, SimRequest request) {
    return SimResponse.json(status, Map.of("errors", java.util.List.of(Map.of("code", message))));
  }

  @Override
  protected void onReset() {
    counters.clear();
    counters.put("seeded", 7);
  }
}
