package dev.posbridge.shopify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.spi.VendorConnector;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customers, catalog (variants by SKU) and locations. Thread-safe: holds no state.
 *
 * @param graphql the client
 * @param pageSize variants and locations per page
 */
public record DirectoryService(ShopifyGraphql graphql, int pageSize)
    implements VendorConnector.Customers, VendorConnector.Catalog {

  private static final Logger log = LoggerFactory.getLogger(dev.posbridge.core.Loggers.CONNECTOR);

  // ------------------------------------------------------------------ customers

  /**
   * Finds a customer by exact email, case-insensitive.
   *
   * @param email the email
   * @return the first exact match
   */
  @Override
  public Optional<Customer> findCustomerByEmail(String email) {
    String wanted = email.trim().toLowerCase(Locale.ROOT);
    return search("email:" + Search.quote(email.trim())).stream()
        .filter(c -> wanted.equals(c.normalizedEmail()))
        .findFirst();
  }

  /**
   * Finds a customer by phone number, compared by digits (E.164).
   *
   * @param phone the phone number
   * @return the first exact match
   */
  @Override
  public Optional<Customer> findCustomerByPhone(String phone) {
    Customer probe = Customer.builder().phone(phone).build();
    String wanted = probe.normalizedPhone();
    return search("phone:" + Search.quote(wanted == null ? phone : wanted)).stream()
        .filter(c -> c.normalizedPhone() != null && c.normalizedPhone().equals(wanted))
        .findFirst();
  }

  private List<Customer> search(String query) {
    JsonNode data = graphql.query(Queries.CUSTOMERS, Search.vars("first", 10, "query", query));
    List<Customer> out = new ArrayList<>();
    for (JsonNode c : Nodes.nodes(data.path("customers"), "customers")) {
      out.add(ResourceMapper.customer(c, "Customers"));
    }
    return out;
  }

  /**
   * Reads a customer by its Shopify reference.
   *
   * @param ref a {@code shopify} reference; others find nothing
   * @return the customer, or empty
   */
  @Override
  public Optional<Customer> findCustomerByRef(ExternalRef ref) {
    if (!ref.system().equals(ExternalRef.SHOPIFY)) {
      return Optional.empty();
    }
    JsonNode data = graphql.query(Queries.CUSTOMER,
        Search.vars("id", Nodes.gid("Customer", ref.id())));
    JsonNode c = data.path("customer");
    return c.isObject() ? Optional.of(ResourceMapper.customer(c, "Customer")) : Optional.empty();
  }

  /**
   * Creates a customer ({@code customerCreate}; Shopify offers no idempotency key for it).
   *
   * @param customer the customer
   * @param options not used: {@code customerCreate} takes no idempotency key
   * @return the created customer
   */
  @Override
  public Customer createCustomer(Customer customer, RequestOptions options) {
    JsonNode data = graphql.mutate(Queries.CUSTOMER_CREATE,
        Search.vars("input", ResourceMapper.customerInput(customer, null)), null);
    JsonNode payload = ShopifyGraphql.payload(data, "customerCreate", "CustomerCreate");
    return ResourceMapper.customer(payload.path("customer"), "CustomerCreate");
  }

  /**
   * Updates a customer ({@code customerUpdate}; last write wins, Shopify has no version).
   *
   * @param customer the customer with its Shopify reference
   * @param options not used: Shopify customers have no version or idempotency key
   * @return the updated customer
   * @throws IllegalArgumentException if the customer has no Shopify reference
   */
  @Override
  public Customer updateCustomer(Customer customer, RequestOptions options) {
    ExternalRef ref = customer.refIn(ExternalRef.SHOPIFY);
    if (ref == null) {
      throw new IllegalArgumentException("customer has no shopify ref to update");
    }
    JsonNode data = graphql.mutate(Queries.CUSTOMER_UPDATE, Search.vars("input",
        ResourceMapper.customerInput(customer, Nodes.gid("Customer", ref.id()))), null);
    JsonNode payload = ShopifyGraphql.payload(data, "customerUpdate", "CustomerUpdate");
    return ResourceMapper.customer(payload.path("customer"), "CustomerUpdate");
  }

  // ------------------------------------------------------------------ catalog

  /**
   * Finds the variant with exactly this SKU.
   *
   * @param sku the SKU
   * @return the item, or empty
   * @throws ConflictException if several variants share the SKU
   */
  @Override
  public Optional<CatalogItem> findCatalogItemBySku(String sku) {
    JsonNode data = graphql.query(Queries.PRODUCT_VARIANTS,
        Search.vars("first", 10, "after", null, "query", "sku:" + Search.quote(sku)));
    Currency currency = shopCurrency(data);
    List<CatalogItem> hits = new ArrayList<>();
    for (JsonNode v : Nodes.nodes(data.path("productVariants"), "productVariants")) {
      CatalogItem item = ResourceMapper.catalogItem(v, currency);
      if (item != null && item.sku().equals(sku)) {
        hits.add(item);
      }
    }
    if (hits.size() > 1) {
      throw new ConflictException("SKU is not unique in Shopify: " + hits.size() + " variants",
          ErrorContext.of(ShopifyGraphql.SYSTEM, "ProductVariants").withVendorCode("DUPLICATE_SKU"),
          null);
    }
    return hits.stream().findFirst();
  }

  /**
   * Lists every variant that has a SKU; variants without one are not addressable by SKU and are
   * left out (logged at DEBUG).
   *
   * @return the lazily paged items
   */
  @Override
  public PagedIterable<CatalogItem> catalogItems() {
    return PagedIterable.of(cursor -> {
      JsonNode data = graphql.query(Queries.PRODUCT_VARIANTS,
          Search.vars("first", pageSize, "after", cursor, "query", null));
      Currency currency = shopCurrency(data);
      List<CatalogItem> out = new ArrayList<>();
      JsonNode variants = data.path("productVariants");
      for (JsonNode v : Nodes.nodes(variants, "variants")) {
        CatalogItem item = ResourceMapper.catalogItem(v, currency);
        if (item == null) {
          log.debug("shopify variant {} has no SKU; not listed", v.path("id").asText());
        } else {
          out.add(item);
        }
      }
      return new Page<>(out, SalesReader.next(variants));
    });
  }

  private static Currency shopCurrency(JsonNode data) {
    try {
      return Money.currency(data.path("shop").path("currencyCode").asText(null));
    } catch (RuntimeException e) {
      throw OrderMapper.wrap("ProductVariants", "shop currency", e);
    }
  }

  // ------------------------------------------------------------------ locations

  /**
   * Lists all locations, active and inactive.
   *
   * @return the locations
   */
  public List<Location> locations() {
    List<Location> out = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode data = graphql.query(Queries.LOCATIONS, Search.vars("first", pageSize, "after", cursor));
      JsonNode locations = data.path("locations");
      for (JsonNode l : Nodes.nodes(locations, "locations")) {
        out.add(ResourceMapper.location(l));
      }
      String next = SalesReader.next(locations);
      cursor = next != null && !next.equals(cursor) ? next : null;
    } while (cursor != null);
    return out;
  }
}
