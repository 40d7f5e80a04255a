package dev.posbridge.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.testing.SimFault;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShopifyErrorContractTest {

  private ShopifyTestSupport t;
  private ShopifyConnector shopify;

  @BeforeEach
  void setUp() {
    t = new ShopifyTestSupport();
    shopify = t.connector();
  }

  @AfterEach
  void tearDown() {
    shopify.close();
    t.close();
  }

  @Test
  void aRejectedTokenIsAnAuthenticationError() {
    t.sim.revokeToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN);

    assertThatThrownBy(() -> shopify.locations())
        .isInstanceOf(AuthenticationException.class)
        .satisfies(e -> {
          VendorException p = (VendorException) e;
          assertThat(p.status()).isEqualTo(401);
          assertThat(p.vendorCode()).isEqualTo("UNAUTHORIZED");
          assertThat(p.getMessage()).doesNotContain(ShopifySimulator.DEFAULT_ACCESS_TOKEN);
        });
  }

  @ParameterizedTest
  @CsvSource({
      "402, dev.posbridge.core.ForbiddenException, PAYMENT_REQUIRED",
      "403, dev.posbridge.core.ForbiddenException, FORBIDDEN",
      "404, dev.posbridge.core.NotFoundException, NOT_FOUND",
      "423, dev.posbridge.core.ForbiddenException, LOCKED",
      "400, dev.posbridge.core.ValidationException, BAD_REQUEST"})
  void httpErrorsMapByStatus(int status, Class<? extends VendorException> type, String code) {
    t.sim.faults().inject(SimFault.status(status));

    assertThatThrownBy(() -> shopify.locations()).isInstanceOf(type)
        .satisfies(e -> assertThat(((VendorException) e).vendorCode()).isEqualTo(code));
  }

  @Test
  void aForbiddenAnswerKeepsTheRequestId() {
    t.sim.faults().inject(SimFault.status(403).header("X-Request-Id", "req-123"));

    assertThatThrownBy(() -> shopify.locations()).isInstanceOf(ForbiddenException.class)
        .satisfies(e -> assertThat(((VendorException) e).requestId()).isEqualTo("req-123"));
  }

  @Test
  void http429IsRetriedAfterRetryAfter() {
    t.sim.faults().inject(SimFault.status(429).retryAfter(Duration.ofSeconds(2)));

    assertThat(shopify.locations()).hasSize(1);
    assertThat(t.sleeps).contains(Duration.ofSeconds(2));
  }

  @Test
  void serverErrorsOnReadsAreRetriedThenSurfaceAsVendorUnavailable() {
    t.sim.faults().inject(SimFault.status(500));
    assertThat(shopify.locations()).hasSize(1);

    t.sim.faults().inject(SimFault.status(503).times(5));
    assertThatThrownBy(() -> shopify.locations()).isInstanceOf(VendorUnavailableException.class)
        .satisfies(e -> assertThat(((VendorException) e).isRetryable()).isTrue());
  }

  @Test
  void aQueryOverTheCostLimitIsAValidationErrorWithTheVendorCode() {
    t.sim.faults().inject(SimFault.status(200).body(Map.of("errors", List.of(Map.of(
        "message", "Query cost is 1200, which exceeds the single query max cost limit (1000).",
        "extensions", Map.of("code", "MAX_COST_EXCEEDED", "cost", 1200, "maxCost", 1000))))));

    assertThatThrownBy(() -> shopify.locations()).isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((VendorException) e).vendorCode()).isEqualTo("MAX_COST_EXCEEDED"));
  }

  @Test
  void aGraphqlInternalErrorIsARetryableVendorOutage() {
    t.sim.faults().inject(SimFault.status(200).body(Map.of("errors", List.of(Map.of(
        "message", "Internal error. Looks like something went wrong on our end.",
        "extensions", Map.of("code", "INTERNAL_SERVER_ERROR"))))));

    assertThatThrownBy(() -> shopify.locations()).isInstanceOf(VendorUnavailableException.class)
        .satisfies(e -> assertThat(((VendorException) e).isRetryable()).isTrue());
  }

  @Test
  void http429WithAThrottledBodyWaitsWhatTheCostImplies() {
    t.sim.faults().inject(SimFault.status(429).body(Map.of(
        "errors", List.of(Map.of("message", "Throttled", "extensions", Map.of("code", "THROTTLED"))),
        "extensions", Map.of("cost", Map.of("requestedQueryCost", 102, "throttleStatus", Map.of(
            "maximumAvailable", 1000.0, "currentlyAvailable", 2.0, "restoreRate", 50.0))))));

    assertThat(shopify.locations()).hasSize(1);
    assertThat(t.sleeps).contains(Duration.ofSeconds(2));
  }

  @Test
  void requestedPageSizesAreCappedToStayUnderTheCostLimit() {
    try (ShopifyConnector wide = t.builder().build()) {
      // 250 orders per page is far above the 1,000-point limit; the connector caps it at 5
      assertThat(wide.sales(SalesQuery.updatedBetween(ShopifyTestSupport.T0,
          ShopifyTestSupport.T0.plusSeconds(1)).withPageSize(250)).stream()).isEmpty();
    }
    assertThat(t.lastBody().path("variables").path("first").asInt()).isEqualTo(5);
  }

  @Test
  void throttledAnswersAreRetriedAfterTheRestoreTime() {
    shopify.locations();
    t.sim.throttle(110, 10);
    t.sleeps.clear();
    // The connector still believes in the 2,000-point bucket; Shopify's is nearly empty.
    t.sim.faults().clear();
    drain();

    assertThat(shopify.locations()).hasSize(1);
    assertThat(t.sleeps).isNotEmpty();
  }

  private void drain() {
    // Spend the simulator's bucket with another client of the same token.
    try (ShopifyConnector other = t.builder().retry(RetrySettings.disabled()).build()) {
      try {
        for (int i = 0; i < 3; i++) {
          other.findCatalogItemBySku("X");
        }
      } catch (RateLimitedException expected) {
        assertThat(expected.vendorCode()).isEqualTo("THROTTLED");
        assertThat(expected.retryAfter()).isPositive();
      }
    }
  }

  @Test
  void aBurstBeyondTheBucketCompletesWithoutThrottlingReachingTheCaller() throws Exception {
    t.sim.throttle(250, 50);
    for (int i = 0; i < 5; i++) {
      t.sim.seedItem("SKU-" + i, "Item " + i, "1.00");
    }
    List<Future<?>> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int i = 0; i < 40; i++) {
        int n = i % 5;
        results.add(pool.submit(() -> shopify.findCatalogItemBySku("SKU-" + n).orElseThrow()));
      }
      for (Future<?> f : results) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    // 40 queries of ~20 points need ~800 points from a 250-point bucket: the connector waited.
    assertThat(t.sleeps).isNotEmpty();
    assertThat(t.sim.journal().entries()).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
  }

  @Test
  void unsupportedVersionsFallForwardAsShopifyDoes() {
    try (ShopifyConnector old = t.builder().apiVersion("2023-01").build()) {
      assertThat(old.apiVersion()).isEqualTo("2023-01");
      assertThat(old.locations()).hasSize(1);
    }
    assertThat(t.graphqlRequests().get(0).request().path()).isEqualTo("/admin/api/2023-01/graphql.json");
  }

  @Test
  void vendorCodesAreKeptForGraphqlErrors() {
    t.sim.faults().inject(SimFault.status(200).body(Map.of("errors", List.of(Map.of(
        "message", "Access denied for locations field.",
        "extensions", Map.of("code", "ACCESS_DENIED"))))));

    assertThatThrownBy(() -> shopify.locations()).isInstanceOf(ForbiddenException.class)
        .satisfies(e -> assertThat(((VendorException) e).vendorCode()).isEqualTo("ACCESS_DENIED"));
  }

  @Test
  void unknownGraphqlErrorsAreValidationErrorsWithTheirPaths() {
    t.sim.faults().inject(SimFault.status(200).body(Map.of("errors", List.of(Map.of(
        "message", "Field 'x' doesn't exist on type 'Location'",
        "path", List.of("query", "locations", "x"),
        "extensions", Map.of("code", "undefinedField"))))));

    assertThatThrownBy(() -> shopify.locations()).isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors()).singleElement()
            .satisfies(f -> assertThat(f.field()).isEqualTo("query.locations.x")));
  }

  @Test
  void notFoundIsNotRetried() {
    t.sim.faults().inject(SimFault.status(404));
    assertThatThrownBy(() -> shopify.locations()).isInstanceOf(NotFoundException.class);
    assertThat(t.graphqlRequests()).hasSize(1);
  }
}
