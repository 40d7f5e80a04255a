package dev.posbridge.core.spi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.ResponseTooLargeException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.ResponseLimits;
import dev.posbridge.core.http.RetrySettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transport-level bounds: parse limits, the per-call circuit breaker and the secret registry. */
class HostileAnswersTest {

  record Amount(BigDecimal value) {}

  private WireMockServer server;

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
    return HttpTransport.builder().system("square").baseUrl(server.baseUrl()).sleeper(d -> { });
  }

  @Test
  void aHugeExponentIsRejectedAtParseTimeInTreesAndObjects() throws Exception {
    ObjectMapper mapper = Json.create();
    for (String number : new String[] {"1e999999999", "-1e999999999", "1e-999999999", "1E+101"}) {
      assertThatThrownBy(() -> mapper.readTree("{\"v\":" + number + "}"))
          .isInstanceOf(StreamConstraintsException.class).hasMessageContaining("exponent");
      assertThatThrownBy(() -> mapper.readValue("{\"value\":" + number + "}", Amount.class))
          .hasRootCauseInstanceOf(StreamConstraintsException.class);
    }
    assertThat(mapper.readValue("{\"value\":12.50}", Amount.class).value()).isEqualByComparingTo("12.5");
    assertThat(mapper.readTree("{\"v\":1.5e-20}").get("v").decimalValue()).isEqualByComparingTo("1.5e-20");
  }

  @Test
  void aSuccessBodyOverTheByteLimitFailsTypedAndIsNotRetried() {
    server.stubFor(get("/v2/things").willReturn(okJson("{\"items\":[\"" + "x".repeat(5000) + "\"]}")));
    HttpTransport t = transport().responseLimits(ResponseLimits.builder().maxBodyBytes(2048).build()).build();

    assertThatThrownBy(() -> t.execute(HttpCall.get("/v2/things").operation("ListThings").build(), Map.class))
        .isInstanceOfSatisfying(ResponseTooLargeException.class, e -> {
          assertThat(e.status()).isEqualTo(200);
          assertThat(e.operation()).isEqualTo("ListThings");
          assertThat(e.getMessage()).contains("2048");
        });
    server.verify(1, getRequestedFor(urlEqualTo("/v2/things")));
  }

  @Test
  void tooManyTokensFailTypedWithAShortMessage() {
    server.stubFor(get("/v2/things").willReturn(okJson("[" + "1,".repeat(500) + "1]")));
    HttpTransport t = transport().responseLimits(ResponseLimits.builder().maxTokens(100).build()).build();

    assertThatThrownBy(() -> t.execute(HttpCall.get("/v2/things").build(), Object.class))
        .isInstanceOf(ResponseTooLargeException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
  }

  @Test
  void retriesOfOneCallCountOnceTowardsTheCircuit() {
    server.stubFor(get("/v2/things").willReturn(aResponse().withStatus(503)));
    HttpTransport t = transport()
        .retry(RetrySettings.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(1)).build())
        .circuitBreaker(CircuitBreakerSettings.builder().minimumCalls(2).failureRatePercent(100).build()).build();

    assertThatThrownBy(() -> t.execute(HttpCall.get("/v2/things").build(), Map.class))
        .isInstanceOf(VendorUnavailableException.class).hasMessageNotContaining("Circuit open");
    assertThatThrownBy(() -> t.execute(HttpCall.get("/v2/things").build(), Map.class))
        .as("the second failed call, not the fifth attempt, reaches the threshold")
        .isInstanceOf(VendorUnavailableException.class).hasMessageNotContaining("Circuit open");
    assertThatThrownBy(() -> t.execute(HttpCall.get("/v2/things").build(), Map.class))
        .hasMessageContaining("Circuit open");
    server.verify(10, getRequestedFor(urlEqualTo("/v2/things")));
  }

  @Test
  void theCircuitOpensOnAFailureRateNotOnAFewFailuresAmongSuccesses() {
    HttpTransport t = transport().retry(RetrySettings.disabled())
        .circuitBreaker(CircuitBreakerSettings.builder().minimumCalls(10).failureRatePercent(50).build()).build();
    HttpCall call = HttpCall.get("/v2/things").build();
    for (int i = 0; i < 12; i++) {
      boolean fail = i % 3 == 0;
      server.stubFor(get("/v2/things").willReturn(fail ? aResponse().withStatus(500) : okJson("{}")));
      try {
        t.execute(call, Map.class);
      } catch (PosbridgeException e) {
        assertThat(e.getMessage()).doesNotContain("Circuit open");
      }
    }
    server.verify(12, getRequestedFor(urlEqualTo("/v2/things")));
  }

  @Test
  void registeredSecretsAreMaskedInTextHeadersUrlsAndExceptionMessages() {
    String secret = "shpat_registered-SECRET-9f8e7d";
    Redactor.registerSecret(secret);
    Redactor.registerSecret("abc");

    assertThat(Redactor.text("the vendor said: bad credential " + secret + "!")).doesNotContain(secret)
        .contains(Redactor.MASK);
    assertThat(Redactor.headers(Map.of("X-Echo", java.util.List.of(secret))).toString()).doesNotContain(secret);
    assertThat(Redactor.url(okhttp3.HttpUrl.get("https://x.example/a/" + secret + "/b"))).doesNotContain(secret);
    assertThat(Redactor.text("abc stays")).as("too short to register").isEqualTo("abc stays");
    PosbridgeException e = new VendorException("echo " + secret + " " + "y".repeat(50_000),
        ErrorContext.of("shopify", "Op"), false, null);
    assertThat(e.getMessage()).doesNotContain(secret).hasSizeLessThan(1200);
  }

  @Test
  void lifetimesFollowThePolicy() {
    ObjectMapper m = Json.create();
    Duration day = Duration.ofDays(1);
    assertThat(TokenEndpoints.lifetimeSeconds(m.getNodeFactory().numberNode(3600), day)).hasValue(3600);
    assertThat(TokenEndpoints.lifetimeSeconds(m.getNodeFactory().textNode("3600"), day)).hasValue(3600);
    for (Object nonsense : new Object[] {0, -5, "abc", "NaN", "-1e999999999", "1e-999999999", ""}) {
      assertThat(TokenEndpoints.lifetimeSeconds(m.valueToTree(nonsense), day)).as("%s", nonsense).isEmpty();
    }
    assertThat(TokenEndpoints.lifetimeSeconds(m.getNodeFactory().textNode("1e999999999"), day))
        .hasValue(day.getSeconds());
    assertThat(TokenEndpoints.lifetimeSeconds(m.getNodeFactory().numberNode(new BigDecimal("1e20")), day))
        .hasValue(day.getSeconds());
  }
}
