package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.UnbalancedTotalsException;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.SaleState;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Totals;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.core.sync.TotalsPolicy;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each transition in the life of a sale goes through the engine (SyncPipeline, outbox, delivery
 * workers) into the QuickBooks simulator exactly once: booking, amendment, replay, void,
 * deletion at the source, an open sale, and the totals policy.
 */
class SaleLifecyclePipelineTest extends QboFixture {

  private Outbox outbox;
  private SyncPipeline pipeline;

  private SyncPipeline pipeline(TotalsPolicy policy) {
    outbox = Outbox.builder().sqlite(tmp.resolve("outbox-" + System.nanoTime() + ".db")).maxAttempts(3)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
    pipeline = SyncPipeline.builder().outbox(outbox).salesSink(qbo).idMap(idMap).totalsPolicy(policy)
        .idlePoll(Duration.ofMillis(2), Duration.ofMillis(20)).build().start();
    return pipeline;
  }

  @AfterEach
  void stopPipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
    if (outbox != null) {
      outbox.close();
    }
  }

  private void drained() throws InterruptedException {
    await("outbox drained", () -> outbox.status().pending() == 0 && outbox.status().inFlight() == 0);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(5);
    }
  }

  private static Sale version(String id, String version, int quantity) {
    Money unit = Money.of("9.99", "USD");
    Money gross = unit.times(BigDecimal.valueOf(quantity), java.math.RoundingMode.UNNECESSARY);
    Money tax = gross.times(new BigDecimal("0.0825"), java.math.RoundingMode.HALF_UP);
    SaleLine line = new SaleLine("l1", "MUG-01", "Mug", BigDecimal.valueOf(quantity), unit, gross, List.of(),
        List.of(TaxLine.additive("Sales tax", new BigDecimal("8.25"), tax)), gross.plus(tax), null);
    return Sale.builder().ref(ExternalRef.of("square", "order", id)).version(version).number("POS-" + id)
        .createdAt(START).currency(USD).addLine(line).deriveTotals().build();
  }

  /** SalesReceipt writes: single POSTs plus the items of batch POSTs. */
  private List<String> receiptWrites() {
    List<String> out = new java.util.ArrayList<>();
    for (JournalEntry e : posts("salesreceipt")) {
      out.add("single " + e.request().queryParam("operation").orElse("save"));
    }
    for (JournalEntry e : posts("batch")) {
      for (JsonView item : body(e).path("BatchItemRequest")) {
        if (item.has("SalesReceipt")) {
          out.add("batch " + item.path("operation").asText());
        }
      }
    }
    return out;
  }

  @Test
  void aCompletedSaleIsBookedOnceEvenWhenSubmittedTwice() throws Exception {
    pipeline(TotalsPolicy.strict());
    Sale v1 = version("life-1", "1", 2);

    assertThat(pipeline.submitSale(v1)).isEqualTo(1);
    assertThat(pipeline.submitSale(v1)).isZero();
    drained();

    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(1);
    assertThat(receiptWrites()).hasSize(1);
  }

  @Test
  void anAmendedSaleUpdatesTheBookedReceiptOnce() throws Exception {
    pipeline(TotalsPolicy.strict());
    pipeline.submitSale(version("life-2", "1", 2));
    drained();

    assertThat(pipeline.submitSale(version("life-2", "2", 3))).isEqualTo(1);
    assertThat(pipeline.submitSale(version("life-2", "2", 3))).isZero();
    drained();

    List<JsonView> receipts = sim.records(REALM, "SalesReceipt");
    assertThat(receipts).hasSize(1);
    assertThat(receipts.get(0).path("SyncToken").asText()).isEqualTo("1");
    assertThat(receipts.get(0).path("TotalAmt").decimalValue()).isEqualByComparingTo("32.44");
    assertThat(receiptWrites()).hasSize(2);
    assertThat(qbo.bookedSale(ExternalRef.of("square", "order", "life-2")).orElseThrow().version()).isEqualTo("2");
    assertThat(outbox.status().dead()).isZero();
  }

  @Test
  void aCanceledSaleVoidsTheBookedReceiptOnce() throws Exception {
    pipeline(TotalsPolicy.strict());
    Sale v1 = version("life-3", "1", 2);
    pipeline.submitSale(v1);
    drained();

    Sale canceled = v1.toBuilder().version("2").state(SaleState.CANCELED).build();
    assertThat(pipeline.submitSale(canceled)).isEqualTo(1);
    assertThat(pipeline.submitSale(canceled)).isZero();
    drained();

    JsonView receipt = sim.records(REALM, "SalesReceipt").get(0);
    assertThat(receipt.path("TotalAmt").decimalValue()).isEqualByComparingTo("0");
    assertThat(sim.journal().matching(e -> "void".equals(e.request().queryParam("operation").orElse(null))))
        .hasSize(1);
    assertThat(qbo.bookedSale(v1.ref()).orElseThrow().state()).isEqualTo(SaleState.VOIDED);
    assertThat(sim.record(REALM, "Item", mugId).orElseThrow().path("QtyOnHand").decimalValue())
        .isEqualByComparingTo("100");
  }

  @Test
  void aSaleDeletedAtItsSourceVoidsTheBookedReceipt() throws Exception {
    pipeline(TotalsPolicy.strict());
    Sale v1 = version("life-4", "1", 1);
    pipeline.submitSale(v1);
    drained();

    ChangeEvent deleted = new ChangeEvent("square", "del-life-4", ChangeType.SALE, "order.deleted", v1.ref(),
        true, START.plusSeconds(60), null, null, List.of(), null);
    assertThat(pipeline.submit(List.of(deleted))).isEqualTo(1);
    drained();

    assertThat(qbo.bookedSale(v1.ref()).orElseThrow().state()).isEqualTo(SaleState.VOIDED);
    assertThat(outbox.status().dead()).isZero();
  }

  @Test
  void anOpenSaleIsNotBookedUntilItCompletes() throws Exception {
    pipeline(TotalsPolicy.strict());
    Sale open = version("life-5", "1", 1).toBuilder().state(SaleState.OPEN).build();

    assertThat(pipeline.submitSale(open)).isZero();
    drained();
    assertThat(sim.records(REALM, "SalesReceipt")).isEmpty();

    assertThat(pipeline.submitSale(version("life-5", "2", 1))).isEqualTo(1);
    drained();
    assertThat(sim.records(REALM, "SalesReceipt")).hasSize(1);
  }

  @Test
  void anUnbalancedSaleIsRejectedAtSubmitAndDeadLetteredFromAFeed() throws Exception {
    pipeline(TotalsPolicy.strict());
    Sale bad = version("life-6", "1", 1).toBuilder()
        .totals(new Totals(Money.of("9.99", "USD"), Money.of("0.00", "USD"), Money.of("0.82", "USD"),
            Money.of("0.00", "USD"), Money.of("0.00", "USD"), Money.of("5.00", "USD")))
        .build();

    assertThatThrownBy(() -> pipeline.submitSale(bad)).isInstanceOf(UnbalancedTotalsException.class);
    assertThat(pipeline.submit(List.of(new ChangeEvent("square", "e-6", ChangeType.SALE, "order.updated",
        bad.ref(), false, START, bad, null, List.of(), null)))).isEqualTo(1);
    await("dead-lettered", () -> outbox.status().dead() == 1);

    assertThat(pipeline.deadLetters(1).get(0).lastError()).contains("unbalanced_totals");
    assertThat(receiptWrites()).isEmpty();
  }

  @Test
  void aPerDocumentTaxRoundingIsBookedWithAnExplicitLineWithinTheTolerance() throws Exception {
    pipeline(TotalsPolicy.roundingTolerance(1));
    TaxLine perLine = new TaxLine("QST", new BigDecimal("9.975"), Money.of("1.00", "USD"), false, null);
    Sale.Builder b = Sale.builder().ref(ExternalRef.of("square", "order", "life-7")).createdAt(START).currency(USD);
    for (int i = 0; i < 3; i++) {
      b.addLine(new SaleLine("l" + i, "MUG-01", "Mug", BigDecimal.ONE, Money.of("10.00", "USD"),
          Money.of("10.00", "USD"), List.of(), List.of(perLine), Money.of("11.00", "USD"), null));
    }
    Sale sale = b.totals(new Totals(Money.of("30.00", "USD"), Money.of("0.00", "USD"), Money.of("2.99", "USD"),
        Money.of("0.00", "USD"), Money.of("0.00", "USD"), Money.of("32.99", "USD"))).build();

    assertThat(pipeline.submitSale(sale)).isEqualTo(1);
    drained();

    JsonView receipt = sim.records(REALM, "SalesReceipt").get(0);
    assertThat(receipt.path("TotalAmt").decimalValue()).isEqualByComparingTo("32.99");
    assertThat(receipt.path("TxnTaxDetail").path("TotalTax").decimalValue()).isEqualByComparingTo("2.99");
  }
}
