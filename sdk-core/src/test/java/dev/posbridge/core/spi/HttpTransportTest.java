package dev.posbridge.core.spi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.RetrySettings;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {

  record Thing(String id, BigDecimal amount) {}

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private WireMockServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private HttpTransport.Builder transport() {
    return HttpTransport.builder()
        .system("square")
        .baseUrl(server.baseUrl())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .sleeper(sleeper)
        .retry(RetrySettings.builder().jitter(0).build());
  }

  private static HttpCall getThing() {
    return HttpCall.get("/v2/things/1").operation("GetThing").build();
  }

  @Test
  void decodesJsonBodyWithBigDecimals() {
    server.stubFor(get("/v2/things/1").willReturn(okJson("{\"id\":\"1\",\"amount\":12.30,\"extra\":true}")));

    Thing thing = transport().build().execute(getThing(), Thing.class);

    assertThat(thing).isEqualTo(new Thing("1", new BigDecimal("12.30")));
  }

  @Test
  void decodesGenericTypesAndSendsQueryAndDefaultHeaders() {
    server.stubFor(get(urlPathEqualTo("/v2/things"))
        .withQueryParam("location", equalTo("L 1"))
        .withHeader("Square-Version", equalTo("2025-01-23"))
        .willReturn(okJson("[{\"id\":\"1\",\"amount\":1}]")));

    List<Thing> things = transport().defaultHeader("Square-Version", "2025-01-23").build()
        .execute(HttpCall.get("/v2/things").query("location", "L 1").build(), new TypeReference<List<Thing>>() {});

    assertThat(things).containsExactly(new Thing("1", BigDecimal.ONE));
  }

  @Test
  void retryAfterInSecondsIsWaitedThenTheCallSucceeds() {
    server.stubFor(get("/v2/things/1").inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")).willSetStateTo("open"));
    server.stubFor(get("/v2/things/1").inScenario("throttle").whenScenarioStateIs("open")
        .willReturn(okJson("{\"id\":\"1\",\"amount\":1}")));

    Thing thing = transport().build().execute(getThing(), Thing.class);

    assertThat(thing.id()).isEqualTo("1");
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void retryAfterAsHttpDateWaitsTheDifferenceToTheInjectedClock() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(7).atOffset(ZoneOffset.UTC));
    server.stubFor(get("/v2/things/1").inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", date)).willSetStateTo("open"));
    server.stubFor(get("/v2/things/1").inScenario("throttle").whenScenarioStateIs("open")
        .willReturn(okJson("{\"id\":\"1\",\"amount\":1}")));

    transport().build().execute(getThing(), Thing.class);

    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterLongerThanTheCapSurfacesRateLimitedWithoutWaiting() {
    server.stubFor(get("/v2/things/1").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

    assertThatThrownBy(() -> transport().build().execute(getThing(), Thing.class))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
          assertThat(e.status()).isEqualTo(429);
        });
    assertThat(sleeper.sleeps).isEmpty();
    server.verify(1, getRequestedFor(urlEqualTo("/v2/things/1")));
  }

  @Test
  void persistentThrottlingEndsInRateLimitedAfterTheAttemptBudget() {
    server.stubFor(get("/v2/things/1").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));

    assertThatThrownBy(() -> transport().build().execute(getThing(), Thing.class))
        .isInstanceOf(RateLimitedException.class);
    assertThat(sleeper.sleeps).hasSize(3);
    server.verify(4, getRequestedFor(urlEqualTo("/v2/things/1")));
  }

  @Test
  void serviceUnavailableBacksOffExponentiallyCappedThenThrowsVendorUnavailable() {
    server.stubFor(get("/v2/things/1").willReturn(aResponse().withStatus(503)));
    RetrySettings retry = RetrySettings.builder().maxAttempts(5).jitter(0)
        .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(250)).build();

    assertThatThrownBy(() -> transport().retry(retry).build().execute(getThing(), Thing.class))
        .isInstanceOfSatisfying(VendorUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.system()).isEqualTo("square");
          assertThat(e.operation()).isEqualTo("GetThing");
          assertThat(e.isRetryable()).isTrue();
        });
    assertThat(sleeper.sleeps).containsExactly(
        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofMillis(250));
    server.verify(5, getRequestedFor(urlEqualTo("/v2/things/1")));
  }

  @Test
  void jitteredBackoffStaysWithinTheJitterBand() {
    server.stubFor(get("/v2/things/1").willReturn(aResponse().withStatus(502)));
    RetrySettings retry = RetrySettings.builder().maxAttempts(3).jitter(0.5)
        .initialBackoff(Duration.ofMillis(1000)).maxBackoff(Duration.ofSeconds(10)).build();

    assertThatThrownBy(() -> transport().retry(retry).build().execute(getThing(), Thing.class))
        .isInstanceOf(VendorUnavailableException.class);
    assertThat(sleeper.sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
    assertThat(sleeper.sleeps.get(1)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3000));
  }

  @Test
  void postWithoutIdempotencyKeyIsNotReplayedAfterConnectionResetMidResponse() {
    server.stubFor(post("/v2/orders").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> transport().build().execute(
            HttpCall.post("/v2/orders").operation("CreateOrder").jsonBody(Map.of("a", 1)).build(), Thing.class))
        .isInstanceOfSatisfying(VendorUnavailableException.class, e -> assertThat(e.status()).isZero());
    server.verify(1, postRequestedFor(urlEqualTo("/v2/orders")));
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void postWithoutIdempotencyKeyIsNotReplayedAfterEmptyResponse() {
    server.stubFor(post("/v2/orders").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    assertThatThrownBy(() -> transport().build().execute(
            HttpCall.post("/v2/orders").jsonBody(Map.of("a", 1)).build(), Thing.class))
        .isInstanceOf(VendorUnavailableException.class);
    server.verify(1, postRequestedFor(urlEqualTo("/v2/orders")));
  }

  @Test
  void postWithoutIdempotencyKeyIsNotReplayedAfterReadTimeoutButGetIs() {
    server.stubFor(post("/v2/slow").willReturn(okJson("{}").withFixedDelay(1500)));
    server.stubFor(get("/v2/slow").willReturn(okJson("{}").withFixedDelay(1500)));
    HttpTransport t = transport().retry(RetrySettings.builder().maxAttempts(2).jitter(0).build())
        .timeouts(dev.posbridge.core.http.TimeoutSettings.builder().read(Duration.ofMillis(200)).build()).build();

    assertThatThrownBy(() -> t.execute(HttpCall.post("/v2/slow").jsonBody(Map.of()).build(), Thing.class))
        .isInstanceOf(VendorUnavailableException.class)
        .hasMessageContaining("after the request was sent");
    assertThatThrownBy(() -> t.execute(HttpCall.get("/v2/slow").build(), Thing.class))
        .isInstanceOf(VendorUnavailableException.class);
    server.verify(1, postRequestedFor(urlEqualTo("/v2/slow")));
    server.verify(2, getRequestedFor(urlEqualTo("/v2/slow")));
  }

  @Test
  void postWithIdempotencyKeyIsReplayedAfterConnectionReset() {
    server.stubFor(post("/v2/orders").inScenario("reset").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
    server.stubFor(post("/v2/orders").inScenario("reset").whenScenarioStateIs("up")
        .willReturn(okJson("{\"id\":\"o1\",\"amount\":5}")));

    Thing created = transport().build().execute(HttpCall.post("/v2/orders").operation("CreateOrder")
        .jsonBody(Map.of("idempotency_key", "k-1")).idempotencyKey("k-1").build(), Thing.class);

    assertThat(created.id()).isEqualTo("o1");
    server.verify(2, postRequestedFor(urlEqualTo("/v2/orders")));
  }

  @Test
  void postWithoutIdempotencyKeyIsNotReplayedAfterServerError() {
    server.stubFor(post("/v2/orders").willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> transport().build().execute(HttpCall.post("/v2/orders").build(), Thing.class))
        .isInstanceOf(VendorUnavailableException.class);
    server.verify(1, postRequestedFor(urlEqualTo("/v2/orders")));
  }

  @Test
  void readOnlyPostSearchIsRetriedAfterServerError() {
    server.stubFor(post("/v2/orders/search").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
    server.stubFor(post("/v2/orders/search").inScenario("s").whenScenarioStateIs("up")
        .willReturn(okJson("{\"id\":\"o1\",\"amount\":5}")));

    transport().build().execute(HttpCall.post("/v2/orders/search").readOnly().jsonBody(Map.of()).build(), Thing.class);

    server.verify(2, postRequestedFor(urlEqualTo("/v2/orders/search")));
  }

  @Test
  void postWithoutKeyIsRetriedWhenTheConnectionWasRefusedBeforeSending() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HttpTransport t = transport().baseUrl("http://127.0.0.1:" + port)
        .retry(RetrySettings.builder().maxAttempts(3).jitter(0).build()).build();

    assertThatThrownBy(() -> t.execute(HttpCall.post("/v2/orders").build(), Thing.class))
        .isInstanceOf(VendorUnavailableException.class)
        .hasCauseInstanceOf(ConnectException.class);
    assertThat(sleeper.sleeps).hasSize(2);
  }

  @Test
  void malformedJsonBecomesInvalidResponseWithStatusAndExcerpt() {
    server.stubFor(get("/v2/things/1").willReturn(okJson("{\"id\": \"1\", \"amount\": oops")));

    assertThatThrownBy(() -> transport().build().execute(getThing(), Thing.class))
        .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
          assertThat(e.status()).isEqualTo(200);
          assertThat(e.bodyExcerpt()).contains("\"amount\": oops");
          assertThat(e.getMessage()).doesNotContain("oops");
        });
  }

  @Test
  void unexpectedShapeBecomesInvalidResponse() {
    server.stubFor(get("/v2/things/1").willReturn(okJson("[1, 2, 3]")));

    assertThatThrownBy(() -> transport().build().execute(getThing(), Thing.class))
        .isInstanceOfSatisfying(InvalidResponseException.class, e -> assertThat(e.bodyExcerpt()).isEqualTo("[1, 2, 3]"));
  }

  @Test
  void emptyBodyWhereOneIsExpectedBecomesInvalidResponse() {
    server.stubFor(get("/v2/things/1").willReturn(aResponse().withStatus(200)));

    assertThatThrownBy(() -> transport().build().execute(getThing(), Thing.class))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("Empty");
  }

  @Test
  void excerptOfAHugeMalformedBodyIsBounded() {
    server.stubFor(get("/v2/things/1").willReturn(okJson("{\"id\":\"" + "x".repeat(100_000))));

    assertThatThrownBy(() -> transport().build().execute(getThing(), Thing.class))
        .isInstanceOfSatisfying(InvalidResponseException.class,
            e -> assertThat(e.bodyExcerpt()).hasSize(InvalidResponseException.MAX_EXCERPT));
  }

  @Test
  void sendReturnsHeadersOfA204SuchAsLocation() {
    server.stubFor(post("/record/v1/customer").willReturn(
        aResponse().withStatus(204).withHeader("Location", "https://x/record/v1/customer/42")));

    HttpHeaders headers = transport().build().send(HttpCall.post("/record/v1/customer").jsonBody(Map.of()).build());

    assertThat(headers.first("location")).isEqualTo("https://x/record/v1/customer/42");
  }

  @Test
  void defaultMapperMapsStatusesAndCarriesTheConfiguredRequestId() {
    server.stubFor(get("/a").willReturn(aResponse().withStatus(404).withHeader("intuit_tid", "tid-9")));
    server.stubFor(get("/b").willReturn(aResponse().withStatus(400).withBody("{\"error\":\"bad\"}")));
    server.stubFor(get("/c").willReturn(aResponse().withStatus(409)));
    server.stubFor(get("/d").willReturn(aResponse().withStatus(401)));
    HttpTransport t = transport().requestIdHeader("intuit_tid").build();

    assertThatThrownBy(() -> t.execute(HttpCall.get("/a").build(), Thing.class))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.requestId()).isEqualTo("tid-9"));
    assertThatThrownBy(() -> t.execute(HttpCall.get("/b").build(), Thing.class)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> t.execute(HttpCall.get("/c").build(), Thing.class)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> t.execute(HttpCall.get("/d").build(), Thing.class)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void vendorMapperSeesParsedErrorBodyAndItsThrottleHintDrivesTheRetry() {
    server.stubFor(get("/v2/things/1").inScenario("hint").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(400).withBody("{\"code\":\"THROTTLED\",\"wait\":2}")).willSetStateTo("ok"));
    server.stubFor(get("/v2/things/1").inScenario("hint").whenScenarioStateIs("ok")
        .willReturn(okJson("{\"id\":\"1\",\"amount\":1}")));
    VendorErrorMapper mapper = r -> r.body() != null && "THROTTLED".equals(r.body().path("code").asText())
        ? new RateLimitedException("throttled", r.context().withVendorCode("THROTTLED"),
            Duration.ofSeconds(r.body().path("wait").asLong()), null)
        : DefaultErrorMapper.create().map(r);

    transport().errorMapper(mapper).build().execute(getThing(), Thing.class);

    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void circuitOpensAfterConsecutiveFailuresAndRejectsFastWithoutCallingTheVendor() {
    server.stubFor(get("/v2/things/1").willReturn(aResponse().withStatus(500)));
    HttpTransport t = transport().retry(RetrySettings.disabled())
        .circuitBreaker(CircuitBreakerSettings.builder().failureThreshold(3).build()).build();

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> t.execute(getThing(), Thing.class))
          .isInstanceOfSatisfying(VendorUnavailableException.class, e -> assertThat(e.status()).isEqualTo(500));
    }
    assertThatThrownBy(() -> t.execute(getThing(), Thing.class))
        .isInstanceOf(VendorUnavailableException.class)
        .hasMessageContaining("Circuit open");
    server.verify(3, getRequestedFor(urlEqualTo("/v2/things/1")));
  }

  @Test
  void anOpenCircuitLetsATrialCallThroughAfterItsDelayAndClosesWhenItSucceeds() throws Exception {
    server.stubFor(get("/v2/things/1").willReturn(aResponse().withStatus(500)));
    HttpTransport t = transport().retry(RetrySettings.disabled())
        .circuitBreaker(CircuitBreakerSettings.builder().failureThreshold(2).delay(Duration.ofMillis(40))
            .build()).build();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> t.execute(getThing(), Thing.class)).isInstanceOf(VendorUnavailableException.class);
    }
    server.stubFor(get("/v2/things/1").willReturn(okJson("{\"id\":\"1\",\"amount\":1}")));

    Thread.sleep(60);

    assertThat(t.execute(getThing(), Thing.class).id()).as("the trial call after the delay").isEqualTo("1");
    assertThat(t.execute(getThing(), Thing.class).id()).as("closed again").isEqualTo("1");
    server.verify(4, getRequestedFor(urlEqualTo("/v2/things/1")));
  }

  @Test
  void clientErrorsDoNotOpenTheCircuit() {
    server.stubFor(get("/v2/things/1").willReturn(aResponse().withStatus(404)));
    HttpTransport t = transport().circuitBreaker(CircuitBreakerSettings.builder().failureThreshold(2).build()).build();

    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> t.execute(getThing(), Thing.class)).isInstanceOf(NotFoundException.class);
    }
    server.verify(4, getRequestedFor(urlEqualTo("/v2/things/1")));
  }

  @Test
  void retriesStopWhenTheElapsedBudgetWouldBeExceeded() {
    server.stubFor(get("/v2/things/1").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "50")));
    RetrySettings retry = RetrySettings.builder().maxAttempts(10).maxElapsed(Duration.ofSeconds(120)).build();
    Instant[] now = {NOW};
    Clock moving = new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now[0]; }
    };
    Sleeper advancing = d -> now[0] = now[0].plus(d);

    assertThatThrownBy(() -> transport().retry(retry).clock(moving).sleeper(advancing).build()
        .execute(getThing(), Thing.class)).isInstanceOf(VendorUnavailableException.class);
    server.verify(3, getRequestedFor(urlEqualTo("/v2/things/1")));
  }

  @Test
  void retryAfterParsesSecondsDatesAndRejectsGarbage() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    assertThat(HttpTransport.parseRetryAfter("3", clock)).isEqualTo(Duration.ofSeconds(3));
    assertThat(HttpTransport.parseRetryAfter("1.5", clock)).isEqualTo(Duration.ofMillis(1500));
    assertThat(HttpTransport.parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", clock)).isEqualTo(Duration.ofMinutes(1));
    assertThat(HttpTransport.parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", clock)).isZero();
    assertThat(HttpTransport.parseRetryAfter("soon", clock)).isZero();
    assertThat(HttpTransport.parseRetryAfter("-4", clock)).isZero();
    assertThat(HttpTransport.parseRetryAfter(null, clock)).isZero();
  }

  @Test
  void noDelaySocketFactorySetsTcpNoDelayOnEverySocket() throws Exception {
    SocketFactory factory = NoDelaySocketFactory.wrap(SocketFactory.getDefault());
    try (Socket unconnected = factory.createSocket();
        Socket connected = factory.createSocket("127.0.0.1", server.port())) {
      assertThat(unconnected.getTcpNoDelay()).isTrue();
      assertThat(connected.getTcpNoDelay()).isTrue();
    }
    assertThat(NoDelaySocketFactory.wrap(factory)).isSameAs(factory);
  }

  @Test
  void userSuppliedClientIsDerivedAndStillGetsRetries() {
    okhttp3.OkHttpClient user = new okhttp3.OkHttpClient();
    server.stubFor(get("/v2/things/1").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    server.stubFor(get("/v2/things/1").inScenario("s").whenScenarioStateIs("up")
        .willReturn(okJson("{\"id\":\"1\",\"amount\":1}")));

    try (HttpTransport t = transport().okHttpClient(user).build()) {
      assertThat(t.execute(getThing(), Thing.class).id()).isEqualTo("1");
    }
    assertThat(user.dispatcher().executorService().isShutdown()).isFalse();
    server.verify(2, getRequestedFor(urlEqualTo("/v2/things/1")));
  }

  @Test
  void largeRequestBodiesAreSentIntact() {
    String big = "y".repeat(64 * 1024);
    server.stubFor(post("/v2/big").withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(big))
        .willReturn(okJson("{\"id\":\"big\",\"amount\":0}")));

    Thing t = transport().build().execute(HttpCall.post("/v2/big").jsonBody(Map.of("data", big)).build(), Thing.class);

    assertThat(t.id()).isEqualTo("big");
  }
}
