package dev.posbridge.netsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.Discount;
import dev.posbridge.core.model.ExchangeRate;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleState;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Totals;
import dev.posbridge.core.model.UnitPrice;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NetSuite cash sales and cash refunds carry the source's amounts exactly (what NetSuite totals
 * them to is the source's total), their currency and exchange rate, follow amendments and voids,
 * read back with the source ref, and deletions surface in the change feed.
 */
class BooksThatBalanceTest extends SimFixture {

  private static Money usd(String v) {
    return Money.of(v, "USD");
  }

  private List<JournalEntry> puts() {
    return requests("PUT", "/services/rest/record/v1/{type}/{id}");
  }

  private JsonView lastPut() {
    List<JournalEntry> p = puts();
    return p.get(p.size() - 1).request().json();
  }

  private static Refund mugRefund(String id, int qty, String unit, String tax) {
    RefundLine line = RefundLine.of("MUG-01", "Mug", BigDecimal.valueOf(qty), UnitPrice.of(unit, "USD"), true)
        .withTaxes(List.of(TaxLine.additive("Sales tax", new BigDecimal("8.25"), usd(tax))));
    return Refund.builder().ref(ExternalRef.of("square", "return", id))
        .location(ExternalRef.of("square", "location", "store-9")).createdAt(T0).currency(USD)
        .addLine(line).deriveAmounts().build();
  }

  @Test
  void refundsOf4712And204AreTotalledByNetSuiteToExactlyTheirAmounts() {
    for (Refund r : List.of(mugRefund("r-4712", 2, "21.71", "3.70"), mugRefund("r-204", 1, "1.89", "0.15"))) {
      WriteResult w = connector.recordRefund(r, RequestOptions.none());
      JsonView stored = sim.record("cashRefund", w.ref().id()).orElseThrow();
      assertThat(stored.path("total").decimalValue()).isEqualByComparingTo(r.amount().amount());
      assertThat(stored.path("taxTotal").decimalValue()).isEqualByComparingTo(r.taxAmount().amount());
      JsonView line = stored.path("item").path("items").get(0);
      assertThat(line.path("rate").decimalValue()).isEqualByComparingTo(r.lines().get(0).unitPrice().amount());
    }
  }

