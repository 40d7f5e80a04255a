package dev.posbridge.square.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.model.CardBrand;
import dev.posbridge.core.model.Channel;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundStatus;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.TenderType;
import org.junit.jupiter.api.Test;

class SalesMapperTest {

  static final ObjectMapper JSON = SquareJson.create();

  static Dto.SqOrder order(String json) throws Exception {
    return JSON.readValue(json, Dto.SqOrder.class);
  }

  @Test
  void factSheetOrderMapsAndBalances() throws Exception {
    Dto.SqOrder o = order("""
        {"id":"CAISEM82RcpmcFBM0TfOyiHV3es","location_id":"L88917AVBK2S5","state":"COMPLETED","version":4,
         "source":{"name":"Square Point of Sale"},"customer_id":"JDKYHBWT1D4F8MFH63DBMEN8Y4",
         "line_items":[{"uid":"li-1","name":"Latte","quantity":"2","catalog_object_id":"W62UWFY35CWMYGVWK6TWJDNI",
           "base_price_money":{"amount":450,"currency":"USD"},
           "applied_taxes":[{"uid":"at-1","tax_uid":"tax-1","applied_money":{"amount":72,"currency":"USD"}}],
           "total_tax_money":{"amount":72,"currency":"USD"},"total_money":{"amount":972,"currency":"USD"}}],
         "taxes":[{"uid":"tax-1","name":"Sales tax","percentage":"8.0","type":"ADDITIVE","scope":"ORDER",
           "applied_money":{"amount":72,"currency":"USD"}}],
         "tenders":[{"id":"fbmsaEOpoARDKxiSGH1fqPuqoqFZY","type":"CARD","amount_money":{"amount":972,"currency":"USD"},
           "payment_id":"fbmsaEOpoARDKxiSGH1fqPuqoqFZY"}],
         "total_money":{"amount":972,"currency":"USD"},"total_tax_money":{"amount":72,"currency":"USD"},
         "created_at":"2025-11-03T10:14:02.000Z","updated_at":"2025-11-03T10:15:29.000Z",
         "closed_at":"2025-11-03T10:15:29.000Z"}""");

    Sale sale = SalesMapper.sale(o, id -> id.equals("W62UWFY35CWMYGVWK6TWJDNI") ? "LATTE-12" : null, "test");

    assertThat(sale.ref().version()).isEqualTo("4");
    assertThat(sale.lines().get(0).sku()).isEqualTo("LATTE-12");
    assertThat(sale.totals().total()).isEqualTo(Money.of("9.72", "USD"));
    assertThat(sale.totals().subtotal()).isEqualTo(Money.of("9.00", "USD"));
    assertThat(sale.taxes()).isEmpty();
    assertThat(sale.checkTotals().balanced()).as(sale.checkTotals().toString()).isTrue();
  }

  @Test
  void orderLevelTaxNotCarriedByLinesStaysAtSaleLevel() throws Exception {
    Dto.SqOrder o = order("""
        {"id":"O","created_at":"2025-11-03T10:00:00Z",
         "line_items":[{"name":"A","quantity":"1","base_price_money":{"amount":1000,"currency":"USD"},
           "total_money":{"amount":1000,"currency":"USD"}}],
         "taxes":[{"uid":"t","name":"City","percentage":"5","type":"ADDITIVE","applied_money":{"amount":50,"currency":"USD"}}],
         "total_money":{"amount":1050,"currency":"USD"},"total_tax_money":{"amount":50,"currency":"USD"}}""");

    Sale sale = SalesMapper.sale(o, id -> null, "test");

    assertThat(sale.taxes()).singleElement().satisfies(t -> assertThat(t.amount()).isEqualTo(Money.of("0.50", "USD")));
    assertThat(sale.channel()).isEqualTo(Channel.OTHER);
    assertThat(sale.rawChannel()).isEqualTo("unspecified");
    assertThat(sale.checkTotals().balanced()).as(sale.checkTotals().toString()).isTrue();
  }

  @Test
  void kwdThreeDecimalAmountsAreExact() throws Exception {
    Dto.SqOrder o = order("""
        {"id":"O","created_at":"2025-11-03T10:00:00Z","line_items":[{"name":"A","quantity":"1.5",
          "base_price_money":{"amount":1001,"currency":"KWD"},"gross_sales_money":{"amount":1502,"currency":"KWD"},
          "total_money":{"amount":1502,"currency":"KWD"}}],"total_money":{"amount":1502,"currency":"KWD"}}""");

    Sale sale = SalesMapper.sale(o, id -> null, "test");

    assertThat(sale.lines().get(0).unitPrice().amount()).isEqualByComparingTo("1.001");
    assertThat(sale.totals().total().amount().toPlainString()).isEqualTo("1.502");
    assertThat(sale.checkTotals().balanced()).isTrue();
  }

