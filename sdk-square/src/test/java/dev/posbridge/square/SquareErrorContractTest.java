package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.testing.SimFault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SquareErrorContractTest extends SquareTestSupport {

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(400, "INVALID_REQUEST_ERROR", "INVALID_VALUE", ValidationException.class),
        Arguments.of(400, "INVALID_REQUEST_ERROR", "VERSION_MISMATCH", ConflictException.class),
        Arguments.of(400, "INVALID_REQUEST_ERROR", "IDEMPOTENCY_KEY_REUSED", ConflictException.class),
        Arguments.of(400, "PAYMENT_METHOD_ERROR", "CARD_DECLINED", ValidationException.class),
        Arguments.of(401, "AUTHENTICATION_ERROR", "ACCESS_TOKEN_EXPIRED", AuthenticationException.class),
        Arguments.of(403, "AUTHENTICATION_ERROR", "INSUFFICIENT_SCOPES", ForbiddenException.class),
        Arguments.of(404, "INVALID_REQUEST_ERROR", "NOT_FOUND", NotFoundException.class),
        Arguments.of(409, "INVALID_REQUEST_ERROR", "CONFLICT", ConflictException.class),
        Arguments.of(429, "RATE_LIMIT_ERROR", "RATE_LIMITED", RateLimitedException.class),
        Arguments.of(500, "API_ERROR", "INTERNAL_SERVER_ERROR", VendorUnavailableException.class),
        Arguments.of(503, "API_ERROR", "SERVICE_UNAVAILABLE", VendorUnavailableException.class),
        Arguments.of(400, "REFUND_ERROR", "REFUND_AMOUNT_INVALID", ValidationException.class),
        Arguments.of(400, "MERCHANT_SUBSCRIPTION_ERROR", "MERCHANT_SUBSCRIPTION_NOT_FOUND", ForbiddenException.class),
        Arguments.of(424, "EXTERNAL_VENDOR_ERROR", "GIFT_CARD_AVAILABLE_AMOUNT", VendorUnavailableException.class),
        Arguments.of(401, "AUTHENTICATION_ERROR", "UNAUTHORIZED", AuthenticationException.class),
        Arguments.of(403, "AUTHENTICATION_ERROR", "FORBIDDEN", ForbiddenException.class),
        Arguments.of(502, "API_ERROR", "BAD_GATEWAY", VendorUnavailableException.class),
        Arguments.of(504, "API_ERROR", "GATEWAY_TIMEOUT", VendorUnavailableException.class));
  }

  @ParameterizedTest(name = "{0} {2} -> {3}")
  @MethodSource("table")
  void eachSquareErrorMapsToItsException(int status, String category, String code, Class<?> type) {
    sim.faults().inject(SimFault.status(status).times(10).body(Map.of("errors",
        List.of(Map.of("category", category, "code", code, "detail", "simulated", "field", "f")))));

    assertThatThrownBy(() -> square.locations())
        .isInstanceOf(type)
        .isInstanceOfSatisfying(VendorException.class, e -> {
          assertThat(e.vendorCode()).isEqualTo(code);
          assertThat(e.status()).isEqualTo(status);
          assertThat(e.system()).isEqualTo("square");
          assertThat(e.operation()).isEqualTo("ListLocations");
        });
  }

  @Test
  void errorBodiesThatAreNotSquaresEnvelopeStillMapByStatus() {
    sim.faults().inject(SimFault.status(502).times(10).body(Map.of("message", "upstream")));
    assertThatThrownBy(() -> square.locations()).isInstanceOf(VendorUnavailableException.class);
    sim.faults().clear();
    sim.faults().inject(SimFault.status(404).times(1).body(Map.of()));
    assertThatThrownBy(() -> square.locations()).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aWrongTokenIsRejectedWithUnauthorized() {
    try (SquareConnector wrong = connector("not-the-token")) {
      assertThatThrownBy(wrong::locations)
          .isInstanceOfSatisfying(AuthenticationException.class,
              e -> assertThat(e.vendorCode()).isEqualTo("UNAUTHORIZED"));
    }
    assertThat(sim.journal().entries()).allSatisfy(e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void sendsTheBearerTokenAndVersionOnEveryCall() {
    square.locations();

    var request = sim.journal().last().orElseThrow().request();
    assertThat(request.bearerToken()).hasValue(dev.posbridge.testing.square.SquareSimulator.DEFAULT_TOKEN);
    assertThat(request.header("Square-Version")).hasValue("2026-08-19");
  }

  @Test
  void throttledThenSucceedsAndRetriesWritesWithTheSameKey() {
    sim.faults().inject(SimFault.status(429).retryAfter("0.001").times(1).on("POST", "/v2/orders"));

    square.recordSale(SquareSalesContractTest.externalSale(main), RequestOptions.idempotencyKey("t-1"));

    var creates = requests("POST", "/v2/orders");
    assertThat(creates).hasSize(2);
    assertThat(creates.get(0).status()).isEqualTo(429);
    assertThat(creates.get(1).request().json().path("idempotency_key").asText())
        .isEqualTo(creates.get(0).request().json().path("idempotency_key").asText());
    assertThat(sim.count("order")).isEqualTo(1);
  }

  @Test
  void recoversFromAShortOutageAndFromAConnectionResetOnAKeyedWrite() {
    sim.faults().outage(2);
    assertThat(square.locations()).hasSize(2);

    sim.faults().inject(SimFault.dropAfterProcessing().times(1).on("POST", "/v2/payments"));
    square.recordSale(SquareSalesContractTest.externalSale(main), RequestOptions.idempotencyKey("reset"));

    assertThat(sim.count("payment")).isEqualTo(1);
    assertThat(sim.effects().count("CreatePayment", "reset:payment:0")).isEqualTo(1);
    assertThat(requests("POST", "/v2/payments")).hasSize(2);
  }

  @Test
  void aLongOutageSurfacesAsVendorUnavailable() {
    sim.faults().outage(true);

    assertThatThrownBy(() -> square.sales(SalesQuery.updatedBetween(NOW.minusSeconds(60), NOW)).stream().toList())
        .isInstanceOf(VendorUnavailableException.class)
        .satisfies(e -> assertThat(((VendorException) e).isRetryable()).isTrue());
    sim.faults().outage(false);
  }

  @Test
  void errorsInsideASuccessfulResponseAreRaised() {
    sim.faults().inject(SimFault.status(200).times(1).body(Map.of("orders", List.of(), "errors",
        List.of(Map.of("category", "INVALID_REQUEST_ERROR", "code", "INVALID_CURSOR", "detail", "x")))));

    assertThatThrownBy(() -> square.sales(SalesQuery.updatedBetween(NOW.minusSeconds(60), NOW)
        .atLocations(List.of(main))).stream().toList())
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.vendorCode()).isEqualTo("INVALID_CURSOR"));
  }

  @Test
  void malformedOrdersAreInvalidResponsesWithContext() {
    sim.faults().inject(SimFault.status(200).times(1).body(Map.of("orders", List.of(Map.of("id", "O1",
        "location_id", main, "created_at", "yesterday", "total_money", Map.of("amount", 1, "currency", "USD"))))));

    assertThatThrownBy(() -> square.sales(SalesQuery.updatedBetween(NOW.minusSeconds(60), NOW)
        .atLocations(List.of(main))).stream().toList())
        .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
          assertThat(e.system()).isEqualTo("square");
          assertThat(e.operation()).isEqualTo("SearchOrders");
        });
  }

  @Test
  void aBadCursorIsRejectedBySquareAsInvalidCursor() {
    sim.seedOrder(SquareSalesContractTest.simpleOrder(main, "2025-11-03T08:00:00Z", 100));
    sim.seedOrder(SquareSalesContractTest.simpleOrder(main, "2025-11-03T08:01:00Z", 100));
    SalesQuery q = SalesQuery.updatedBetween(Instant.parse("2025-11-03T00:00:00Z"), NOW)
        .atLocations(List.of(main)).withPageSize(1);
    String next = square.sales(q).pages().iterator().next().nextCursor();
    // The same cursor with a different query: Square rejects it.
    SalesQuery other = q.atLocations(List.of(main, second)).resumingAt(next);

    assertThatThrownBy(() -> square.sales(other).stream().toList())
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.vendorCode()).isEqualTo("INVALID_CURSOR"));
  }
}
