package dev.posbridge.netsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.Discount;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.RefundStatus;
import dev.posbridge.core.model.Sale;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimFault;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SalesSinkContractTest extends SimFixture {

  @Test
  void recordsASaleAsACashSaleUpsertedByExternalId() {
    WriteResult result = connector.recordSale(sale("ORD-1", "MUG-01", "2"), RequestOptions.none());

    assertThat(result.created()).isTrue();
    assertThat(result.ref().system()).isEqualTo("netsuite");
    assertThat(result.ref().type()).isEqualTo("cashSale");
    List<JournalEntry> puts = requests("PUT", "/services/rest/record/v1/{type}/{id}");
    assertThat(puts).singleElement().satisfies(e -> {
      assertThat(e.request().path()).isEqualTo("/services/rest/record/v1/cashSale/eid:POS-square-ORD-1");
      assertThat(e.request().queryParam("replace")).contains("item");
      assertThat(e.request().header("Authorization").orElseThrow()).startsWith("OAuth realm=\"1234567_SB1\"");
      assertThat(e.request().header("Content-Type").orElseThrow()).startsWith("application/json");
      assertThat(e.request().header("X-NetSuite-Idempotency-Key")).isEmpty();
      JsonView body = e.request().json();
      assertThat(body.path("externalId").asText()).isEqualTo("POS-square-ORD-1");
      assertThat(body.path("entity").path("id").asText()).isEqualTo(walkIn);
      assertThat(body.path("subsidiary").path("id").asText()).isEqualTo("1");
      assertThat(body.path("location").path("id").asText()).isEqualTo(store);
      assertThat(body.path("tranDate").asText()).isEqualTo("2026-03-02");
      assertThat(body.path("paymentMethod").path("id").asText()).isEqualTo("1");
      JsonView line = body.path("item").path("items").get(0);
      assertThat(line.path("item").path("id").asText()).isEqualTo(mug);
      assertThat(line.path("quantity").decimalValue()).isEqualByComparingTo("2");
      assertThat(line.path("rate").decimalValue()).isEqualByComparingTo("9.99");
      assertThat(line.path("amount").decimalValue()).isEqualByComparingTo("19.98");
    });
    String locationId = puts.get(0).status() == 204 ? sim.recordByExternalId("cashSale", "POS-square-ORD-1")
        .orElseThrow().path("id").asText() : null;
    assertThat(result.ref().id()).isEqualTo(locationId);
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("8");
  }

  @Test
  void recordingTheSameSaleAgainReturnsTheExistingRecordWithoutWriting() {
    WriteResult first = connector.recordSale(sale("ORD-2", "MUG-01", "1"), RequestOptions.none());
    WriteResult second = connector.recordSale(sale("ORD-2", "MUG-01", "1"), RequestOptions.none());

    assertThat(second.created()).isFalse();
    assertThat(second.ref()).isEqualTo(first.ref());
    assertThat(sim.count("cashSale")).isEqualTo(1);
    assertThat(requests("PUT", "/services/rest/record/v1/{type}/{id}")).hasSize(1);
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("9");
  }

  @Test
  void aCreateAppliedButWhoseAnswerWasLostIsRetriedWithoutDuplicating() {
    sim.faults().inject(SimFault.dropAfterProcessing().on("PUT", "/services/rest/record/v1/{type}/{id}"));

    WriteResult result = connector.recordSale(sale("ORD-3", "MUG-01", "3"), RequestOptions.none());

    assertThat(sim.faults().fired(SimFault.Kind.DROP_AFTER_PROCESSING)).isEqualTo(1);
    assertThat(requests("PUT", "/services/rest/record/v1/{type}/{id}")).hasSize(2);
    assertThat(sim.count("cashSale")).isEqualTo(1);
    assertThat(sim.effects().count("cashSale", "POS-square-ORD-3")).isEqualTo(1);
    assertThat(sim.recordByExternalId("cashSale", "POS-square-ORD-3").orElseThrow()
        .path("item").path("items")).hasSize(1);
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("7");
    assertThat(result.ref().id()).isEqualTo(sim.recordByExternalId("cashSale", "POS-square-ORD-3")
        .orElseThrow().path("id").asText());
  }

  @Test
  void unmappedSkusAreLookedUpByItemIdThroughSuiteQl() {
    connector.recordSale(sale("ORD-4", "TEE-01", "1"), RequestOptions.none());

    assertThat(requests("POST", "/services/rest/query/v1/suiteql")).anySatisfy(e ->
        assertThat(e.request().json().path("q").asText()).contains("FROM item WHERE itemid = 'TEE-01'"));
    assertThat(sim.stock(tee, store)).isEqualByComparingTo("4");
  }

  @Test
  void aGroupOfSalesCostsOneExistenceQueryOneSkuQueryAndOneUpsertPerNewSale() {
    List<Sale> sales = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sales.add(sale("G-" + i, i % 2 == 0 ? "TEE-01" : "CAP-01", "1", "MUG-01", "1"));
    }
    List<WriteResult> earlier = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      earlier.add(connector.recordSale(sales.get(i), RequestOptions.none()));
    }
    sim.journal().clear();

    List<WriteResult> results = connector.recordSales(sales, RequestOptions.idempotencyKey("group-1"));

    assertThat(connector.maxBatchSize()).isGreaterThanOrEqualTo(40);
    assertThat(results).hasSize(40);
    assertThat(results.subList(0, 10)).extracting(WriteResult::created).containsOnly(false);
    assertThat(results.subList(0, 10)).extracting(WriteResult::ref)
        .containsExactlyElementsOf(earlier.stream().map(WriteResult::ref).toList());
    assertThat(results.subList(10, 40)).extracting(WriteResult::created).containsOnly(true);
    assertThat(requests("PUT", "/services/rest/record/v1/{type}/{id}")).hasSize(30);
    assertThat(requests("POST", "/services/rest/query/v1/suiteql")).hasSize(1); // SKUs cached by now
    // 30 upserts + 1 existence query (its memo column says which version each booked sale holds)
    assertThat(sim.journal().count()).isLessThanOrEqualTo(33); // <= 1.1 calls per sale
    assertThat(sim.count("cashSale")).isEqualTo(40);
    for (int i = 0; i < 40; i++) {
      assertThat(sim.recordByExternalId("cashSale", "POS-square-G-" + i)).as("G-" + i).isPresent();
      assertThat(results.get(i).ref().id())
          .isEqualTo(sim.recordByExternalId("cashSale", "POS-square-G-" + i).orElseThrow().path("id").asText());
    }

    sim.journal().clear();
    List<WriteResult> again = connector.recordSales(sales, RequestOptions.idempotencyKey("group-1"));

    assertThat(again).extracting(WriteResult::created).containsOnly(false);
    assertThat(sim.journal().count()).isEqualTo(1);
    assertThat(sim.count("cashSale")).isEqualTo(40);
  }

  @Test
  void aGroupResolvesItsUnknownSkusInOneQuery() {
    List<Sale> sales = List.of(sale("S-1", "TEE-01", "1"), sale("S-2", "CAP-01", "1"), sale("S-3", "TEE-01", "2"));

    connector.recordSales(sales, RequestOptions.none());

    List<JournalEntry> queries = requests("POST", "/services/rest/query/v1/suiteql");
    assertThat(queries).hasSize(2);
    assertThat(queries).filteredOn(e -> e.request().json().path("q").asText().contains("FROM item"))
        .singleElement().satisfies(e -> assertThat(e.request().json().path("q").asText())
            .contains("itemid IN ('TEE-01', 'CAP-01')"));
    assertThat(requests("PUT", "/services/rest/record/v1/{type}/{id}")).hasSize(3);
    assertThat(sim.stock(tee, store)).isEqualByComparingTo("2");
  }

  @Test
  void aGroupStopsAtAnUnmappableSaleAndARepeatBooksEachSaleOnce() {
    List<Sale> sales = List.of(sale("B-1", "MUG-01", "1"), sale("B-2", "NOPE", "1"), sale("B-3", "MUG-01", "1"));

    assertThatThrownBy(() -> connector.recordSales(sales, RequestOptions.none()))
        .isInstanceOf(ValidationException.class);
    assertThat(sim.count("cashSale")).isEqualTo(1);

    List<WriteResult> fixed = connector.recordSales(
        List.of(sales.get(0), sale("B-2", "MUG-01", "1"), sales.get(2)), RequestOptions.none());

    assertThat(fixed).extracting(WriteResult::created).containsExactly(false, true, true);
    assertThat(sim.count("cashSale")).isEqualTo(3);
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("7");
  }

  @Test
  void anUnknownSkuIsRejectedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> connector.recordSale(sale("ORD-5", "NOPE", "1"), RequestOptions.none()))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.fieldErrors()).singleElement().satisfies(f -> {
              assertThat(f.field()).isEqualTo("lines[0].sku");
              assertThat(f.code()).isEqualTo("UNMAPPED_SKU");
              assertThat(e.getMessage()).contains("lines[0].sku(UNMAPPED_SKU: no NetSuite item for SKU NOPE)");
            }));
    assertThat(requests("PUT", "/services/rest/record/v1/{type}/{id}")).isEmpty();
  }

  @Test
  void aBadReferenceComesBackAsValidationWithTheErrorPath() {
    NetSuiteConnector bad = connector(mappingBuilder().item("MUG-01", "9999").build(), b -> { });
    try {
      assertThatThrownBy(() -> bad.recordSale(sale("ORD-6", "MUG-01", "1"), RequestOptions.none()))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.vendorCode()).isEqualTo("INVALID_CONTENT");
            assertThat(e.fieldErrors()).singleElement()
                .satisfies(f -> assertThat(f.field()).isEqualTo("item.items[0].item"));
          });
    } finally {
      bad.close();
    }
  }

  @Test
  void orderDiscountsBecomeADiscountItemLine() {
    Sale base = sale("ORD-7", "MUG-01", "1");
    Sale discounted = base.toBuilder().addDiscount(Discount.of("Promo", Money.of("1.00", "USD")))
        .tenders(List.of()).deriveTotals().build();
    connector.recordSale(discounted, RequestOptions.none());

    JsonView lines = sim.recordByExternalId("cashSale", "POS-square-ORD-7").orElseThrow().path("item").path("items");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1).path("item").path("id").asText()).isEqualTo(discountItem);
    assertThat(lines.get(1).path("amount").decimalValue()).isEqualByComparingTo("-1.00");
  }

  @Test
  void salesOrderModeCreatesAnOrderAndTransformsItIntoAnInvoiceOnce() {
    NetSuiteConnector so = connector(mappingBuilder()
        .salesRecordType(NetSuiteMapping.SalesRecordType.SALES_ORDER_AND_INVOICE).build(), b -> { });
    try {
      sim.faults().inject(SimFault.dropAfterProcessing()
          .on("POST", "/services/rest/record/v1/{type}/{id}/!transform/{target}"));

      WriteResult invoice = so.recordSale(sale("ORD-8", "MUG-01", "1"), RequestOptions.none());

      assertThat(invoice.ref().type()).isEqualTo("invoice");
      assertThat(sim.count("salesOrder")).isEqualTo(1);
      assertThat(sim.count("invoice")).isEqualTo(1);
      JsonView inv = sim.recordByExternalId("invoice", "POS-square-ORD-8-INV").orElseThrow();
      assertThat(inv.path("id").asText()).isEqualTo(invoice.ref().id());
      assertThat(inv.path("createdFrom").path("id").asText())
          .isEqualTo(sim.recordByExternalId("salesOrder", "POS-square-ORD-8").orElseThrow().path("id").asText());
      assertThat(so.recordSale(sale("ORD-8", "MUG-01", "1"), RequestOptions.none()).created()).isFalse();
      assertThat(sim.count("invoice")).isEqualTo(1);
    } finally {
      so.close();
    }
  }

  @Test
  void aRefundBecomesACashRefundCreatedFromTheCashSaleAndRestocks() {
    WriteResult sale = connector.recordSale(sale("ORD-9", "MUG-01", "2"), RequestOptions.none());
    Refund refund = new Refund(ExternalRef.of("square", "refund", "RF-1"), ExternalRef.of("square", "order", "ORD-9"),
        ExternalRef.of("square", "location", "store-9"), T0, RefundStatus.COMPLETED, null,
        List.of(RefundLine.of("MUG-01", "Mug", BigDecimal.ONE, dev.posbridge.core.model.UnitPrice.of("9.99", "USD"), true)),
        Money.of("9.99", "USD"), Money.of("0.00", "USD"), List.of(), "damaged", List.of());

    WriteResult result = connector.recordRefund(refund, RequestOptions.none());
    WriteResult again = connector.recordRefund(refund, RequestOptions.none());

    assertThat(result.ref().type()).isEqualTo("cashRefund");
    assertThat(again.created()).isFalse();
    assertThat(sim.count("cashRefund")).isEqualTo(1);
    JsonView stored = sim.record("cashRefund", result.ref().id()).orElseThrow();
    assertThat(stored.path("createdFrom").path("id").asText()).isEqualTo(sale.ref().id());
    assertThat(stored.path("externalId").asText()).isEqualTo("POS-R-square-RF-1");
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("9");
  }

  @Test
  void theTransactionDateIsTheLocalDateInTheAccountTimeZone() {
    NetSuiteConnector pacific = connector(mappingBuilder().build(),
        b -> b.timeZone(java.time.ZoneId.of("America/Los_Angeles")));
    try {
      Sale early = sale("TZ-1", "MUG-01", "1").toBuilder()
          .closedAt(java.time.Instant.parse("2026-03-02T03:00:00Z")).build();
      pacific.recordSale(early, RequestOptions.none());
      assertThat(sim.recordByExternalId("cashSale", "POS-square-TZ-1").orElseThrow().path("tranDate").asText())
          .isEqualTo("2026-03-01");
    } finally {
      pacific.close();
    }
  }

  @Test
  void tipsWithoutAChargeItemAreRejectedRatherThanDropped() {
    Sale base = sale("TIP-1", "MUG-01", "1");
    dev.posbridge.core.model.Tender tipped = new dev.posbridge.core.model.Tender(
        dev.posbridge.core.model.TenderType.CARD, null, Money.of("11.99", "USD"), Money.of("2.00", "USD"),
        null, null, null, null);
    Sale withTip = base.toBuilder().tenders(List.of(tipped)).deriveTotals().build();
    assertThatThrownBy(() -> connector.recordSale(withTip, RequestOptions.none()))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fieldErrors()).extracting(f -> f.code()).containsExactly("UNMAPPED_CHARGE"));
    NetSuiteConnector withCharge = connector(mappingBuilder().chargeItem(cap).build(), b -> { });
    try {
      withCharge.recordSale(withTip, RequestOptions.none());
      JsonView lines = sim.recordByExternalId("cashSale", "POS-square-TIP-1").orElseThrow().path("item").path("items");
      assertThat(lines.get(1).path("item").path("id").asText()).isEqualTo(cap);
      assertThat(lines.get(1).path("amount").decimalValue()).isEqualByComparingTo("2.00");
    } finally {
      withCharge.close();
    }
  }
}
