package dev.posbridge.core.spi;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.CatalogConnector;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockLevel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The part every vendor connector facade shares: its customers, catalog and stock, each answered
 * by one of the vendor's services, the capabilities derived from the interfaces the facade
 * implements ({@link Capability#of}), and closing the resources the facade created. A facade
 * extends it, passes its services to the constructor and adds only what is vendor-specific.
 *
 * <p>Writes of stock changes are checked first: every change must name its item by SKU or by a
 * ref of this system's {@linkplain #itemRefType() item ref type}. Upserting exactly the same
 * customer again (same refs, versions, fields and timestamps) answers what the first upsert
 * stored, without calling the vendor: a sync engine upserts a customer with every sale that names
 * it.
 */
public abstract class VendorConnector implements CustomerConnector, CatalogConnector, InventoryConnector {

  /** Finds, creates and updates a vendor's customers, as {@link CustomerConnector} describes. */
  public interface Customers {
    /**
     * Finds a customer by email.
     *
     * @param email the email
     * @return the customer, or empty
     */
    Optional<Customer> findCustomerByEmail(String email);

    /**
     * Finds a customer by phone.
     *
     * @param phone the phone number
     * @return the customer, or empty
     */
    Optional<Customer> findCustomerByPhone(String phone);

    /**
     * Reads a customer by this system's ref.
     *
     * @param ref the ref
     * @return the customer, or empty
     */
    Optional<Customer> findCustomerByRef(ExternalRef ref);

    /**
     * Creates a customer.
     *
     * @param customer the customer
     * @param options the idempotency key and timeout
     * @return the created customer with this system's ref
     */
    Customer createCustomer(Customer customer, RequestOptions options);

    /**
     * Updates a customer named by this system's ref.
     *
     * @param customer the customer
     * @param options the idempotency key and timeout
     * @return the updated customer
     */
    Customer updateCustomer(Customer customer, RequestOptions options);
  }

  /** Reads a vendor's catalog, as {@link CatalogConnector} describes. */
  public interface Catalog {
    /**
     * Finds an item by exact SKU.
     *
     * @param sku the SKU
     * @return the item, or empty
     */
    Optional<CatalogItem> findCatalogItemBySku(String sku);

    /**
     * Lists the catalog's items.
     *
     * @return the items, lazily paged
     */
    PagedIterable<CatalogItem> catalogItems();
  }

  /** Reads and changes a vendor's stock, as {@link InventoryConnector} describes. */
  public interface Stock {
    /**
     * Reads stock levels.
     *
     * @param query what to read
     * @return the levels, lazily paged
     */
    PagedIterable<StockLevel> stockLevels(StockQuery query);

    /**
     * Applies stock changes whose item refs are already checked.
     *
     * @param changes the changes
     * @param options the idempotency key and timeout
     * @return what was applied
     */
    StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options);

    /**
     * Returns how many changes one call takes.
     *
     * @return at least 1
     */
    int maxStockChangesPerCall();
  }

  private final UpsertMemo upserts = new UpsertMemo();
  private final String system;
  private final String apiVersion;
  private final String itemRefType;
  private final Customers customers;
  private final Catalog catalog;
  private final Stock stock;
  private final AutoCloseable resources;
  private final Set<Capability> capabilities;

  /**
   * Creates the facade's shared part.
   *
   * @param system the system name, e.g. {@code square}
   * @param apiVersion the vendor API version the facade's calls send, from its builder
   * @param itemRefType the type of item refs the vendor's stock and order lines take
   * @param customers the customer service
   * @param catalog the catalog service
   * @param stock the stock service
   * @param resources what {@link #close()} releases: the transports and clients the facade created
   * @param extra capabilities not expressed by an interface, e.g. {@link Capability#WEBHOOKS}
   */
  protected VendorConnector(String system, String apiVersion, String itemRefType, Customers customers,
      Catalog catalog, Stock stock, AutoCloseable resources, Capability... extra) {
    this.system = Objects.requireNonNull(system, "system");
    this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
    this.itemRefType = Objects.requireNonNull(itemRefType, "itemRefType");
    this.customers = Objects.requireNonNull(customers, "customers");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.stock = Objects.requireNonNull(stock, "stock");
    this.resources = Objects.requireNonNull(resources, "resources");
    this.capabilities = Capability.of(this, extra);
  }

  @Override
  public final String system() {
    return system;
  }

  /**
   * Returns the vendor API version every call of this connector sends: Square's
   * {@code Square-Version} date, Shopify's Admin API release, QuickBooks' {@code minorversion} or
   * NetSuite's REST path version. It is the connector's {@code DEFAULT_API_VERSION} unless its
   * builder's {@code apiVersion(..)} overrode it.
   *
   * @return the version, in the vendor's form, e.g. {@code 2026-08-19} for Square
   */
  public final String apiVersion() {
    return apiVersion;
  }

  /**
   * {@inheritDoc}
   *
   * @return an immutable set: one capability per connector interface the facade implements, and
   *     the extra ones it declares
   */
  @Override
  public final Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public final Optional<Customer> findCustomerByEmail(String email) {
    return customers.findCustomerByEmail(email);
  }

  @Override
  public final Optional<Customer> findCustomerByPhone(String phone) {
    return customers.findCustomerByPhone(phone);
  }

  @Override
  public final Optional<Customer> findCustomerByRef(ExternalRef ref) {
    return customers.findCustomerByRef(ref);
  }

  @Override
  public final Customer createCustomer(Customer customer, RequestOptions options) {
    return customers.createCustomer(customer, options);
  }

  @Override
  public final Customer updateCustomer(Customer customer, RequestOptions options) {
    return customers.updateCustomer(customer, options);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Upserting exactly the same customer again (same refs, versions, fields and timestamps)
   * through this connector answers what the first upsert stored, without calling the vendor.
   */
  @Override
  public final Customer upsertCustomer(Customer customer, RequestOptions options) {
    return upserts.upsert(customer, () -> CustomerConnector.super.upsertCustomer(customer, options));
  }

  @Override
  public final Optional<CatalogItem> findCatalogItemBySku(String sku) {
    return catalog.findCatalogItemBySku(sku);
  }

  @Override
  public final PagedIterable<CatalogItem> catalogItems() {
    return catalog.catalogItems();
  }

  @Override
  public final PagedIterable<StockLevel> stockLevels(StockQuery query) {
    return stock.stockLevels(query);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a change names its item by a ref of another system or of
   *     another type than {@link #itemRefType()}
   */
  @Override
  public final StockWriteResult applyStockChanges(List<StockChange> changes, RequestOptions options) {
    RefTypes.requireStockItems(changes, system, itemRefType, "applyStockChanges");
    return stock.applyStockChanges(changes, options);
  }

  @Override
  public final int maxStockChangesPerCall() {
    return stock.maxStockChangesPerCall();
  }

  @Override
  public final String itemRefType() {
    return itemRefType;
  }

  /**
   * Releases the HTTP resources this connector created (not a caller-supplied client's).
   *
   * @throws IllegalStateException if releasing them failed with a checked exception
   */
  @Override
  public void close() {
    try {
      resources.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing " + system + " failed", e);
    }
  }
}
