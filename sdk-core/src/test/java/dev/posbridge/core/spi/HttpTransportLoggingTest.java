package dev.posbridge.core.spi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.auth.BearerToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Reads the file slf4j-simple writes to (configured in {@code simplelogger.properties}: posbridge
 * at TRACE) and checks that secrets and personal data never reach it.
 */
class HttpTransportLoggingTest {

  private static final Path LOG = Path.of("target/posbridge-test.log");
  private static final String TOKEN = "EAAAl-super-SECRET-token";
  private static final String EMAIL = "jane.doe@example.com";
  private static final String PHONE = "+1 415-555-0134";

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

  @Test
  void debugAndTraceLogsContainNoTokenSecretEmailOrPhone() throws Exception {
    LoggerFactory.getLogger(HttpTransport.class); // initialises slf4j-simple and its log file
    long offset = Files.exists(LOG) ? Files.size(LOG) : 0;
    server.stubFor(post(urlPathEqualTo("/v2/customers/search")).inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    server.stubFor(post(urlPathEqualTo("/v2/customers/search")).inScenario("s").whenScenarioStateIs("up")
        .willReturn(okJson("{\"customers\":[{\"email_address\":\"" + EMAIL + "\",\"phone_number\":\""
            + PHONE + "\",\"note\":\"call " + PHONE + " or mail " + EMAIL + "\"}]}")));
    server.stubFor(post(urlPathEqualTo("/v2/customers")).willReturn(aResponse().withStatus(400)
        .withBody("{\"errors\":[{\"detail\":\"" + EMAIL + " is taken\",\"access_token\":\"" + TOKEN + "\"}]}")));
    HttpTransport transport = HttpTransport.builder().system("square").baseUrl(server.baseUrl())
        .credentials(BearerToken.of(TOKEN)).defaultHeader("X-Client-Secret", "client-SECRET-value")
        .sleeper(d -> {}).build();

    transport.execute(HttpCall.post("/v2/customers/search").operation("SearchCustomers").readOnly()
        .query("email", EMAIL).query("phone", PHONE).query("limit", "10")
        .jsonBody(Map.of("query", Map.of("email_address", EMAIL, "phone_number", PHONE),
            "note", "reach me at " + EMAIL + " / " + PHONE))
        .build(), Map.class);
    assertThatThrownBy(() -> transport.execute(HttpCall.post("/v2/customers").operation("CreateCustomer")
            .jsonBody(Map.of("email_address", EMAIL)).idempotencyKey("key-1").build(), Map.class))
        .isInstanceOf(ValidationException.class);

    String logged = tail(offset);
    assertThat(logged)
        .contains("op=SearchCustomers status=503", "op=SearchCustomers status=200", "attempt=2")
        .contains("op=CreateCustomer status=400", "idempotencyKey=present")
        .contains("/v2/customers/search?email=***");
    assertThat(logged)
        .doesNotContain(TOKEN)
        .doesNotContain("SECRET")
        .doesNotContain(EMAIL)
        .doesNotContain("jane.doe")
        .doesNotContain("555-0134")
        .doesNotContain("4155550134");
  }

  @Test
  void redactorMasksPersonalDataAndSecretsInFreeText() {
    assertThat(Redactor.text("mail jane@example.org or (415) 555-0134, +44 20 7946 0958"))
        .doesNotContain("jane@", "555-0134", "7946");
    assertThat(Redactor.text("grant_type=refresh_token&refresh_token=abc&client_secret=xyz"))
        .doesNotContain("abc", "xyz");
    assertThat(Redactor.text("Authorization: Bearer abc.def")).doesNotContain("abc.def");
    assertThat(Redactor.text("{\"created_at\":\"2026-01-01T00:00:00Z\",\"amount\":12345}"))
        .isEqualTo("{\"created_at\":\"2026-01-01T00:00:00Z\",\"amount\":12345}");
    assertThat(Redactor.isSensitiveHeader("Authorization")).isTrue();
    assertThat(Redactor.isSensitiveHeader("X-Shopify-Access-Token")).isTrue();
    assertThat(Redactor.isSensitiveHeader("Idempotency-Key")).isFalse();
  }

  private static String tail(long offset) throws Exception {
    byte[] all = Files.readAllBytes(LOG);
    return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
  }
}
