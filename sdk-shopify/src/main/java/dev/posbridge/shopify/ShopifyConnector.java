package dev.posbridge.shopify;

import dev.posbridge.core.auth.BearerToken;
import dev.posbridge.core.auth.Credentials;
import dev.posbridge.core.auth.OAuth2Credentials;
import dev.posbridge.core.auth.OAuthClient;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.CatalogConnector;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.LocationDirectory;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.SaleLookup;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.core.http.VendorConnectorBuilder;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.spi.HttpTransport;
import dev.posbridge.core.spi.TokenEndpoints;
import dev.posbridge.core.spi.VendorConnector;
import dev.posbridge.shopify.internal.BulkOrderReader;
import dev.posbridge.shopify.internal.CostLimiter;
import dev.posbridge.shopify.internal.DirectoryService;
import dev.posbridge.shopify.internal.InventoryService;
import dev.posbridge.shopify.internal.SalesReader;
import dev.posbridge.shopify.internal.ShopifyErrors;
import dev.posbridge.shopify.internal.ShopifyGraphql;
import dev.posbridge.shopify.internal.ShopifyTokenRefresher;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The Shopify connector, on the Admin GraphQL API
 * ({@code POST /admin/api/{version}/graphql.json}).
 *
 * <pre>{@code
 * try (ShopifyConnector shopify = ShopifyConnector.builder()
 *     .shopDomain("posbridge-dev.myshopify.com")
 *     .credentials(ShopifyAuth.accessToken(System.getenv("SHOPIFY_ACCESS_TOKEN")))
 *     .build()) {
 *   for (Sale sale : shopify.sales(SalesQuery.updatedBetween(from, to))) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p><b>Sales</b> are orders read by {@code updated_at}, {@code created_at} or
 * {@code processed_at} (for {@link SalesQuery.TimeField#CLOSED}) with Shopify's search syntax,
 * in the shop currency ({@code shopMoney}); {@code sourceName} {@code pos} is
 * {@link dev.posbridge.core.model.Channel#IN_STORE}, {@code web}
 * {@link dev.posbridge.core.model.Channel#ONLINE}, anything else OTHER with the raw name. With
 * {@code completedOnly}, cancelled orders and orders whose financial status is pending,
 * authorized, expired or voided are left out. A window longer than
 * {@link Builder#bulkReadThreshold(java.time.Duration)} (7 days by default) is read through one
 * Shopify bulk query operation instead of page by page, with the same result.
 * <b>Refunds</b> are those created in the window, found through the orders updated since its
 * start.
 *
 * <p><b>Inventory</b> reads the {@code available}, {@code on_hand} and {@code committed}
 * quantities per location; changes apply to one named quantity ({@code available} by default,
 * see {@link Builder#stockQuantityName(String)}): adjustments through
 * {@code inventoryAdjustQuantities}, counts through {@code inventorySetQuantities}, up to
 * {@value #MAX_CHANGES_PER_CALL} rows per call, each call idempotent through
 * {@code @idempotent(key:)}. A count is compare-and-set when its item reference carries the
 * expected current quantity as its {@code version}, as the items of {@link #stockLevels} do: if
 * the quantity changed meanwhile, Shopify refuses and {@code applyStockChanges} throws
 * {@link dev.posbridge.core.ConflictException}.
 *
 * <p><b>Rate limits</b>: Shopify meters query cost in a leaky bucket. The connector mirrors the
 * bucket from each response's {@code extensions.cost.throttleStatus} and makes requests wait
 * until their expected cost is available; a {@code THROTTLED} answer is retried after the time the
 * restore rate implies. A client-side {@link Builder#rateLimiter(RateLimiter) rateLimiter} may be
 * added on top, for example to share a budget between several shops' connectors.
 *
 * <p>Thread-safe and long-lived: build one per shop and share it; {@link #close()} releases the
 * connection pool unless the caller supplied the {@code OkHttpClient}.
 *
 * <p>Shopify specifics of the shared capabilities:
 * <ul>
 *   <li>{@link #stockLevels}: each level's item reference carries the configured quantity as its
 *       {@code version}, so passing it back in a {@link StockChange} makes a count
 *       compare-and-set.
 *   <li>{@link #applyStockChanges}: changes run in order; consecutive changes of the same kind and
 *       reason share a call. SKUs are resolved to inventory items first; unknown or ambiguous
 *       SKUs, fractional quantities and out-of-range counts fail with
 *       {@link dev.posbridge.core.ValidationException} before anything is sent. Without an
 *       idempotency key in the options each call gets a random key, which protects the
 *       connector's own retries but not a caller's repeat. A compare-and-set count that found
 *       another quantity, or an idempotency key reused with other changes, fails with
 *       {@link dev.posbridge.core.ConflictException}.
 *   <li>{@link #itemRefType()}: Shopify's inventory mutations take inventory items
 *       ({@code inventory_item}); a {@code variant} or {@code product} ref is refused (Shopify
 *       would answer {@code INVALID_INVENTORY_ITEM} for the whole batch).
 *   <li>{@link #createCustomer}: Shopify's {@code customerCreate} takes no idempotency key, so the
 *       call is not retried after an ambiguous failure; the key in the options is not used.
 *       Duplicate emails or phones come back as {@link dev.posbridge.core.ValidationException}.
 *   <li>{@link #updateCustomer}: Shopify customers have no version: the last write wins.
 *       Addresses are only sent on create. A customer without a {@code shopify} reference is an
 *       {@link IllegalArgumentException}.
 *   <li>{@link #findCatalogItemBySku}: fails with {@link dev.posbridge.core.ConflictException} if
 *       several variants share the SKU (Shopify does not enforce unique SKUs).
 *   <li>{@link #catalogItems()}: variants without a SKU are not listed.
 * </ul>
 */
public final class ShopifyConnector extends VendorConnector
    implements SaleLookup, InventoryConnector, CustomerConnector, CatalogConnector,
        LocationDirectory {

  /** The item ref type Shopify's inventory takes: {@code inventory_item} (not a variant). */
  public static final String ITEM_REF_TYPE = "inventory_item";

  /** The Admin API version this release is built and tested against. */
  public static final String DEFAULT_API_VERSION = "2026-10";

  /** Shopify's maximum input-array length, and so of stock changes per call. */
  public static final int MAX_CHANGES_PER_CALL = InventoryService.MAX_ROWS;

  private static final Pattern SHOP = Pattern.compile("[a-z0-9][a-z0-9-]*\\.myshopify\\.com");

  private final String shopDomain;
  private final SalesReader sales;
  private final DirectoryService directory;

  private ShopifyConnector(Builder b, String shop, Credentials credentials,
      @Nullable OkHttpClient ownedClient) {
    this(b, shop, new Services(b, shop, credentials, ownedClient));
  }

  private ShopifyConnector(Builder b, String shop, Services s) {
    super(ExternalRef.SHOPIFY, b.apiVersion(), ITEM_REF_TYPE, s.directory, s.directory, s.inventory, s, Capability.WEBHOOKS);
    this.shopDomain = shop;
    this.directory = s.directory;
    this.sales = new SalesReader(s.graphql, b.pageSize, 10, SalesReader.INITIAL_REFUND_SCAN_PAGE,
        new BulkOrderReader(s.graphql, s.bulkFiles, b.clock(), b.sleeper(), b.retry().maxRetryAfter(),
            BulkOrderReader.MAX_WAIT, b.responseLimits().maxBodyBytes(), baseUrl(b, shop).startsWith("https:")),
        b.bulkReadThreshold);
  }

  /** The services the connector answers through, and the resources it closes. */
  private static final class Services implements AutoCloseable {
    private final @Nullable OkHttpClient ownedClient;
    private final HttpTransport transport;
    private final HttpTransport bulkFiles;
    private final ShopifyGraphql graphql;
    private final InventoryService inventory;
    private final DirectoryService directory;

    Services(Builder b, String shop, Credentials credentials, @Nullable OkHttpClient ownedClient) {
      this.ownedClient = ownedClient;
      CostLimiter limiter = new CostLimiter(b.clock(), b.sleeper(), b.retry().maxRetryAfter());
      RateLimiter extra = b.rateLimiter();
      this.transport = HttpTransport.builder()
          .system(ShopifyGraphql.SYSTEM)
          .baseUrl(baseUrl(b, shop))
          .connectorSettings(b)
          .credentials(credentials)
          .rateLimiter(extra == RateLimiter.unlimited() ? limiter : RateLimiter.all(extra, limiter))
          .errorMapper(new ShopifyErrors(limiter))
          .requestIdHeader("X-Request-Id")
          .build();
      int throttleRetries = b.retry().retriesEnabled() ? Math.max(5, b.retry().maxAttempts()) : 0;
      this.graphql = new ShopifyGraphql(transport, b.apiVersion(), limiter, b.sleeper(), throttleRetries);
      this.bulkFiles = BulkOrderReader.files(baseUrl(b, shop), b.okHttpClient(), b.retry(), b.circuitBreaker(),
          b.timeouts(), b.responseLimits(), b.clock(), b.sleeper());
      this.inventory = new InventoryService(graphql, b.stockQuantityName, 25, 10);
      this.directory = new DirectoryService(graphql, 100);
    }

    @Override
    public void close() {
      transport.close();
      bulkFiles.close();
      if (ownedClient != null) {
        ownedClient.connectionPool().evictAll();
        ownedClient.dispatcher().executorService().shutdown();
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
   * Returns the shop's {@code *.myshopify.com} domain.
   *
   * @return the domain
   */
  public String shopDomain() {
    return shopDomain;
  }

  @Override
  public PagedIterable<Sale> sales(SalesQuery query) {
    return sales.sales(query);
  }

  /**
   * Reads one order as a sale, for example the subject of an {@code orders/*} webhook event
   * ({@link dev.posbridge.core.model.ChangeEvent#subject()}).
   *
   * <p>The order is returned in its lifecycle state: an order whose payment is still pending is
   * {@link dev.posbridge.core.model.SaleState#OPEN} (the engine books it once it is paid), a
   * cancelled or voided one is {@code CANCELED}/{@code VOIDED} (the engine voids what it booked).
   *
   * @param order a {@code shopify} order reference (a GID, or the numeric legacy id)
   * @return the sale, or empty if the shop has no such order
   * @throws IllegalArgumentException if the reference is not a Shopify order reference
   */
  @Override
  public Optional<Sale> findSale(ExternalRef order) {
    if (!order.system().equals(ExternalRef.SHOPIFY) || !order.type().equals("order")) {
      throw new IllegalArgumentException("not a shopify order reference: " + order);
    }
    return sales.sale(order.id());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Shopify's {@code refunds/create} webhook names its order: an {@code order} ref reads all
   * refunds of that order (up to 9); the pipeline's keys make the ones already booked no-ops.
   *
   * @throws IllegalArgumentException if the ref is not a Shopify order ref
   */
  @Override
  public List<Refund> refundsOfSale(ExternalRef ref) {
    if (!ref.system().equals(ExternalRef.SHOPIFY) || !ref.type().equals("order")) {
      throw new IllegalArgumentException("Shopify reads refunds by order; not a shopify order reference: "
          + ref);
    }
    return sales.refundsOfSale(ref.id());
  }

  @Override
  public PagedIterable<Refund> refunds(SalesQuery query) {
    return sales.refunds(query);
  }


  @Override
  public List<Location> locations() {
    return directory.locations();
  }

  private static String baseUrl(Builder b, String shop) {
    return b.baseUrl() != null ? b.baseUrl() : "https://" + shop;
  }

  @Override
  public String toString() {
    return "ShopifyConnector[" + shopDomain + ", " + apiVersion() + "]";
  }

  /**
   * Builds a {@link ShopifyConnector}; {@link #build()} validates eagerly. Not thread-safe.
   *
   * <p>Required: the {@linkplain #shopDomain(String) shop domain} and
   * {@code credentials(ShopifyAuth)}, from {@link ShopifyAuth#accessToken(String)} or
   * {@link ShopifyAuth#expiringToken}. {@code apiVersion(..)} takes an Admin API release,
   * {@code YYYY-01|04|07|10} or {@code unstable} (default
   * {@value ShopifyConnector#DEFAULT_API_VERSION}); follow Shopify's quarterly releases only after
   * testing. A {@code rateLimiter(..)} is consulted on top of the connector's own query-cost
   * limiter, e.g. to share a budget between several shops' connectors; by default there is none:
   * the cost limiter, which mirrors Shopify's leaky bucket from each response's throttle status,
   * is enough for one connector per shop.
   */
  public static final class Builder extends VendorConnectorBuilder<Builder, ShopifyAuth> {
    private @Nullable String shopDomain;
    private String stockQuantityName = "available";
    private int pageSize = SalesReader.MAX_ORDERS_PER_PAGE;
    private java.time.Duration bulkReadThreshold = java.time.Duration.ofDays(7);

    private Builder() {
      super(ShopifyAuth.class, DEFAULT_API_VERSION,
          apiVersionMatching("[0-9]{4}-(01|04|07|10)|unstable", "YYYY-01/04/07/10 or unstable"));
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the shop's permanent domain, e.g. {@code posbridge-dev.myshopify.com} (not a custom
     * storefront domain).
     *
     * @param value the domain
     * @return this builder
     */
    public Builder shopDomain(String value) {
      this.shopDomain = value;
      return this;
    }

    /**
     * Chooses the quantity stock changes apply to: {@code available} (default, what POS sales
     * consume) or {@code on_hand} (physical stock, for counts; adjustments then carry a ledger
     * document URI).
     *
     * @param value {@code available} or {@code on_hand}
     * @return this builder
     */
    public Builder stockQuantityName(String value) {
      this.stockQuantityName = value;
      return this;
    }

    /**
     * Sets the most orders one page reads. Default and maximum 250 (Shopify's largest page): pages
     * are sized to Shopify's 1,000-point single-query cost limit, measured from the cost Shopify
     * reports — five orders while the cost is unknown, then as many as fit (e.g. about 13 orders
     * of one line each). {@link SalesQuery#pageSize()} overrides it per query.
     *
     * @param value 1..250
     * @return this builder
     */
    public Builder pageSize(int value) {
      this.pageSize = value;
      return this;
    }

    /**
     * Reads a sales window longer than this through a Shopify bulk query operation
     * ({@code bulkOperationRunQuery}) instead of page by page: one mutation and a few status reads
     * (a few points each) instead of one page per dozen orders, for backfills and catch-up after
     * downtime. The result file is streamed, never held; each order is mapped exactly as a page's
     * are. Waiting for the operation is bounded (30 minutes, status reads at most
     * {@code maxRetryAfter} apart); one that fails, is cancelled or
     * does not complete in time ends the read with {@link ShopifyBulkOperationException}. If Shopify
     * already runs as many bulk queries for the app as it allows, the window is read page by page.
     * Default 7 days; {@link java.time.Duration#ZERO} reads every window in bulk, a very long
     * duration turns bulk reads off.
     *
     * @param value the longest window still read page by page, not negative
     * @return this builder
     */
    public Builder bulkReadThreshold(java.time.Duration value) {
      this.bulkReadThreshold = value;
      return this;
    }

    /**
     * Builds the connector.
     *
     * @return the connector
     * @throws IllegalStateException if the shop domain or the credentials were not set
     * @throws IllegalArgumentException if a setting is invalid
     */
    public ShopifyConnector build() {
      if (shopDomain == null) {
        throw new IllegalStateException("shopDomain is required: set shopDomain(String)");
      }
      ShopifyAuth auth = credentials();
      String shop = shopDomain.trim().toLowerCase(java.util.Locale.ROOT);
      if (!SHOP.matcher(shop).matches()) {
        throw new IllegalArgumentException(
            "shopDomain must be the shop's <name>.myshopify.com domain: " + shopDomain);
      }
      if (baseUrl() != null && HttpUrl.parse(baseUrl()) == null) {
        throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl());
      }
      if (!stockQuantityName.equals("available") && !stockQuantityName.equals("on_hand")) {
        throw new IllegalArgumentException(
            "stockQuantityName must be available or on_hand: " + stockQuantityName);
      }
      if (pageSize < 1 || pageSize > SalesReader.MAX_ORDERS_PER_PAGE) {
        throw new IllegalArgumentException("pageSize must be 1.." + SalesReader.MAX_ORDERS_PER_PAGE + ": " + pageSize);
      }
      if (bulkReadThreshold == null || bulkReadThreshold.isNegative()) {
        throw new IllegalArgumentException("bulkReadThreshold must not be negative: " + bulkReadThreshold);
      }
      String accessToken = auth.staticToken();
      if (accessToken != null) {
        return new ShopifyConnector(this, shop, BearerToken.inHeader("X-Shopify-Access-Token", accessToken), null);
      }
      // The refresher's client: never follows redirects, obeys the connector's timeouts with a
      // whole-call deadline (a trickling token endpoint cannot hold the refresh lock for long).
      OkHttpClient tokenClient = TokenEndpoints.client(okHttpClient(), timeouts(), retry().maxElapsed());
      OkHttpClient owned = okHttpClient() == null ? tokenClient : null;
      OAuthClient app = java.util.Objects.requireNonNull(auth.app());
      ShopifyTokenRefresher refresher = new ShopifyTokenRefresher(
          ShopifyConnector.baseUrl(this, shop), app.clientId(), app.clientSecret(), tokenClient, clock());
      OAuth2Credentials oauth = OAuth2Credentials.builder().tokenStore(app.store())
          .refresher(refresher).clock(clock()).build();
      return new ShopifyConnector(this, shop, new ShopifyTokenRefresher.AccessTokenHeader(oauth), owned);
    }
  }
}
