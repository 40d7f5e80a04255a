package dev.posbridge.square;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.CatalogConnector;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.LocationDirectory;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SaleLookup;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.http.VendorConnectorBuilder;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.spi.HttpTransport;
import dev.posbridge.core.spi.RefTypes;
import dev.posbridge.core.spi.VendorConnector;
import dev.posbridge.square.internal.CatalogService;
import dev.posbridge.square.internal.CustomerService;
import dev.posbridge.square.internal.InventoryService;
import dev.posbridge.square.internal.LocationService;
import dev.posbridge.square.internal.SalesService;
import dev.posbridge.square.internal.SquareApi;
import dev.posbridge.square.internal.SquareErrorMapper;
import dev.posbridge.square.internal.SquareJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Square connector: sales and refunds from the Orders, Payments and Refunds APIs, external
 * sales recorded as orders with EXTERNAL payments, inventory counts and changes, catalog lookups
 * by SKU, customers and locations.
 *
 * <pre>{@code
 * try (SquareConnector square = SquareConnector.builder()
 *     .credentials(SquareAuth.accessToken(System.getenv("SQUARE_TOKEN")))
 *     .environment(SquareEnvironment.SANDBOX)
 *     .build()) {
 *   for (Sale sale : square.sales(SalesQuery.updatedBetween(from, to))) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe and long-lived: build one per Square account and share it; {@link #close()}
 * releases the HTTP resources it created. Every call sends {@code Square-Version} (default
 * {@value #DEFAULT_API_VERSION}). Reads are retried on throttling and outages; writes carry
 * Square idempotency keys derived from the {@link RequestOptions} key (hashed when longer than
 * the endpoint allows), so retries and replays never book twice.
 *
 * <p>Square specifics of the shared capabilities:
 * <ul>
 *   <li>{@link #stockLevels}: reads IN_STOCK counts (BatchRetrieveInventoryCounts); SKUs are
 *       resolved to item variations through the catalog; unknown SKUs have no level.
 *   <li>{@link #itemRefType()}: Square counts stock per item variation ({@code item_variation});
 *       an {@code item} ref names the parent item and is refused.
 *   <li>{@link #updateCustomer}: sends the version of the customer's {@code square/customer} ref;
 *       a stale version fails with {@link dev.posbridge.core.ConflictException}
 *       ({@code VERSION_MISMATCH}).
 *   <li>{@link #findCatalogItemBySku}: searches ITEM_VARIATION objects by SKU and keeps only exact
 *       matches.
 * </ul>
 */
public final class SquareConnector extends VendorConnector
    implements SaleLookup, SalesSink, InventoryConnector, CustomerConnector, CatalogConnector,
        LocationDirectory {

  /** The item ref type Square's inventory and order lines take: {@code item_variation}. */
  public static final String ITEM_REF_TYPE = "item_variation";

  /** The Square API version ({@code Square-Version}) this connector is written and tested against. */
  public static final String DEFAULT_API_VERSION = "2026-08-19";

  private final SalesService sales;
  private final LocationService locations;
  private final @Nullable String defaultLocationId;

  private SquareConnector(Builder b) {
    this(b, new Services(b));
  }

  private SquareConnector(Builder b, Services s) {
    super(ExternalRef.SQUARE, b.apiVersion(), ITEM_REF_TYPE, s.customers, s.catalog, s.inventory, s, Capability.WEBHOOKS);
    this.locations = s.locations;
    this.sales = new SalesService(s.api, s.catalog, s.locations, b.resolveSkus);
    this.defaultLocationId = b.defaultLocationId;
  }

  /** The services the connector answers through, and the resources it closes. */
  private static final class Services implements AutoCloseable {
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final SquareApi api;
    private final CatalogService catalog;
    private final LocationService locations;
    private final InventoryService inventory;
    private final CustomerService customers;

    Services(Builder b) {
      String baseUrl = b.baseUrl() != null ? b.baseUrl() : b.environment.baseUrl();
      HttpTransport transport = HttpTransport.builder()
          .system(ExternalRef.SQUARE)
          .baseUrl(baseUrl)
          .connectorSettings(b)
          .objectMapper(SquareJson.create())
          .credentials(b.credentials().create(baseUrl, b.okHttpClient(), b.timeouts(), b.clock(), owned::add))
          .rateLimiter(b.rateLimiter())
          .errorMapper(new SquareErrorMapper())
          .defaultHeader("Square-Version", b.apiVersion())
          .build();
      this.api = new SquareApi(transport);
      this.catalog = new CatalogService(api);
      this.locations = new LocationService(api);
      this.inventory = new InventoryService(api, catalog, b.clock(), transport.mapper());
      this.customers = new CustomerService(api);
    }

    /** Releases the HTTP resources, then the token refresher of {@link SquareAuth#oauth2}. */
    @Override
    public void close() {
      try {
        api.close();
      } finally {
        for (AutoCloseable c : owned) {
          try {
            c.close();
          } catch (Exception e) {
            // Nothing to do: the refresher's close releases memory only.
          }
        }
      }
    }
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Uses SearchOrders at the query's locations (all locations when none are named, in groups
   * of at most 10), filtered and sorted on the query's timestamp, oldest first. Orders that only
   * carry returns are left to {@link #refunds(SalesQuery)}.
   */
  @Override
  public PagedIterable<Sale> sales(SalesQuery query) {
    return sales.sales(query);
  }

  /**
   * {@inheritDoc}
   *
   * <p>First the return orders in the window (with returned lines), then the payment refunds
   * created in the window (money only; ListPaymentRefunds filters on {@code created_at}).
   */
  @Override
  public PagedIterable<Refund> refunds(SalesQuery query) {
    return sales.refunds(query);
  }

  /**
   * {@inheritDoc}
   *
   * <p>An {@code order} ref reads the order (RetrieveOrder); a {@code payment} ref reads the payment
   * (GetPayment), then its order. Orders that are not {@code COMPLETED}, and pure return orders,
   * are not sales: empty.
   *
   * @throws IllegalArgumentException if the ref is not a Square order or payment ref
   */
  @Override
  public Optional<Sale> findSale(ExternalRef ref) {
    requireSquare(ref);
    return sales.sale(ref);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A {@code refund} ref reads that payment refund (GetPaymentRefund); an {@code order} ref reads
   * the returns of a return order.
   *
   * @throws IllegalArgumentException if the ref is not a Square refund or order ref
   */
  @Override
  public List<Refund> refundsOfSale(ExternalRef ref) {
    requireSquare(ref);
    return sales.refundsOfSale(ref);
  }

  private static void requireSquare(ExternalRef ref) {
    if (!ExternalRef.SQUARE.equals(ref.system())) {
      throw new IllegalArgumentException("not a square reference: " + ref);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Creates an order (CreateOrder) and one payment per tender (CreatePayment with
   * {@code source_id: "EXTERNAL"}), each with its own idempotency key derived from the options'
   * key (or from the sale's ref when there is none).
   */
  @Override
  public WriteResult recordSale(Sale sale, RequestOptions options) {
    RefTypes.requireLineItems(sale.lines(), ExternalRef.SQUARE, ITEM_REF_TYPE, "recordSale");
    return sales.recordSale(sale, options, defaultLocationId);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Refunds a Square payment (RefundPayment): the refund's {@code square/payment} ref, or the
   * first tender of its Square original sale.
   */
  @Override
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    return sales.recordRefund(refund, options);
  }

  @Override
  public List<Location> locations() {
    return locations.locations();
  }

  @Override
  public String toString() {
    return "SquareConnector[Square-Version " + apiVersion() + "]";
  }

  /**
   * Builds a {@link SquareConnector}. Not thread-safe; validates eagerly in {@link #build()}.
   *
   * <p>Required: {@code credentials(SquareAuth)}, from {@link SquareAuth#accessToken(String)} or
   * {@link SquareAuth#oauth2}. {@code apiVersion(..)} takes a {@code Square-Version} date,
   * {@code YYYY-MM-DD} (default {@value SquareConnector#DEFAULT_API_VERSION}). The default
   * {@code rateLimiter(..)} is {@link dev.posbridge.core.http.RateLimiter#unlimited()}: Square
   * publishes no quota and answers 429 when overloaded, which the connector retries with backoff.
   */
  public static final class Builder extends VendorConnectorBuilder<Builder, SquareAuth> {
    private SquareEnvironment environment = SquareEnvironment.PRODUCTION;
    private boolean resolveSkus = true;
    private @Nullable String defaultLocationId;

    private Builder() {
      super(SquareAuth.class, DEFAULT_API_VERSION, apiVersionMatching("\\d{4}-\\d{2}-\\d{2}", "YYYY-MM-DD"));
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Chooses production (the default) or the sandbox.
     *
     * @param value the environment
     * @return this builder
     */
    public Builder environment(SquareEnvironment value) {
      this.environment = java.util.Objects.requireNonNull(value, "environment");
      return this;
    }


    /**
     * Whether sales and returns look up their lines' SKUs in the catalog (one batch call per page,
     * cached); default true. Off, lines carry only their item variation ref.
     *
     * @param value whether to resolve SKUs
     * @return this builder
     */
    public Builder resolveSkus(boolean value) {
      this.resolveSkus = value;
      return this;
    }

    /**
     * Sets the Square location for recorded sales that carry no Square location ref.
     *
     * @param value the location id, or null
     * @return this builder
     */
    public Builder defaultLocationId(@Nullable String value) {
      this.defaultLocationId = value == null || value.isBlank() ? null : value;
      return this;
    }

    /**
     * Builds the connector.
     *
     * @return the connector
     * @throws IllegalStateException if {@code credentials} was not set
     */
    public SquareConnector build() {
      return new SquareConnector(this);
    }
  }
}
