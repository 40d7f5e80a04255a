package dev.posbridge.core.spi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.posbridge.core.Loggers;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.auth.BearerToken;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.http.VendorCallListener;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * posbridge logs under its public logger names and says in words what happened; every call is
 * reported to registered {@link VendorCallListener}s.
 */
class PublicLoggingAndCallListenerTest {

  private static final Path LOG = Path.of("target/posbridge-test.log");

  private WireMockServer server;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private VendorCallListener.Registration registration;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    registration = VendorCallListener.register(new VendorCallListener() {
      @Override
      public void onCall(String system, String operation, int status, Duration duration) {
        events.add("call " + system + " " + operation + " " + status);
      }

      @Override
      public void onThrottleWait(String system, String source, Duration waited) {
        events.add("wait " + system + " " + source + " " + waited.toMillis());
      }

      @Override
      public void onCircuitState(String system, String state) {
        events.add("circuit " + system + " " + state);
      }
    });
  }

  @AfterEach
  void stop() {
    registration.close();
    server.stop();
  }

  private HttpTransport.Builder transport(String baseUrl) {
    return HttpTransport.builder().system("acme").baseUrl(baseUrl).credentials(BearerToken.of("t"))
        .sleeper(d -> {});
  }

  @Test
  void exhaustedRetriesAreLoggedUnderDevPosbridgeHttpWithTheStatusAndRequestIdInWords() throws Exception {
    LoggerFactory.getLogger(Loggers.HTTP);
    long offset = Files.exists(LOG) ? Files.size(LOG) : 0;
    server.stubFor(get(urlPathEqualTo("/things")).willReturn(aResponse().withStatus(503)
        .withHeader("X-Request-Id", "req-42")));
    HttpTransport t = transport(server.baseUrl()).requestIdHeader("X-Request-Id")
        .retry(RetrySettings.builder().maxAttempts(2).jitter(0).build()).build();

    assertThatThrownBy(() -> t.execute(HttpCall.get("/things").operation("ListThings").readOnly().build(), Map.class))
        .isInstanceOf(PosbridgeException.class);

    String logged = tail(offset);
    assertThat(logged).contains("WARN " + Loggers.HTTP + " - acme ListThings: gave up after 2 attempts;"
        + " the last attempt was answered HTTP 503 (vendor request id req-42)");
    assertThat(logged).doesNotContain("status=0").doesNotContain("requestId=null")
        .doesNotContain("dev.posbridge.core.internal");
    assertThat(events).contains("call acme ListThings 503").hasSizeGreaterThanOrEqualTo(3)
        .anySatisfy(e -> assertThat(e).startsWith("wait acme vendor "));
  }

  @Test
  void aVendorThatCannotBeReachedIsDescribedAsNoAnswerNotStatusZero() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long offset = Files.exists(LOG) ? Files.size(LOG) : 0;
    HttpTransport t = transport("http://127.0.0.1:" + port)
        .retry(RetrySettings.builder().maxAttempts(2).jitter(0).build()).build();

    assertThatThrownBy(() -> t.execute(HttpCall.get("/x").operation("Ping").readOnly().build(), Map.class))
        .isInstanceOf(PosbridgeException.class);

    String logged = tail(offset);
    assertThat(logged).contains("acme Ping: gave up after 2 attempts; the last attempt got no answer:"
        + " could not connect to the vendor, nothing was sent");
    assertThat(logged).doesNotContain("status=0").doesNotContain("requestId=null");
    assertThat(events).contains("call acme Ping 0");
  }

  @Test
  void circuitStateChangesReachTheListener() {
    server.stubFor(get(urlPathEqualTo("/y")).inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("still"));
    server.stubFor(get(urlPathEqualTo("/y")).inScenario("s").whenScenarioStateIs("still")
        .willReturn(okJson("{}")));
    HttpTransport t = transport(server.baseUrl())
        .retry(RetrySettings.builder().maxAttempts(1).build())
        .circuitBreaker(CircuitBreakerSettings.builder().failureThreshold(1).delay(Duration.ofMillis(50)).build())
        .build();

    assertThatThrownBy(() -> t.execute(HttpCall.get("/y").operation("Y").readOnly().build(), Map.class))
        .isInstanceOf(PosbridgeException.class);
    assertThat(events).contains("circuit acme open");
  }

  private static String tail(long offset) throws Exception {
    byte[] all = Files.readAllBytes(LOG);
    return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
  }
}
