package dev.posbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaleTest {

  private static final Currency USD = Currency.getInstance("USD");
  private static final Instant T0 = Instant.parse("2025-11-03T10:15:29Z");

  private static Money usd(String amount) {
    return Money.of(amount, "USD");
  }

  /** Two lattes at 4.50 with 8 % tax (0.72), 1.00 tip, paid by card: total 10.72. */
  private static Sale.Builder latteSale() {
    TaxLine tax = TaxLine.additive("Sales tax", new BigDecimal("8.0"), usd("0.72"));
    SaleLine line = new SaleLine("li-1", "LATTE-12", "Latte", new BigDecimal("2"), usd("4.50"),
        usd("9.00"), List.of(), List.of(tax), usd("9.72"), ExternalRef.of("square", "item_variation", "W62"));
    Tender card = new Tender(TenderType.CARD, "CARD", usd("10.72"), usd("1.00"), CardBrand.VISA,
        "VISA", "4242", ExternalRef.of("square", "payment", "p1"));
    return Sale.builder()
        .ref(ExternalRef.of("square", "order", "CAISEM82"))
        .createdAt(T0)
        .currency(USD)
        .addLine(line)
        .addTender(card)
        .totals(new Totals(usd("9.00"), usd("0"), usd("0.72"), usd("1.00"), usd("0"), usd("10.72")));
  }

  @Test
  void consistentSaleBalances() {
    Sale sale = latteSale().build();

    assertThat(sale.checkTotals().balanced()).isTrue();
    assertThat(sale.impliedTotals()).isEqualTo(sale.totals());
  }

  @Test
  void wrongTotalIsReportedWithExpectedAndActual() {
    Sale sale = latteSale()
        .totals(new Totals(usd("9.00"), usd("0"), usd("0.72"), usd("1.00"), usd("0"), usd("10.00")))
        .build();

    TotalsCheck check = sale.checkTotals();

    assertThat(check.balanced()).isFalse();
    assertThat(check.discrepancies()).singleElement().satisfies(d -> {
      assertThat(d.part()).isEqualTo("total");
      assertThat(d.expected()).isEqualTo(usd("10.72"));
      assertThat(d.actual()).isEqualTo(usd("10.00"));
      assertThat(d.difference()).isEqualTo(usd("-0.72"));
    });
  }

  @Test
  void wrongTaxTotalNamesTheTaxPart() {
    Sale sale = latteSale()
        .totals(new Totals(usd("9.00"), usd("0"), usd("0.80"), usd("1.00"), usd("0"), usd("10.80")))
        .build();

    assertThat(sale.checkTotals().discrepancies())
        .extracting(TotalsCheck.Discrepancy::part)
        .containsExactly("taxTotal");
  }

  @Test
  void lineWhoseGrossIsNotQuantityTimesPriceIsReported() {
    Sale good = latteSale().build();
    SaleLine line = good.lines().get(0);
    SaleLine bad = new SaleLine(line.lineId(), line.sku(), line.name(), line.quantity(),
        line.unitPrice(), usd("9.50"), line.discounts(), line.taxes(), line.taxable(), usd("10.22"),
        line.item());

    Sale sale = good.toBuilder().lines(List.of(bad)).build();

    assertThat(sale.checkTotals().discrepancies())
        .extracting(TotalsCheck.Discrepancy::part)
        .contains("lines[0].gross", "subtotal");
  }

  @Test
  void roundingWithinOneMinorUnitIsTolerated() {
    SaleLine line = new SaleLine(null, "ROPE", "Rope by metre", new BigDecimal("1.333"), usd("3.00"),
        usd("4.00"), List.of(), List.of(), usd("4.00"), null);
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "x")).createdAt(T0)
        .currency(USD).addLine(line)
        .totals(new Totals(usd("4.00"), usd("0"), usd("0"), usd("0"), usd("0"), usd("4.00")))
        .build();

    assertThat(sale.checkTotals().balanced()).isTrue();
  }

  @Test
  void inclusiveTaxDoesNotAddToTheTotal() {
    TaxLine vat = new TaxLine("VAT", new BigDecimal("20"), usd("2.00"), true, null);
    SaleLine line = new SaleLine(null, "TEE", "T-shirt", BigDecimal.ONE, usd("12.00"), usd("12.00"),
        List.of(), List.of(vat), usd("12.00"), null);
    Sale sale = Sale.builder().ref(ExternalRef.of("shopify", "order", "1")).createdAt(T0)
        .currency(USD).addLine(line).deriveTotals().build();

    assertThat(sale.totals().total()).isEqualTo(usd("12.00"));
    assertThat(sale.totals().taxTotal()).isEqualTo(usd("2.00"));
    assertThat(sale.checkTotals().balanced()).isTrue();
  }

  @Test
  void discountsAndChargesEnterTheTotal() {
    Discount tenOff = new Discount("10% off", usd("1.00"), BigDecimal.TEN, "WELCOME", null);
    SaleLine line = new SaleLine(null, "MUG", "Mug", BigDecimal.ONE, usd("10.00"), usd("10.00"),
        List.of(tenOff), List.of(TaxLine.additive("tax", null, usd("0.90"))), usd("9.90"), null);
    Charge shipping = new Charge(ChargeType.SHIPPING, null, "Standard", usd("5.00"),
        List.of(TaxLine.additive("tax", null, usd("0.50"))));
    Sale sale = Sale.builder().ref(ExternalRef.of("shopify", "order", "2")).createdAt(T0)
        .channel(Channel.ONLINE, "web").currency(USD).addLine(line).addCharge(shipping)
        .deriveTotals().build();

    assertThat(sale.totals().total()).isEqualTo(usd("15.40"));
    assertThat(sale.totals().discountTotal()).isEqualTo(usd("1.00"));
    assertThat(sale.totals().taxTotal()).isEqualTo(usd("1.40"));
    assertThat(sale.checkTotals().balanced()).isTrue();
  }

  @Test
  void jpySaleHasNoFractionDigits() {
    SaleLine line = SaleLine.of("ONIGIRI", "Onigiri", new BigDecimal("3"), Money.of("150", "JPY"));
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "jp")).createdAt(T0)
        .currency(Currency.getInstance("JPY")).addLine(line).deriveTotals().build();

    assertThat(sale.totals().total().toMinorUnits()).isEqualTo(450);
    assertThat(sale.checkTotals().balanced()).isTrue();
  }

  @Test
  void amountsInAnotherCurrencyAreRejected() {
    SaleLine euroLine = SaleLine.of("X", "x", BigDecimal.ONE, Money.of("1.00", "EUR"));

    assertThatThrownBy(() -> latteSale().addLine(euroLine).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lines[1]");
  }

  @Test
  void missingRequiredPartsNameTheField() {
    assertThatThrownBy(() -> Sale.builder().createdAt(T0).currency(USD).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ref");
    assertThatThrownBy(() -> latteSale().channel(Channel.OTHER, null).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel");
  }

  @Test
  void tenderKeepsOnlyBrandAndLastFourAndMasksThem() {
    Tender t = latteSale().build().tenders().get(0);

    assertThat(t.toString()).contains("****4242").doesNotContain(" 4242");
    assertThatThrownBy(() -> new Tender(TenderType.CARD, null, usd("1"), usd("0"), CardBrand.VISA,
        null, "4242424242424242", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("4242424242424242");
  }

  @Test
  void unknownVendorEnumsKeepTheirRawValue() {
    Tender t = new Tender(TenderType.OTHER, "CRYPTO", usd("1"), usd("0"), CardBrand.OTHER, "ELO",
        null, null);

    assertThat(t.rawType()).isEqualTo("CRYPTO");
    assertThat(t.rawCardBrand()).isEqualTo("ELO");
    assertThatThrownBy(() -> new Tender(TenderType.OTHER, null, usd("1"), usd("0"), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raw");
  }

  @Test
  void listsAreImmutableCopies() {
    Sale sale = latteSale().build();

    assertThatThrownBy(() -> sale.lines().add(sale.lines().get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
