package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.intuit.ipp.data.RefundReceipt;
import com.intuit.ipp.data.SalesReceipt;
import dev.posbridge.core.UnbalancedTotalsException;
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
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.SaleState;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.model.Totals;
import dev.posbridge.core.model.UnitPrice;
import dev.posbridge.core.sync.TotalsPolicy;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sales and refunds are booked exactly (TotalAmt = the source's total, tax once, discounts,
 * rates, exchange rates, unit prices finer than a cent), every body we send and every receipt
 * the simulator returns is read strictly by Intuit's SDK entities, amendments and voids follow
 * the sale, and the books read back carry the source ref.
 */
class BooksThatBalanceTest extends QboFixture {

  private static final Currency CAD = Currency.getInstance("CAD");

  private static Money usd(String v) {
    return Money.of(v, "USD");
  }

  private static Money cad(String v) {
    return Money.of(v, "CAD");
  }

  /** A refund of {@code qty × unit} of mugs plus an additive tax, built from its parts. */
  private static Refund mugRefund(String id, int qty, String unit, String tax) {
    RefundLine line = RefundLine.of("MUG-01", "Mug", BigDecimal.valueOf(qty), UnitPrice.of(unit, "USD"), true)
        .withTaxes(List.of(TaxLine.additive("Sales tax", new BigDecimal("8.25"), usd(tax))));
    return Refund.builder()
        .ref(ExternalRef.of("square", "return", id))
        .originalSale(ExternalRef.of("square", "order", "o-" + id))
        .createdAt(START)
        .currency(USD)
        .addLine(line)
        .deriveAmounts()
        .addTender(Tender.of(TenderType.CASH, line.total()))
        .build();
  }

  private JsonView lastPost(String entity) {
    List<JournalEntry> posts = posts(entity);
    return body(posts.get(posts.size() - 1));
  }

  private JsonView stored(String entity, WriteResult r) {
    return sim.record(REALM, entity, r.ref().id()).orElseThrow();
  }

  @Test
  void aRefundOf4712IsBookedAt4712WithItsTaxOnce() throws Exception {
    Refund refund = mugRefund("r-4712", 2, "21.71", "3.70");
    assertThat(refund.amount()).isEqualTo(usd("47.12"));

    WriteResult r = qbo.recordRefund(refund, RequestOptions.idempotencyKey("r-4712"));

    JsonView sent = lastPost("refundreceipt");
    assertThat(sent.path("TotalAmt").decimalValue()).isEqualByComparingTo("47.12");
    assertThat(sent.path("Line").get(0).path("Amount").decimalValue()).isEqualByComparingTo("43.42");
    assertThat(sent.path("Line").get(0).path("SalesItemLineDetail").path("UnitPrice").decimalValue())
        .isEqualByComparingTo("21.71");
    assertThat(sent.path("TxnTaxDetail").path("TotalTax").decimalValue()).isEqualByComparingTo("3.70");
    JsonView booked = stored("RefundReceipt", r);
    assertThat(booked.path("TotalAmt").decimalValue()).isEqualByComparingTo("47.12");
    RefundReceipt oracle = IntuitOracle.assertEntityRoundTrips(sent, RefundReceipt.class);
    assertThat(oracle.getTotalAmt()).isEqualByComparingTo("47.12");
    RefundReceipt read = IntuitOracle.read(booked, RefundReceipt.class);
    assertThat(read.getTxnTaxDetail().getTotalTax()).isEqualByComparingTo("3.70");
  }

  @Test
  void aRefundOf204IsBookedAt204() throws Exception {
    Refund refund = mugRefund("r-204", 1, "1.89", "0.15");
    assertThat(refund.amount()).isEqualTo(usd("2.04"));

    WriteResult r = qbo.recordRefund(refund, RequestOptions.idempotencyKey("r-204"));

    assertThat(lastPost("refundreceipt").path("TotalAmt").decimalValue()).isEqualByComparingTo("2.04");
    assertThat(stored("RefundReceipt", r).path("TotalAmt").decimalValue()).isEqualByComparingTo("2.04");
    IntuitOracle.assertEntityRoundTrips(lastPost("refundreceipt"), RefundReceipt.class);
    IntuitOracle.read(stored("RefundReceipt", r), RefundReceipt.class);
  }