  @Test
  void malformedOrdersBecomeInvalidResponses() throws Exception {
    for (String bad : new String[] {
        "{\"id\":\"O\",\"created_at\":\"2025-11-03T10:00:00Z\",\"total_money\":{\"amount\":1,\"currency\":\"XYZ\"}}",
        "{\"id\":\"O\",\"total_money\":{\"amount\":1,\"currency\":\"USD\"}}",
        "{\"id\":\"O\",\"created_at\":\"2025-11-03T10:00:00Z\",\"total_money\":{\"amount\":1,\"currency\":\"USD\"},"
            + "\"line_items\":[{\"name\":\"A\",\"quantity\":\"one\"}]}",
        "{\"id\":\"O\",\"created_at\":\"2025-11-03T10:00:00Z\",\"total_money\":{\"amount\":1,\"currency\":\"USD\"},"
            + "\"line_items\":[{\"name\":\"A\",\"quantity\":\"1\",\"base_price_money\":{\"amount\":1,\"currency\":\"EUR\"}}]}",
        "{\"created_at\":\"2025-11-03T10:00:00Z\",\"total_money\":{\"amount\":1,\"currency\":\"USD\"}}"}) {
      Dto.SqOrder o = order(bad);
      assertThatThrownBy(() -> SalesMapper.sale(o, id -> null, "SearchOrders"))
          .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
            assertThat(e.system()).isEqualTo("square");
            assertThat(e.operation()).isEqualTo("SearchOrders");
          });
    }
  }

  @Test
  void cardBrandsTenderTypesAndChannelsMapWithUnknownsAsOther() {
    assertThat(SalesMapper.cardBrand("DISCOVER_DINERS")).isEqualTo(CardBrand.DINERS_CLUB);
    assertThat(SalesMapper.cardBrand("CHINA_UNIONPAY")).isEqualTo(CardBrand.UNIONPAY);
    assertThat(SalesMapper.cardBrand("FELICA")).isEqualTo(CardBrand.OTHER);
    assertThat(SalesMapper.tenderType("SQUARE_GIFT_CARD")).isEqualTo(TenderType.GIFT_CARD);
    assertThat(SalesMapper.tenderType("BANK_ACCOUNT")).isEqualTo(TenderType.BANK_TRANSFER);
    assertThat(SalesMapper.tenderType("NO_SALE")).isEqualTo(TenderType.OTHER);
    assertThat(SalesMapper.channel("Square Point of Sale")).isEqualTo(Channel.IN_STORE);
    assertThat(SalesMapper.channel("Square Online")).isEqualTo(Channel.ONLINE);
    assertThat(SalesMapper.channel("Square Invoices")).isEqualTo(Channel.OTHER);
  }

  @Test
  void cardTenderKeepsOnlyBrandAndLastFour() throws Exception {
    Dto.SqTender t = JSON.readValue("""
        {"id":"P","type":"CARD","amount_money":{"amount":500,"currency":"USD"},
         "card_details":{"card":{"card_brand":"FELICA","last_4":"12x4"}}}""", Dto.SqTender.class);

    var tender = SalesMapper.tender(t, Money.currency("USD"));

    assertThat(tender.cardBrand()).isEqualTo(CardBrand.OTHER);
    assertThat(tender.rawCardBrand()).isEqualTo("FELICA");
    assertThat(tender.cardLastFour()).isNull();
  }

  @Test
  void paymentRefundStatusesMap() throws Exception {
    Dto.SqRefund r = JSON.readValue("""
        {"id":"R","status":"REJECTED","amount_money":{"amount":250,"currency":"JPY"},
         "created_at":"2025-11-03T10:00:00Z","order_id":"O"}""", Dto.SqRefund.class);

    Refund refund = SalesMapper.paymentRefund(r, "ListPaymentRefunds");

    assertThat(refund.status()).isEqualTo(RefundStatus.FAILED);
    assertThat(refund.rawStatus()).isEqualTo("REJECTED");
    assertThat(refund.amount()).isEqualTo(Money.ofMinor(250, "JPY"));
    assertThat(refund.originalSale().id()).isEqualTo("O");
  }
}