  @Test
  void aForeignCurrencyRefundWithDiscountTaxCustomerAndNumberCarriesCurrencyAndRate() {
    connector.close();
    connector = connector(mappingBuilder().currency("CAD", "3").chargeItem(mug).build(), b -> { });
    String jane = sim.seedCustomer("Jane", "Roe", "jane@example.com", null);
    Currency cad = Currency.getInstance("CAD");
    RefundLine line = new RefundLine("l1", "MUG-01", "Mug", new BigDecimal("2"), UnitPrice.of("25.00", "CAD"),
        Money.of("50.00", "CAD"), List.of(Discount.of("Loyalty", Money.of("5.00", "CAD"))),
        List.of(new TaxLine("QST", new BigDecimal("9.975"), Money.of("4.49", "CAD"), false, null)), true,
        Money.of("49.49", "CAD"), true, null);
    Refund refund = Refund.builder().ref(ExternalRef.of("square", "return", "r-fx")).number("RET-77")
        .customer(ExternalRef.of("netsuite", "customer", jane))
        .location(ExternalRef.of("square", "location", "store-9")).createdAt(T0).currency(cad)
        .exchangeRate(ExchangeRate.of("CAD", "USD", "0.73")).addLine(line).deriveAmounts().build();

    assertThatThrownBy(() -> connector.recordRefund(refund.toBuilder().exchangeRate(null).build(),
        RequestOptions.none())).isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.fieldErrors()).extracting(ValidationException.FieldError::code)
                .containsExactly("missing_exchange_rate"));
    WriteResult w = connector.recordRefund(refund, RequestOptions.none());

    JsonView body = lastPut();
    assertThat(body.path("currency").path("id").asText()).isEqualTo("3");
    assertThat(body.path("exchangeRate").decimalValue()).isEqualByComparingTo("0.73");
    assertThat(body.path("tranId").asText()).isEqualTo("RET-77");
    assertThat(body.path("entity").path("id").asText()).isEqualTo(jane);
    JsonView item = body.path("item").path("items").get(0);
    assertThat(item.path("quantity").decimalValue()).isEqualByComparingTo("2");
    assertThat(item.path("rate").decimalValue()).isEqualByComparingTo("25.00");
    assertThat(item.path("amount").decimalValue()).isEqualByComparingTo("50.00");
    assertThat(item.path("tax1Amt").decimalValue()).isEqualByComparingTo("4.49");
    assertThat(body.path("item").path("items").get(1).path("amount").decimalValue()).isEqualByComparingTo("-5.00");
    assertThat(sim.record("cashRefund", w.ref().id()).orElseThrow().path("total").decimalValue())
        .isEqualByComparingTo("49.49");
    Refund back = connector.bookedRefund(refund.ref()).orElseThrow();
    assertThat(back.ref()).isEqualTo(refund.ref());
    assertThat(back.amount()).isEqualTo(Money.of("49.49", "CAD"));
    assertThat(back.exchangeRate()).isEqualTo(ExchangeRate.of("CAD", "USD", "0.73"));
    assertThat(back.refIn("netsuite")).contains(w.ref().withVersion(back.refIn("netsuite").orElseThrow().version()));
  }

  @Test
  void aSaleWhosePartsDoNotAddUpIsRejectedBeforeAnythingIsWritten() {
    Sale bad = sale("BAD-1", "MUG-01", "1").toBuilder()
        .totals(new Totals(usd("9.99"), usd("0.00"), usd("0.00"), usd("0.00"), usd("0.00"), usd("5.00"))).build();

    assertThatThrownBy(() -> connector.recordSale(bad, RequestOptions.none()))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors())
            .extracting(ValidationException.FieldError::code).containsExactly("unbalanced_totals"));
    assertThat(puts()).isEmpty();
  }

  @Test
  void anAmendedSaleReplacesTheLinesOfItsCashSaleOnceAndAVoidZeroesItOnce() {
    Sale v1 = sale("AM-1", "MUG-01", "1").toBuilder().version("1").build();
    WriteResult first = connector.recordSale(v1, RequestOptions.none());
    Sale v2 = sale("AM-1", "MUG-01", "3").toBuilder().version("2").build();

    WriteResult amended = connector.recordSale(v2, RequestOptions.none());
    WriteResult replay = connector.recordSale(v2, RequestOptions.none());

    assertThat(amended.ref()).isEqualTo(first.ref());
    assertThat(replay.ref()).isEqualTo(first.ref());
    assertThat(puts()).hasSize(2);
    assertThat(sim.count("cashSale")).isEqualTo(1);
    JsonView stored = sim.record("cashSale", first.ref().id()).orElseThrow();
    assertThat(stored.path("item").path("items")).hasSize(1);
    assertThat(stored.path("total").decimalValue()).isEqualByComparingTo("29.97");
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("7");
    assertThat(connector.bookedSale(v1.ref()).orElseThrow().version()).isEqualTo("2");

    WriteResult voided = connector.voidSale(v1.ref(), RequestOptions.none()).orElseThrow();
    connector.voidSale(v1.ref(), RequestOptions.none());

    assertThat(voided.ref()).isEqualTo(first.ref());
    assertThat(puts()).hasSize(3);
    assertThat(sim.record("cashSale", first.ref().id()).orElseThrow().path("total").decimalValue())
        .isEqualByComparingTo("0");
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("10");
    assertThat(connector.bookedSale(v1.ref()).orElseThrow().state()).isEqualTo(SaleState.VOIDED);
    assertThat(connector.voidSale(ExternalRef.of("square", "order", "never"), RequestOptions.none())).isEmpty();
  }

  @Test
  void theBooksReadBackCarryTheSourceRefByRefByNumberAndByDate() {
    Sale sale = sale("RB-1", "MUG-01", "2").toBuilder().version("5").build();
    WriteResult w = connector.recordSale(sale, RequestOptions.none());
    connector.recordSale(sale("RB-2", "MUG-01", "1"), RequestOptions.none());

    Sale back = connector.bookedSale(sale.ref()).orElseThrow();
    assertThat(back.ref().sameObject(sale.ref())).isTrue();
    assertThat(back.version()).isEqualTo("5");
    assertThat(back.refIn("netsuite").orElseThrow().id()).isEqualTo(w.ref().id());
    assertThat(back.totals().total()).isEqualTo(sale.totals().total());
    assertThat(back.number()).isEqualTo("R-RB-1");
    assertThat(back.lines()).singleElement().satisfies(l -> {
      assertThat(l.quantity()).isEqualByComparingTo("2");
      assertThat(l.unitPrice()).isEqualTo(UnitPrice.of("9.99", "USD"));
    });
    assertThat(connector.bookedSaleByNumber("R-RB-1")).map(s -> s.ref().id()).contains("RB-1");
    assertThat(connector.bookedSaleByNumber("nope")).isEmpty();
    SalesQuery day = SalesQuery.closedBetween(T0.minus(Duration.ofHours(12)), T0.plus(Duration.ofHours(12)));
    assertThat(connector.bookedSales(day).stream().map(s -> s.ref().id())).containsExactlyInAnyOrder("RB-1", "RB-2");
    assertThat(connector.bookedSales(SalesQuery.closedBetween(T0.plus(Duration.ofDays(3)),
        T0.plus(Duration.ofDays(4)))).stream()).isEmpty();
  }

  @Test
  void aDeletedCashSaleSurfacesInTheChangeFeedAsADeletion() {
    NetSuiteConnector feed = connector(mappingBuilder().build(), b -> b.changeFeedOverlap(Duration.ofMinutes(2))
        .changeFeedInitialLookBack(Duration.ofMinutes(1)));
    try {
      WriteResult w = feed.recordSale(sale("DEL-1", "MUG-01", "1"), RequestOptions.none());
      String cursor = feed.changesSince(null).cursor();
      clock.advance(Duration.ofMinutes(5));
      sim.deleteRecord("cashSale", w.ref().id());

      List<ChangeEvent> events = feed.changesSince(cursor).events();
      List<ChangeEvent> again = feed.changesSince(feed.changesSince(cursor).cursor()).events();

      assertThat(events).filteredOn(ChangeEvent::deleted).singleElement().satisfies(e -> {
        assertThat(e.subject()).isEqualTo(ExternalRef.of("netsuite", "cashSale", w.ref().id()));
        assertThat(e.type()).isEqualTo(dev.posbridge.core.model.ChangeType.SALE);
      });
      assertThat(again).filteredOn(ChangeEvent::deleted).isEmpty();
    } finally {
      feed.close();
    }
  }
}