  @Test
  void aForeignCurrencyRefundWithDiscountTaxRateCustomerAndNumberIsBookedExactly() throws Exception {
    qbo.close();
    qbo = connector().mapping(mapping().toBuilder().taxRate("QST", "7").build()).build();
    String customer = sim.seedCustomer(REALM, "Jane Roe", "jane@example.com", null);
    RefundLine line = new RefundLine("l1", "MUG-01", "Mug", new BigDecimal("2"), UnitPrice.of("25.00", "CAD"),
        cad("50.00"), List.of(Discount.of("Loyalty", cad("5.00"))),
        List.of(new TaxLine("QST", new BigDecimal("9.975"), cad("4.49"), false, null)), true, cad("49.49"),
        true, null);
    Refund refund = Refund.builder()
        .ref(ExternalRef.of("square", "return", "r-fx"))
        .number("RET-77")
        .customer(ExternalRef.of("quickbooks", "Customer", customer))
        .createdAt(START)
        .currency(CAD)
        .exchangeRate(ExchangeRate.of("CAD", "USD", "0.73"))
        .addLine(line)
        .deriveAmounts()
        .build();
    assertThat(refund.checkTotals(cad("0.00")).balanced()).isTrue();

    WriteResult r = qbo.recordRefund(refund, RequestOptions.idempotencyKey("r-fx"));

    JsonView sent = lastPost("refundreceipt");
    JsonView item = sent.path("Line").get(0);
    assertThat(item.path("SalesItemLineDetail").path("Qty").decimalValue()).isEqualByComparingTo("2");
    assertThat(item.path("SalesItemLineDetail").path("UnitPrice").decimalValue()).isEqualByComparingTo("25.00");
    assertThat(item.path("Amount").decimalValue()).isEqualByComparingTo("50.00");
    assertThat(item.path("SalesItemLineDetail").path("TaxCodeRef").path("value").asText()).isEqualTo("TAX");
    assertThat(sent.path("Line").get(1).path("DetailType").asText()).isEqualTo("DiscountLineDetail");
    assertThat(sent.path("Line").get(1).path("Amount").decimalValue()).isEqualByComparingTo("5.00");
    assertThat(sent.path("ApplyTaxAfterDiscount").asBoolean()).isTrue();
    JsonView taxLine = sent.path("TxnTaxDetail").path("TaxLine").get(0);
    assertThat(taxLine.path("TaxLineDetail").path("TaxPercent").decimalValue()).isEqualByComparingTo("9.975");
    assertThat(taxLine.path("TaxLineDetail").path("NetAmountTaxable").decimalValue()).isEqualByComparingTo("45.00");
    assertThat(taxLine.path("TaxLineDetail").path("TaxRateRef").path("value").asText()).isEqualTo("7");
    assertThat(sent.path("CurrencyRef").path("value").asText()).isEqualTo("CAD");
    assertThat(sent.path("ExchangeRate").decimalValue()).isEqualByComparingTo("0.73");
    assertThat(sent.path("CustomerRef").path("value").asText()).isEqualTo(customer);
    assertThat(sent.path("DocNumber").asText()).isEqualTo("RET-77");
    assertThat(sent.path("TotalAmt").decimalValue()).isEqualByComparingTo("49.49");
    RefundReceipt oracle = IntuitOracle.assertEntityRoundTrips(sent, RefundReceipt.class);
    assertThat(oracle.getExchangeRate()).isEqualByComparingTo("0.73");
    assertThat(oracle.isApplyTaxAfterDiscount()).isTrue();
    JsonView booked = stored("RefundReceipt", r);
    assertThat(booked.path("TotalAmt").decimalValue()).isEqualByComparingTo("49.49");
    assertThat(booked.path("HomeTotalAmt").decimalValue()).isEqualByComparingTo("36.13");
    IntuitOracle.read(booked, RefundReceipt.class);

    Refund back = qbo.bookedRefund(refund.ref()).orElseThrow();
    assertThat(back.ref()).isEqualTo(refund.ref());
    assertThat(back.amount()).isEqualTo(cad("49.49"));
    assertThat(back.taxAmount()).isEqualTo(cad("4.49"));
    assertThat(back.exchangeRate()).isEqualTo(ExchangeRate.of("CAD", "USD", "0.73"));
    assertThat(back.number()).isEqualTo("RET-77");
    assertThat(back.refIn("quickbooks")).contains(r.ref());
  }

