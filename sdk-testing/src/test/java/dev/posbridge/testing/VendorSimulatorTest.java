package dev.posbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.testing.internal.Gzip;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VendorSimulatorTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static CounterSimulator sim;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    sim = new CounterSimulator();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @AfterEach
  void resetSimulator() {
    sim.reset();
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
        .header("Authorization", "Bearer " + CounterSimulator.TOKEN)
        .timeout(Duration.ofSeconds(10));
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  private HttpResponse<String> increment(String name, String key)
      throws IOException, InterruptedException {
    return send(request("/counters/" + name + "/increment")
        .header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString("{\"by\":1}"))
        .build());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return MAPPER.readTree(response.body());
  }

  @Test
  void routesDecodePathVariablesForTheHandler() throws Exception {
    HttpResponse<String> response = get("/counters/a%20b+c");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("name").asText()).isEqualTo("a b+c");
  }

  @Test
  void literalRouteBeatsTemplateRouteAndQueryParamsAreDecoded() throws Exception {
    HttpResponse<String> response = get("/counters/search?q=a+b&q=c%26d&");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("q").toString()).isEqualTo("[\"a b\",\"c&d\"]");
  }

  @Test
  void routeConditionDispatchesRequestsOnOnePathByBody() throws Exception {
    HttpResponse<String> increment = send(request("/graphql")
        .POST(HttpRequest.BodyPublishers.ofString("{\"operationName\":\"Increment\"}")).build());
    HttpResponse<String> other = send(request("/graphql")
        .POST(HttpRequest.BodyPublishers.ofString("{\"operationName\":\"Read\"}")).build());

    assertThat(json(increment).path("data").asText()).isEqualTo("increment");
    assertThat(json(other).path("data").asText()).isEqualTo("other");
  }

  @Test
  void gzippedRequestBodyReachesTheHandlerInflated() throws Exception {
    byte[] gz = Gzip.gzip("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response = send(request("/echo?tag=x&tag=y")
        .header("Content-Encoding", "gzip")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gz)).build());

    JsonNode body = json(response);
    assertThat(body.path("body").asText()).isEqualTo("{\"hello\":\"world\"}");
    assertThat(body.path("contentType").asText()).isEqualTo("application/json");
    assertThat(body.path("tags").toString()).isEqualTo("[\"x\",\"y\"]");
  }

  @Test
  void authenticateHookRejectsRequestsWithoutTheKnownToken() throws Exception {
    HttpResponse<String> noToken = send(HttpRequest.newBuilder(
        URI.create(sim.baseUrl() + "/counters/a")).GET().build());
    HttpResponse<String> wrongToken = send(HttpRequest.newBuilder(
        URI.create(sim.baseUrl() + "/counters/a")).header("Authorization", "Bearer nope")
        .GET().build());

    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(json(noToken).path("errors").get(0).path("code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(wrongToken.statusCode()).isEqualTo(401);
  }

  @Test
  void unmatchedRequestGetsTheSimulatorsNotFoundEnvelope() throws Exception {
    HttpResponse<String> response = get("/nowhere");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("errors").get(0).path("code").asText()).contains("/nowhere");
  }

  @Test
  void simulatorErrorAnswersWithItsStatusAndIsNotAnInternalError() throws Exception {
    HttpResponse<String> response = get("/teapot");

    assertThat(response.statusCode()).isEqualTo(418);
    assertThat(json(response).path("errors").get(0).path("code").asText())
        .isEqualTo("short and stout");
    assertThat(sim.internalErrors()).isEmpty();
  }

  @Test
  void otherHandlerExceptionsAnswer500AndAreRecorded() throws Exception {
    HttpResponse<String> response = get("/boom");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("simulator bug");
    assertThat(sim.internalErrors()).singleElement()
        .satisfies(f -> assertThat(f.error()).hasMessage("simulator bug"));
    assertThatThrownBy(sim::assertNoInternalErrors).isInstanceOf(AssertionError.class)
        .hasMessageContaining("/boom");
  }

  @Test
  void statusFaultAnswersWithRetryAfterAndSkipsTheHandler() throws Exception {
    sim.faults().inject(SimFault.status(429).retryAfter(Duration.ofMillis(1500)));

    HttpResponse<String> faulted = increment("a", "k1");
    HttpResponse<String> next = increment("a", "k1");

    assertThat(faulted.statusCode()).isEqualTo(429);
    assertThat(faulted.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(json(faulted).path("errors").get(0).path("code").asText()).contains("429");
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(sim.counter("a")).isEqualTo(1);
    assertThat(sim.faults().fired()).isEqualTo(1);
    assertThat(sim.faults().fired(SimFault.Kind.STATUS)).isEqualTo(1);
    assertThat(sim.journal().entries()).extracting(JournalEntry::faulted).containsExactly(true, false);
  }

  @Test
  void faultRestrictedToAnEndpointFiresOnTheNthMatchingCallWithItsOwnBody() throws Exception {
    sim.faults().inject(SimFault.status(503).body(java.util.Map.of("custom", true))
        .on("GET", "/counters/{name}").skip(2));

    assertThat(increment("a", "k1").statusCode()).isEqualTo(200);
    assertThat(get("/counters/a").statusCode()).isEqualTo(200);
    assertThat(get("/counters/b").statusCode()).isEqualTo(200);
    HttpResponse<String> third = get("/counters/c");

    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(json(third).path("custom").asBoolean()).isTrue();
    assertThat(sim.faults().pending()).isZero();
  }

  @Test
  void outageAnswers503UntilSwitchedOffOrForTheNextRequests() throws Exception {
    sim.faults().outage(true);
    assertThat(get("/counters/a").statusCode()).isEqualTo(503);
    assertThat(increment("a", "k1").statusCode()).isEqualTo(503);
    sim.faults().outage(false);
    sim.faults().outage(1);

    assertThat(get("/counters/a").statusCode()).isEqualTo(503);
    assertThat(get("/counters/a").statusCode()).isEqualTo(200);
    assertThat(sim.counter("a")).isZero();
    assertThat(sim.faults().fired()).isEqualTo(3);
  }

  @Test
  void connectionResetBeforeProcessingLeavesStateUnchanged() throws Exception {
    sim.faults().inject(SimFault.resetBeforeProcessing().on("POST", "/counters/{name}/increment"));

    assertThatThrownBy(() -> increment("a", "k1")).isInstanceOf(IOException.class);

    assertThat(sim.counter("a")).isZero();
    assertThat(sim.effects().total("increment")).isZero();
    JournalEntry entry = sim.journal().last().orElseThrow();
    assertThat(entry.delivered()).isFalse();
    assertThat(entry.status()).isZero();
    assertThat(entry.firedFault()).hasValue(SimFault.Kind.RESET_BEFORE_PROCESSING);
  }

  @Test
  void dropAfterProcessingAppliesTheChangeAndTheRetryWithTheSameKeyReplays() throws Exception {
    sim.faults().inject(SimFault.dropAfterProcessing());

    assertThatThrownBy(() -> increment("a", "k1")).isInstanceOf(IOException.class);
    assertThat(sim.counter("a")).isEqualTo(1);

    HttpResponse<String> retry = increment("a", "k1");

    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(json(retry).path("value").asInt()).isEqualTo(1);
    assertThat(sim.counter("a")).isEqualTo(1);
    assertThat(sim.effects().count("increment", "k1")).isEqualTo(1);
    assertThat(sim.effects().duplicates("increment")).isEmpty();
    assertThat(sim.idempotency().replays()).isEqualTo(1);
    assertThat(sim.journal().requests("POST", "/counters/{name}/increment"))
        .extracting(JournalEntry::delivered).containsExactly(false, true);
  }

  @Test
  void reusingAnIdempotencyKeyWithAnotherBodyIsAConflict() throws Exception {
    increment("a", "k1");

    HttpResponse<String> conflict = send(request("/counters/a/increment")
        .header("Idempotency-Key", "k1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"by\":5}")).build());

    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(sim.counter("a")).isEqualTo(1);
  }

  @Test
  void emptyAndMalformedResponsesApplyTheRequestButFailTheClient() throws Exception {
    sim.faults().inject(SimFault.emptyResponse());
    sim.faults().inject(SimFault.malformedResponse());

    assertThatThrownBy(() -> increment("a", "k1")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> increment("a", "k2")).isInstanceOf(IOException.class);

    assertThat(sim.counter("a")).isEqualTo(2);
  }

  @Test
  void delayFaultAndStandingLatencyDelayTheResponse() throws Exception {
    sim.faults().inject(SimFault.delay(Duration.ofMillis(150)));
    long start = System.nanoTime();
    assertThat(get("/counters/a").statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        Duration.ofMillis(150));

    sim.faults().latency(Duration.ofMillis(100));
    start = System.nanoTime();
    assertThat(get("/counters/a").statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        Duration.ofMillis(100));
    assertThat(sim.faults().fired(SimFault.Kind.DELAY)).isEqualTo(1);
  }

  @Test
  void slowResponseDribblesTheBodyOutAfterTheChangeWasApplied() throws Exception {
    sim.faults().inject(SimFault.slowResponse(Duration.ofMillis(400)));

    long start = System.nanoTime();
    HttpResponse<String> response = increment("a", "k1");

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(json(response).path("value").asInt()).isEqualTo(1);
    assertThat(sim.faults().fired(SimFault.Kind.SLOW_RESPONSE)).isEqualTo(1);
  }

  @Test
  void journalRecordsEveryRequestWithItsStatus() throws Exception {
    increment("a", "k1");
    increment("b", "k2");
    get("/counters/a");
    get("/nowhere");

    assertThat(sim.journal().count()).isEqualTo(4);
    assertThat(sim.journal().count("POST", "/counters/{name}/increment")).isEqualTo(2);
    assertThat(sim.journal().count("*", "/counters/{name}")).isEqualTo(1);
    JournalEntry first = sim.journal().entries().get(0);
    assertThat(first.request().pathVariable("name")).isEqualTo("a");
    assertThat(first.request().header("idempotency-key")).hasValue("k1");
    assertThat(first.request().bodyString()).isEqualTo("{\"by\":1}");
    assertThat(first.request().routeTemplate()).hasValue("/counters/{name}/increment");
    assertThat(first.status()).isEqualTo(200);
    assertThat(sim.journal().last().orElseThrow().status()).isEqualTo(404);
  }

  @Test
  void journalDropsTheOldestEntriesBeyondItsCapacity() throws Exception {
    try (CounterSimulator small =
        new CounterSimulator(SimulatorConfig.builder().journalCapacity(2).build())) {
      for (int i = 0; i < 3; i++) {
        http.send(HttpRequest.newBuilder(URI.create(small.baseUrl() + "/counters/n" + i)).build(),
            HttpResponse.BodyHandlers.discarding());
      }

      assertThat(small.journal().entries()).extracting(e -> e.request().path())
          .containsExactly("/counters/n1", "/counters/n2");
      assertThat(small.journal().evicted()).isEqualTo(1);
    }
  }

  @Test
  void resetClearsStateJournalAndFaultsThenReseeds() throws Exception {
    increment("a", "k1");
    sim.faults().inject(SimFault.status(500).times(5));
    sim.faults().outage(true);

    sim.reset();

    assertThat(sim.counter("a")).isZero();
    assertThat(sim.counter("seeded")).isEqualTo(7);
    assertThat(sim.journal().count()).isZero();
    assertThat(sim.faults().pending()).isZero();
    assertThat(sim.faults().outageActive()).isFalse();
    assertThat(sim.effects().total("increment")).isZero();
    assertThat(increment("a", "k1").statusCode()).isEqualTo(200);
    assertThat(sim.counter("a")).isEqualTo(1);
  }

  @Test
  void concurrentIdenticalRequestsApplyOneEffect() throws Exception {
    int clients = 8;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<HttpResponse<String>>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return increment("race", "same-key");
        }));
      }
      go.countDown();
      for (Future<HttpResponse<String>> f : results) {
        HttpResponse<String> r = f.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("value").asInt()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sim.effects().count("increment", "same-key")).isEqualTo(1);
    assertThat(sim.counter("race")).isEqualTo(1);
    sim.assertNoInternalErrors();
  }

  @Test
  void fixedPortIsHonouredAndCloseStopsTheServer() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    CounterSimulator fixed = new CounterSimulator(SimulatorConfig.builder().port(port).build());
    assertThat(fixed.port()).isEqualTo(port);
    assertThat(fixed.baseUrl()).isEqualTo("http://127.0.0.1:" + port);

    fixed.close();
    fixed.close();

    assertThatThrownBy(() -> http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/counters/a")).build(),
        HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class);
  }

  @Test
  void webhookSenderPostsExactBytesAndRecordsDeliveries() {
    byte[] body = "{\"event\":1}".getBytes(StandardCharsets.UTF_8);

    WebhookDelivery ok = sim.webhooks().send(URI.create(sim.baseUrl() + "/hooks/app"),
        java.util.Map.of("X-Signature", "abc", "Content-Type", "application/json"), body);
    WebhookDelivery down = sim.webhooks().send(URI.create("http://127.0.0.1:1/hooks"),
        java.util.Map.of(), body);

    assertThat(ok.status()).isEqualTo(204);
    assertThat(ok.accepted()).isTrue();
    assertThat(down.status()).isZero();
    assertThat(down.failure()).isPresent();
    assertThat(sim.webhooks().deliveries()).hasSize(2);
    JournalEntry received = sim.journal().last().orElseThrow();
    assertThat(received.request().header("x-signature")).hasValue("abc");
    assertThat(received.request().body()).isEqualTo(body);
  }
}
