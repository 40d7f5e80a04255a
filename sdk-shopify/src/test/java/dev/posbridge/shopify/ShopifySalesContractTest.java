package dev.posbridge.shopify;

import static dev.posbridge.shopify.ShopifyTestSupport.T0;
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
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifySalesContractTest {

  private ShopifyTestSupport t;
  private ShopifyConnector shopify;

  @BeforeEach
  void setUp() {
    t = new ShopifyTestSupport();
    shopify = t.connector();
  }

  @AfterEach
  void tearDown() {
    shopify.close();
    t.close();
  }

  private SalesQuery window() {
    return SalesQuery.updatedBetween(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)));
  }

  @Test
  void posOrderWithInclusiveTaxMapsToABalancedInStoreSale() {
    t.sim.seedItem("LATTE-12", "Latte", "10.60");
    String id = t.sim.seedOrder(OrderSeed.create().name("#1001").at(T0).taxesIncluded(true)
        .line("LATTE-12", "Latte", 2, "10.60", "VAT", "0.19"));

    List<Sale> sales = shopify.sales(window()).stream().toList();

    assertThat(sales).hasSize(1);
    Sale sale = sales.get(0);
    assertThat(sale.ref().id()).isEqualTo(id);
    assertThat(sale.ref().system()).isEqualTo("shopify");
    assertThat(sale.number()).isEqualTo("#1001");
    assertThat(sale.channel()).isEqualTo(Channel.IN_STORE);
    assertThat(sale.rawChannel()).isEqualTo("pos");
    assertThat(sale.location().id()).isEqualTo(ShopifySimulator.DEFAULT_LOCATION);
    assertThat(sale.currency().getCurrencyCode()).isEqualTo("EUR");
    SaleLine line = sale.lines().get(0);
    assertThat(line.sku()).isEqualTo("LATTE-12");
    assertThat(line.quantity()).isEqualByComparingTo("2");
    assertThat(line.unitPrice().toMoney()).isEqualTo(Money.of("10.60", "EUR"));
    assertThat(line.taxes()).singleElement().satisfies(tax -> {
      assertThat(tax.inclusive()).isTrue();
      assertThat(tax.rate()).isEqualByComparingTo("19");
      assertThat(tax.amount()).isEqualTo(Money.of("3.38", "EUR"));
    });
    assertThat(sale.tenders()).singleElement().satisfies(tender -> {
      assertThat(tender.type()).isEqualTo(TenderType.CASH);
      assertThat(tender.amount()).isEqualTo(Money.of("21.20", "EUR"));
    });
    assertThat(sale.totals().total()).isEqualTo(Money.of("21.20", "EUR"));
    assertThat(sale.checkTotals().balanced()).as(sale.checkTotals().toString()).isTrue();
  }

  @Test
  void onlineOrderWithDiscountsShippingCardAndTipBalances() {
    String customer = t.sim.seedCustomer("Jane", "Doe", "jane@example.com", null);
    t.sim.seedOrder(OrderSeed.create().source("web").at(T0).customer(customer)
        .line("MUG-1", "Mug", 3, "12.00", "Sales tax", "0.08").lineDiscount("Staff", "2.00")
        .line("TEA-2", "Tea", 1, "5.50", "Sales tax", "0.08")
        .discountCode("WELCOME10", "10")
        .shipping("Standard", "4.99", "Sales tax", "0.08")
        .tip("2.00")
        .cardPayment("Visa", "•••• •••• •••• 4242", null));

    Sale sale = shopify.sales(window()).stream().findFirst().orElseThrow();

    assertThat(sale.channel()).isEqualTo(Channel.ONLINE);
    assertThat(sale.customer().id()).isEqualTo(customer);
    SaleLine mug = sale.lines().get(0);
    assertThat(mug.discounts()).extracting(d -> d.name()).containsExactly("Staff", "WELCOME10");
    assertThat(mug.discounts().get(1).percentage()).isEqualByComparingTo("10");
    assertThat(mug.discounts().get(1).code()).isEqualTo("WELCOME10");
    assertThat(mug.taxes().get(0).inclusive()).isFalse();
    assertThat(sale.charges()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(ChargeType.SHIPPING);
      assertThat(c.amount()).isEqualTo(Money.of("4.99", "EUR"));
      assertThat(c.taxes()).hasSize(1);
    });
    assertThat(sale.tenders()).singleElement().satisfies(tender -> {
      assertThat(tender.type()).isEqualTo(TenderType.CARD);
      assertThat(tender.cardBrand()).isEqualTo(CardBrand.VISA);
      assertThat(tender.cardLastFour()).isEqualTo("4242");
      assertThat(tender.tip()).isEqualTo(Money.of("2.00", "EUR"));
    });
    assertThat(sale.totals().tipTotal()).isEqualTo(Money.of("2.00", "EUR"));
    assertThat(sale.checkTotals().balanced()).as(sale.checkTotals().toString()).isTrue();
  }

  @Test
  void pagesWithCursorsAndSendsTheWindowAsASearchQuery() {
    for (int i = 0; i < 5; i++) {
      t.sim.seedOrder(OrderSeed.create().at(T0.plusSeconds(i)).line("A", "A", 1, "1.00"));
    }
    t.sim.seedOrder(OrderSeed.create().at(T0.minus(Duration.ofDays(3))).line("OLD", "Old", 1, "1.00"));

    List<Page<Sale>> pages = new ArrayList<>();
    shopify.sales(window().withPageSize(2)).pages().forEach(pages::add);

    assertThat(pages).hasSize(3);
    assertThat(pages).flatExtracting(Page::items).hasSize(5)
        .extracting(s -> s.updatedAt()).isSorted();
    JournalEntry first = t.graphqlRequests().get(0);
    assertThat(first.request().path()).isEqualTo("/admin/api/2026-10/graphql.json");
    assertThat(first.request().header("X-Shopify-Access-Token"))
        .contains(ShopifySimulator.DEFAULT_ACCESS_TOKEN);
    JsonView vars = first.request().json().path("variables");
    assertThat(vars.path("query").asText()).isEqualTo(
        "updated_at:>='2025-11-02T10:00:00Z' AND updated_at:<'2025-11-04T10:00:00Z'");
    assertThat(vars.path("sortKey").asText()).isEqualTo("UPDATED_AT");
    assertThat(vars.path("first").asInt()).isEqualTo(2);
    assertThat(vars.path("after").isNull()).isTrue();
    assertThat(t.graphqlRequests().get(1).request().json().path("variables").path("after").asText())
        .isEqualTo(pages.get(0).nextCursor());
  }

  @Test
  void pagesGrowToTheQueryCostBudgetInsteadOfAFixedCapOfFive() {
    for (int i = 0; i < 120; i++) {
      OrderSeed seed = OrderSeed.create().name("#" + (3000 + i)).at(T0.plusSeconds(i)).line("A", "A", 1, "1.00");
      if (i % 3 == 0) {
        seed.line("B", "B", 2, "2.50");
      }
      if (i == 70) {
        for (int l = 0; l < 11; l++) {
          seed.line("L" + l, "L" + l, 1, "0.10"); // more lines than a page carries per order
        }
      }
      t.sim.seedOrder(seed);
    }

    List<Sale> sales = shopify.sales(window()).stream().toList();

    assertThat(sales).hasSize(120);
    assertThat(sales).extracting(Sale::number).doesNotHaveDuplicates();
    assertThat(sales.get(70).lines()).hasSize(12);
    List<JournalEntry> pages = t.graphqlRequests().stream()
        .filter(e -> e.request().json().path("query").asText().contains("query Orders")).toList();
    assertThat(pages.size()).as("pages of up to 5 would take 24: %s", pages.stream()
        .map(e -> e.request().json().path("variables").path("first").asInt()).toList()).isLessThanOrEqualTo(16);
    assertThat(pages).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
    assertThat(pages).extracting(e -> e.request().json().path("variables").path("first").asInt())
        .startsWith(5).anySatisfy(first -> assertThat(first).isGreaterThan(9));
    for (JournalEntry e : pages) {
      JsonView vars = e.request().json().path("variables");
      assertThat(ShopifySimulator.requestedCost(e.request().json().path("query").asText(), vars))
          .as(vars.toString()).isLessThanOrEqualTo(1000);
    }
    assertThat(t.sim.faults().fired()).isZero();
  }

  @Test
  void resumesFromACursorOfAnEarlierPage() {
    for (int i = 0; i < 4; i++) {
      t.sim.seedOrder(OrderSeed.create().name("#" + (2000 + i)).at(T0.plusSeconds(i))
          .line("A", "A", 1, "1.00"));
    }
    Page<Sale> first = shopify.sales(window().withPageSize(2)).pages().iterator().next();

    List<Sale> rest = shopify.sales(window().withPageSize(2).resumingAt(first.nextCursor()))
        .stream().toList();

    assertThat(rest).extracting(Sale::number).containsExactly("#2002", "#2003");
  }

  @Test
  void completedOnlyLeavesOutCancelledAndPendingOrders() {
    t.sim.seedOrder(OrderSeed.create().name("#1").at(T0).line("A", "A", 1, "1.00"));
    t.sim.seedOrder(OrderSeed.create().name("#2").at(T0).line("A", "A", 1, "1.00").cancelled());
    t.sim.seedOrder(OrderSeed.create().name("#3").at(T0).line("A", "A", 1, "1.00")
        .financialStatus("PENDING"));

    assertThat(shopify.sales(window()).stream().map(Sale::number)).containsExactly("#1");
    assertThat(shopify.sales(window().includingIncomplete()).stream().map(Sale::number))
        .containsExactlyInAnyOrder("#1", "#2", "#3");
  }

  @Test
  void filtersByLocationWithTheLegacyLocationId() {
    String other = t.sim.seedLocation("Airport", true);
    t.sim.seedOrder(OrderSeed.create().name("#main").at(T0).line("A", "A", 1, "1.00"));
    t.sim.seedOrder(OrderSeed.create().name("#airport").at(T0).location(other)
        .line("A", "A", 1, "1.00"));

    List<Sale> sales = shopify.sales(window().atLocations(List.of(other))).stream().toList();

    assertThat(sales).extracting(Sale::number).containsExactly("#airport");
    assertThat(t.lastBody().path("variables").path("query").asText())
        .endsWith(" AND (location_id:\"" + other.substring(other.lastIndexOf('/') + 1) + "\")");
  }

  @Test
  void otherSourcesMapToOtherWithTheRawName() {
    t.sim.seedOrder(OrderSeed.create().source("shopify_draft_order").at(T0).line("A", "A", 1, "1.00"));

    Sale sale = shopify.sales(window()).stream().findFirst().orElseThrow();

    assertThat(sale.channel()).isEqualTo(Channel.OTHER);
    assertThat(sale.rawChannel()).isEqualTo("shopify_draft_order");
  }

  @Test
  void readsLineItemsBeyondTheFirstPage() {
    OrderSeed seed = OrderSeed.create().at(T0);
    for (int i = 0; i < 60; i++) {
      seed.line("SKU-" + i, "Item " + i, 1, "1.00");
    }
    t.sim.seedOrder(seed);

    Sale sale = shopify.sales(window()).stream().findFirst().orElseThrow();

    assertThat(sale.lines()).hasSize(60);
    assertThat(sale.lines()).extracting(SaleLine::sku).endsWith("SKU-59");
    assertThat(sale.checkTotals().balanced()).isTrue();
    assertThat(t.graphqlRequests()).extracting(ShopifyTestSupport::operation)
        .containsExactly("Orders", "OrderLineItems");
  }

  @Test
  void refundsCreatedInTheWindowMapToCanonicalRefunds() {
    t.sim.seedItem("LATTE-12", "Latte", "10.60");
    String order = t.sim.seedOrder(OrderSeed.create().at(T0.minus(Duration.ofDays(5)))
        .taxesIncluded(true).line("LATTE-12", "Latte", 2, "10.60", "VAT", "0.19"));
    t.sim.clock().set(T0);
    t.sim.seedRefund(order, 0, 1, true, "broken cup");

    List<Refund> refunds = shopify.refunds(window()).stream().toList();

    assertThat(refunds).singleElement().satisfies(r -> {
      assertThat(r.originalSale().id()).isEqualTo(order);
      assertThat(r.status()).isEqualTo(RefundStatus.COMPLETED);
      assertThat(r.amount()).isEqualTo(Money.of("10.60", "EUR"));
      assertThat(r.taxAmount()).isEqualTo(Money.of("1.69", "EUR"));
      assertThat(r.reason()).isEqualTo("broken cup");
      assertThat(r.restocks()).isTrue();
      assertThat(r.lines()).singleElement().satisfies(l -> {
        assertThat(l.sku()).isEqualTo("LATTE-12");
        assertThat(l.quantity()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(l.unitPrice()).isEqualTo(dev.posbridge.core.model.UnitPrice.of("10.60", "EUR"));
        assertThat(l.gross()).isEqualTo(Money.of("10.60", "EUR"));
        assertThat(l.taxable()).isTrue();
        assertThat(l.taxes()).singleElement().satisfies(tax -> {
          assertThat(tax.inclusive()).isTrue();
          assertThat(tax.amount()).isEqualTo(Money.of("1.69", "EUR"));
        });
        assertThat(l.total()).isEqualTo(Money.of("10.60", "EUR"));
      });
      assertThat(r.checkTotals(Money.of("0.00", "EUR")).balanced()).isTrue();
      assertThat(r.tenders()).singleElement().satisfies(tender ->
          assertThat(tender.type()).isEqualTo(TenderType.CASH));
    });
  }

  @Test
  void refundsOutsideTheWindowAreNotReturned() {
    String order = t.sim.seedOrder(OrderSeed.create().at(T0).line("A", "A", 2, "1.00"));
    t.sim.clock().set(T0.plus(Duration.ofDays(3)));
    t.sim.seedRefund(order, 0, 1, false, null);

    assertThat(shopify.refunds(window()).stream()).isEmpty();
    assertThat(shopify.refunds(SalesQuery.updatedBetween(T0, T0.plus(Duration.ofDays(4))))
        .stream()).hasSize(1);
  }

  @Test
  void readsByCreationAndProcessingTimeToo() {
    Instant created = T0.minus(Duration.ofDays(10));
    t.sim.seedOrder(OrderSeed.create().at(created).updatedAt(T0).line("A", "A", 1, "1.00"));

    SalesQuery byCreation = new SalesQuery(SalesQuery.TimeField.CREATED, created.minusSeconds(1),
        created.plusSeconds(1), List.of(), true, null, 0);
    assertThat(shopify.sales(byCreation).stream()).hasSize(1);
    assertThat(t.lastBody().path("variables").path("sortKey").asText()).isEqualTo("CREATED_AT");
    assertThat(shopify.sales(SalesQuery.closedBetween(created.minusSeconds(1), created.plusSeconds(1)))
        .stream()).hasSize(1);
    assertThat(t.lastBody().path("variables").path("query").asText()).startsWith("processed_at:>=");
  }

  @Test
  void readsOneOrderByReferenceAsAWebhookConsumerWould() {
    String id = t.sim.seedOrder(OrderSeed.create().name("#77").at(T0).line("A", "A", 1, "1.00"));

    Sale sale = shopify.findSale(ExternalRef.of("shopify", "order", id)).orElseThrow();

    assertThat(sale.number()).isEqualTo("#77");
    assertThat(sale.checkTotals().balanced()).isTrue();
    assertThat(shopify.findSale(ExternalRef.of("shopify", "order",
        "gid://shopify/Order/1"))).isEmpty();
  }
}
