package dev.posbridge.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ConflictException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.Address;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.Consent;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.model.Money;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.shopify.ShopifySimulator.Variant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifyDirectoryContractTest {

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

  @Test
  void reportsItsCapabilities() {
    assertThat(shopify.system()).isEqualTo("shopify");
    assertThat(shopify.capabilities()).containsExactlyInAnyOrder(Capability.SALES_SOURCE,
        Capability.INVENTORY, Capability.CUSTOMERS, Capability.CATALOG, Capability.LOCATIONS,
        Capability.WEBHOOKS);
  }

  @Test
  void aClientSideRateLimiterIsConsultedBeforeEveryAttempt() {
    java.util.concurrent.atomic.AtomicInteger acquired = new java.util.concurrent.atomic.AtomicInteger();
    dev.posbridge.core.http.RateLimiter counting = operation -> {
      acquired.incrementAndGet();
      return (status, headers) -> { };
    };
    try (ShopifyConnector limited = t.builder().rateLimiter(counting).build()) {
      assertThat(limited.locations()).hasSize(1);
    }
    assertThat(acquired.get()).isEqualTo(t.graphqlRequests().size()).isPositive();
  }

  @Test
  void findsCustomersByExactEmailCaseInsensitively() {
    String id = t.sim.seedCustomer("Jane", "Doe", "jane@example.com", "+18005550100");

    Customer found = shopify.findCustomerByEmail("JANE@example.com").orElseThrow();

    assertThat(found.refIn("shopify").id()).isEqualTo(id);
    assertThat(found.givenName()).isEqualTo("Jane");
    assertThat(found.phone()).isEqualTo("+18005550100");
    assertThat(t.lastBody().path("variables").path("query").asText())
        .isEqualTo("email:\"JANE@example.com\"");
    assertThat(shopify.findCustomerByEmail("john@example.com")).isEmpty();
  }

  @Test
  void findsCustomersByPhoneComparingDigits() {
    t.sim.seedCustomer("Jane", "Doe", null, "+18005550100");

    assertThat(shopify.findCustomerByPhone("+1 (800) 555-0100")).isPresent();
    assertThat(t.lastBody().path("variables").path("query").asText()).isEqualTo("phone:\"+18005550100\"");
    assertThat(shopify.findCustomerByPhone("+18005550199")).isEmpty();
  }

  @Test
  void findsByRefAndReportsMissingOnesAsEmpty() {
    String id = t.sim.seedCustomer("Jane", "Doe", "jane@example.com", null);

    assertThat(shopify.findCustomerByRef(ExternalRef.of("shopify", "customer", id))).isPresent();
    assertThat(shopify.findCustomerByRef(ExternalRef.of("shopify", "customer", "gid://shopify/Customer/1"))).isEmpty();
    assertThat(shopify.findCustomerByRef(ExternalRef.of("square", "customer", "X"))).isEmpty();
  }

  @Test
  void createsAndUpdatesCustomers() {
    Customer created = shopify.createCustomer(Customer.builder().givenName("Ada").familyName("Lovelace")
        .email("ada@example.com").phone("+44 20 7946 0958").emailMarketing(Consent.OPTED_IN)
        .addAddress(new Address("1 Main St", null, "London", null, "N1", "GB")).build(),
        RequestOptions.none());

    assertThat(created.refIn("shopify")).isNotNull();
    assertThat(created.emailMarketing()).isEqualTo(Consent.OPTED_IN);
    assertThat(created.addresses()).singleElement()
        .satisfies(a -> assertThat(a.countryCode()).isEqualTo("GB"));
    assertThat(t.lastBody().path("variables").path("input").path("phone").asText())
        .isEqualTo("+442079460958");

    Customer updated = shopify.updateCustomer(created.toBuilder().note("VIP").build(), RequestOptions.none());

    assertThat(updated.note()).isEqualTo("VIP");
    assertThat(t.lastBody().path("variables").path("input").path("id").asText())
        .isEqualTo(created.refIn("shopify").id());
    assertThat(t.sim.count("customer")).isEqualTo(1);
  }

  @Test
  void duplicateEmailsAreValidationErrorsNamingTheField() {
    t.sim.seedCustomer("Jane", "Doe", "jane@example.com", null);

    assertThatThrownBy(() -> shopify.createCustomer(
        Customer.builder().givenName("Other").email("jane@example.com").build(), RequestOptions.none()))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors()).singleElement()
            .satisfies(f -> {
              assertThat(f.field()).isEqualTo("email");
              assertThat(f.message()).isEqualTo("Email has already been taken");
            }));
  }

  @Test
  void updatingAMissingCustomerIsNotFound() {
    Customer ghost = Customer.builder().givenName("Ghost")
        .putRef(ExternalRef.of("shopify", "customer", "gid://shopify/Customer/404")).build();

    assertThatThrownBy(() -> shopify.updateCustomer(ghost, RequestOptions.none()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void upsertUpdatesTheCustomerFoundByEmail() {
    String id = t.sim.seedCustomer("Jane", "Doe", "jane@example.com", null);

    Customer result = shopify.upsertCustomer(Customer.builder().givenName("Janet").email("jane@example.com")
        .build(), RequestOptions.none());

    assertThat(result.refIn("shopify").id()).isEqualTo(id);
    assertThat(result.givenName()).isEqualTo("Janet");
    assertThat(t.sim.count("customer")).isEqualTo(1);
  }

  @Test
  void findsVariantsBySkuWithPriceInTheShopCurrency() {
    Variant v = t.sim.seedItem("LATTE-12", "Latte", "4.50");

    CatalogItem item = shopify.findCatalogItemBySku("LATTE-12").orElseThrow();

    assertThat(item.sku()).isEqualTo("LATTE-12");
    assertThat(item.price()).isEqualTo(Money.of("4.50", "EUR"));
    assertThat(item.ref("variant").id()).isEqualTo(v.variantId());
    assertThat(item.ref("inventory_item").id()).isEqualTo(v.inventoryItemId());
    assertThat(shopify.findCatalogItemBySku("LATTE")).isEmpty();
  }

  @Test
  void duplicateSkusAreAConflict() {
    t.sim.seedItem("DUP", "A", "1.00");
    t.sim.seedItem("DUP", "B", "1.00");

    assertThatThrownBy(() -> shopify.findCatalogItemBySku("DUP")).isInstanceOf(ConflictException.class);
  }

  @Test
  void listsTheWholeCatalogPageByPage() {
    for (int i = 0; i < 120; i++) {
      t.sim.seedItem("SKU-" + i, "Item " + i, "1.00");
    }
    assertThat(shopify.catalogItems().stream()).hasSize(120);
    assertThat(t.graphqlRequests()).hasSize(2);
  }

  @Test
  void listsActiveAndInactiveLocations() {
    t.sim.seedLocation("Closed shop", false);

    List<Location> locations = shopify.locations();

    assertThat(locations).extracting(Location::name).containsExactly("Main Store", "Closed shop");
    assertThat(locations.get(0).ref().id()).isEqualTo(ShopifySimulator.DEFAULT_LOCATION);
    assertThat(locations.get(0).address().countryCode()).isEqualTo("DE");
    assertThat(locations.get(1).active()).isFalse();
  }
}
