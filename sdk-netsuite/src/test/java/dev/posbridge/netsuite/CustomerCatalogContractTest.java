package dev.posbridge.netsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.Address;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimFault;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerCatalogContractTest extends SimFixture {

  @Test
  void reportsItsCapabilities() {
    assertThat(connector.system()).isEqualTo("netsuite");
    assertThat(connector.capabilities()).containsExactlyInAnyOrder(Capability.SALES_SINK, Capability.BOOKED_SALES, Capability.INVENTORY,
        Capability.CUSTOMERS, Capability.CATALOG, Capability.CHANGE_FEED, Capability.LOCATIONS);
    assertThat(connector.accountId()).isEqualTo("1234567_SB1");
  }

  @Test
  void findsCustomersByEmailIgnoringCaseAndByPhone() {
    String id = sim.seedCustomer("Jane", "Doe", "Jane.Doe@example.com", "+1 555 0100");

    assertThat(connector.findCustomerByEmail("jane.doe@EXAMPLE.com")).hasValueSatisfying(c -> {
      assertThat(c.refIn("netsuite")).isEqualTo(ExternalRef.of("netsuite", "customer", id));
      assertThat(c.givenName()).isEqualTo("Jane");
      assertThat(c.familyName()).isEqualTo("Doe");
      assertThat(c.updatedAt()).isEqualTo(T0);
    });
    assertThat(connector.findCustomerByPhone("+1 555 0100")).isPresent();
    assertThat(connector.findCustomerByEmail("nobody@example.com")).isEmpty();
    assertThat(requests("POST", "/services/rest/query/v1/suiteql")).first().satisfies(e ->
        assertThat(e.request().json().path("q").asText())
            .contains("FROM customer WHERE LOWER(email) = 'jane.doe@example.com'"));
  }

  @Test
  void createsACustomerByExternalIdUpsertAndRetriesWithoutDuplicating() {
    Customer jane = Customer.builder().putRef(ExternalRef.of("posbridge", "customer", "c-42"))
        .givenName("Jane").familyName("Doe").email("jane@example.com")
        .addAddress(new Address("1 Main St", null, "Springfield", "IL", "62701", "US")).build();
    sim.faults().inject(SimFault.dropAfterProcessing().on("PUT", "/services/rest/record/v1/{type}/{id}"));

    Customer created = connector.createCustomer(jane, RequestOptions.idempotencyKey("ignored-when-canonical"));

    ExternalRef ref = created.refIn("netsuite");
    assertThat(ref).isNotNull();
    assertThat(sim.count("customer")).isEqualTo(2);
    JsonView stored = sim.record("customer", ref.id()).orElseThrow();
    assertThat(stored.path("externalId").asText()).isEqualTo("POS-C-c-42");
    assertThat(stored.path("subsidiary").path("id").asText()).isEqualTo("1");
    assertThat(stored.path("addressBook").path("items")).hasSize(1);
    assertThat(connector.findCustomerByRef(ref)).hasValueSatisfying(c -> {
      assertThat(c.email()).isEqualTo("jane@example.com");
      assertThat(c.addresses()).singleElement().satisfies(a -> {
        assertThat(a.city()).isEqualTo("Springfield");
        assertThat(a.countryCode()).isEqualTo("US");
      });
    });
  }

  @Test
  void updatesWithPatchReplacingTheAddressBookAndUpsertFindsByEmail() {
    String id = sim.seedCustomer("Jane", "Doe", "jane@example.com", null);
    Customer changed = Customer.builder().givenName("Janet").familyName("Doe").email("jane@example.com")
        .phone("555-0101").build();

    Customer stored = connector.upsertCustomer(changed, RequestOptions.none());

    assertThat(stored.refIn("netsuite").id()).isEqualTo(id);
    assertThat(requests("PATCH", "/services/rest/record/v1/{type}/{id}")).singleElement().satisfies(e -> {
      assertThat(e.request().path()).isEqualTo("/services/rest/record/v1/customer/" + id);
      assertThat(e.request().json().path("firstName").asText()).isEqualTo("Janet");
    });
    assertThat(sim.record("customer", id).orElseThrow().path("phone").asText()).isEqualTo("555-0101");
  }

  @Test
  void upsertingTheSameCustomerAgainMakesNoCallsButAChangedOneIsWritten() {
    String id = sim.seedCustomer("Jane", "Doe", "jane@example.com", null);
    Customer fromSource = Customer.builder().putRef(ExternalRef.of("square", "customer", "SQ-1"))
        .givenName("Janet").familyName("Doe").email("jane@example.com").build();

    Customer first = connector.upsertCustomer(fromSource, RequestOptions.none());
    int calls = sim.journal().count();
    Customer again = connector.upsertCustomer(fromSource, RequestOptions.none());

    assertThat(again).isEqualTo(first);
    assertThat(sim.journal().count()).isEqualTo(calls);

    Customer changed = fromSource.toBuilder().phone("555-0199").build();
    Customer stored = connector.upsertCustomer(changed, RequestOptions.none());

    assertThat(sim.journal().count()).isGreaterThan(calls);
    assertThat(stored.refIn("netsuite").id()).isEqualTo(id);
    assertThat(sim.record("customer", id).orElseThrow().path("phone").asText()).isEqualTo("555-0199");
  }

  @Test
  void findByRefOfAMissingCustomerIsEmptyAndUpdatingItIsNotFound() {
    assertThat(connector.findCustomerByRef(ExternalRef.of("netsuite", "customer", "424242"))).isEmpty();
    Customer ghost = Customer.builder().putRef(ExternalRef.of("netsuite", "customer", "424242")).email("g@x.io")
        .build();
    assertThatThrownBy(() -> connector.updateCustomer(ghost, RequestOptions.none()))
        .isInstanceOfSatisfying(NotFoundException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.vendorCode()).isEqualTo("NONEXISTENT_ID");
        });
  }

  @Test
  void findsItemsBySkuAndBarcode() {
    assertThat(connector.findCatalogItemBySku("MUG-01")).hasValueSatisfying(i -> {
      assertThat(i.name()).isEqualTo("Mug");
      assertThat(i.barcode()).isEqualTo("012345678905");
      assertThat(i.trackInventory()).isTrue();
      assertThat(i.ref("item")).isEqualTo(ExternalRef.of("netsuite", "item", mug));
    });
    assertThat(connector.findCatalogItemByBarcode("012345678905")).map(CatalogItem::sku).contains("MUG-01");
    assertThat(connector.findCatalogItemBySku("mug-01")).isEmpty();
  }

  @Test
  void listsActiveItemsAcrossPages() {
    sim.seedRecord("inventoryItem", Map.of("itemId", "OLD-01", "displayName", "Old", "isInactive", true));
    NetSuiteConnector paged = connector(mappingBuilder().build(), b -> b.pageSize(3));
    try {
      List<CatalogItem> items = paged.catalogItems().stream().toList();
      assertThat(items).extracting(CatalogItem::sku)
          .containsExactly("MUG-01", "TEE-01", "CAP-01", "DISCOUNT");
      assertThat(requests("POST", "/services/rest/query/v1/suiteql")).hasSize(2);
    } finally {
      paged.close();
    }
  }

  @Test
  void listsLocations() {
    sim.seedRecord("location", Map.of("name", "Closed", "isInactive", true));
    assertThat(connector.locations()).extracting(Location::name, Location::active)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Store 9", true),
            org.assertj.core.groups.Tuple.tuple("Warehouse", true),
            org.assertj.core.groups.Tuple.tuple("Closed", false));
  }
}
