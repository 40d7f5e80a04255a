package dev.posbridge.core.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.spi.HttpCall;
import dev.posbridge.core.spi.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OAuth2CredentialsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private WireMockServer server;
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  /** Records saves into the shared event log. */
  private final class RecordingStore implements TokenStore {
    private volatile OAuthToken token;

    RecordingStore(OAuthToken initial) {
      this.token = initial;
    }

    @Override
    public OAuthToken load() {
      return token;
    }

    @Override
    public void save(OAuthToken newToken) {
      events.add("save " + newToken.refreshToken());
      token = newToken;
    }
  }

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    server.stubFor(post("/oauth/token")
        .withHeader("Authorization", equalTo("Basic "
            + Base64.getEncoder().encodeToString("client-id:client-secret".getBytes(StandardCharsets.UTF_8))))
        .withRequestBody(containing("grant_type=refresh_token"))
        .withRequestBody(containing("refresh_token=old-refresh"))
        .willReturn(okJson("{\"access_token\":\"new-access\",\"refresh_token\":\"new-refresh\","
            + "\"expires_in\":3600,\"x_refresh_token_expires_in\":8726400,\"token_type\":\"bearer\"}")
            .withFixedDelay(50)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private TokenRefresher refresher() {
    return OAuth2TokenRefresher.create(
        URI.create(server.baseUrl() + "/oauth/token"), "client-id", "client-secret", null, CLOCK);
  }

  private Credentials recordingUse(Credentials delegate) {
    return new Credentials() {
      @Override
      public Map<String, String> headers(AuthRequest request) {
        Map<String, String> h = delegate.headers(request);
        events.add("use " + h.get("Authorization"));
        return h;
      }

      @Override
      public boolean renewAfterRejection(AuthRequest request) {
        return delegate.renewAfterRejection(request);
      }
    };
  }

  private HttpTransport transport(Credentials credentials) {
    return HttpTransport.builder().system("quickbooks").baseUrl(server.baseUrl())
        .credentials(credentials).sleeper(d -> {}).build();
  }

  private static OAuthToken token(String access, Instant expiresAt) {
    return new OAuthToken(access, "old-refresh", expiresAt, null, "accounting");
  }

  @Test
  void concurrentCallsMeetingAnExpiredTokenRefreshItExactlyOnceAndSaveBeforeUse() throws Exception {
    server.stubFor(get("/v3/company").withHeader("Authorization", equalTo("Bearer new-access"))
        .willReturn(okJson("{\"ok\":true}")));
    RecordingStore store = new RecordingStore(token("old-access", NOW.minusSeconds(10)));
    OAuth2Credentials credentials = OAuth2Credentials.builder()
        .tokenStore(store).refresher(refresher()).clock(CLOCK).build();
    HttpTransport transport = transport(recordingUse(credentials));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Map<?, ?>>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return transport.execute(HttpCall.get("/v3/company").build(), Map.class);
        }));
      }
      go.countDown();
      for (Future<Map<?, ?>> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS).get("ok")).isEqualTo(true);
      }
    } finally {
      pool.shutdownNow();
    }

    server.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
    server.verify(16, getRequestedFor(urlEqualTo("/v3/company")));
    assertThat(events).doesNotContain("use Bearer old-access");
    assertThat(events.indexOf("save new-refresh")).isNotNegative()
        .isLessThan(events.indexOf("use Bearer new-access"));
    OAuthToken saved = store.load();
    assertThat(saved.refreshToken()).isEqualTo("new-refresh");
    assertThat(saved.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(saved.refreshTokenExpiresAt()).isEqualTo(NOW.plusSeconds(8726400));
  }

  @Test
  void unauthorizedLeadsToOneRefreshAndOneRetry() {
    server.stubFor(get("/v3/company").withHeader("Authorization", equalTo("Bearer old-access"))
        .willReturn(aResponse().withStatus(401)));
    server.stubFor(get("/v3/company").withHeader("Authorization", equalTo("Bearer new-access"))
        .willReturn(okJson("{\"ok\":true}")));
    RecordingStore store = new RecordingStore(token("old-access", NOW.plus(Duration.ofHours(1))));
    OAuth2Credentials credentials = OAuth2Credentials.builder()
        .tokenStore(store).refresher(refresher()).clock(CLOCK).build();

    Map<?, ?> result = transport(credentials).execute(HttpCall.get("/v3/company").build(), Map.class);

    assertThat(result.get("ok")).isEqualTo(true);
    server.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
    server.verify(2, getRequestedFor(urlEqualTo("/v3/company")));
    assertThat(events).containsExactly("save new-refresh");
  }

  @Test
  void secondUnauthorizedFailsWithAuthenticationExceptionWithoutLooping() {
    server.stubFor(get("/v3/company").willReturn(aResponse().withStatus(401)));
    RecordingStore store = new RecordingStore(token("old-access", NOW.plus(Duration.ofHours(1))));
    OAuth2Credentials credentials = OAuth2Credentials.builder()
        .tokenStore(store).refresher(refresher()).clock(CLOCK).build();

    assertThatThrownBy(() -> transport(credentials).execute(HttpCall.get("/v3/company").build(), Map.class))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.status()).isEqualTo(401));
    server.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
    server.verify(2, getRequestedFor(urlEqualTo("/v3/company")));
  }

  @Test
  void rejectionAfterAnotherThreadRefreshedRetriesWithTheNewerTokenWithoutRefreshingAgain()
      throws Exception {
    RecordingStore store = new RecordingStore(token("old-access", NOW.plus(Duration.ofHours(1))));
    OAuth2Credentials credentials = OAuth2Credentials.builder()
        .tokenStore(store).refresher(refresher()).clock(CLOCK).build();
    AuthRequest request = new AuthRequest("GET", URI.create(server.baseUrl() + "/v3/company"));

    assertThat(credentials.headers(request)).containsEntry("Authorization", "Bearer old-access");
    Thread other = new Thread(() -> {
      credentials.headers(request);
      credentials.renewAfterRejection(request);
    });
    other.start();
    other.join();

    assertThat(credentials.renewAfterRejection(request)).isTrue();
    assertThat(credentials.headers(request)).containsEntry("Authorization", "Bearer new-access");
    server.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
  }

  @Test
  void invalidGrantBecomesAuthenticationExceptionWithVendorCode() {
    server.stubFor(post("/oauth/token").willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_grant\"}")));
    TokenRefresher refresher = refresher();

    assertThatThrownBy(() -> refresher.refresh(token("a", NOW)))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> {
          assertThat(e.vendorCode()).isEqualTo("invalid_grant");
          assertThat(e.getMessage()).doesNotContain("old-refresh").doesNotContain("client-secret");
        });
  }

  @Test
  void tokenWithoutRefreshTokenCannotBeRefreshed() {
    assertThatThrownBy(() -> refresher().refresh(OAuthToken.of("a")))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void tokenNotYetExpiredIsUsedWithoutRefresh() {
    RecordingStore store = new RecordingStore(token("old-access", NOW.plusSeconds(61)));
    OAuth2Credentials credentials = OAuth2Credentials.builder()
        .tokenStore(store).refresher(refresher()).clock(CLOCK).refreshSkew(Duration.ofSeconds(60)).build();

    assertThat(credentials.headers(new AuthRequest("GET", URI.create("https://x/y"))))
        .containsEntry("Authorization", "Bearer old-access");
    assertThat(events).isEmpty();
  }
}
