package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.testing.SimFault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthAndErrorsContractTest extends QboFixture {

  @Test
  void rotatedRefreshTokenIsPersistedAndSurvivesAConnectorRestart() {
    OAuthToken original = TokenStore.file(tokenFile).load();
    sim.expireAccessTokens();

    assertThat(qbo.findCatalogItemBySku("MUG-01")).isPresent();

    OAuthToken rotated = TokenStore.file(tokenFile).load();
    assertThat(rotated.refreshToken()).isNotEqualTo(original.refreshToken());
    assertThat(sim.isRefreshTokenValid(original.refreshToken())).isFalse();
    assertThat(sim.isRefreshTokenValid(rotated.refreshToken())).isTrue();
    qbo.close();

    // A new process: a new connector over the same token file.
    qbo = connector().build();
    sim.expireAccessTokens();
    assertThat(qbo.findCatalogItemBySku("TEA-01")).isPresent();
    assertThat(sim.refreshCount()).isEqualTo(2);
    assertThat(sim.isRefreshTokenValid(TokenStore.file(tokenFile).load().refreshToken())).isTrue();
  }

  @Test
  void aRevokedRefreshTokenIsAnAuthenticationFailure() {
    sim.expireAccessTokens();
    sim.reset();
    sim.seedRealm(REALM);
    assertThatThrownBy(() -> qbo.findCatalogItemBySku("MUG-01")).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void unknownRealmIsForbiddenWithCode3100AndIntuitTid() {
    qbo.close();
    qbo = connector().realmId("123").build();
    assertThatThrownBy(() -> qbo.findCatalogItemBySku("MUG-01"))
        .isInstanceOfSatisfying(ForbiddenException.class, e -> {
          assertThat(e.vendorCode()).isEqualTo("3100");
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.requestId()).startsWith("1-");
        });
  }

  @Test
  void throttlingIs429WithCode3001AndQboWaitAdvice() {
    qbo.close();
    qbo = connector().retry(RetrySettings.disabled()).build();
    sim.faults().inject(SimFault.status(429).times(5).body(Map.of("Fault", Map.of("Error", List.of(Map.of(
        "Message", "message=ThrottleExceeded; errorCode=003001; statusCode=429", "Detail", "Throttle", "code",
        "3001")), "type", "ThrottleExceeded"))));
    assertThatThrownBy(() -> qbo.findCatalogItemBySku("MUG-01"))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.vendorCode()).isEqualTo("3001");
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
          assertThat(e.isRetryable()).isTrue();
        });
  }

  @Test
  void a429IsRetriedAfterTheAdvisedWaitWithTheSameRequestId() {
    sim.faults().inject(SimFault.status(429).on("POST", "/v3/company/{realmId}/salesreceipt")
        .body(Map.of("Fault", Map.of("Error", List.of(Map.of("Message", "throttled", "Detail", "", "code", "3001")),
            "type", "ThrottleExceeded"))));
    qbo.recordSale(mugSale("t-1"), RequestOptions.idempotencyKey("t-1"));
    assertThat(posts("salesreceipt")).hasSize(2)
        .extracting(e -> e.request().queryParam("requestid").orElseThrow()).containsOnly(
            dev.posbridge.quickbooks.internal.RequestIds.of("t-1"));
    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(1);
  }

  @Test
  void serverErrorsAreRetriedThenReportedAsVendorUnavailable() {
    sim.faults().inject(SimFault.status(503).times(10));
    assertThatThrownBy(() -> qbo.stockLevels(StockQuery.all()).stream().count())
        .isInstanceOf(VendorUnavailableException.class);
    assertThat(sim.journal().count()).isEqualTo(4);
  }

  @Test
  void validationFaultsKeepTheQboCodeAndElement() {
    sim.faults().inject(SimFault.status(400).on("POST", "/v3/company/{realmId}/salesreceipt")
        .body(Map.of("Fault", Map.of("Error", List.of(Map.of("Message", "Account Period Closed",
            "Detail", "closed", "code", "6210", "element", "TxnDate")), "type", "ValidationFault"),
            "time", "2026-03-02T06:10:00.123-08:00")));
    assertThatThrownBy(() -> qbo.recordSale(mugSale("v-1"), RequestOptions.idempotencyKey("v-1")))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.vendorCode()).isEqualTo("6210");
          assertThat(e.fieldErrors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("TxnDate");
            assertThat(f.code()).isEqualTo("6210");
          });
        });
  }

  @Test
  void builderValidatesEagerly() {
    assertThatThrownBy(() -> QuickBooksConnector.builder().mapping(mapping()).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> QuickBooksConnector.builder().realmId("1").mapping(mapping()).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> QuickBooksConnector.builder().apiVersion("70"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuickBooksConnector.builder().batchSize(31))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void apiVersionSetsTheMinorVersionOfEveryCall() {
    qbo.close();
    qbo = connector().apiVersion("76").build();
    qbo.findCatalogItemBySku("MUG-01");
    assertThat(sim.journal().last().orElseThrow().request().queryParam("minorversion")).contains("76");
  }
}
