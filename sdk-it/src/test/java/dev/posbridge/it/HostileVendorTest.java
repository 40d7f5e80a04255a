package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ResponseTooLargeException;
import dev.posbridge.core.UnexpectedRedirectException;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.HttpConnectorBuilder;
import dev.posbridge.core.http.ResponseLimits;
import dev.posbridge.core.http.RetrySettings;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Each of the four connectors against a raw-socket vendor that redirects to another host,
 * answers impossible statuses, sends huge, gzip-bomb or huge-exponent bodies, demands absurd
 * waits, echoes secrets in its error bodies or fails a few times in a row. Every test runs once
 * per connector, through the public API only.
 */
class HostileVendorTest {

  /** The token each connector holds; unique per vendor so that a leak names its connector. */
  private static final String SECRET = "hostile-SECRET-token-";

  private HostileServer vendor;
  private HostileServer foreign;

  /** How a test builds one connector against a base URL; public for {@link BoundedMemoryChild}. */
  public enum Vendor {
    SQUARE((url, tweak) -> tweak.apply(SquareConnector.builder().credentials(SquareAuth.accessToken(SECRET + "square")).baseUrl(url))
        .build()),
    SHOPIFY((url, tweak) -> tweak.apply(ShopifyConnector.builder().shopDomain("hostile.myshopify.com")
        .credentials(ShopifyAuth.accessToken(SECRET + "shopify")).baseUrl(url)).build()),
    QUICKBOOKS((url, tweak) -> tweak.apply(QuickBooksConnector.builder().realmId("9130")
        .credentials(QuickBooksAuth.accessToken(SECRET + "quickbooks"))
        .mapping(QuickBooksMapping.builder().defaultDepositAccount("35")
            .paymentMethod(TenderType.CASH, "1").timeZone(ZoneOffset.UTC).build())
        .baseUrl(url)).build()),
    NETSUITE((url, tweak) -> tweak.apply(NetSuiteConnector.builder().accountId("1234567")
        .credentials(NetSuiteAuth.tokenBased("consumer-key", SECRET + "netsuite-cs", SECRET + "netsuite",
            SECRET + "netsuite-token-secret"))
        .mapping(NetSuiteMapping.builder().subsidiary("1").build())
        .baseUrl(url)).build());

    private final BiFunction<String, Tweak, CustomerConnector> factory;

    Vendor(BiFunction<String, Tweak, CustomerConnector> factory) {
      this.factory = factory;
    }

    CustomerConnector connect(String url, Tweak tweak) {
      return factory.apply(url, tweak);
    }

    String system() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    String secret() {
      return SECRET + system();
    }
  }

  /** Adjusts the shared builder settings of any connector. */
  public interface Tweak {
    <B extends HttpConnectorBuilder<B>> B apply(B builder);
  }

