package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ConflictException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.Address;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.testing.JsonView;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerCatalogContractTest extends QboFixture {

  static Customer jane(String email) {
    return Customer.builder().givenName("Jane").familyName("Roe").email(email).phone("(555) 010-0199")
        .addAddress(new Address("1 Main St", null, "Springfield", "IL", "62701", "US")).build();
  }

  @Test
  void createSendsCustomerAndFindByEmailQueriesPrimaryEmailAddr() throws Exception {
    Customer created = qbo.createCustomer(jane("jane@example.com"), RequestOptions.idempotencyKey("c-1"));
    assertThat(created.refIn("quickbooks")).isNotNull();
    JsonView body = body(posts("customer").get(0));
    assertThat(body.path("DisplayName").asText()).isEqualTo("Jane Roe");
    assertThat(body.path("PrimaryEmailAddr").path("Address").asText()).isEqualTo("jane@example.com");
    IntuitOracle.assertEntityRoundTrips(body, com.intuit.ipp.data.Customer.class);

    assertThat(qbo.findCustomerByEmail("jane@example.com")).hasValueSatisfying(c -> {
      assertThat(c.givenName()).isEqualTo("Jane");
      assertThat(c.addresses()).singleElement().satisfies(a -> assertThat(a.city()).isEqualTo("Springfield"));
    });
    assertThat(sim.journal().matching(e -> e.request().path().endsWith("/query")).get(0)
        .request().queryParam("query").orElseThrow())
        .isEqualTo("SELECT * FROM Customer WHERE PrimaryEmailAddr = 'jane@example.com'");
    assertThat(qbo.findCustomerByEmail("nobody@example.com")).isEmpty();
    assertThat(qbo.findCustomerByPhone("555-010-0199")).isPresent();
  }

  @Test
  void duplicateDisplayNameOfTheSamePersonReturnsTheExistingCustomer() {
    String id = sim.seedCustomer(REALM, "Jane Roe", "jane@example.com", null);
    Customer c = qbo.createCustomer(jane("jane@example.com"), RequestOptions.idempotencyKey("c-2"));
    assertThat(c.refIn("quickbooks").id()).isEqualTo(id);
    assertThat(sim.records(REALM, "Customer")).hasSize(1);
  }

  @Test
  void duplicateDisplayNameOfAnotherPersonGetsASuffix() {
    sim.seedCustomer(REALM, "Jane Roe", "other@example.com", null);
    Customer c = qbo.createCustomer(jane("jane@example.com"), RequestOptions.idempotencyKey("c-3"));
    JsonView stored = sim.record(REALM, "Customer", c.refIn("quickbooks").id()).orElseThrow();
    assertThat(stored.path("DisplayName").asText()).startsWith("Jane Roe (").hasSize("Jane Roe (123456)".length());
    assertThat(sim.records(REALM, "Customer")).hasSize(2);
  }

  @Test
  void updateIsSparseWithTheCurrentSyncToken() throws Exception {
    String id = sim.seedCustomer(REALM, "Jane Roe", "jane@example.com", null);
    sim.editRecord(REALM, "Customer", id, Map.of("Notes", "vip"));
    Customer changed = Customer.builder().putRef(ExternalRef.of("quickbooks", "Customer", id))
        .email("jane.roe@example.com").build();

    Customer updated = qbo.updateCustomer(changed, RequestOptions.idempotencyKey("u-1"));

    JsonView body = body(posts("customer").get(0));
    assertThat(body.path("sparse").asBoolean()).isTrue();
    assertThat(body.path("SyncToken").asText()).isEqualTo("1");
    assertThat(body.has("DisplayName")).isFalse();
    assertThat(updated.email()).isEqualTo("jane.roe@example.com");
    assertThat(updated.note()).isEqualTo("vip");
    IntuitOracle.assertEntityRoundTrips(body, com.intuit.ipp.data.Customer.class);
  }

  @Test
  void upsertFindsByEmailThenUpdates() {
    String id = sim.seedCustomer(REALM, "Jane Roe", "jane@example.com", null);
    Customer c = qbo.upsertCustomer(jane("jane@example.com"), RequestOptions.idempotencyKey("up-1"));
    assertThat(c.refIn("quickbooks").id()).isEqualTo(id);
    assertThat(c.phone()).isEqualTo("(555) 010-0199");
  }

  @Test
  void findByRefReadsTheCustomerAndAnUnknownIdIsEmpty() {
    String id = sim.seedCustomer(REALM, "Acme Ltd", null, null);
    assertThat(qbo.findCustomerByRef(ExternalRef.of("quickbooks", "Customer", id)))
        .hasValueSatisfying(c -> assertThat(c.companyName()).isEqualTo("Acme Ltd"));
    assertThat(qbo.findCustomerByRef(ExternalRef.of("quickbooks", "Customer", "4242"))).isEmpty();
  }

  @Test
  void findBySkuQueriesTheSkuFieldAndEscapesQuotes() {
    sim.seedItem(REALM, "O'Brien mug", "OB'1", BigDecimal.ONE, new BigDecimal("5.00"));
    assertThat(qbo.findCatalogItemBySku("OB'1")).hasValueSatisfying(i -> {
      assertThat(i.name()).isEqualTo("O'Brien mug");
      assertThat(i.price().amount()).isEqualByComparingTo("5.00");
      assertThat(i.trackInventory()).isTrue();
    });
    assertThat(sim.journal().last().orElseThrow().request().queryParam("query").orElseThrow())
        .isEqualTo("SELECT * FROM Item WHERE Sku = 'OB\\'1'");
    assertThat(qbo.findCatalogItemBySku("missing")).isEmpty();
  }

  @Test
  void aSkuSharedByTwoItemsIsAConflict() {
    sim.seedItem(REALM, "Mug copy", "MUG-01", BigDecimal.ONE, BigDecimal.ONE);
    assertThatThrownBy(() -> qbo.findCatalogItemBySku("MUG-01")).isInstanceOf(ConflictException.class);
  }

  @Test
  void itemsListsItemsWithSkus() {
    List<CatalogItem> items = qbo.catalogItems().stream().toList();
    assertThat(items).extracting(CatalogItem::sku).containsExactly("MUG-01", "TEA-01");
  }
}