  @Test
  void aForeignCurrencySaleWithoutAnExchangeRateIsRejectedNotBookedAtOne() {
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "fx-1")).createdAt(START).currency(CAD)
        .addLine(SaleLine.of("MUG-01", "Mug", BigDecimal.ONE, cad("9.99"))).deriveTotals().build();

    assertThatThrownBy(() -> qbo.recordSale(sale, RequestOptions.idempotencyKey("fx-1")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors())
            .extracting(ValidationException.FieldError::code).contains("missing_exchange_rate"));
    assertThat(posts("salesreceipt")).isEmpty();

    WriteResult r = qbo.recordSale(sale.toBuilder().exchangeRate(ExchangeRate.of("CAD", "USD", "0.7312")).build(),
        RequestOptions.idempotencyKey("fx-1b"));
    assertThat(stored("SalesReceipt", r).path("ExchangeRate").decimalValue()).isEqualByComparingTo("0.7312");
    assertThat(stored("SalesReceipt", r).path("HomeTotalAmt").decimalValue()).isEqualByComparingTo("7.30");
  }

  @Test
  void aSaleWhoseLinesDoNotAddUpToItsTotalIsRejectedWithATypedError() {
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "bad-1")).createdAt(START).currency(USD)
        .addLine(SaleLine.of("MUG-01", "Mug", BigDecimal.ONE, usd("10.00")))
        .totals(new Totals(usd("10.00"), usd("0.00"), usd("0.00"), usd("0.00"), usd("0.00"), usd("5.00")))
        .build();

    assertThatThrownBy(() -> qbo.recordSale(sale, RequestOptions.idempotencyKey("bad-1")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors())
            .extracting(ValidationException.FieldError::code).containsExactly("unbalanced_totals"));
    assertThatThrownBy(() -> TotalsPolicy.strict().apply(sale, "quickbooks"))
        .isInstanceOf(UnbalancedTotalsException.class).hasMessageContaining("5.00");
    assertThatThrownBy(() -> TotalsPolicy.roundingTolerance(2).apply(sale, "quickbooks"))
        .isInstanceOf(UnbalancedTotalsException.class);
    assertThat(posts("salesreceipt")).isEmpty();
  }

  /** Three lines of 10.00 at 9.975 %: per line 1.00 each (3.00), per document 2.99. */
  private static Sale quebecSale() {
    TaxLine perLine = new TaxLine("QST", new BigDecimal("9.975"), usd("1.00"), false, null);
    Sale.Builder b = Sale.builder().ref(ExternalRef.of("square", "order", "qc-1")).createdAt(START).currency(USD);
    for (int i = 0; i < 3; i++) {
      b.addLine(new SaleLine("l" + i, "MUG-01", "Mug", BigDecimal.ONE, usd("10.00"), usd("10.00"), List.of(),
          List.of(perLine), usd("11.00"), null));
    }
    return b.totals(new Totals(usd("30.00"), usd("0.00"), usd("2.99"), usd("0.00"), usd("0.00"), usd("32.99")))
        .build();
  }

  @Test
  void taxRoundedPerDocumentIsRejectedStrictlyAndBookedWithAnExplicitRoundingLineWithinTolerance()
      throws Exception {
    Sale sale = quebecSale();
    assertThatThrownBy(() -> qbo.recordSale(sale, RequestOptions.idempotencyKey("qc-strict")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("unbalanced_totals");
    assertThatThrownBy(() -> TotalsPolicy.strict().apply(sale, "quickbooks"))
        .isInstanceOf(UnbalancedTotalsException.class);

    Sale adjusted = TotalsPolicy.roundingTolerance(1).apply(sale, "quickbooks");
    assertThat(adjusted.taxes()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo(TotalsPolicy.TAX_ROUNDING);
      assertThat(t.amount()).isEqualTo(usd("-0.01"));
    });
    WriteResult r = qbo.recordSale(adjusted, RequestOptions.idempotencyKey("qc-1"));

    JsonView sent = lastPost("salesreceipt");
    assertThat(sent.path("TotalAmt").decimalValue()).isEqualByComparingTo("32.99");
    assertThat(sent.path("TxnTaxDetail").path("TotalTax").decimalValue()).isEqualByComparingTo("2.99");
    assertThat(stored("SalesReceipt", r).path("TotalAmt").decimalValue()).isEqualByComparingTo("32.99");
    SalesReceipt oracle = IntuitOracle.assertEntityRoundTrips(sent, SalesReceipt.class);
    assertThat(oracle.getTxnTaxDetail().getTaxLine()).hasSize(2);
    IntuitOracle.read(stored("SalesReceipt", r), SalesReceipt.class);
  }

  @Test
  void aUnitPriceFinerThanACentIsSentWithItsPrecisionAndTheAmountStaysExact() throws Exception {
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "tea-1")).createdAt(START).currency(USD)
        .addLine(SaleLine.of("TEA-01", "Tea", new BigDecimal("250"), UnitPrice.of("0.0375", "USD")))
        .deriveTotals().build();
    assertThat(sale.totals().total()).isEqualTo(usd("9.38"));

    WriteResult r = qbo.recordSale(sale, RequestOptions.idempotencyKey("tea-1"));

    JsonView line = lastPost("salesreceipt").path("Line").get(0);
    assertThat(line.path("SalesItemLineDetail").path("UnitPrice").decimalValue()).isEqualByComparingTo("0.0375");
    assertThat(line.path("SalesItemLineDetail").path("Qty").decimalValue()).isEqualByComparingTo("250");
    assertThat(line.path("Amount").decimalValue()).isEqualByComparingTo("9.38");
    assertThat(stored("SalesReceipt", r).path("TotalAmt").decimalValue()).isEqualByComparingTo("9.38");
    IntuitOracle.assertEntityRoundTrips(lastPost("salesreceipt"), SalesReceipt.class);
  }

  @Test
  void anAmendedSaleUpdatesItsReceiptWithTheSyncTokenAndAReplayChangesNothing() throws Exception {
    Sale v1 = mugSale("am-1").toBuilder().version("3").build();
    WriteResult first = qbo.recordSale(v1, RequestOptions.idempotencyKey(
        dev.posbridge.core.connect.SalesSink.idempotencyKey(v1, "am-1")));
    SaleLine three = new SaleLine("l1", "MUG-01", "Mug", new BigDecimal("3"), usd("9.99"), usd("29.97"),
        List.of(), List.of(TaxLine.additive("Sales tax", new BigDecimal("8.25"), usd("2.47"))), usd("32.44"), null);
    Sale v2 = v1.toBuilder().version("4").lines(List.of(three)).tenders(List.of()).deriveTotals().build();

    WriteResult amended = qbo.recordSale(v2, RequestOptions.idempotencyKey(
        dev.posbridge.core.connect.SalesSink.idempotencyKey(v2, "am-1")));
    WriteResult replay = qbo.recordSale(v2, RequestOptions.idempotencyKey(
        dev.posbridge.core.connect.SalesSink.idempotencyKey(v2, "am-1")));

    assertThat(amended.ref().id()).isEqualTo(first.ref().id());
    assertThat(amended.ref().version()).isEqualTo("1");
    assertThat(amended.created()).isFalse();
    assertThat(replay.ref()).isEqualTo(amended.ref());
    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(1);
    JsonView update = lastPost("salesreceipt");
    assertThat(update.path("sparse").asBoolean()).isTrue();
    assertThat(update.path("SyncToken").asText()).isEqualTo("0");
    assertThat(update.path("TotalAmt").decimalValue()).isEqualByComparingTo("32.44");
    assertThat(posts("salesreceipt")).hasSize(2);
    IntuitOracle.assertEntityRoundTrips(update, SalesReceipt.class);
    assertThat(stored("SalesReceipt", amended).path("TotalAmt").decimalValue()).isEqualByComparingTo("32.44");
    assertThat(sim.record(REALM, "Item", mugId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("97");
    assertThat(qbo.bookedSale(v1.ref()).orElseThrow().version()).isEqualTo("4");
  }

  @Test
  void aVoidedSaleVoidsItsReceiptOnceAndReadsBackVoided() throws Exception {
    Sale sale = mugSale("void-1");
    WriteResult booked = qbo.recordSale(sale, RequestOptions.idempotencyKey("void-1"));

    WriteResult voided = qbo.voidSale(sale.ref(), RequestOptions.idempotencyKey("void-1:void")).orElseThrow();
    WriteResult again = qbo.voidSale(sale.ref(), RequestOptions.idempotencyKey("void-1:void")).orElseThrow();

    assertThat(voided.ref().id()).isEqualTo(booked.ref().id());
    assertThat(again.ref()).isEqualTo(voided.ref());
    List<JournalEntry> voids = sim.journal().matching(e -> e.request().method().equals("POST")
        && "void".equals(e.request().queryParam("operation").orElse(null)));
    assertThat(voids).hasSize(1);
    assertThat(stored("SalesReceipt", voided).path("TotalAmt").decimalValue()).isEqualByComparingTo("0");
    IntuitOracle.read(stored("SalesReceipt", voided), SalesReceipt.class);
    assertThat(sim.record(REALM, "Item", mugId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("100");
    Sale back = qbo.bookedSale(sale.ref()).orElseThrow();
    assertThat(back.state()).isEqualTo(SaleState.VOIDED);
    assertThat(qbo.voidSale(ExternalRef.of("square", "order", "never"), RequestOptions.none())).isEmpty();
  }

  @Test
  void theBooksReadBackCarryTheSourceRefByRefByNumberAndByDate() {
    Sale sale = mugSale("rb-1").toBuilder().version("7").build();
    WriteResult r = qbo.recordSale(sale, RequestOptions.idempotencyKey("rb-1"));
    qbo.recordSale(mugSale("rb-2"), RequestOptions.idempotencyKey("rb-2"));
    qbo.recordRefund(mugRefund("rb-r", 1, "9.99", "0.82"), RequestOptions.idempotencyKey("rb-r"));

    Sale byRef = qbo.bookedSale(sale.ref()).orElseThrow();
    assertThat(byRef.ref().sameObject(sale.ref())).isTrue();
    assertThat(byRef.version()).isEqualTo("7");
    assertThat(byRef.refIn("quickbooks")).contains(r.ref());
    assertThat(byRef.totals().total()).isEqualTo(sale.totals().total());
    assertThat(byRef.totals().taxTotal()).isEqualTo(usd("1.65"));
    assertThat(byRef.lines()).singleElement().satisfies(l -> {
      assertThat(l.quantity()).isEqualByComparingTo("2");
      assertThat(l.unitPrice()).isEqualTo(UnitPrice.of("9.99", "USD"));
      assertThat(l.taxable()).isTrue();
    });
    assertThat(byRef.checkTotals().balanced()).isTrue();
    assertThat(qbo.bookedSaleByNumber("POS-rb-1")).map(Sale::ref).contains(byRef.ref());
    assertThat(qbo.bookedSaleByNumber("nope")).isEmpty();
    SalesQuery day = SalesQuery.closedBetween(START.minus(Duration.ofHours(12)), START.plus(Duration.ofHours(12)));
    assertThat(qbo.bookedSales(day).stream().map(s -> s.ref().id())).containsExactlyInAnyOrder("rb-1", "rb-2");
    assertThat(qbo.bookedSales(SalesQuery.closedBetween(START.plus(Duration.ofDays(2)),
        START.plus(Duration.ofDays(3)))).stream()).isEmpty();
    assertThat(qbo.bookedRefunds(day).stream()).singleElement().satisfies(f -> {
      assertThat(f.ref()).isEqualTo(ExternalRef.of("square", "return", "rb-r"));
      assertThat(f.originalSale()).isEqualTo(ExternalRef.of("square", "order", "o-rb-r"));
      assertThat(f.amount()).isEqualTo(usd("10.81"));
    });
    assertThat(qbo.supports(dev.posbridge.core.connect.Capability.BOOKED_SALES)).isTrue();
  }

  @Test
  void aDeletedReceiptSurfacesInTheChangeFeedAsADeletion() {
    WriteResult r = qbo.recordSale(mugSale("del-1"), RequestOptions.idempotencyKey("del-1"));
    String cursor = qbo.changesSince(null).cursor();
    clock.advance(Duration.ofMinutes(1));
    sim.deleteRecord(REALM, "SalesReceipt", r.ref().id());
    clock.advance(Duration.ofMinutes(1));

    List<ChangeEvent> events = qbo.changesSince(cursor).events();

    assertThat(events).filteredOn(ChangeEvent::deleted).singleElement().satisfies(e -> {
      assertThat(e.subject().id()).isEqualTo(r.ref().id());
      assertThat(e.type()).isEqualTo(dev.posbridge.core.model.ChangeType.SALE);
    });
  }
}
