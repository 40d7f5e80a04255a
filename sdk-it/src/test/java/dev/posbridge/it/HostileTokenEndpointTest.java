package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.ResponseTooLargeException;
import dev.posbridge.core.UnexpectedRedirectException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.http.TimeoutSettings;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.netsuite.NetSuiteAuth;
import dev.posbridge.netsuite.NetSuiteConnector;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.shopify.ShopifyAuth;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.HostileServer;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every connector's token refresher or token exchange against a hostile token endpoint: a
 * redirect to another host (which must receive nothing: no refresh token, no client secret, no
 * assertion), a body trickled one byte at a time (the refresh must end within the connector's
 * call timeout), and nonsense token lifetimes (never a refresh storm, never a raw
 * {@code NumberFormatException} or {@code DateTimeException}).
 */
class HostileTokenEndpointTest {

  private static final String CLIENT_SECRET = "client-SECRET-value";
  private static final String REFRESH_TOKEN = "refresh-SECRET-token";
  private static final TimeoutSettings TIMEOUTS = TimeoutSettings.builder().connect(Duration.ofSeconds(2))
      .read(Duration.ofSeconds(2)).call(Duration.ofSeconds(3)).build();
  private static final RetrySettings RETRY = RetrySettings.builder().maxAttempts(2)
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();
  private static final PrivateKey KEY = ecKey();

  private HostileServer vendor;
  private HostileServer foreign;

  /** A connector whose first call needs a token from {@code <server>/...token...}. */
  enum Refreshing {
    SQUARE, SHOPIFY, QUICKBOOKS, NETSUITE;

    CustomerConnector connect(String url) {
      TokenStore store = TokenStore.inMemory(new OAuthToken("expired-access-token", REFRESH_TOKEN,
          Instant.now().minusSeconds(60), null, null));
      return switch (this) {
        case SQUARE -> SquareConnector.builder().baseUrl(url).retry(RETRY).timeouts(TIMEOUTS)
            .credentials(SquareAuth.oauth2(store, "sq0idp-app", CLIENT_SECRET)).build();
        case SHOPIFY -> ShopifyConnector.builder().shopDomain("hostile.myshopify.com").baseUrl(url)
            .retry(RETRY).timeouts(TIMEOUTS).credentials(ShopifyAuth.expiringToken(store, "shopify-app", CLIENT_SECRET)).build();
        case QUICKBOOKS -> QuickBooksConnector.builder().realmId("9130").baseUrl(url).retry(RETRY)
            .timeouts(TIMEOUTS).credentials(QuickBooksAuth.oauth2("qbo-app", CLIENT_SECRET, store))
            .tokenEndpoint(URI.create(url + "/oauth2/v1/tokens/bearer"))
            .mapping(QuickBooksMapping.builder().defaultDepositAccount("35")
                .paymentMethod(TenderType.CASH, "1").timeZone(ZoneOffset.UTC).build())
            .build();
        case NETSUITE -> NetSuiteConnector.builder().accountId("1234567").baseUrl(url).retry(RETRY)
            .timeouts(TIMEOUTS).mapping(NetSuiteMapping.builder().subsidiary("1").build())
            .credentials(NetSuiteAuth.clientCredentials("ns-client", "cert-1", KEY)).build();
      };
    }

    /** A valid token answer with the given lifetime field value (raw JSON). */
    String tokenAnswer(String lifetime) {
      return this == SQUARE
          ? "{\"access_token\":\"new-access-token\",\"token_type\":\"bearer\",\"refresh_token\":\"rotated-SECRET\","
              + "\"expires_at\":" + lifetime + "}"
          : "{\"access_token\":\"new-access-token\",\"token_type\":\"bearer\",\"refresh_token\":\"rotated-SECRET\","
              + "\"expires_in\":" + lifetime + "}";
    }
  }

  static Stream<Refreshing> connectors() {
    return Stream.of(Refreshing.values());
  }

  static Stream<Arguments> nonsenseLifetimes() {
    List<String> seconds = List.of("0", "-5", "\"abc\"", "1e20", "\"1e999999999\"", "\"-1e999999999\"", "null",
        "[1]", "\"NaN\"");
    List<String> instants = List.of("\"abc\"", "\"1970-01-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"", "0",
        "null");
    return Stream.of(Refreshing.values()).flatMap(c -> (c == Refreshing.SQUARE ? instants : seconds).stream()
        .map(l -> Arguments.of(c, l)));
  }

