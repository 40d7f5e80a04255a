package dev.posbridge.shopify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.model.CardBrand;
import dev.posbridge.core.model.Channel;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.TenderType;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode factSheetOrder() throws Exception {
    try (InputStream in = OrderMapperTest.class.getResourceAsStream("/shopify/order-fact-sheet.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  @Test
  void mapsTheFactSheetOrder() throws Exception {
    Sale sale = OrderMapper.sale(factSheetOrder(), List.of());

    assertThat(sale.ref().id()).isEqualTo("gid://shopify/Order/820982911946154508");
    assertThat(sale.number()).isEqualTo("#1001");
    assertThat(sale.channel()).isEqualTo(Channel.IN_STORE);
    assertThat(sale.createdAt()).isEqualTo(Instant.parse("2025-11-03T10:14:02Z"));
    assertThat(sale.lines()).singleElement().satisfies(l -> {
      assertThat(l.gross()).isEqualTo(Money.of("21.20", "EUR"));
      assertThat(l.taxes().get(0).rate()).isEqualByComparingTo("19");
    });
    assertThat(sale.tenders()).singleElement()
        .satisfies(t -> assertThat(t.type()).isEqualTo(TenderType.CASH));
    assertThat(sale.checkTotals().balanced()).as(sale.checkTotals().toString()).isTrue();
  }

  @Test
  void keepsShopMoneyEvenWhenPresentmentDiffers() throws Exception {
    ObjectNode o = factSheetOrder();
    ((ObjectNode) o.path("totalPriceSet")).putObject("presentmentMoney")
        .put("amount", "23.00").put("currencyCode", "USD");

    assertThat(OrderMapper.sale(o, List.of()).totals().total()).isEqualTo(Money.of("21.20", "EUR"));
  }

  @Test
  void aMissingRequiredFieldIsAnInvalidResponseWithContext() throws Exception {
    ObjectNode o = factSheetOrder();
    o.remove("totalPriceSet");

    assertThatThrownBy(() -> OrderMapper.sale(o, List.of()))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("totalPriceSet")
        .satisfies(e -> assertThat(((InvalidResponseException) e).system()).isEqualTo("shopify"));
  }

  @Test
  void anAmountInAnotherCurrencyIsRejected() throws Exception {
    ObjectNode o = factSheetOrder();
    ((ObjectNode) o.path("totalPriceSet").path("shopMoney")).put("currencyCode", "USD");

    assertThatThrownBy(() -> OrderMapper.sale(o, List.of())).isInstanceOf(InvalidResponseException.class);
  }

  @Test
  void keepsThreeDecimalCurrenciesExact() throws Exception {
    String json = factSheetOrder().toString().replace("EUR", "KWD").replace("\"21.2\"", "\"21.205\"");
    JsonNode o = JSON.readTree(json);
    ((ObjectNode) o.path("lineItems").path("nodes").get(0).path("originalUnitPriceSet").path("shopMoney"))
        .put("amount", "10.6025");

    assertThatThrownBy(() -> OrderMapper.sale(o, List.of())).isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("fraction digits");
  }

  @Test
  void unknownGatewaysAndBrandsKeepTheirRawValues() throws Exception {
    ObjectNode o = factSheetOrder();
    ObjectNode t = (ObjectNode) o.path("transactions").get(0);
    t.put("gateway", "adyen");
    t.putObject("paymentDetails").put("company", "Elo").put("number", "•••• •••• •••• 1234");

    Sale sale = OrderMapper.sale(o, List.of());

    assertThat(sale.tenders()).singleElement().satisfies(tender -> {
      assertThat(tender.type()).isEqualTo(TenderType.CARD);
      assertThat(tender.rawType()).isEqualTo("adyen");
      assertThat(tender.cardBrand()).isEqualTo(CardBrand.OTHER);
      assertThat(tender.rawCardBrand()).isEqualTo("Elo");
      assertThat(tender.cardLastFour()).isEqualTo("1234");
    });
  }

  @Test
  void failedAndAuthorizationTransactionsAreNotTenders() throws Exception {
    ObjectNode o = factSheetOrder();
    ObjectNode failed = ((com.fasterxml.jackson.databind.node.ArrayNode) o.path("transactions")).addObject();
    failed.put("kind", "SALE").put("status", "FAILURE").put("gateway", "cash");
    failed.putObject("amountSet").putObject("shopMoney").put("amount", "5").put("currencyCode", "EUR");
    ObjectNode auth = ((com.fasterxml.jackson.databind.node.ArrayNode) o.path("transactions")).addObject();
    auth.put("kind", "AUTHORIZATION").put("status", "SUCCESS").put("gateway", "shopify_payments");
    auth.putObject("amountSet").putObject("shopMoney").put("amount", "5").put("currencyCode", "EUR");

    assertThat(OrderMapper.sale(o, List.of()).tenders()).hasSize(1);
  }

  @Test
  void brandsAndLastFourAreNormalised() {
    assertThat(OrderMapper.brand("American Express")).isEqualTo(CardBrand.AMERICAN_EXPRESS);
    assertThat(OrderMapper.brand("Mastercard")).isEqualTo(CardBrand.MASTERCARD);
    assertThat(OrderMapper.lastFour("•••• •••• •••• 4242")).isEqualTo("4242");
    assertThat(OrderMapper.lastFour("••")).isNull();
  }
}
