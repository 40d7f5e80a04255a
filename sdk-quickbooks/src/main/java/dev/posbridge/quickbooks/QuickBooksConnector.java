package dev.posbridge.quickbooks;

import dev.posbridge.core.BatchItemsException;
import dev.posbridge.core.connect.BookedSalesReader;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.CatalogConnector;
import dev.posbridge.core.connect.ChangeBatch;
import dev.posbridge.core.connect.ChangeFeed;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.spi.HttpTransport;
import dev.posbridge.core.spi.VendorConnector;
import dev.posbridge.quickbooks.internal.EntityMapper;
import dev.posbridge.quickbooks.internal.QboApi;
import dev.posbridge.quickbooks.internal.QboCatalog;
import dev.posbridge.quickbooks.internal.QboChangeFeed;
import dev.posbridge.quickbooks.internal.QboCustomers;
import dev.posbridge.quickbooks.internal.QboIdMap;
import dev.posbridge.quickbooks.internal.QboInventory;
import dev.posbridge.quickbooks.internal.QboSales;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Connects one QuickBooks Online company (realm) to posbridge: records sales and refunds as
 * SalesReceipts and RefundReceipts, reads and changes Item quantities on hand, finds and upserts
 * customers, looks items up by SKU, and reads changes through CDC.
 *
 * <p>Every write carries a {@code requestid} derived from the caller's idempotency key (or, without
 * one, from the POS document's ref), so a retried or replayed write is booked once; batches use
 * QBO's batch endpoint, up to {@value #DEFAULT_BATCH_SIZE} documents per call. Client-side limits
 * keep a realm under QBO's throttles (see {@link QuickBooksRateLimits}).
 *
 * <p>Thread-safe and long-lived: build one per realm and share it; {@link #close()} releases the
 * HTTP resources the connector created.
 *
 * <pre>{@code
 * QuickBooksConnector qbo = QuickBooksConnector.builder()
 *     .realmId("9341453050423871")
 *     .credentials(QuickBooksAuth.oauth2(clientId, clientSecret, TokenStore.file(Path.of("qbo-token.json"))))
 *     .environment(QuickBooksEnvironment.SANDBOX)
 *     .mapping(QuickBooksMapping.builder().defaultDepositAccount("35").build())
 *     .idMap(idMap)
 *     .build();
 * qbo.recordSale(sale, RequestOptions.idempotencyKey("sale-" + sale.ref().id()));
 * }</pre>
 *
 * <p>QuickBooks specifics of the shared capabilities:
 * <ul>
 *   <li>{@link #stockLevels}: reads inventory Items ({@code Type = 'Inventory'}) page by page,
 *       1000 per query. QBO has one stock location per company: every level is at the ref
 *       {@code quickbooks/Company/realmId}, and a query for other locations returns nothing.
 *   <li>{@link #applyStockChanges}: with {@link QuickBooksMapping#inventoryAdjustmentAccount()}
 *       set, changes go out as InventoryAdjustments of up to {@link #maxStockChangesPerCall()}
 *       lines (10; QBO documents no limit). Otherwise each change is a sparse Item update of
 *       {@code QtyOnHand} carrying the Item's {@code SyncToken}, one per call; on a stale token
 *       (5010) the Item is read again and the update retried, up to three times.
 *   <li>{@link #itemRefType()}: QuickBooks items are {@code Item} entities.
 *   <li>{@link #findCustomerByPhone}: QBO cannot filter customers by phone, so this pages through
 *       active customers (1000 per query) and compares the digits of {@code PrimaryPhone} and
 *       {@code Mobile}.
 *   <li>{@link #createCustomer}: the DisplayName is the person's or company's name. QBO wants it
 *       unique across customers, vendors and employees: on a clash (6240) the existing customer
 *       is returned when its email or phone matches, otherwise the name gets a short
 *       deterministic suffix and the create is retried.
 *   <li>{@link #updateCustomer}: a sparse update: only the fields the customer has are sent, the
 *       DisplayName is left as it is. A stale SyncToken (5010) leads to a re-read and a retry. A
 *       customer without a QuickBooks ref is an {@link IllegalArgumentException}.
 *   <li>{@link #findCatalogItemBySku}: fails with {@link dev.posbridge.core.ConflictException} if
 *       several Items carry the SKU (QBO does not keep SKUs unique).
 *   <li>{@link #catalogItems()}: Items without a SKU are left out: posbridge matches items by SKU.
 * </ul>
 */
public final class QuickBooksConnector extends VendorConnector
    implements SalesSink, BookedSalesReader, InventoryConnector, CustomerConnector, CatalogConnector,
        ChangeFeed {

  /** The default API version: minor version 75, the lowest QBO still serves. */
  public static final String DEFAULT_API_VERSION = "75";
  /** Intuit's OAuth 2.0 token endpoint. */
  public static final URI DEFAULT_TOKEN_ENDPOINT =
      URI.create("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");
  /** Documents per batch call: 30, Intuit's recommended maximum per batch request. */
  public static final int DEFAULT_BATCH_SIZE = 30;
  private final String realmId;
  private final QboSales sales;
  private final QboChangeFeed changes;

  QuickBooksConnector(QuickBooksConnectorBuilder b, HttpTransport transport) {
    this(b, new Services(b, new QboApi(transport, Objects.requireNonNull(b.realmId), b.apiVersion())));
  }

  private QuickBooksConnector(QuickBooksConnectorBuilder b, Services s) {
    super(QboApi.SYSTEM, b.apiVersion(), EntityMapper.ITEM, s.customers, s.catalog, s.inventory, s.api, Capability.WEBHOOKS);
    this.realmId = Objects.requireNonNull(b.realmId);
    this.sales = new QboSales(s.api, s.mapping, s.ids, s.catalog, s.customers, b.batchSize);
    this.changes = new QboChangeFeed(s.api, s.entities, b.clock());
  }

  /** The services the connector answers through. */
  private static final class Services {
    private final QboApi api;
    private final QuickBooksMapping mapping;
    private final EntityMapper entities;
    private final QboIdMap ids;
    private final QboCatalog catalog;
    private final QboCustomers customers;
    private final QboInventory inventory;

    Services(QuickBooksConnectorBuilder b, QboApi api) {
      String realmId = Objects.requireNonNull(b.realmId);
      this.api = api;
      this.mapping = Objects.requireNonNull(b.mapping);
      this.entities = new EntityMapper(api.mapper(), mapping.homeCurrency(), realmId);
      this.ids = new QboIdMap(b.idMap);
      this.catalog = new QboCatalog(api, entities, ids);
      this.customers = new QboCustomers(api, entities, ids);
      this.inventory = new QboInventory(api, entities, catalog, mapping, b.clock(), realmId);
    }
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the realm (company) id this connector talks to */
  public String realmId() {
    return realmId;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Creates a SalesReceipt. The {@code requestid} is derived from the idempotency key, or from
   * the sale's ref and revision without one, so a retry never books the sale twice. If a receipt
   * for the same source sale exists (found through the IdMap or by its DocNumber, checked against
   * the source ref in its PrivateNote) at another version, it is replaced by a sparse update with
   * its current SyncToken; at the same version, the call is a replay and changes nothing. A sale
   * in a void state is voided ({@link #voidSale}); if nothing was booked, the result is the
   * source ref with {@code created = false}.
   */
  @Override
  public WriteResult recordSale(Sale sale, RequestOptions options) {
    return sales.recordSale(sale, options);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Voids the SalesReceipt booked for the sale ({@code POST /salesreceipt?operation=void} with
   * its current SyncToken, re-read and retried up to three times when stale): QBO keeps the
   * receipt with zero amounts, so it stays visible in the books. A receipt already voided is left
   * alone.
   */
  @Override
  public Optional<WriteResult> voidSale(ExternalRef sourceSale, RequestOptions options) {
    return sales.voidSale(sourceSale, options);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Creates a RefundReceipt, paid from the deposit account mapped to the refund's tender. QBO
   * puts the refunded quantities of inventory items back on hand.
   */
  @Override
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    return sales.recordRefund(refund, options);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends the sales through QBO's batch endpoint, {@link #maxBatchSize()} per call; the n-th
   * call's {@code requestid} derives from {@code options.derive(String.valueOf(n))}. QBO reports
   * faults per document: the other documents of a batch are still booked. After all calls, if
   * any document failed, this throws a {@link BatchItemsException} that names the booked sales
   * (with their receipts), the failed ones (each with its mapped exception and QBO code) and those
   * not sent because an earlier call failed; send what is left again under new keys.
   */
  @Override
  public List<WriteResult> recordSales(List<Sale> saleList, RequestOptions options) {
    return sales.recordSales(saleList, options);
  }

  /** @return the batch size, {@value #DEFAULT_BATCH_SIZE} unless configured */
  @Override
  public int maxBatchSize() {
    return sales.maxBatchSize();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Queries SalesReceipts by {@code TxnDate} (the window's dates in the mapping's default time
   * zone) or by {@code MetaData.LastUpdatedTime}, 1000 per page.
   */
  @Override
  public PagedIterable<Sale> bookedSales(SalesQuery query) {
    return sales.bookedSales(query);
  }

  /** {@inheritDoc} <p>Queries RefundReceipts as {@link #bookedSales(SalesQuery)} does SalesReceipts. */
  @Override
  public PagedIterable<Refund> bookedRefunds(SalesQuery query) {
    return sales.bookedRefunds(query);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Uses the IdMap when configured, else the DocNumber derived from the source id (a sale
   * booked under its own receipt number is found through the IdMap, or with
   * {@link #bookedSaleByNumber(String)}).
   */
  @Override
  public Optional<Sale> bookedSale(ExternalRef sourceRef) {
    return sales.bookedSale(sourceRef);
  }

  @Override
  public Optional<Sale> bookedSaleByNumber(String documentNumber) {
    return sales.bookedSaleByNumber(documentNumber);
  }

  @Override
  public Optional<Refund> bookedRefund(ExternalRef sourceRef) {
    return sales.bookedRefund(sourceRef);
  }

  @Override
  public Optional<Refund> bookedRefundByNumber(String documentNumber) {
    return sales.bookedRefundByNumber(documentNumber);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads Item, Customer, SalesReceipt and RefundReceipt changes through CDC. A {@code null}
   * cursor starts one hour back. Each poll re-reads a five-minute overlap and drops what it has
   * already returned (by entity, Id and SyncToken). CDC looks back at most 30 days: an older
   * cursor is clamped to that and a warning logged, since changes may have been missed. When a
   * poll returns QBO's maximum of 1000 objects, {@code hasMore} is {@code true}.
   */
  @Override
  public ChangeBatch changesSince(@Nullable String cursor) {
    return changes.changesSince(cursor);
  }

  @Override
  public String toString() {
    return "QuickBooksConnector[realm=" + realmId + "]";
  }

  /**
   * Builds a {@link QuickBooksConnector}; validates eagerly in {@link #build()}. Not thread-safe.
   *
   * <p>Required: {@link #realmId(String)}, {@link #mapping(QuickBooksMapping)} and
   * {@code credentials(QuickBooksAuth)}, from {@link QuickBooksAuth#oauth2},
   * {@link QuickBooksAuth#accessToken(String)} or {@link QuickBooksAuth#of}; a missing one fails
   * {@link #build()} with an {@link IllegalStateException} that names it. {@code apiVersion(..)}
   * takes the {@code minorversion} of the v3 API sent on every call, a number of at least 75
   * (default {@value QuickBooksConnector#DEFAULT_API_VERSION}, the lowest QBO still serves; it
   * serves anything lower as 75). A {@code rateLimiter(RateLimiter)} replaces the realm's
   * {@link #rateLimiter(QuickBooksRateLimits) limits} with any client-side limiter, e.g. one
   * shared by all connectors of a realm; batch calls reach it as operation {@code "Batch"}.
   */
  public static final class Builder extends QuickBooksConnectorBuilder {

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }
  }
}