  @BeforeEach
  void start() throws Exception {
    vendor = HostileServer.start();
    foreign = HostileServer.start();
  }

  @AfterEach
  void stop() {
    vendor.close();
    foreign.close();
  }

  private static HostileServer.Responder route(HostileServer.Responder token, HostileServer.Responder api) {
    return (request, out) -> (request.target().contains("token") ? token : api).respond(request, out);
  }

  private static long tokenRequests(HostileServer server) {
    return server.requests().stream().filter(r -> r.target().contains("token")).count();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectors")
  void aTokenEndpointRedirectingToAnotherHostGetsNothingSentThere(Refreshing c) throws Exception {
    foreign.respond(HostileServer.json(200, c.tokenAnswer(c == Refreshing.SQUARE ? "\"2099-01-01T00:00:00Z\"" : "3600")));
    vendor.respond(route(HostileServer.redirect(307, foreign.url("/token")), HostileServer.json(200, "{}")));
    try (AutoCloseable connector = (AutoCloseable) c.connect(vendor.url(""))) {
      Throwable thrown = catchThrowable(() -> ((CustomerConnector) connector).findCustomerByEmail("jane@example.com"));
      assertThat(thrown).isInstanceOfSatisfying(UnexpectedRedirectException.class,
          e -> assertThat(e.location()).contains(foreign.url("/token").substring("http://".length())));
    }
    assertThat(foreign.requests()).as("no refresh token, client secret or assertion reached the other host")
        .isEmpty();
    assertThat(vendor.requests()).as("no API call with a token from anywhere")
        .allMatch(r -> r.target().contains("token"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectors")
  void aTricklingTokenEndpointCannotHoldTheRefreshPastTheCallTimeout(Refreshing c) throws Exception {
    String answer = c.tokenAnswer(c == Refreshing.SQUARE ? "\"2099-01-01T00:00:00Z\"" : "3600") + " ".repeat(200);
    vendor.respond(route(HostileServer.trickle(answer, 500), HostileServer.json(200, "{}")));
    try (AutoCloseable connector = (AutoCloseable) c.connect(vendor.url(""))) {
      Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> catchThrowable(() -> ((CustomerConnector) connector).findCustomerByEmail("jane@example.com")),
          "the refresh must end by the connector's call timeout (3 s), not after the 2-minute trickle");
      assertThat(thrown).isInstanceOf(VendorUnavailableException.class);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("nonsenseLifetimes")
  void aNonsenseTokenLifetimeNeverCausesARefreshBeforeEveryCall(Refreshing c, String lifetime) throws Exception {
    vendor.respond(route(HostileServer.json(200, c.tokenAnswer(lifetime)), HostileServer.json(200, "{}")));
    try (AutoCloseable connector = (AutoCloseable) c.connect(vendor.url(""))) {
      for (int i = 0; i < 5; i++) {
        Throwable thrown = catchThrowable(() -> ((CustomerConnector) connector).findCustomerByEmail("jane@example.com"));
        if (thrown != null) {
          assertThat(thrown).as("typed, whatever the answer").isInstanceOf(PosbridgeException.class);
        }
      }
    }
    assertThat(tokenRequests(vendor)).as("one token request for five calls").isEqualTo(1);
    assertThat(vendor.requests().size()).as("the calls were made with the token").isGreaterThan(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectors")
  void aLifetimeWithAHugeExponentIsRejectedAtParseTimeAsATypedError(Refreshing c) throws Exception {
    vendor.respond(route(HostileServer.json(200, c.tokenAnswer("1e999999999")), HostileServer.json(200, "{}")));
    try (AutoCloseable connector = (AutoCloseable) c.connect(vendor.url(""))) {
      Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> catchThrowable(() -> ((CustomerConnector) connector).findCustomerByEmail("jane@example.com")));
      if (c == Refreshing.SQUARE) {
        // expires_at is a string field for Square: a number there is coerced and then unparseable.
        assertThat(thrown == null || thrown instanceof PosbridgeException).isTrue();
      } else {
        assertThat(thrown).isInstanceOf(ResponseTooLargeException.class);
        assertThat(thrown.getMessage()).hasSizeLessThan(400);
      }
    }
  }

  private static PrivateKey ecKey() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      return gen.generateKeyPair().getPrivate();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
