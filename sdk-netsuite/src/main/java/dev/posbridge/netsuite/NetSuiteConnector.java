package dev.posbridge.netsuite;

import dev.posbridge.core.connect.BookedSalesReader;
import dev.posbridge.core.connect.CatalogConnector;
import dev.posbridge.core.connect.ChangeBatch;
import dev.posbridge.core.connect.ChangeFeed;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.LocationDirectory;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.core.http.VendorConnectorBuilder;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.spi.HttpTransport;
import dev.posbridge.core.spi.RefTypes;
import dev.posbridge.core.spi.VendorConnector;
import dev.posbridge.netsuite.internal.AccountIds;
import dev.posbridge.netsuite.internal.BookReader;
import dev.posbridge.netsuite.internal.CatalogOps;
import dev.posbridge.netsuite.internal.ChangePoller;
import dev.posbridge.netsuite.internal.CustomerOps;
import dev.posbridge.netsuite.internal.InventoryOps;
import dev.posbridge.netsuite.internal.NetSuiteApi;
import dev.posbridge.netsuite.internal.NetSuiteErrorMapper;
import dev.posbridge.netsuite.internal.Resolver;
import dev.posbridge.netsuite.internal.SalesWriter;
import dev.posbridge.netsuite.internal.Settings;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Connects posbridge to one NetSuite account through SuiteTalk REST (record API and SuiteQL).
 *
 * <p>Capabilities: {@link SalesSink} (sales as {@code cashSale}, or {@code salesOrder} +
 * {@code invoice}; refunds as {@code cashRefund}), {@link InventoryConnector} (levels from
 * SuiteQL {@code inventoryitemlocations}; changes as {@code inventoryAdjustment}),
 * {@link CustomerConnector}, {@link CatalogConnector}, {@link LocationDirectory} and a polling
 * {@link ChangeFeed} (NetSuite has no native webhooks).
 *
 * <p><b>Idempotency.</b> Every record the connector creates carries a deterministic external id
 * ({@code POS-{system}-{id}} for sales, {@code POS-R-...} for refunds, {@code POS-ADJ-{key}:{n}}
 * for stock): it reads {@code eid:} first and leaves an existing record alone, else upserts with
 * {@code PUT /record/v1/{type}/eid:{externalId}?replace=<sublist>}, so a retry after a lost answer
 * updates instead of duplicating. The {@code X-NetSuite-Idempotency-Key} header is documented for
 * asynchronous requests only and is not sent.
 *
 * <p><b>Concurrency.</b> NetSuite limits concurrent requests per account (shared by all
 * integrations). The connector's {@link Builder#rateLimiter rate limiter} keeps at most
 * {@value #DEFAULT_MAX_CONCURRENT_REQUESTS} requests in flight by default, and the connector retries
 * {@code 429 CONCURRENCY_LIMIT_EXCEEDED} with jittered backoff.
 *
 * <p>Thread-safe and long-lived: build one per account and share it; {@link #close()} releases
 * the connection pool if the connector created it.
 *
 * <pre>{@code
 * NetSuiteConnector netsuite = NetSuiteConnector.builder()
 *     .accountId("1234567_SB1")
 *     .credentials(NetSuiteAuth.clientCredentials(clientId, certId, key))
 *     .mapping(NetSuiteMapping.builder().subsidiary("1").defaultLocation("3")
 *         .defaultCustomer("107").inventoryAdjustmentAccount("214").build())
 *     .build();
 * WriteResult receipt = netsuite.recordSale(sale, RequestOptions.none());
 * }</pre>
 *
 * <p>NetSuite specifics of the shared capabilities:
 * <ul>
 *   <li>{@link #stockLevels}: reads stock levels per item and location from SuiteQL
 *       {@code inventoryitemlocations} (SKUs resolved through the mapping);
 *       {@link StockQuery#updatedAfter()} is ignored: NetSuite keeps no change time on stock.
 *   <li>{@link #applyStockChanges}: changes go out as {@code inventoryAdjustment} records on the
 *       mapping's adjustment account, {@link #maxStockChangesPerCall()} lines per record
 *       ({@link Builder#adjustmentLinesPerRecord(int)}); a SET becomes the difference to the
 *       on-hand quantity read just before. The result has the number applied and the records
 *       written; its {@code levels} are empty.
 *   <li>{@link #itemRefType()}: NetSuite items are {@code item} records.
 *   <li>{@link #createCustomer}: an external-id upsert: the external id derives from the
 *       customer's canonical ref, else the idempotency key, so a retry updates instead of
 *       duplicating.
 *   <li>{@link #updateCustomer}: updates the customer named by its NetSuite ref with a PATCH
 *       (NetSuite has no optimistic concurrency; the ref's version is ignored). The address book
 *       is replaced.
 *   <li>{@link #catalogItems()}: lists active items (SKU = {@code itemid}); prices are not read.
 * </ul>
 */
public final class NetSuiteConnector extends VendorConnector
    implements SalesSink, BookedSalesReader, InventoryConnector, CustomerConnector, CatalogConnector, ChangeFeed,
        LocationDirectory {

  /** The item ref type NetSuite takes: {@code item}. */
  public static final String ITEM_REF_TYPE = "item";

  /**
   * The SuiteTalk REST web services version in the record and query paths
   * ({@code /services/rest/record/v1/}, {@code /services/rest/query/v1/suiteql}).
   */
  public static final String DEFAULT_API_VERSION = NetSuiteApi.DEFAULT_VERSION;

  /** How many requests the default rate limiter lets be in flight at once. */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 4;

  private final String accountId;
  private final NetSuiteMapping mapping;
  private final SalesWriter sales;
  private final BookReader books;
  private final CatalogOps catalog;
  private final ChangePoller feed;

  private NetSuiteConnector(Builder b) {
    this(b, settings(b));
  }

  private NetSuiteConnector(Builder b, Settings settings) {
    this(b, settings, new Resolver(settings));
  }

  private NetSuiteConnector(Builder b, Settings settings, Resolver resolver) {
    this(b, settings, resolver, new CatalogOps(settings, resolver));
  }

  private NetSuiteConnector(Builder b, Settings settings, Resolver resolver, CatalogOps catalog) {
    super(NetSuiteApi.SYSTEM, b.apiVersion(), ITEM_REF_TYPE, new CustomerOps(settings), catalog, new InventoryOps(settings, resolver),
        settings.api()::close);
    this.accountId = AccountIds.realm(Objects.requireNonNull(b.accountId));
    this.mapping = settings.mapping();
    this.sales = new SalesWriter(settings, resolver);
    this.books = new BookReader(settings);
    this.catalog = catalog;
    this.feed = new ChangePoller(settings);
  }

  private static Settings settings(Builder b) {
    if (b.accountId == null) {
      throw new IllegalStateException("accountId is required: set accountId(String)");
    }
    NetSuiteAuth auth = b.credentials();
    if (b.mapping == null) {
      throw new IllegalStateException("mapping is required: set mapping(NetSuiteMapping)");
    }
    String baseUrl = b.baseUrl() != null ? b.baseUrl() : AccountIds.baseUrl(b.accountId);
    HttpTransport transport = HttpTransport.builder()
        .system(NetSuiteApi.SYSTEM)
        .baseUrl(baseUrl)
        .connectorSettings(b)
        .credentials(auth.create(b.accountId, baseUrl, b.okHttpClient(), b.timeouts(), b.clock()))
        .rateLimiter(b.rateLimiter())
        .errorMapper(new NetSuiteErrorMapper())
        .build();
    return new Settings(new NetSuiteApi(transport, b.apiVersion()), b.mapping, b.clock(), b.timeZone,
        b.pageSize, b.adjustmentLines, b.overlap, b.initialLookBack, b.idMap, b.resolveSkus);
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
   * Returns the account ID in its {@code 1234567_SB1} form.
   *
   * @return the account ID
   */
  public String accountId() {
    return accountId;
  }

  /**
   * Returns the mapping in use.
   *
   * @return the mapping
   */
  public NetSuiteMapping mapping() {
    return mapping;
  }

  /**
   * Records a sale as a {@code cashSale}, or as a {@code salesOrder} transformed into an
   * {@code invoice} (then the invoice is returned). An already recorded sale (same external id) is
   * returned with {@code created == false} and left unchanged.
   *
   * @param sale the sale
   * @param options the timeout; the external id derived from the sale makes the write idempotent
   * @return the NetSuite record
   * @throws dev.posbridge.core.ValidationException if an item, location or customer is not mapped
   *     or NetSuite rejects the content
   */
  @Override
  public WriteResult recordSale(Sale sale, RequestOptions options) {
    RefTypes.requireLineItems(sale.lines(), NetSuiteApi.SYSTEM, ITEM_REF_TYPE, "recordSale");
    return sales.recordSale(sale, options);
  }

  /**
   * Records several sales. NetSuite has no batch write, but a group shares its look-ups: one
   * SuiteQL query finds the cash sales already booked under the sales' external ids (returned
   * untouched) and one resolves the group's unknown SKUs; each new sale is then one upsert. A
   * group of n new sales costs about n + 1 calls, against 2n one by one. With
   * {@code salesOrder} + {@code invoice} recording the sales go one by one.
   *
   * @param saleList the sales
   * @param options the options; the external ids, not the key, make the writes idempotent
   * @return one result per sale, in order
   */
  @Override
  public List<WriteResult> recordSales(List<Sale> saleList, RequestOptions options) {
    return sales.recordSales(saleList, options);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@value dev.posbridge.netsuite.internal.SalesWriter#GROUP}: the sales whose booking
   *     one existence query covers
   */
  @Override
  public int maxBatchSize() {
    return SalesWriter.GROUP;
  }

  /**
   * Records a refund as a {@code cashRefund}, created from the original sale's cash sale when the
   * connector recorded it.
   *
   * @param refund the refund
   * @param options the timeout
   * @return the cash refund
   */
  @Override
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    return sales.recordRefund(refund, options);
  }

  /**
   * {@inheritDoc}
   *
   * <p>NetSuite's record API has no void action: the cash sale is kept with zeroed lines and a
   * memo starting with {@code VOIDED}.
   */
  @Override
  public Optional<WriteResult> voidSale(ExternalRef sourceSale, RequestOptions options) {
    return sales.voidSale(sourceSale, options);
  }

  /**
   * {@inheritDoc}
   *
   * <p>SuiteQL over {@code transaction} ({@code trandate} or {@code lastmodifieddate}), each cash
   * sale then read with its lines.
   */
  @Override
  public PagedIterable<Sale> bookedSales(SalesQuery query) {
    return books.sales(query);
  }

  /**
   * {@inheritDoc}
   *
   * <p>As {@link #bookedSales(SalesQuery)}, for cash refunds.
   */
  @Override
  public PagedIterable<Refund> bookedRefunds(SalesQuery query) {
    return books.refunds(query);
  }

  /**
   * {@inheritDoc}
   *
   * <p>By the external id derived from the source ref.
   */
  @Override
  public Optional<Sale> bookedSale(ExternalRef sourceRef) {
    return books.saleBySource(sourceRef);
  }

  @Override
  public Optional<Sale> bookedSaleByNumber(String documentNumber) {
    return books.saleByNumber(documentNumber);
  }

  @Override
  public Optional<Refund> bookedRefund(ExternalRef sourceRef) {
    return books.refundBySource(sourceRef);
  }

  @Override
  public Optional<Refund> bookedRefundByNumber(String documentNumber) {
    return books.refundByNumber(documentNumber);
  }


  /**
   * Finds an item by exact UPC code.
   *
   * @param upc the barcode
   * @return the item, or empty
   */
  public Optional<CatalogItem> findCatalogItemByBarcode(String upc) {
    return catalog.byUpc(upc);
  }

  @Override
  public List<Location> locations() {
    return catalog.locations();
  }

  /**
   * Polls SuiteQL for transactions (cash sales, sales orders, invoices, cash refunds, inventory
   * adjustments), customers and items changed since the cursor, with the overlap window and
   * de-duplication by id and last-modified time.
   *
   * @param cursor the previous cursor, or {@code null} to start at now minus the initial look-back
   * @return summary events, oldest first, and the next cursor
   */
  @Override
  public ChangeBatch changesSince(@Nullable String cursor) {
    return feed.poll(cursor);
  }

  @Override
  public String toString() {
    return "NetSuiteConnector[" + accountId + "]";
  }

  /**
   * Builds a {@link NetSuiteConnector}; validates eagerly. Not thread-safe.
   *
   * <p>Required: the {@linkplain #accountId(String) account ID}, {@code credentials(NetSuiteAuth)}
   * from {@link NetSuiteAuth#clientCredentials} (preferred), {@link NetSuiteAuth#tokenBased} or
   * {@link NetSuiteAuth#accessToken}, and the {@linkplain #mapping(NetSuiteMapping) mapping}.
   * {@code apiVersion(..)} takes the SuiteTalk REST web services version, the {@code v1} of
   * {@code /services/rest/record/v1/} and {@code /services/rest/query/v1/suiteql}: {@code v} and a
   * number (default {@value NetSuiteConnector#DEFAULT_API_VERSION}, the only version Oracle
   * publishes so far); the OAuth 2.0 token endpoint keeps its own path.
   *
   * <p>The default {@code rateLimiter(..)} is {@code RateLimiter.maxConcurrent(4)}
   * ({@link NetSuiteConnector#DEFAULT_MAX_CONCURRENT_REQUESTS}): NetSuite's limit is on concurrent
   * requests per account and shared by all integrations (5 on the Shared/Standard tier, 15 on
   * Tier 1, plus 10 per SuiteCloud Plus licence); keep the concurrency below your integration's
   * share, e.g. with {@link RateLimiter#maxConcurrent(int)}, and share one limiter between
   * connectors of the same account.
   */
  public static final class Builder extends VendorConnectorBuilder<Builder, NetSuiteAuth> {
    private @Nullable String accountId;
    private ZoneId timeZone = ZoneOffset.UTC;
    private @Nullable NetSuiteMapping mapping;
    private @Nullable IdMap idMap;
    private boolean resolveSkus = true;
    private int pageSize = NetSuiteApi.MAX_PAGE;
    private int adjustmentLines = 100;
    private Duration overlap = Duration.ofMinutes(5);
    private Duration initialLookBack = Duration.ofMinutes(5);

    private Builder() {
      super(NetSuiteAuth.class, DEFAULT_API_VERSION, apiVersionMatching("v[1-9][0-9]{0,2}", "v<number>, e.g. v1"));
    }

    @Override
    protected RateLimiter defaultRateLimiter() {
      return RateLimiter.maxConcurrent(DEFAULT_MAX_CONCURRENT_REQUESTS);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the account ID, e.g. {@code 1234567} or the sandbox {@code 1234567_SB1} (host
     * {@code 1234567-sb1}, realm {@code 1234567_SB1}).
     *
     * @param value the account ID
     * @return this builder
     */
    public Builder accountId(String value) {
      this.accountId = AccountIds.check(value);
      return this;
    }


    /**
     * Sets the account's (or the integration user's) time zone, in which SuiteQL reads and writes
     * datetimes and transaction dates are taken (default UTC).
     *
     * @param value the zone
     * @return this builder
     */
    public Builder timeZone(ZoneId value) {
      this.timeZone = java.util.Objects.requireNonNull(value, "timeZone");
      return this;
    }

    /**
     * Sets the mapping of items, locations, customer, subsidiary, accounts and record types.
     *
     * @param value the mapping
     * @return this builder
     */
    public Builder mapping(NetSuiteMapping value) {
      this.mapping = java.util.Objects.requireNonNull(value, "mapping");
      return this;
    }

    /**
     * Sets an id map consulted for SKUs (kind SKU) and sale customers (kind CUSTOMER) that the
     * {@linkplain #mapping(NetSuiteMapping) mapping} does not name.
     *
     * @param value the id map, or {@code null}
     * @return this builder
     */
    public Builder idMap(@Nullable IdMap value) {
      this.idMap = value;
      return this;
    }

    /**
     * Sets whether SKUs still unmapped are looked up by {@code itemid} through SuiteQL (default
     * {@code true}); results are cached per connector.
     *
     * @param value whether to look up
     * @return this builder
     */
    public Builder resolveSkus(boolean value) {
      this.resolveSkus = value;
      return this;
    }

    /**
     * Sets the SuiteQL page size (default and maximum 1000).
     *
     * @param value 1..1000
     * @return this builder
     */
    public Builder pageSize(int value) {
      if (value < 1 || value > NetSuiteApi.MAX_PAGE) {
        throw new IllegalArgumentException("pageSize must be 1..1000: " + value);
      }
      this.pageSize = value;
      return this;
    }

    /**
     * Sets the lines per inventory adjustment record (default 100).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder adjustmentLinesPerRecord(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("adjustmentLinesPerRecord must be at least 1: " + value);
      }
      this.adjustmentLines = value;
      return this;
    }

    /**
     * Sets the change feed's overlap window (default 5 minutes): each poll re-reads this far below
     * the watermark, so it must exceed the commit lag of NetSuite writes plus the poll's duration.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder changeFeedOverlap(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("changeFeedOverlap must be positive: " + value);
      }
      this.overlap = value;
      return this;
    }

    /**
     * Sets how far back a feed started without a cursor reads (default 5 minutes).
     *
     * @param value a non-negative duration
     * @return this builder
     */
    public Builder changeFeedInitialLookBack(Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException("changeFeedInitialLookBack must not be negative: " + value);
      }
      this.initialLookBack = value;
      return this;
    }

    /**
     * Builds the connector.
     *
     * @return the connector
     * @throws IllegalStateException if the account ID, credentials or mapping is missing
     */
    public NetSuiteConnector build() {
      return new NetSuiteConnector(this);
    }
  }
}
