package dev.posbridge.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  private final EnvelopeCodec codec = new EnvelopeCodec();

  @Test
  void aSaleSurvivesTheRoundTripExactly() {
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "O1").withVersion("3"))
        .location(ExternalRef.of("square", "location", "L1"))
        .createdAt(Instant.parse("2026-11-29T10:15:30.123Z")).currency(Currency.getInstance("JPY"))
        .addLine(SaleLine.of("LATTE", "Latte", new BigDecimal("1.5"), Money.of("480", "JPY")))
        .addTender(Tender.of(TenderType.CASH, Money.of("720", "JPY")))
        .deriveTotals().build();
    SyncEnvelope e = new SyncEnvelope(1, "sale", "quickbooks", "pbkey", "square", "ev1", false, sale,
        null, null, null, null);

    String json = codec.write(e);

    assertThat(json).contains("\"schema\":1").doesNotContain("\"refund\"");
    assertThat(codec.read(json)).isEqualTo(e);
  }

  @Test
  void aSaleWithFineUnitPriceExchangeRateStateAndVersionAndACompleteRefundSurviveTheRoundTrip() {
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "O2")).version("7")
        .state(dev.posbridge.core.model.SaleState.CANCELED)
        .createdAt(Instant.parse("2026-11-29T10:15:30Z")).currency(Currency.getInstance("CAD"))
        .exchangeRate(dev.posbridge.core.model.ExchangeRate.of("CAD", "USD", "0.7312"))
        .addLine(SaleLine.of("TEA", "Tea", new BigDecimal("250"),
            dev.posbridge.core.model.UnitPrice.of("0.0375", "CAD")))
        .deriveTotals().build();
    dev.posbridge.core.model.RefundLine line = dev.posbridge.core.model.RefundLine.of("TEA", "Tea",
        new BigDecimal("2"), dev.posbridge.core.model.UnitPrice.of("25.00", "CAD"), true)
        .withDiscounts(List.of(dev.posbridge.core.model.Discount.of("Loyalty", Money.of("5.00", "CAD"))))
        .withTaxes(List.of(new dev.posbridge.core.model.TaxLine("QST", new BigDecimal("9.975"),
            Money.of("4.49", "CAD"), false, null)));
    dev.posbridge.core.model.Refund refund = dev.posbridge.core.model.Refund.builder()
        .ref(ExternalRef.of("square", "return", "R2")).number("RET-2")
        .customer(ExternalRef.of("square", "customer", "C1")).originalSale(sale.ref())
        .createdAt(Instant.parse("2026-11-29T11:00:00Z")).currency(Currency.getInstance("CAD"))
        .exchangeRate(dev.posbridge.core.model.ExchangeRate.of("CAD", "USD", "0.7312"))
        .addLine(line).deriveAmounts().build();
    SyncEnvelope saleEnvelope = new SyncEnvelope(1, "sale", "quickbooks", "k1", "square", "ev2", false, sale,
        null, null, null, null);
    SyncEnvelope refundEnvelope = new SyncEnvelope(1, "refund", "quickbooks", "k2", "square", "ev3", false, null,
        refund, null, null, null);

    assertThat(codec.read(codec.write(saleEnvelope))).isEqualTo(saleEnvelope);
    assertThat(codec.read(codec.write(refundEnvelope))).isEqualTo(refundEnvelope);
    assertThat(codec.read(codec.write(refundEnvelope)).refund().amount()).isEqualTo(Money.of("49.49", "CAD"));
  }

  @Test
  void unknownFieldsOfANewerWriterAreIgnored() {
    StockChange change = StockChange.adjust("A", ExternalRef.of("shopify", "location", "1"),
        BigDecimal.ONE.negate(), StockChangeReason.SALE, Instant.EPOCH, "ref");
    SyncEnvelope e = new SyncEnvelope(1, "stock", "shopify", "k", "square", "ev", true, null, null,
        change, null, null);
    String newer = codec.write(e).replace("\"schema\":1", "\"schema\":2,\"priority\":\"high\"");

    SyncEnvelope read = codec.read(newer);

    assertThat(read.schema()).isEqualTo(2);
    assertThat(read.stock()).isEqualTo(change);
  }

  @Test
  void garbageIsRejectedClearly() {
    assertThatThrownBy(() -> codec.read("{not json")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.read("{}")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysAreDeterministicShortAndDistinct() {
    String a = IdempotencyKeys.of("sale", "square/order/1", "quickbooks");

    assertThat(a).isEqualTo(IdempotencyKeys.of("sale", "square/order/1", "quickbooks"))
        .hasSize(28).startsWith("pb").matches("[a-z2-7]+");
    assertThat(IdempotencyKeys.of("sale", "square/order/1", "netsuite")).isNotEqualTo(a);
    assertThat(IdempotencyKeys.of("sale", "square/order/1quickbooks")).isNotEqualTo(a);
  }
}
