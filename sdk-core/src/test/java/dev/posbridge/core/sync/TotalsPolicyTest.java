package dev.posbridge.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.UnbalancedTotalsException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.model.ChargeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.SaleState;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Totals;
import dev.posbridge.core.model.UnitPrice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class TotalsPolicyTest {

  private static final Currency USD = Currency.getInstance("USD");

  private static Money usd(String v) {
    return Money.of(v, "USD");
  }

  private static Sale withTotal(String total) {
    return Sale.builder().ref(ExternalRef.of("pos", "sale", "1")).createdAt(Instant.EPOCH).currency(USD)
        .addLine(SaleLine.of("A", "A", BigDecimal.ONE, usd("10.00")))
        .totals(new Totals(usd("10.00"), usd("0.00"), usd("0.00"), usd("0.00"), usd("0.00"), usd(total)))
        .build();
  }

  @Test
  void strictRejectsAnyDifferenceWithATypedErrorNamingThePart() {
    assertThat(TotalsPolicy.strict().apply(withTotal("10.00"), "qbo")).isEqualTo(withTotal("10.00"));
    assertThatThrownBy(() -> TotalsPolicy.strict().apply(withTotal("10.01"), "qbo"))
        .isInstanceOfSatisfying(UnbalancedTotalsException.class, e -> {
          assertThat(e.fieldErrors()).extracting(ValidationException.FieldError::field).contains("total");
          assertThat(e.fieldErrors()).extracting(ValidationException.FieldError::code).containsOnly("unbalanced_totals");
          assertThat(e.isRetryable()).isFalse();
        });
  }

  @Test
  void aToleranceBooksASmallTotalDifferenceAsAnExplicitRoundingCharge() {
    Sale adjusted = TotalsPolicy.roundingTolerance(2).apply(withTotal("9.98"), "qbo");

    assertThat(adjusted.charges()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(ChargeType.ROUNDING);
      assertThat(c.amount()).isEqualTo(usd("-0.02"));
    });
    assertThat(adjusted.totals().total()).isEqualTo(usd("9.98"));
    assertThat(adjusted.impliedTotals().total()).isEqualTo(usd("9.98"));
    assertThatThrownBy(() -> TotalsPolicy.roundingTolerance(2).apply(withTotal("9.97"), "qbo"))
        .isInstanceOf(UnbalancedTotalsException.class);
  }

  @Test
  void aVoidedSaleIsNotChecked() {
    Sale voided = withTotal("5.00").toBuilder().state(SaleState.VOIDED).build();
    assertThat(TotalsPolicy.strict().apply(voided, "qbo")).isSameAs(voided);
  }

  @Test
  void aRefundWithTaxCountedTwiceIsRejectedAndAOneCentTaxRoundingIsAdjusted() {
    RefundLine line = RefundLine.of("A", "A", BigDecimal.ONE, UnitPrice.of("43.42", "USD"), false)
        .withTaxes(List.of(TaxLine.additive("Tax", null, usd("3.70"))));
    Refund good = Refund.builder().ref(ExternalRef.of("pos", "refund", "1")).createdAt(Instant.EPOCH)
        .currency(USD).addLine(line).deriveAmounts().build();
    Refund doubled = good.toBuilder().amounts(usd("50.82"), usd("3.70")).build();
    Refund cent = good.toBuilder().amounts(usd("47.13"), usd("3.71")).build();

    assertThat(TotalsPolicy.strict().apply(good, "qbo")).isSameAs(good);
    assertThatThrownBy(() -> TotalsPolicy.roundingTolerance(1).apply(doubled, "qbo"))
        .isInstanceOf(UnbalancedTotalsException.class).hasMessageContaining("50.82");
    Refund adjusted = TotalsPolicy.roundingTolerance(1).apply(cent, "qbo");
    assertThat(adjusted.taxes()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo(TotalsPolicy.TAX_ROUNDING);
      assertThat(t.amount()).isEqualTo(usd("0.01"));
    });
    assertThat(adjusted.checkTotals(usd("0.00")).balanced()).isTrue();
  }
}
