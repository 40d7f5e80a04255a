package dev.posbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit prices, exchange rates, lifecycle state and complete refunds in the canonical model. */
class BooksModelTest {

  private static final Currency USD = Currency.getInstance("USD");

  private static Money usd(String v) {
    return Money.of(v, "USD");
  }

  @Test
  void aUnitPriceKeepsPrecisionFinerThanTheCurrencyWhileAmountsStayExact() {
    UnitPrice bulk = UnitPrice.of("0.0375", "USD");

    assertThat(bulk.times(new BigDecimal("250"), RoundingMode.HALF_UP)).isEqualTo(usd("9.38"));
    assertThat(bulk.isMoney()).isFalse();
    assertThat(UnitPrice.of("25.000", "USD")).isEqualTo(UnitPrice.of("25.00", "USD"));
    assertThat(UnitPrice.of("25", "USD").amount().scale()).isEqualTo(2);
    assertThat(UnitPrice.of(usd("4.50")).toMoney()).isEqualTo(usd("4.50"));
    assertThatThrownBy(bulk::toMoney).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UnitPrice.of("0.00000000001", "USD")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.of("0.0375", "USD")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSaleLineWithAFineUnitPriceBalancesAtTheRoundedGross() {
    Sale sale = Sale.builder().ref(ExternalRef.of("pos", "sale", "1")).createdAt(Instant.EPOCH).currency(USD)
        .addLine(SaleLine.of("FUEL", "Fuel", new BigDecimal("41.234"), UnitPrice.of("1.4379", "USD")))
        .deriveTotals().build();

    assertThat(sale.totals().total()).isEqualTo(usd("59.29"));
    assertThat(sale.checkTotals(usd("0.00")).balanced()).isTrue();
  }

  @Test
  void anExchangeRateConvertsToTheHomeCurrencyAndMustStartFromTheDocumentCurrency() {
    ExchangeRate rate = ExchangeRate.of("CAD", "USD", "0.73");

    assertThat(rate.toHome(Money.of("49.49", "CAD"))).isEqualTo(usd("36.13"));
    assertThatThrownBy(() -> ExchangeRate.of("CAD", "USD", "0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExchangeRate.of("USD", "USD", "1.1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sale.builder().ref(ExternalRef.of("pos", "sale", "1")).createdAt(Instant.EPOCH)
        .currency(USD).exchangeRate(rate).deriveTotals().build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSaleDefaultsToCompletedWithTheRefsVersionAndItsRevisionFallsBackToTheUpdateTime() {
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "1").withVersion("4"))
        .createdAt(Instant.EPOCH).currency(USD).deriveTotals().build();
    Sale unversioned = Sale.builder().ref(ExternalRef.of("shop", "order", "1")).createdAt(Instant.EPOCH)
        .updatedAt(Instant.parse("2026-01-01T00:00:00Z")).currency(USD).deriveTotals().build();

    assertThat(sale.state()).isEqualTo(SaleState.COMPLETED);
    assertThat(sale.version()).isEqualTo("4");
    assertThat(sale.revision()).isEqualTo("4");
    assertThat(unversioned.revision()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(SaleState.CANCELED.isVoid()).isTrue();
    assertThat(SaleState.OPEN.isVoid()).isFalse();
  }

  @Test
  void aRefundLineHasOneMeaningPerAmountAndTheRefundAddsUp() {
    RefundLine line = RefundLine.of("MUG", "Mug", new BigDecimal("2"), UnitPrice.of("25.00", "USD"), true)
        .withDiscounts(List.of(Discount.of("Loyalty", usd("5.00"))))
        .withTaxes(List.of(TaxLine.additive("QST", new BigDecimal("9.975"), usd("4.49"))));
    Refund refund = Refund.builder().ref(ExternalRef.of("pos", "refund", "1")).createdAt(Instant.EPOCH)
        .currency(USD).addLine(line).deriveAmounts().build();

    assertThat(line.gross()).isEqualTo(usd("50.00"));
    assertThat(line.net()).isEqualTo(usd("45.00"));
    assertThat(line.total()).isEqualTo(usd("49.49"));
    assertThat(refund.amount()).isEqualTo(usd("49.49"));
    assertThat(refund.taxAmount()).isEqualTo(usd("4.49"));
    assertThat(refund.checkTotals(usd("0.00")).balanced()).isTrue();
    Refund off = refund.toBuilder().amounts(usd("50.82"), usd("4.49")).build();
    assertThat(off.checkTotals().discrepancies()).extracting(TotalsCheck.Discrepancy::part).containsExactly("amount");
    assertThatThrownBy(() -> new RefundLine(null, "X", "X", BigDecimal.ONE, UnitPrice.of("1.00", "USD"),
        usd("1.00"), List.of(), List.of(TaxLine.additive("T", null, usd("0.10"))), false, usd("1.10"), false, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-taxable");
  }

  @Test
  void anAmountOnlyRefundIsBalancedByDefinition() {
    Refund refund = new Refund(ExternalRef.of("pos", "refund", "2"), null, null, Instant.EPOCH,
        RefundStatus.COMPLETED, null, List.of(), usd("2.04"), usd("0.15"), List.of(), null, List.of());

    assertThat(refund.amountOnly()).isTrue();
    assertThat(refund.currency()).isEqualTo(USD);
    assertThat(refund.checkTotals(usd("0.00")).balanced()).isTrue();
  }
}
