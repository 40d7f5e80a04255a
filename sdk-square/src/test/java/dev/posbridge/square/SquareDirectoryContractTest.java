package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.Consent;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.model.Money;
import dev.posbridge.testing.JsonView;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SquareDirectoryContractTest extends SquareTestSupport {

  @Test
  void findsCustomersByExactEmailAndPhone() {
    String id = sim.seedCustomer("Jane", "Doe", "Jane@Example.com", "+1 415-555-0100");
    sim.seedCustomer("Janet", "Doe", "janet@example.com", null);

    Optional<Customer> byEmail = square.findCustomerByEmail("jane@example.com");
    Optional<Customer> byPhone = square.findCustomerByPhone("+14155550100");

    assertThat(byEmail).hasValueSatisfying(c -> {
      assertThat(c.refIn("square")).isEqualTo(new ExternalRef("square", "customer", id, "0"));
      assertThat(c.givenName()).isEqualTo("Jane");
      assertThat(c.emailMarketing()).isEqualTo(Consent.OPTED_IN);
    });
    assertThat(byPhone).isPresent();
    assertThat(square.findCustomerByEmail("nobody@example.com")).isEmpty();
    JsonView search = requests("POST", "/v2/customers/search").get(0).request().json();
    assertThat(search.path("query").path("filter").path("email_address").path("exact").asText())
        .isEqualTo("jane@example.com");
    assertThat(search.path("limit").asInt()).isBetween(1, 100);
  }

  @Test
  void createsAndUpdatesWithOptimisticVersion() {
    Customer created = square.createCustomer(Customer.builder().givenName("Ann").email("ann@example.com").build(),
        RequestOptions.idempotencyKey("cust-1"));
    ExternalRef ref = created.refIn("square");
    assertThat(ref.version()).isEqualTo("0");

    Customer updated = square.updateCustomer(created.toBuilder().familyName("Lee").build(), RequestOptions.none());

    assertThat(updated.familyName()).isEqualTo("Lee");
    assertThat(updated.refIn("square").version()).isEqualTo("1");
    assertThat(requests("PUT", "/v2/customers/{id}").get(0).request().json().path("version").asLong()).isZero();
    assertThat(square.findCustomerByRef(ref)).hasValueSatisfying(c -> assertThat(c.familyName()).isEqualTo("Lee"));
  }

  @Test
  void staleVersionIsAConflict() {
    Customer created = square.createCustomer(Customer.builder().givenName("Ann").build(), RequestOptions.none());
    square.updateCustomer(created.toBuilder().note("first").build(), RequestOptions.none());

    assertThatThrownBy(() -> square.updateCustomer(created.toBuilder().note("second").build(), RequestOptions.none()))
        .isInstanceOfSatisfying(ConflictException.class, e -> {
          assertThat(e.vendorCode()).isEqualTo("VERSION_MISMATCH");
          assertThat(e.status()).isEqualTo(400);
        });
  }

  @Test
  void upsertFindsByEmailThenUpdates() {
    sim.seedCustomer("Jane", null, "jane@example.com", null);

    Customer c = square.upsertCustomer(Customer.builder().givenName("Jane").familyName("Doe").email("jane@example.com").build(),
        RequestOptions.idempotencyKey("u"));

    assertThat(c.familyName()).isEqualTo("Doe");
    assertThat(sim.count("customer")).isEqualTo(1);
  }

  @Test
  void unknownCustomerRefIsEmpty() {
    assertThat(square.findCustomerByRef(ExternalRef.of("square", "customer", "NOPE"))).isEmpty();
    assertThat(square.findCustomerByRef(ExternalRef.of("shopify", "customer", "1"))).isEmpty();
  }

  @Test
  void invalidPhoneIsAValidationErrorWithTheField() {
    assertThatThrownBy(() -> square.createCustomer(Customer.builder().givenName("A").phone("123").build(),
        RequestOptions.none()))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.vendorCode()).isEqualTo("INVALID_PHONE_NUMBER");
          assertThat(e.fieldErrors()).extracting(ValidationException.FieldError::field).containsExactly("phone_number");
        });
  }

  @Test
  void findBySkuKeepsOnlyTheExactMatchAmongCaseInsensitiveHits() {
    sim.seedItem("Latte small", "latte-12", 400, "USD");
    String exact = sim.seedItem("Latte", "LATTE-12", 450, "USD");

    Optional<CatalogItem> item = square.findCatalogItemBySku("LATTE-12");

    assertThat(item).hasValueSatisfying(i -> {
      assertThat(i.sku()).isEqualTo("LATTE-12");
      assertThat(i.name()).isEqualTo("Latte (Regular)");
      assertThat(i.price()).isEqualTo(Money.of("4.50", "USD"));
      assertThat(i.trackInventory()).isTrue();
      assertThat(i.ref("item_variation").id()).isEqualTo(exact);
      assertThat(i.ref("item")).isNotNull();
    });
    assertThat(square.findCatalogItemBySku("LATTE")).isEmpty();
    JsonView body = requests("POST", "/v2/catalog/search").get(0).request().json();
    assertThat(body.path("object_types").get(0).asText()).isEqualTo("ITEM_VARIATION");
    assertThat(body.path("query").path("exact_query").path("attribute_name").asText()).isEqualTo("sku");
  }

  @Test
  void listsTheWholeCatalogAcrossPages() {
    sim.catalogPageSize(2);
    for (int i = 0; i < 5; i++) {
      sim.seedItem("SKU-" + i, 100 + i);
    }

    List<CatalogItem> items = square.catalogItems().stream().toList();

    assertThat(items).extracting(CatalogItem::sku).containsExactly("SKU-0", "SKU-1", "SKU-2", "SKU-3", "SKU-4");
    assertThat(requests("GET", "/v2/catalog/list")).hasSize(3);
    assertThat(requests("GET", "/v2/catalog/list").get(0).request().queryParam("types")).hasValue("ITEM");
  }

  @Test
  void listsLocationsWithZoneAndCurrency() {
    List<Location> locations = square.locations();

    assertThat(locations).hasSize(2);
    assertThat(locations.get(0).ref()).isEqualTo(ExternalRef.of("square", "location", main));
    assertThat(locations.get(0).timeZone().getId()).isEqualTo("America/New_York");
    assertThat(locations.get(0).currency().getCurrencyCode()).isEqualTo("USD");
    assertThat(locations.get(0).active()).isTrue();
  }

  @Test
  void reportsItsCapabilities() {
    assertThat(square.capabilities()).contains(Capability.SALES_SOURCE, Capability.SALES_SINK, Capability.INVENTORY,
        Capability.CUSTOMERS, Capability.CATALOG, Capability.LOCATIONS, Capability.WEBHOOKS);
    assertThat(square.system()).isEqualTo("square");
    assertThat(square.maxStockChangesPerCall()).isEqualTo(100);
  }
}
