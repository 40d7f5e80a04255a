package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.model.CardBrand;
import dev.posbridge.core.model.Channel;
import dev.posbridge.core.model.ChargeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundStatus;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SquareSalesContractTest extends SquareTestSupport {

  static final Instant FROM = Instant.parse("2025-11-03T00:00:00Z");
  static final Instant TO = Instant.parse("2025-11-04T00:00:00Z");

  String latteOrder(String location, String variation) {
    return """
        {"location_id":"%s","reference_id":"R-1001","customer_id":"JDKYHBWT1D4F8MFH63DBMEN8Y4",
         "source":{"name":"Square Point of Sale"},
         "created_at":"2025-11-03T10:14:02.000Z","updated_at":"2025-11-03T10:15:29.000Z",
         "line_items":[{"uid":"li-1","name":"Latte","quantity":"2","catalog_object_id":"%s",
            "base_price_money":{"amount":450,"currency":"USD"},
            "applied_discounts":[{"discount_uid":"disc-1"}]},
           {"uid":"li-2","name":"Muffin","quantity":"1","base_price_money":{"amount":325,"currency":"USD"}}],
         "discounts":[{"uid":"disc-1","name":"Happy hour","type":"FIXED_PERCENTAGE","percentage":"10",
            "scope":"LINE_ITEM"}],
         "taxes":[{"uid":"tax-1","name":"Sales tax","percentage":"8.0","type":"ADDITIVE","scope":"ORDER"}],
         "service_charges":[{"uid":"sc-1","name":"Delivery","amount_money":{"amount":200,"currency":"USD"},
            "calculation_phase":"SUBTOTAL_PHASE","taxable":true,"applied_taxes":[{"uid":"sct-1","tax_uid":"tax-1"}]}],
         "tenders":[{"id":"fbmsaEOpoARDKxiSGH1fqPuqoqFZY","type":"CARD",
            "amount_money":{"amount":1624,"currency":"USD"},"tip_money":{"amount":100,"currency":"USD"},
            "card_details":{"status":"CAPTURED","card":{"card_brand":"AMERICAN_EXPRESS","last_4":"0005"},
              "entry_method":"EMV"},
            "payment_id":"fbmsaEOpoARDKxiSGH1fqPuqoqFZY"}]}
        """.formatted(location, variation);
  }

  @Test
  void usdSaleMapsEveryPartExactlyAndBalances() {
    String latte = sim.seedItem("LATTE-12", 450);
    String id = sim.seedOrder(latteOrder(main, latte));

    List<Sale> sales = square.sales(SalesQuery.updatedBetween(FROM, TO).atLocations(List.of(main))).stream().toList();

    assertThat(sales).hasSize(1);
    Sale sale = sales.get(0);
    JsonView order = sim.record("order", id).orElseThrow();
    assertThat(sale.ref()).isEqualTo(new ExternalRef("square", "order", id, "1"));
    assertThat(sale.number()).isEqualTo("R-1001");
    assertThat(sale.location()).isEqualTo(ExternalRef.of("square", "location", main));
    assertThat(sale.channel()).isEqualTo(Channel.IN_STORE);
    assertThat(sale.rawChannel()).isEqualTo("Square Point of Sale");
    assertThat(sale.customer()).isEqualTo(ExternalRef.of("square", "customer", "JDKYHBWT1D4F8MFH63DBMEN8Y4"));
    assertThat(sale.createdAt()).isEqualTo(Instant.parse("2025-11-03T10:14:02Z"));
    assertThat(sale.lines()).hasSize(2);
    SaleLine first = sale.lines().get(0);
    assertThat(first.sku()).isEqualTo("LATTE-12");
    assertThat(first.item()).isEqualTo(ExternalRef.of("square", "item_variation", latte));
    assertThat(first.quantity()).isEqualByComparingTo("2");
    assertThat(first.unitPrice().toMoney()).isEqualTo(Money.of("4.50", "USD"));
    assertThat(first.gross()).isEqualTo(Money.of("9.00", "USD"));
    assertThat(first.discounts()).singleElement().satisfies(d -> {
      assertThat(d.name()).isEqualTo("Happy hour");
      assertThat(d.amount()).isEqualTo(Money.of("0.90", "USD"));
      assertThat(d.percentage()).isEqualByComparingTo("10");
    });
    assertThat(first.taxes()).singleElement().satisfies(t -> {
      assertThat(t.amount()).isEqualTo(Money.of("0.65", "USD"));
      assertThat(t.rate()).isEqualByComparingTo("8");
      assertThat(t.inclusive()).isFalse();
    });
    assertThat(sale.lines().get(1).sku()).isNull();
    assertThat(sale.charges()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(ChargeType.SERVICE);
      assertThat(c.amount()).isEqualTo(Money.of("2.00", "USD"));
      assertThat(c.taxes()).singleElement().satisfies(t -> assertThat(t.amount()).isEqualTo(Money.of("0.16", "USD")));
    });
    assertThat(sale.tenders()).singleElement().satisfies(t -> {
      assertThat(t.type()).isEqualTo(TenderType.CARD);
      assertThat(t.cardBrand()).isEqualTo(CardBrand.AMERICAN_EXPRESS);
      assertThat(t.cardLastFour()).isEqualTo("0005");
      assertThat(t.tip()).isEqualTo(Money.of("1.00", "USD"));
      assertThat(t.ref()).isEqualTo(ExternalRef.of("square", "payment", "fbmsaEOpoARDKxiSGH1fqPuqoqFZY"));
    });
    assertThat(sale.totals().total().toMinorUnits()).isEqualTo(order.path("total_money").path("amount").asLong());
    assertThat(sale.totals().taxTotal().toMinorUnits()).isEqualTo(order.path("total_tax_money").path("amount").asLong());
    assertThat(sale.totals().tipTotal()).isEqualTo(Money.of("1.00", "USD"));
    assertThat(sale.checkTotals().balanced()).as(sale.checkTotals().toString()).isTrue();
  }

  @Test
  void jpySaleWithInclusiveTaxMapsToWholeYenAndBalances() {
    String tokyo = sim.seedLocation("Tokyo", "JPY", "Asia/Tokyo");
    sim.seedOrder("""
        {"location_id":"%s","source":{"name":"Square Online Store"},
         "created_at":"2025-11-03T01:00:00Z","updated_at":"2025-11-03T01:05:00Z",
         "line_items":[{"name":"Matcha","quantity":"3","base_price_money":{"amount":550,"currency":"JPY"}}],
         "taxes":[{"uid":"jct","name":"JCT","percentage":"10","type":"INCLUSIVE","scope":"ORDER"}],
         "tenders":[{"id":"t1","type":"CASH","amount_money":{"amount":1650,"currency":"JPY"}}]}
        """.formatted(tokyo));

    Sale sale = square.sales(SalesQuery.updatedBetween(FROM, TO).atLocations(List.of(tokyo))).stream()
        .findFirst().orElseThrow();

    assertThat(sale.currency().getCurrencyCode()).isEqualTo("JPY");
    assertThat(sale.channel()).isEqualTo(Channel.ONLINE);
    assertThat(sale.lines().get(0).unitPrice().toMoney()).isEqualTo(Money.of(new BigDecimal("550"), Money.currency("JPY")));
    assertThat(sale.lines().get(0).taxes().get(0).inclusive()).isTrue();
    assertThat(sale.lines().get(0).taxes().get(0).amount()).isEqualTo(Money.ofMinor(150, "JPY"));
    assertThat(sale.totals().total()).isEqualTo(Money.ofMinor(1650, "JPY"));
    assertThat(sale.totals().total().amount().scale()).isZero();
    assertThat(sale.tenders().get(0).type()).isEqualTo(TenderType.CASH);
    assertThat(sale.checkTotals().balanced()).as(sale.checkTotals().toString()).isTrue();
  }

  @Test
  void unknownSourceAndTenderTypeKeepTheRawValue() {
    sim.seedOrder("""
        {"location_id":"%s","source":{"name":"Acme Kiosk"},"updated_at":"2025-11-03T10:00:00Z",
         "created_at":"2025-11-03T10:00:00Z",
         "line_items":[{"name":"Gift","quantity":"1","base_price_money":{"amount":1000,"currency":"USD"}}],
         "tenders":[{"id":"t1","type":"SQUARE_ACCOUNT","amount_money":{"amount":1000,"currency":"USD"}}]}
        """.formatted(main));

    Sale sale = square.sales(SalesQuery.updatedBetween(FROM, TO)).stream().findFirst().orElseThrow();

    assertThat(sale.channel()).isEqualTo(Channel.OTHER);
    assertThat(sale.rawChannel()).isEqualTo("Acme Kiosk");
    assertThat(sale.tenders().get(0).type()).isEqualTo(TenderType.OTHER);
    assertThat(sale.tenders().get(0).rawType()).isEqualTo("SQUARE_ACCOUNT");
  }

  @Test
  void searchUsesTheWindowFieldAsSortFieldAscendingWithCompletedState() {
    square.sales(SalesQuery.closedBetween(FROM, TO).atLocations(List.of(main))).stream().toList();

    JsonView body = requests("POST", "/v2/orders/search").get(0).request().json();
    assertThat(body.path("location_ids").get(0).asText()).isEqualTo(main);
    assertThat(body.path("query").path("filter").path("date_time_filter").has("closed_at")).isTrue();
    assertThat(body.path("query").path("sort").path("sort_field").asText()).isEqualTo("CLOSED_AT");
    assertThat(body.path("query").path("sort").path("sort_order").asText()).isEqualTo("ASC");
    assertThat(body.path("query").path("filter").path("state_filter").path("states").get(0).asText())
        .isEqualTo("COMPLETED");
    assertThat(requests("POST", "/v2/orders/search").get(0).request().header("Square-Version"))
        .hasValue("2026-08-19");
  }

  @Test
  void pagesThroughManyPagesWithSquareCursorsAndResumesFromAPageCursor() {
    for (int i = 0; i < 25; i++) {
      sim.seedOrder(simpleOrder(main, "2025-11-03T08:%02d:00Z".formatted(i), 100 + i));
    }
    SalesQuery q = SalesQuery.updatedBetween(FROM, TO).atLocations(List.of(main)).withPageSize(10);

    List<Sale> all = square.sales(q).stream().toList();

    assertThat(all).hasSize(25);
    assertThat(all).extracting(s -> s.totals().total().toMinorUnits()).startsWith(100L, 101L, 102L);
    List<JournalEntry> calls = requests("POST", "/v2/orders/search");
    assertThat(calls).hasSize(3);
    assertThat(calls.get(1).request().json().path("cursor").asText()).isNotBlank();
    assertThat(calls.get(1).request().json().path("limit").asInt()).isEqualTo(10);

    Page<Sale> firstPage = square.sales(q).pages().iterator().next();
    List<Sale> rest = square.sales(q.resumingAt(firstPage.nextCursor())).stream().toList();
    assertThat(rest).hasSize(15);
  }

  @Test
  void withoutLocationsListsThemAndSplitsIntoGroupsOfTen() {
    List<String> all = new ArrayList<>(List.of(main, second));
    for (int i = 0; i < 10; i++) {
      all.add(sim.seedLocation("Store " + i, "USD"));
    }
    for (String l : all) {
      sim.seedOrder(simpleOrder(l, "2025-11-03T09:00:00Z", 500));
    }

    List<Sale> sales = square.sales(SalesQuery.updatedBetween(FROM, TO)).stream().toList();

    assertThat(sales).hasSize(12);
    assertThat(requests("GET", "/v2/locations")).hasSize(1);
    List<JournalEntry> searches = requests("POST", "/v2/orders/search");
    assertThat(searches).hasSize(2);
    assertThat(searches.get(0).request().json().path("location_ids").size()).isEqualTo(10);
    assertThat(searches.get(1).request().json().path("location_ids").size()).isEqualTo(2);
  }

  @Test
  void refundsReadReturnOrdersWithLinesThenPaymentRefunds() {
    String latte = sim.seedItem("LATTE-12", 450);
    String saleId = sim.seedOrder(latteOrder(main, latte));
    sim.seedOrder("""
        {"location_id":"%s","created_at":"2025-11-03T11:00:00Z","updated_at":"2025-11-03T11:00:00Z",
         "returns":[{"uid":"ret-1","source_order_id":"%s","return_line_items":[{"uid":"rl-1",
            "source_line_item_uid":"li-1","name":"Latte","quantity":"1","catalog_object_id":"%s",
            "base_price_money":{"amount":450,"currency":"USD"},"total_money":{"amount":437,"currency":"USD"},
            "total_tax_money":{"amount":32,"currency":"USD"}}]}],
         "total_money":{"amount":0,"currency":"USD"}}
        """.formatted(main, saleId, latte));
    String payment = square.recordSale(externalSale(main), dev.posbridge.core.connect.RequestOptions.idempotencyKey("sale-9"))
        .ref().id();
    String paymentId = sim.record("order", payment).orElseThrow().path("tenders").get(0).path("payment_id").asText();
    square.recordRefund(new Refund(ExternalRef.of("app", "refund", "r-1"), null, null, NOW,
        RefundStatus.PENDING, null, List.of(), Money.of("5.00", "USD"), Money.zero(Money.currency("USD")),
        List.of(), "damaged", List.of(ExternalRef.of("square", "payment", paymentId))),
        dev.posbridge.core.connect.RequestOptions.idempotencyKey("refund-1"));

    List<Refund> refunds = square.refunds(SalesQuery.updatedBetween(FROM, TO).atLocations(List.of(main)))
        .stream().toList();

    assertThat(refunds).hasSize(2);
    Refund ret = refunds.get(0);
    assertThat(ret.originalSale()).isEqualTo(ExternalRef.of("square", "order", saleId));
    assertThat(ret.lines()).singleElement().satisfies(l -> {
      assertThat(l.sku()).isEqualTo("LATTE-12");
      assertThat(l.originalLineId()).isEqualTo("li-1");
      assertThat(l.total()).isEqualTo(Money.of("4.37", "USD"));
    });
    Refund money = refunds.get(1);
    assertThat(money.ref().type()).isEqualTo("refund");
    assertThat(money.amount()).isEqualTo(Money.of("5.00", "USD"));
    assertThat(money.status()).isEqualTo(RefundStatus.PENDING);
    assertThat(money.reason()).isEqualTo("damaged");
    assertThat(money.refs()).contains(ExternalRef.of("square", "payment", paymentId));
  }

  @Test
  void anItemizedReturnAndThePaymentRefundThatPaidItAreReportedOnceWithTheLines() {
    String latte = sim.seedItem("LATTE-12", 450);
    String payment = square.recordSale(externalSale(main), dev.posbridge.core.connect.RequestOptions.idempotencyKey("sale-10"))
        .ref().id();
    String paymentId = sim.record("order", payment).orElseThrow().path("tenders").get(0).path("payment_id").asText();
    String refundId = square.recordRefund(new Refund(ExternalRef.of("app", "refund", "r-2"), null, null, NOW,
        RefundStatus.PENDING, null, List.of(), Money.of("4.87", "USD"), Money.zero(Money.currency("USD")),
        List.of(), "return", List.of(ExternalRef.of("square", "payment", paymentId))),
        dev.posbridge.core.connect.RequestOptions.idempotencyKey("refund-2")).ref().id();
    sim.seedOrder("""
        {"location_id":"%s","created_at":"2025-11-03T11:00:00Z","updated_at":"2025-11-03T11:00:00Z",
         "returns":[{"uid":"ret-2","source_order_id":"%s","return_line_items":[{"uid":"rl-1",
            "source_line_item_uid":"li-1","name":"Latte","quantity":"1","catalog_object_id":"%s",
            "base_price_money":{"amount":450,"currency":"USD"},"gross_return_money":{"amount":450,"currency":"USD"},
            "total_tax_money":{"amount":37,"currency":"USD"},"total_money":{"amount":487,"currency":"USD"}}]}],
         "refunds":[{"id":"%s","location_id":"%s","amount_money":{"amount":487,"currency":"USD"},"status":"PENDING"}],
         "total_money":{"amount":0,"currency":"USD"}}
        """.formatted(main, payment, latte, refundId, main));

    List<Refund> refunds = square.refunds(SalesQuery.updatedBetween(FROM, TO).atLocations(List.of(main)))
        .stream().toList();

    assertThat(refunds).singleElement().satisfies(r -> {
      assertThat(r.ref().type()).isEqualTo("return");
      assertThat(r.refs()).contains(ExternalRef.of("square", "refund", refundId));
      assertThat(r.amount()).isEqualTo(Money.of("4.87", "USD"));
      assertThat(r.taxAmount()).isEqualTo(Money.of("0.37", "USD"));
      assertThat(r.lines()).singleElement().satisfies(l -> {
        assertThat(l.unitPrice()).isEqualTo(dev.posbridge.core.model.UnitPrice.of("4.50", "USD"));
        assertThat(l.gross()).isEqualTo(Money.of("4.50", "USD"));
        assertThat(l.taxable()).isTrue();
      });
      assertThat(r.checkTotals().balanced()).isTrue();
    });
  }

  static String simpleOrder(String location, String at, long amount) {
    return """
        {"location_id":"%s","created_at":"%s","updated_at":"%s","source":{"name":"Square Point of Sale"},
         "line_items":[{"name":"Item","quantity":"1","base_price_money":{"amount":%d,"currency":"USD"}}],
         "tenders":[{"id":"t","type":"CASH","amount_money":{"amount":%d,"currency":"USD"}}]}
        """.formatted(location, at, at, amount, amount);
  }

  static Sale externalSale(String location) {
    Money price = Money.of("12.00", "USD");
    SaleLine line = SaleLine.of("MUG-1", "Mug", BigDecimal.ONE, price);
    return Sale.builder()
        .ref(ExternalRef.of("shopify", "order", "5001"))
        .number("#5001")
        .location(ExternalRef.of("square", "location", location))
        .channel(Channel.ONLINE)
        .createdAt(NOW)
        .currency(Money.currency("USD"))
        .addLine(line)
        .addTender(dev.posbridge.core.model.Tender.of(TenderType.CARD, price))
        .deriveTotals()
        .build();
  }
}
