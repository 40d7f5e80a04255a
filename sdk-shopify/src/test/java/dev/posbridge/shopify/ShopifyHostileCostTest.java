package dev.posbridge.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.testing.HostileServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shopify's cost figures come from the vendor: negative, NaN, huge or glacial figures must never
 * make the connector wait longer than {@code maxRetryAfter}. The sleeper records the waits
 * instead of sleeping.
 */
class ShopifyHostileCostTest {

  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private HostileServer shopify;
  private ShopifyConnector connector;

  @BeforeEach
  void start() throws Exception {
    shopify = HostileServer.start();
    connector = ShopifyConnector.builder().shopDomain("hostile.myshopify.com").credentials(ShopifyAuth.accessToken("shpat_hostile_token"))
        .baseUrl(shopify.url("")).retry(RetrySettings.builder().maxAttempts(4).maxRetryAfter(MAX_RETRY_AFTER).build())
        .sleeper(sleeps::add).build();
  }

  @AfterEach
  void stop() {
    connector.close();
    shopify.close();
  }

  private static String cost(String requested, String maximum, String current, String rate) {
    return "\"extensions\":{\"cost\":{\"requestedQueryCost\":" + requested + ",\"throttleStatus\":{"
        + "\"maximumAvailable\":" + maximum + ",\"currentlyAvailable\":" + current + ",\"restoreRate\":" + rate
        + "}}}";
  }

  private static String answer(String cost) {
    return "{\"data\":{\"customers\":{\"nodes\":[],\"edges\":[]}}," + cost + "}";
  }

  @Test
  void aThrottledAnswerWhoseFiguresImplyAnAbsurdWaitFailsAtOnceAsRateLimited() {
    shopify.respond(HostileServer.json(200, "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":"
        + "{\"code\":\"THROTTLED\"}}]," + cost("1e9", "1000", "0", "0.0001") + "}"));

    assertThatThrownBy(() -> connector.findCustomerByEmail("jane@example.com"))
        .isInstanceOfSatisfying(RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isGreaterThan(MAX_RETRY_AFTER));

    assertThat(sleeps).allMatch(d -> d.compareTo(MAX_RETRY_AFTER) <= 0);
    assertThat(shopify.requests()).as("no throttle retry after an absurd wait").hasSize(1);
  }

  @Test
  void aHugelyNegativeBucketOnASuccessNeverMakesTheNextCallWaitPastMaxRetryAfter() {
    shopify.respond(HostileServer.json(200, answer(cost("10", "1000", "-1e12", "0.0001"))));
    catchThrowable(() -> connector.findCustomerByEmail("jane@example.com"));

    Throwable second = catchThrowable(() -> connector.findCustomerByEmail("jane@example.com"));
    assertThat(second).isInstanceOf(RateLimitedException.class);
    int sent = shopify.requests().size();

    shopify.respond(HostileServer.json(200, answer(cost("10", "1000", "990", "50"))));
    Throwable third = catchThrowable(() -> connector.findCustomerByEmail("jane@example.com"));

    assertThat(third == null || third instanceof PosbridgeException).isTrue();
    assertThat(shopify.requests()).as("after the refusal the limiter asks Shopify again").hasSizeGreaterThan(sent);
    assertThat(sleeps).allMatch(d -> d.compareTo(MAX_RETRY_AFTER) <= 0);
  }

  @Test
  void nanNegativeAndHugeFiguresAreClampedAndEveryWaitStaysBounded() {
    for (String c : List.of(cost("\"NaN\"", "1e300", "\"NaN\"", "-5"), cost("-1", "-1000", "1e300", "1e300"),
        cost("1e9", "1e9", "-1e9", "1e-9"), cost("\"abc\"", "\"abc\"", "\"abc\"", "\"abc\""))) {
      shopify.respond(HostileServer.json(200, answer(c)));
      for (int i = 0; i < 3; i++) {
        Throwable thrown = catchThrowable(() -> connector.findCustomerByEmail("jane@example.com"));
        assertThat(thrown == null || thrown instanceof PosbridgeException).as(c).isTrue();
      }
    }
    assertThat(sleeps).allMatch(d -> d.compareTo(MAX_RETRY_AFTER) <= 0);
  }
}
