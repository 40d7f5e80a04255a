package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.BatchItemsException;
import dev.posbridge.core.NotFoundException;
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
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.quickbooks.internal.RequestIds;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimFault;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SalesSinkContractTest extends QboFixture {

  @Test
  void recordSaleSendsMappedSalesReceiptWithDerivedRequestId() throws Exception {
    WriteResult result = qbo.recordSale(mugSale("1001"), RequestOptions.idempotencyKey("sale-1001"));

    assertThat(result.ref().type()).isEqualTo("SalesReceipt");
    JournalEntry post = posts("salesreceipt").get(0);
    assertThat(post.request().queryParam("requestid")).contains(RequestIds.of("sale-1001"));
    assertThat(post.request().queryParam("minorversion")).contains("75");
    assertThat(post.request().header("Authorization").orElse("")).startsWith("Bearer at-");
    JsonView body = body(post);
    assertThat(body.path("DocNumber").asText()).isEqualTo("POS-1001");
    assertThat(body.path("TxnDate").asText()).isEqualTo("2026-03-02");
    assertThat(body.path("CurrencyRef").path("value").asText()).isEqualTo("USD");
    JsonView line = body.path("Line").get(0);
    assertThat(line.path("DetailType").asText()).isEqualTo("SalesItemLineDetail");
    assertThat(line.path("Amount").decimalValue()).isEqualByComparingTo("19.98");
    assertThat(line.path("SalesItemLineDetail").path("ItemRef").path("value").asText()).isEqualTo(mugId);
    assertThat(line.path("SalesItemLineDetail").path("Qty").decimalValue()).isEqualByComparingTo("2");
    assertThat(line.path("SalesItemLineDetail").path("UnitPrice").decimalValue()).isEqualByComparingTo("9.99");
    assertThat(line.path("SalesItemLineDetail").path("TaxCodeRef").path("value").asText()).isEqualTo("TAX");
    assertThat(body.path("TxnTaxDetail").path("TxnTaxCodeRef").path("value").asText()).isEqualTo(taxCode);
    assertThat(body.path("TxnTaxDetail").path("TotalTax").decimalValue()).isEqualByComparingTo("1.65");
    assertThat(body.path("TotalAmt").decimalValue()).isEqualByComparingTo("21.63");
    assertThat(body.path("PaymentMethodRef").path("value").asText()).isEqualTo(cash);
    assertThat(body.path("DepositToAccountRef").path("value").asText()).isEqualTo(undeposited);

    JsonView stored = sim.record(REALM, "SalesReceipt", result.ref().id()).orElseThrow();
    assertThat(stored.path("TotalAmt").decimalValue()).isEqualByComparingTo("21.63");
    assertThat(sim.record(REALM, "Item", mugId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("98");
    IntuitOracle.assertEntityRoundTrips(body, com.intuit.ipp.data.SalesReceipt.class);
  }

  @Test
  void amountIsQtyTimesUnitPriceRoundedHalfUpAndDiscountsBecomeADiscountLine() {
    Money unit = Money.of(new BigDecimal("0.0375"), USD, java.math.RoundingMode.HALF_UP);
    // 0.0375 does not fit USD: price it per 1 and sell 250 at 0.04 → use a tea line of 250 × 0.0375
    SaleLine tea = new SaleLine(null, "TEA-01", "Tea", new BigDecimal("250"), Money.of("0.04", "USD"),
        Money.of("10.00", "USD"), List.of(Discount.of("Loyalty", Money.of("1.00", "USD"))), List.of(),
        Money.of("9.00", "USD"), null);
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "tea")).createdAt(START).currency(USD)
        .addLine(tea).addDiscount(Discount.of("Promo", Money.of("0.50", "USD")))
        .addTender(Tender.of(TenderType.CARD, Money.of("8.50", "USD"))).deriveTotals().build();
    assertThat(unit.amount()).isEqualByComparingTo("0.04");

    qbo.recordSale(sale, RequestOptions.idempotencyKey("tea"));

    JsonView body = body(posts("salesreceipt").get(0));
    assertThat(body.path("Line").get(0).path("Amount").decimalValue()).isEqualByComparingTo("10.00");
    JsonView discount = body.path("Line").get(1);
    assertThat(discount.path("DetailType").asText()).isEqualTo("DiscountLineDetail");
    assertThat(discount.path("Amount").decimalValue()).isEqualByComparingTo("1.50");
    assertThat(discount.path("DiscountLineDetail").path("DiscountAccountRef").path("value").asText())
        .isEqualTo(discounts);
    assertThat(body.path("Line").get(0).path("SalesItemLineDetail").path("TaxCodeRef").path("value").asText())
        .isEqualTo("NON");
    assertThat(body.path("PaymentMethodRef").path("value").asText()).isEqualTo(visa);
    assertThat(body.path("DepositToAccountRef").path("value").asText()).isEqualTo(checking);
    assertThat(body.path("TotalAmt").decimalValue()).isEqualByComparingTo("8.50");
  }

  @Test
  void halfUpRoundingOfAFractionalUnitPriceMatchesQbo() {
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "frac")).createdAt(START).currency(USD)
        .addLine(SaleLine.of("TEA-01", "Tea", new BigDecimal("0.25"), Money.of("37.50", "USD")))
        .addTender(Tender.of(TenderType.CASH, Money.of("9.38", "USD"))).deriveTotals().build();
    qbo.recordSale(sale, RequestOptions.idempotencyKey("frac"));
    JsonView line = body(posts("salesreceipt").get(0)).path("Line").get(0);
    // 0.25 × 37.50 = 9.375 → 9.38 (QBO rounds half up)
    assertThat(line.path("Amount").decimalValue()).isEqualByComparingTo("9.38");
  }

  @Test
  void retriedCreateAfterAmbiguousFailureDoesNotDuplicate() {
    sim.faults().inject(SimFault.dropAfterProcessing().on("POST", "/v3/company/{realmId}/salesreceipt"));

    WriteResult first = qbo.recordSale(mugSale("2002"), RequestOptions.idempotencyKey("sale-2002"));
    WriteResult again = qbo.recordSale(mugSale("2002"), RequestOptions.idempotencyKey("sale-2002"));

    // The transport's retry replays the dropped create; the second call finds the booked receipt
    // (DocNumber + the source ref in its PrivateNote) and sends nothing.
    List<JournalEntry> sent = posts("salesreceipt");
    assertThat(sent).hasSize(2);
    assertThat(again.created()).isFalse();
    assertThat(sent.get(0).delivered()).isFalse();
    assertThat(sent.stream().map(e -> e.request().queryParam("requestid").orElseThrow()).distinct())
        .containsExactly(RequestIds.of("sale-2002"));
    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(1);
    assertThat(sim.effects().count("SalesReceipt.save", RequestIds.of("sale-2002"))).isEqualTo(1);
    assertThat(again.ref().id()).isEqualTo(first.ref().id());
    assertThat(sim.record(REALM, "Item", mugId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("98");
  }

  @Test
  void withoutAKeyTheRequestIdDerivesFromTheSaleRef() {
    qbo.recordSale(mugSale("3003"), RequestOptions.none());
    qbo.recordSale(mugSale("3003"), RequestOptions.none());
    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(1);
  }

  @Test
  void threeThousandSalesGoOutInBatchesOfThirtyWithoutTrippingThrottles() {
    List<Sale> sales = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Sale s = mugSale("bulk-" + i);
      sales.add(s.toBuilder().number("B" + i).build());
    }
    sim.records(REALM, "Item"); // warm
    List<WriteResult> results = qbo.recordSales(sales, RequestOptions.idempotencyKey("bulk"));

    assertThat(qbo.maxBatchSize()).isEqualTo(30);
    assertThat(results).hasSize(3000).allSatisfy(r -> assertThat(r.ref().type()).isEqualTo("SalesReceipt"));
    List<JournalEntry> batches = posts("batch");
    assertThat(batches).hasSize(100);
    assertThat(batches).allSatisfy(b -> {
      assertThat(b.status()).isEqualTo(200);
      assertThat(body(b).path("BatchItemRequest").size()).isEqualTo(30);
    });
    Set<String> ids = batches.stream().map(b -> b.request().queryParam("requestid").orElseThrow())
        .collect(Collectors.toSet());
    assertThat(ids).hasSize(100).contains(RequestIds.of("bulk:0"), RequestIds.of("bulk:99"));
    assertThat(ids).allSatisfy(id -> assertThat(id.length()).isLessThanOrEqualTo(36));
    assertThat(sim.throttledCount()).isZero();
    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(3000);
    // 100 batch calls at no more than 36 a minute: the clock moved, the simulator never said 429.
    assertThat(clock.instant()).isAfterOrEqualTo(START.plusSeconds(120));
    // 100 batch calls, 100 queries for receipts booked before (one per batch of 30: an amended sale
    // must update its receipt, not book a second one) and one item look-up for the whole run
    assertThat(sim.journal().count()).isLessThanOrEqualTo(201);

    List<WriteResult> replay = qbo.recordSales(sales, RequestOptions.idempotencyKey("bulk"));
    assertThat(replay).extracting(WriteResult::ref).isEqualTo(results.stream().map(WriteResult::ref).toList());
    assertThat(replay).noneMatch(WriteResult::created);
    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(3000);
  }

  @Test
  void aFaultedBatchItemIsReportedWhileTheOthersAreBooked() {
    Sale good = mugSale("ok-1");
    Sale bad = mugSale("bad-1").toBuilder().lines(List.of(new SaleLine(null, null, "Ghost", BigDecimal.ONE,
        Money.of("1.00", "USD"), Money.of("1.00", "USD"), List.of(), List.of(), Money.of("1.00", "USD"),
        ExternalRef.of("quickbooks", "Item", "9999")))).deriveTotals().build();

    assertThatThrownBy(() -> qbo.recordSales(List.of(good, bad), RequestOptions.idempotencyKey("mixed")))
        .isInstanceOfSatisfying(BatchItemsException.class, e -> {
          assertThat(e.applied()).containsExactly(0);
          assertThat(e.results()).containsOnlyKeys(0);
          assertThat(e.failures()).containsOnlyKeys(1);
          assertThat(e.failures().get(1)).isInstanceOfSatisfying(NotFoundException.class,
              f -> assertThat(f.vendorCode()).isEqualTo("610"));
        });
    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(1);
  }

  @Test
  void unmappedSkuFailsValidationBeforeAnyWrite() {
    Sale sale = mugSale("x").toBuilder().lines(List.of(SaleLine.of("NOPE", "Nope", BigDecimal.ONE,
        Money.of("1.00", "USD")))).deriveTotals().build();
    assertThatThrownBy(() -> qbo.recordSale(sale, RequestOptions.none()))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> {
              assertThat(e.fieldErrors()).extracting(ValidationException.FieldError::code)
                  .containsExactly("UNMAPPED_SKU");
              assertThat(e.getMessage()).contains("lines[0].sku(UNMAPPED_SKU: no QuickBooks Item for SKU NOPE)");
            });
    assertThat(posts("salesreceipt")).isEmpty();
  }

  @Test
  void recordRefundCreatesRefundReceiptAndPutsStockBack() throws Exception {
    WriteResult sale = qbo.recordSale(mugSale("r-1"), RequestOptions.idempotencyKey("r-1"));
    Refund refund = new Refund(ExternalRef.of("square", "refund", "rf-1"), ExternalRef.of("square", "order", "r-1"),
        null, START.plusSeconds(60), RefundStatus.COMPLETED, null,
        List.of(RefundLine.of("MUG-01", "Mug", BigDecimal.ONE, dev.posbridge.core.model.UnitPrice.of("9.99", "USD"), true)
            .withTaxes(List.of(dev.posbridge.core.model.TaxLine.additive("Tax", null, Money.of("0.82", "USD"))))
            .linkedTo("l1", null)),
        Money.of("10.81", "USD"), Money.of("0.82", "USD"),
        List.of(Tender.of(TenderType.CASH, Money.of("10.81", "USD"))), "broken", List.of());

    WriteResult result = qbo.recordRefund(refund, RequestOptions.idempotencyKey("rf-1"));

    assertThat(result.ref().type()).isEqualTo("RefundReceipt");
    JsonView body = body(posts("refundreceipt").get(0));
    assertThat(body.path("DepositToAccountRef").path("value").asText()).isEqualTo(undeposited);
    assertThat(body.path("TotalAmt").decimalValue()).isEqualByComparingTo("10.81");
    assertThat(body.path("PrivateNote").asText()).contains("SalesReceipt " + sale.ref().id());
    assertThat(sim.record(REALM, "Item", mugId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("99");
    IntuitOracle.assertEntityRoundTrips(body, com.intuit.ipp.data.RefundReceipt.class);
  }

  @Test
  void longDocNumbersAreShortenedWithinQboLimit() {
    Sale sale = mugSale("y").toBuilder().number("POS-STORE-0001-REGISTER-03-000123456").build();
    qbo.recordSale(sale, RequestOptions.none());
    assertThat(body(posts("salesreceipt").get(0)).path("DocNumber").asText()).hasSizeLessThanOrEqualTo(21);
  }

  @Test
  void tipsGoOnTheChargeItem() {
    Sale sale = mugSale("tip").toBuilder().tenders(List.of(new Tender(TenderType.CARD, null,
        Money.of("21.63", "USD"), Money.of("3.00", "USD"), null, null, null, null))).deriveTotals().build();
    qbo.recordSale(sale, RequestOptions.none());
    JsonView lines = body(posts("salesreceipt").get(0)).path("Line");
    assertThat(lines.get(1).path("SalesItemLineDetail").path("ItemRef").path("value").asText()).isEqualTo(tipId);
    assertThat(lines.get(1).path("Amount").decimalValue()).isEqualByComparingTo("3.00");
    assertThat(Instant.now()).isNotNull();
  }

  @Test
  void concurrentCallersShareOneConnectorWithoutTrippingConcurrencyLimits() throws Exception {
    // On the simulated clock, time jumps while requests are in flight: with 4 in flight and 6 per
    // second no instant can see more than QBO's 10 (the default 8/s holds on a real clock).
    qbo.close();
    qbo = connector().rateLimiter(QuickBooksRateLimits.builder().perSecond(6).build()).build();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
    try {
      List<java.util.concurrent.Future<WriteResult>> futures = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        String id = "c-" + i;
        futures.add(pool.submit(() -> qbo.recordSale(mugSale(id), RequestOptions.idempotencyKey(id))));
      }
      for (java.util.concurrent.Future<WriteResult> f : futures) {
        assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS).ref().type()).isEqualTo("SalesReceipt");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(48);
    assertThat(sim.throttledCount()).isZero();
    assertThat(sim.record(REALM, "Item", mugId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("4");
  }
}
