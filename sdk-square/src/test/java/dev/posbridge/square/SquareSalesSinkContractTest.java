package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.Channel;
import dev.posbridge.core.model.Charge;
import dev.posbridge.core.model.ChargeType;
import dev.posbridge.core.model.Discount;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SquareSalesSinkContractTest extends SquareTestSupport {

  Sale taxedSaleFor(String location, String variation) {
    return taxedSale(location, variation);
  }

  static Sale taxedSale(String location, String variation) {
    Money unit = Money.of("4.50", "USD");
    Money gross = Money.of("9.00", "USD");
    Discount off = Discount.of("Promo", Money.of("1.00", "USD"));
    TaxLine tax = new TaxLine("Sales tax", new BigDecimal("8"), Money.of("0.64", "USD"), false, null);
    SaleLine line = new SaleLine("1", "LATTE-12", "Latte", new BigDecimal("2"), unit, gross, List.of(off),
        List.of(tax), Money.of("8.64", "USD"), ExternalRef.of("square", "item_variation", variation));
    Money total = Money.of("10.64", "USD");
    return Sale.builder()
        .ref(ExternalRef.of("shopify", "order", "7001"))
        .number("#7001")
        .location(ExternalRef.of("square", "location", location))
        .channel(Channel.ONLINE, "Shopify")
        .createdAt(NOW)
        .currency(Money.currency("USD"))
        .addLine(line)
        .addCharge(Charge.of(ChargeType.SHIPPING, "Shipping", Money.of("2.00", "USD")))
        .addTender(new Tender(TenderType.CARD, null, total.plus(Money.of("1.00", "USD")), Money.of("1.00", "USD"),
            null, null, null, ExternalRef.of("shopify", "transaction", "tx-1")))
        .deriveTotals()
        .build();
  }

  @Test
  void recordsAnOrderAndAnExternalPaymentThatCompletesIt() {
    String latte = sim.seedItem("LATTE-12", 450);

    WriteResult result = square.recordSale(taxedSale(main, latte), RequestOptions.idempotencyKey("sale-7001"));

    JsonView order = sim.record("order", result.ref().id()).orElseThrow();
    assertThat(order.path("state").asText()).isEqualTo("COMPLETED");
    assertThat(order.path("total_money").path("amount").asLong()).isEqualTo(1164);
    assertThat(order.path("total_tip_money").path("amount").asLong()).isEqualTo(100);
    assertThat(order.path("metadata").path("posbridge_source").asText()).isEqualTo("shopify/order/7001");
    assertThat(result.ref().version()).isEqualTo("2");

    JsonView create = requests("POST", "/v2/orders").get(0).request().json();
    assertThat(create.path("idempotency_key").asText()).isEqualTo("sale-7001:order");
    assertThat(create.path("order").path("line_items").get(0).path("catalog_object_id").asText()).isEqualTo(latte);
    assertThat(create.path("order").path("taxes").get(0).path("percentage").asText()).isEqualTo("8");
    JsonView pay = requests("POST", "/v2/payments").get(0).request().json();
    assertThat(pay.path("source_id").asText()).isEqualTo("EXTERNAL");
    assertThat(pay.path("amount_money").path("amount").asLong()).isEqualTo(1064);
    assertThat(pay.path("tip_money").path("amount").asLong()).isEqualTo(100);
    assertThat(pay.path("external_details").path("type").asText()).isEqualTo("CARD");
    assertThat(pay.path("external_details").path("source").asText()).isEqualTo("Shopify");
    assertThat(pay.path("external_details").path("source_id").asText()).isEqualTo("tx-1");
    assertThat(pay.path("idempotency_key").asText()).isEqualTo("sale-7001:payment:0");

    Sale readBack = square.sales(SalesQuery.updatedBetween(NOW.minusSeconds(60), NOW.plusSeconds(60))
        .atLocations(List.of(main))).stream().findFirst().orElseThrow();
    assertThat(readBack.checkTotals().balanced()).as(readBack.checkTotals().toString()).isTrue();
    assertThat(readBack.totals().total()).isEqualTo(Money.of("11.64", "USD"));
  }

  @Test
  void aCompletedOrderWithACatalogLineSellsFromSquareStockOnce() {
    String latte = sim.seedItem("LATTE-12", 450);
    sim.seedStock(latte, main, "10");

    square.recordSale(taxedSale(main, latte), RequestOptions.idempotencyKey("stock"));
    square.recordSale(taxedSale(main, latte), RequestOptions.idempotencyKey("stock"));

    assertThat(sim.stock(latte, main, "IN_STOCK")).isEqualByComparingTo("8");
  }

  @Test
  void replayingTheSameSaleBooksItOnce() {
    String latte = sim.seedItem("LATTE-12", 450);
    Sale sale = taxedSale(main, latte);

    WriteResult first = square.recordSale(sale, RequestOptions.idempotencyKey("sale-7001"));
    WriteResult again = square.recordSale(sale, RequestOptions.idempotencyKey("sale-7001"));

    assertThat(again.ref().id()).isEqualTo(first.ref().id());
    assertThat(sim.count("order")).isEqualTo(1);
    assertThat(sim.count("payment")).isEqualTo(1);
    assertThat(sim.effects().count("CreateOrder", "sale-7001:order")).isEqualTo(1);
    assertThat(sim.effects().count("CreatePayment", "sale-7001:payment:0")).isEqualTo(1);
    assertThat(sim.idempotency().replays()).isEqualTo(2);
  }

  @Test
  void reusingAKeyForADifferentSaleIsAConflict() {
    String latte = sim.seedItem("LATTE-12", 450);
    square.recordSale(taxedSale(main, latte), RequestOptions.idempotencyKey("k"));
    Sale other = SquareSalesContractTest.externalSale(main);

    assertThatThrownBy(() -> square.recordSale(other, RequestOptions.idempotencyKey("k")))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.vendorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED"));
  }

  @Test
  void longKeysAreHashedDeterministicallyWithinSquareLimits() {
    String key = "pipeline/shopify-to-square/order/" + "x".repeat(200);
    square.recordSale(SquareSalesContractTest.externalSale(main), RequestOptions.idempotencyKey(key));
    square.recordSale(SquareSalesContractTest.externalSale(main), RequestOptions.idempotencyKey(key));

    List<JournalEntry> orders = requests("POST", "/v2/orders");
    List<JournalEntry> payments = requests("POST", "/v2/payments");
    String orderKey = orders.get(0).request().json().path("idempotency_key").asText();
    String paymentKey = payments.get(0).request().json().path("idempotency_key").asText();
    assertThat(orderKey).hasSizeLessThanOrEqualTo(192);
    assertThat(paymentKey).hasSizeLessThanOrEqualTo(45).startsWith("h-");
    assertThat(orders.get(1).request().json().path("idempotency_key").asText()).isEqualTo(orderKey);
    assertThat(payments.get(1).request().json().path("idempotency_key").asText()).isEqualTo(paymentKey);
    assertThat(sim.count("payment")).isEqualTo(1);
  }

  @Test
  void withoutAKeyTheSaleRefDerivesOne() {
    square.recordSale(SquareSalesContractTest.externalSale(main), RequestOptions.none());
    square.recordSale(SquareSalesContractTest.externalSale(main), RequestOptions.none());

    assertThat(sim.count("order")).isEqualTo(1);
  }

  @Test
  void aSaleWithoutSquareLocationOrDefaultIsRejectedBeforeAnyCall() {
    Sale sale = SquareSalesContractTest.externalSale(main).toBuilder().location(null).build();

    assertThatThrownBy(() -> square.recordSale(sale, RequestOptions.idempotencyKey("x")))
        .isInstanceOf(ValidationException.class);
    assertThat(sim.journal().count()).isZero();
  }

  @Test
  void aSaleAtAnotherSystemsLocationFailsWithTheCommonMappingCodeNamingTheLocation() {
    Sale sale = SquareSalesContractTest.externalSale(main).toBuilder()
        .location(dev.posbridge.core.model.ExternalRef.of("shopify", "location", "gid://shopify/Location/77")).build();

    assertThatThrownBy(() -> square.recordSale(sale, RequestOptions.idempotencyKey("x")))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.fieldErrors()).extracting(ValidationException.FieldError::code)
              .containsExactly(dev.posbridge.core.MappingCode.UNMAPPED_LOCATION.name());
          assertThat(e.getMessage()).contains("gid://shopify/Location/77");
        });
    assertThat(sim.journal().count()).isZero();
  }

  @Test
  void defaultLocationIsUsedForSalesWithoutASquareLocation() {
    try (SquareConnector c = SquareConnector.builder().credentials(SquareAuth.accessToken(dev.posbridge.testing.square.SquareSimulator.DEFAULT_TOKEN))
        .baseUrl(sim.baseUrl()).retry(fastRetries()).defaultLocationId(second).build()) {
      Sale sale = SquareSalesContractTest.externalSale(main).toBuilder().location(null).build();
      WriteResult r = c.recordSale(sale, RequestOptions.idempotencyKey("d"));
      assertThat(sim.record("order", r.ref().id()).orElseThrow().path("location_id").asText()).isEqualTo(second);
    }
  }

  @Test
  void refundOfARecordedSaleFindsThePaymentThroughTheOrder() {
    WriteResult sale = square.recordSale(SquareSalesContractTest.externalSale(main), RequestOptions.idempotencyKey("s"));
    dev.posbridge.core.model.Refund refund = new dev.posbridge.core.model.Refund(
        ExternalRef.of("shopify", "refund", "r9"), sale.ref(), null, Instant.parse("2025-11-03T11:00:00Z"),
        dev.posbridge.core.model.RefundStatus.COMPLETED, null, List.of(), Money.of("12.00", "USD"),
        Money.zero(Money.currency("USD")), List.of(), null, List.of());

    WriteResult r = square.recordRefund(refund, RequestOptions.idempotencyKey("refund-r9"));
    square.recordRefund(refund, RequestOptions.idempotencyKey("refund-r9"));

    assertThat(r.ref().type()).isEqualTo("refund");
    assertThat(sim.count("refund")).isEqualTo(1);
    assertThat(sim.effects().count("RefundPayment", "refund-r9:refund")).isEqualTo(1);
  }
}
