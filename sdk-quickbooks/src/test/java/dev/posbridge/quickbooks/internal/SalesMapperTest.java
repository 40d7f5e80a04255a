package dev.posbridge.quickbooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.quickbooks.QuickBooksMapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesMapperTest {

  static final Currency USD = Currency.getInstance("USD");
  final SalesMapper mapper = new SalesMapper(new ObjectMapper(), QuickBooksMapping.builder()
      .defaultDepositAccount("35").locationTimeZone("L1", ZoneId.of("Pacific/Auckland")).build());

  static Sale.Builder sale() {
    return Sale.builder().ref(ExternalRef.of("square", "order", "o1")).currency(USD)
        .createdAt(Instant.parse("2026-03-02T14:00:00Z"))
        .addLine(SaleLine.of("MUG-01", "Mug", new BigDecimal("2"), Money.of("9.99", "USD")))
        .addTender(Tender.of(TenderType.CASH, Money.of("19.98", "USD")));
  }

  @Test
  void txnDateIsTheCalendarDateAtTheLocation() {
    ObjectNode body = mapper.salesReceipt(sale().location(ExternalRef.of("square", "location", "L1"))
        .deriveTotals().build(), new SalesMapper.Resolved(Map.of("MUG-01", "57"), null, null));
    assertThat(body.path("TxnDate").asText()).isEqualTo("2026-03-03");
    ObjectNode utc = mapper.salesReceipt(sale().deriveTotals().build(),
        new SalesMapper.Resolved(Map.of("MUG-01", "57"), null, null));
    assertThat(utc.path("TxnDate").asText()).isEqualTo("2026-03-02");
  }

  @Test
  void withoutTaxCodeOrCustomerTheyAreLeftOut() {
    ObjectNode body = mapper.salesReceipt(sale().deriveTotals().build(),
        new SalesMapper.Resolved(Map.of("MUG-01", "57"), null, null));
    assertThat(body.has("CustomerRef")).isFalse();
    assertThat(body.path("TxnTaxDetail").has("TxnTaxCodeRef")).isFalse();
    assertThat(body.has("PaymentMethodRef")).isFalse();
    assertThat(body.path("DepositToAccountRef").path("value").asText()).isEqualTo("35");
  }

  @Test
  void inclusiveTaxSetsGlobalTaxCalculationAndMixedModesAreRejected() {
    Sale inclusive = sale().addTax(new TaxLine("VAT", new BigDecimal("20"), Money.of("3.33", "USD"), true, null))
        .deriveTotals().build();
    ObjectNode body = mapper.salesReceipt(inclusive, new SalesMapper.Resolved(Map.of("MUG-01", "57"), null, null));
    assertThat(body.path("GlobalTaxCalculation").asText()).isEqualTo("TaxInclusive");
    assertThat(body.path("TotalAmt").decimalValue()).isEqualByComparingTo("19.98");

    Sale mixed = sale().addTax(new TaxLine("VAT", null, Money.of("1.00", "USD"), true, null))
        .addTax(TaxLine.additive("Sales", null, Money.of("1.00", "USD"))).deriveTotals().build();
    assertThatThrownBy(() -> mapper.salesReceipt(mixed, new SalesMapper.Resolved(Map.of("MUG-01", "57"), null, null)))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fieldErrors()).extracting(ValidationException.FieldError::code).contains("mixed_tax_modes"));
  }

  @Test
  void tipsWithoutAChargeItemAreAValidationError() {
    Sale tipped = sale().tenders(List.of(new Tender(TenderType.CARD, null, Money.of("19.98", "USD"),
        Money.of("2.00", "USD"), null, null, null, null))).deriveTotals().build();
    assertThatThrownBy(() -> mapper.salesReceipt(tipped, new SalesMapper.Resolved(Map.of("MUG-01", "57"), null, null)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void docNumbersFitAndStayDistinct() {
    assertThat(SalesMapper.docNumber("POS-1")).isEqualTo("POS-1");
    String a = SalesMapper.docNumber("STORE-0001-REGISTER-03-000123456");
    String b = SalesMapper.docNumber("STORE-0001-REGISTER-03-000123457");
    assertThat(a).hasSize(21).isNotEqualTo(b).startsWith("STORE-0001-");
  }

  @Test
  void requestIdsAreDeterministicAndFitBatchLimits() {
    assertThat(RequestIds.of("k")).isEqualTo(RequestIds.of("k")).hasSize(32).isNotEqualTo(RequestIds.of("k2"));
  }

  @Test
  void queryLiteralsEscapeApostrophes() {
    assertThat(Queries.quote("O'Brien")).isEqualTo("'O\\'Brien'");
    assertThat(Queries.in(List.of("a", "b"))).isEqualTo("('a', 'b')");
  }
}