  private static final Tweak FAST = new Tweak() {
    @Override
    public <B extends HttpConnectorBuilder<B>> B apply(B b) {
      return b.retry(RetrySettings.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1))
          .maxBackoff(Duration.ofMillis(5)).build());
    }
  };

  static Stream<Vendor> vendors() {
    return Stream.of(Vendor.values());
  }

  static Stream<Arguments> vendorsAndRedirects() {
    return Stream.of(Vendor.values()).flatMap(v -> Stream.of(301, 302, 303, 307, 308).map(s -> Arguments.of(v, s)));
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

  private static void read(CustomerConnector c) {
    c.findCustomerByEmail("jane@example.com");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("vendorsAndRedirects")
  void aRedirectToAnotherHostIsRefusedAndTheOtherHostReceivesNothing(Vendor v, int status) throws Exception {
    vendor.respond(HostileServer.redirect(status, foreign.url("/steal?token=x")));
    try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), FAST)) {
      Throwable thrown = catchThrowable(() -> read((CustomerConnector) c));
      assertThat(thrown).isInstanceOfSatisfying(UnexpectedRedirectException.class, e -> {
        assertThat(e.system()).isEqualTo(v.system());
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.location()).contains("127.0.0.1:" + foreign.url("").replaceAll(".*:", ""), "/steal")
            .doesNotContain("token=x");
        assertThat(e.getMessage()).contains(e.operation());
      });
    }
    assertThat(foreign.requests()).as("the foreign host received nothing").isEmpty();
    assertThat(vendor.requests()).as("a redirect is not retried").hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void aUserClientThatFollowsRedirectsDoesNotMakeTheConnectorFollowThem(Vendor v) throws Exception {
    OkHttpClient permissive = new OkHttpClient.Builder().followRedirects(true).followSslRedirects(true).build();
    vendor.respond(HostileServer.redirect(307, foreign.url("/steal")));
    Tweak shared = new Tweak() {
      @Override
      public <B extends HttpConnectorBuilder<B>> B apply(B b) {
        return FAST.apply(b).okHttpClient(permissive);
      }
    };
    try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), shared)) {
      assertThatThrownBy(() -> read((CustomerConnector) c)).isInstanceOf(UnexpectedRedirectException.class);
    }
    assertThat(foreign.requests()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void anImpossibleHttpStatusIsATypedInvalidResponseWithContext(Vendor v) throws Exception {
    for (int status : new int[] {600, 999}) {
      vendor.respond(HostileServer.json(status, "{}"));
      try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), FAST)) {
        assertThatThrownBy(() -> read((CustomerConnector) c))
            .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
              assertThat(e.system()).isEqualTo(v.system());
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.getMessage()).contains(String.valueOf(status));
            });
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void aFiftyMegabyteSuccessBodyFailsTypedAfterTheLimitInsteadOfFillingTheHeap(Vendor v) throws Exception {
    vendor.respond(HostileServer.huge("{\"items\":[", "{\"id\":\"123456789\"},", "{}]}", 50L << 20, false));
    try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), FAST)) {
      assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
          assertThatThrownBy(() -> read((CustomerConnector) c)).isInstanceOfSatisfying(
              ResponseTooLargeException.class, e -> assertThat(e.system()).isEqualTo(v.system())));
    }
    assertThat(vendor.requests()).as("not retried").hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void aGzipBombIsStoppedAtTheDecompressedLimit(Vendor v) throws Exception {
    vendor.respond(HostileServer.huge("{\"items\":[\"", "          ", "\"]}", 100L << 20, true));
    Tweak small = new Tweak() {
      @Override
      public <B extends HttpConnectorBuilder<B>> B apply(B b) {
        return FAST.apply(b).responseLimits(ResponseLimits.builder().maxBodyBytes(4L << 20).build());
      }
    };
    try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), small)) {
      assertThatThrownBy(() -> read((CustomerConnector) c)).isInstanceOf(ResponseTooLargeException.class)
          .hasMessageContaining("exceeds");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void deepNestingAndLongNumbersAreRejectedAtParseTimeWithAShortMessage(Vendor v) throws Exception {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    String longNumber = "1" + "0".repeat(5000);
    for (String body : new String[] {"{\"items\":" + deep + "}", "{\"items\":[" + longNumber + "]}"}) {
      vendor.respond(HostileServer.json(200, body));
      try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), FAST)) {
        Throwable thrown = catchThrowable(() -> read((CustomerConnector) c));
        assertThat(thrown).isInstanceOf(ResponseTooLargeException.class);
        assertThat(thrown.getMessage()).hasSizeLessThan(400);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void aHugeExponentNeverHangsOrEscapesUntyped(Vendor v) throws Exception {
    vendor.respond(HostileServer.json(200, "{\"items\":[{\"id\":1e999999999,\"n\":1e999999999}],"
        + "\"data\":{\"customers\":{\"nodes\":[{\"id\":1e999999999}]}},\"QueryResponse\":{\"Customer\":"
        + "[{\"Id\":1e999999999,\"Balance\":1e999999999}]},\"customers\":[{\"id\":1e999999999}]}"));
    try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), FAST)) {
      Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> catchThrowable(() -> read((CustomerConnector) c)));
      if (thrown != null) {
        assertThat(thrown).isInstanceOf(PosbridgeException.class);
        assertThat(thrown.getMessage()).hasSizeLessThan(2000);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void aVendorDemandedWaitBeyondMaxRetryAfterFailsAtOnceAsRateLimited(Vendor v) throws Exception {
    for (int status : new int[] {429, 503}) {
      vendor.respond(HostileServer.raw(status, Map.of("Retry-After", "999999999", "Content-Type", "application/json"),
          "{}".getBytes(StandardCharsets.UTF_8)));
      try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), FAST)) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
            assertThatThrownBy(() -> read((CustomerConnector) c)).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfter()).isGreaterThan(Duration.ofSeconds(60))));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void aSecretEchoedByTheVendorIsMaskedInLogsAndExceptionMessages(Vendor v) throws Exception {
    Path log = Path.of("target/posbridge-it.log");
    LoggerFactory.getLogger(HostileVendorTest.class);
    long offset = Files.exists(log) ? Files.size(log) : 0;
    String echo = "your credential " + v.secret() + " is bad; X-Shopify-Access-Token: " + v.secret();
    String body = "{\"errors\":[{\"code\":\"BAD_REQUEST\",\"detail\":\"" + echo + "\",\"message\":\"" + echo
        + "\"}],\"Fault\":{\"Error\":[{\"Message\":\"" + echo + "\",\"Detail\":\"" + echo + "\",\"code\":\"2020\"}],"
        + "\"type\":\"ValidationFault\"},\"o:errorDetails\":[{\"detail\":\"" + echo + "\"}],\"title\":\"" + echo
        + "\"}";
    vendor.respond(HostileServer.json(400, body));
    Throwable thrown;
    try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), FAST)) {
      thrown = catchThrowable(() -> read((CustomerConnector) c));
    }
    assertThat(thrown).isInstanceOf(PosbridgeException.class);
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(v.secret());
    }
    String logged = Files.exists(log) ? tail(log, offset) : "";
    assertThat(logged).as("something was logged at TRACE").isNotEmpty();
    assertThat(logged).doesNotContain(v.secret());
    assertThat(vendor.requests().get(0).everything()).as("the secret was really sent").contains(v.secret());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void oneCallThatExhaustedItsRetriesPlusOneMoreFailureDoNotStopTheNextCall(Vendor v) throws Exception {
    vendor.respond(HostileServer.json(503, "{}"));
    Tweak breaker = new Tweak() {
      @Override
      public <B extends HttpConnectorBuilder<B>> B apply(B b) {
        return FAST.apply(b).retry(RetrySettings.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(2)).build()).circuitBreaker(CircuitBreakerSettings.defaults());
      }
    };
    try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), breaker)) {
      CustomerConnector connector = (CustomerConnector) c;
      assertThatThrownBy(() -> read(connector)).isInstanceOf(PosbridgeException.class);
      assertThat(vendor.requests()).as("five attempts").hasSize(5);
      assertThatThrownBy(() -> read(connector)).isInstanceOf(PosbridgeException.class);
      int before = vendor.requests().size();

      vendor.respond(HostileServer.json(200, "{}"));
      catchThrowable(() -> read(connector));

      assertThat(vendor.requests()).as("the next call was sent, not failed by an open circuit")
          .hasSizeGreaterThan(before);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void anUninterpretableSuccessfulAnswerReportsItsRealStatusNotZero(Vendor v) throws Exception {
    vendor.respond(HostileServer.json(200, "{\"unexpected\":true,\"data\":7,\"customers\":7}"));
    try (AutoCloseable c = (AutoCloseable) v.connect(vendor.url(""), FAST)) {
      Throwable thrown = catchThrowable(() -> read((CustomerConnector) c));
      assertThat(thrown).as("a successful answer of the wrong shape is rejected")
          .isInstanceOfSatisfying(InvalidResponseException.class, e -> assertThat(e.status()).isEqualTo(200));
    }
  }

  private static String tail(Path file, long offset) throws Exception {
    byte[] all = Files.readAllBytes(file);
    return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
        StandardCharsets.UTF_8);
  }
}
