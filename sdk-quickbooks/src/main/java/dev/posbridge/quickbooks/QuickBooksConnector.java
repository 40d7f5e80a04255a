package dev.posbridge.quickbooks;

import dev.posbridge.core.spi.RefTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.MappingCode;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.auth.Credentials;
import dev.posbridge.core.auth.OAuth2Credentials;
import dev.posbridge.core.auth.TokenRefresher;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.connect.BookedSalesReader;
import dev.posbridge.core.connect.BatchItemsException;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.CatalogConnector;
import dev.posbridge.core.connect.ChangeBatch;
import dev.posbridge.core.connect.ChangeFeed;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.http.HttpConnectorBuilder;
import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.core.spi.HttpTransport;
import dev.posbridge.core.spi.UpsertMemo;
import dev.posbridge.core.spi.Sleeper;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.quickbooks.internal.BookMapper;
import dev.posbridge.quickbooks.internal.EntityMapper;
import dev.posbridge.quickbooks.internal.QboApi;
import dev.posbridge.quickbooks.internal.QboErrorMapper;
import dev.posbridge.quickbooks.internal.QboFault;
import dev.posbridge.quickbooks.internal.Queries;
import dev.posbridge.quickbooks.internal.RequestIds;
import dev.posbridge.quickbooks.internal.SalesMapper;
import dev.posbridge.quickbooks.internal.WindowRateLimiter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one QuickBooks Online company (realm) to posbridge: records sales and refunds as
 * SalesReceipts and RefundReceipts, reads and changes Item quantities on hand, finds and upserts
 * customers, looks items up by SKU, and reads changes through CDC.
 *
 * <p>Every write carries a {@code requestid} derived from the caller's idempotency key (or, without
 * one, from the POS document's ref), so a retried or replayed write is booked once; batches use
 * QBO's batch endpoint, ten documents per call. Client-side limits keep a realm under QBO's
 * throttles (by default 4 requests in flight, 8 per second, 450 per minute and 36 batch calls
 * per minute).
 *
 * <p>Thread-safe and long-lived: build one per realm and share it; {@link #close()} releases the
 * HTTP resources the connector created.
 *
 * <pre>{@code
 * QuickBooksConnector qbo = QuickBooksConnector.builder()
 *     .realmId("9341453050423871")
 *     .oauth2(clientId, clientSecret, TokenStore.file(Path.of("qbo-token.json")))
 *     .environment(QuickBooksEnvironment.SANDBOX)
 *     .mapping(AccountingMapping.builder().defaultDepositAccount("35").build())
 *     .idMap(idMap)
 *     .build();
 * qbo.recordSale(sale, RequestOptions.idempotencyKey("sale-" + sale.ref().id()));
 * }</pre>
 */
public final class QuickBooksConnector
    implements SalesSink, BookedSalesReader, InventoryConnector, CustomerConnector, CatalogConnector,
        ChangeFeed {

  /** The default minor version: 75, the lowest QBO still serves. */
  public static final int DEFAULT_MINOR_VERSION = 75;
  /** Intuit's OAuth 2.0 token endpoint. */
  public static final URI DEFAULT_TOKEN_ENDPOINT =
      URI.create("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");
  /**
   * Documents per batch call: 30, Intuit's recommended maximum per batch request, so a day of
   * sales takes a third of the calls (and of the 40 batch calls per minute a realm allows) that
   * batches of 10 would.
   */
  public static final int DEFAULT_BATCH_SIZE = 30;
  /** Entities the change feed reads. */
  static final List<String> CDC_ENTITIES = List.of("Item", "Customer", "SalesReceipt", "RefundReceipt");
  /** How far back CDC can look. */
  static final Duration CDC_MAX_LOOKBACK = Duration.ofDays(30);
  /** At most this many objects come back from one CDC call. */
  static final int CDC_MAX_OBJECTS = 1000;
  private static final int MAX_STALE_RETRIES = 3;
  private static final int SKU_CHUNK = 30;
  private static final String CURSOR_PREFIX = "qbo1|";
  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.CONNECTOR);

  private final UpsertMemo upserts = new UpsertMemo();
  private final String realmId;
  private final QboApi api;
  private final SalesMapper sales;
  private final BookMapper books;
  private final EntityMapper entities;
  private final AccountingMapping mapping;
  private final @Nullable IdMap idMap;
  private final Clock clock;
  private final int batchSize;
  private final Duration overlap;
  private final Duration initialLookback;
  private final Map<String, String> skuCache = new ConcurrentHashMap<>();

  private QuickBooksConnector(Builder b, HttpTransport transport) {
    this.realmId = Objects.requireNonNull(b.realmId);
    this.api = new QboApi(transport, realmId, b.minorVersion);
    this.mapping = Objects.requireNonNull(b.mapping);
    this.sales = new SalesMapper(api.mapper(), mapping);
    this.books = new BookMapper(mapping);
    this.entities = new EntityMapper(api.mapper(), mapping.homeCurrency(), realmId);
    this.idMap = b.idMap;
    this.clock = b.clock();
    this.batchSize = b.batchSize;
    this.overlap = b.changeFeedOverlap;
    this.initialLookback = b.initialLookback;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the realm (company) id this connector talks to */
  public String realmId() {
    return realmId;
  }

  @Override
  public String system() {
    return QboApi.SYSTEM;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.SALES_SINK, Capability.BOOKED_SALES, Capability.INVENTORY,
        Capability.CUSTOMERS,
        Capability.CATALOG, Capability.CHANGE_FEED, Capability.WEBHOOKS);
  }

  // ------------------------------------------------------------------ SalesSink

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
    Objects.requireNonNull(sale, "sale");
    RefTypes.requireLineItems(sale.lines(), QboApi.SYSTEM, EntityMapper.ITEM, "recordSale");
    if (sale.state().isVoid()) {
      // Nothing booked: nothing to void; the result names the source sale.
      return voidSale(sale.ref(), options).orElse(new WriteResult(sale.ref(), false));
    }
    String key = keyOf(options, "sale:" + sale.ref().withVersion(sale.revision()));
    SalesMapper.Resolved ids = new SalesMapper.Resolved(
        resolveSkus(skusOf(sale), "RecordSale"), customerIdFor(sale.customer()), null);
    ObjectNode body = sales.salesReceipt(sale, ids);
    Optional<ObjectNode> booked = findBookedReceipt(EntityMapper.SALES_RECEIPT, sale.ref(),
        sale.number() != null ? sale.number() : sale.ref().id());
    if (booked.isPresent()) {
      return amend(sale, booked.get(), body, key);
    }
    ObjectNode created = api.write("SalesReceipt", body, RequestIds.of(key), "RecordSale");
    ExternalRef ref = EntityMapper.ref("SalesReceipt", created, "RecordSale");
    remember(sale.ref(), ref);
    return new WriteResult(ref, true);
  }

  private WriteResult amend(Sale sale, ObjectNode booked, ObjectNode body, String key) {
    ExternalRef source = BookMapper.sourceRef(BookMapper.note(booked), SalesMapper.SALE_NOTE);
    String bookedVersion = source == null ? null : source.version();
    ExternalRef current = EntityMapper.ref("SalesReceipt", booked, "AmendSale");
    remember(sale.ref(), current);
    if (Objects.equals(bookedVersion, sale.version()) && !BookMapper.voided(booked)) {
      return new WriteResult(current, false);
    }
    ObjectNode updated = updateWithRetry("SalesReceipt", current.id(), key, "AmendSale", latest -> {
      ObjectNode b = body.deepCopy();
      return b;
    });
    return new WriteResult(EntityMapper.ref("SalesReceipt", updated, "AmendSale"), false);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Voids the SalesReceipt booked for the sale ({@code POST /salesreceipt?operation=void} with
   * its current SyncToken): QBO keeps the receipt with zero amounts, so it stays visible in the
   * books. A receipt already voided is left alone.
   */
  @Override
  public Optional<WriteResult> voidSale(ExternalRef sourceSale, RequestOptions options) {
    Objects.requireNonNull(sourceSale, "sourceSale");
    String key = keyOf(options, "void:" + sourceSale.withVersion(null));
    Optional<ObjectNode> booked = findBookedReceipt(EntityMapper.SALES_RECEIPT, sourceSale, sourceSale.id());
    if (booked.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode receipt = booked.get();
    ExternalRef ref = EntityMapper.ref("SalesReceipt", receipt, "VoidSale");
    if (BookMapper.voided(receipt)) {
      return Optional.of(new WriteResult(ref, false));
    }
    for (int attempt = 0; ; attempt++) {
      ObjectNode current = attempt == 0 ? receipt : api.read("SalesReceipt", ref.id());
      ObjectNode body = api.mapper().createObjectNode();
      body.put("Id", ref.id());
      body.put("SyncToken", current.path("SyncToken").asText("0"));
      try {
        ObjectNode voided = api.write("SalesReceipt", body,
            RequestIds.of(attempt == 0 ? key : key + ":retry" + attempt), "VoidSale", "void");
        return Optional.of(new WriteResult(EntityMapper.ref("SalesReceipt", voided, "VoidSale"), false));
      } catch (ConflictException e) {
        if (!"5010".equals(e.vendorCode()) || attempt >= MAX_STALE_RETRIES) {
          throw e;
        }
      }
    }
  }

  /**
   * Finds the receipt booked for a source document: through the IdMap when configured, else by
   * DocNumber; either way only a receipt whose PrivateNote names the same source object counts.
   */
  private Optional<ObjectNode> findBookedReceipt(String entity, ExternalRef source, String number) {
    String marker = entity.equals(EntityMapper.SALES_RECEIPT) ? SalesMapper.SALE_NOTE : SalesMapper.REFUND_NOTE;
    if (idMap != null) {
      Optional<ExternalRef> mapped = idMap.find(IdMap.Kind.SALE, saleKey(source), QboApi.SYSTEM)
          .filter(r -> r.type().equals(entity));
      if (mapped.isPresent()) {
        try {
          ObjectNode n = api.read(entity, mapped.get().id());
          if (sameSource(n, source, marker)) {
            return Optional.of(n);
          }
        } catch (NotFoundException e) {
          LOG.debug("mapped {} {} is gone", entity, mapped.get().id());
        }
      }
    }
    String doc = SalesMapper.docNumber(number);
    for (ObjectNode n : api.query(entity, "SELECT * FROM " + entity + " WHERE DocNumber = "
        + Queries.quote(doc)).rows()) {
      if (sameSource(n, source, marker)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** One DocNumber query for a group of sales: the receipts already booked for them, by index. */
  private Map<Integer, ObjectNode> findBookedReceipts(List<Sale> saleList) {
    Map<String, List<Integer>> byDoc = new LinkedHashMap<>();
    for (int i = 0; i < saleList.size(); i++) {
      Sale sale = saleList.get(i);
      if (!sale.state().isVoid()) {
        byDoc.computeIfAbsent(SalesMapper.docNumber(sale.number() != null ? sale.number() : sale.ref().id()),
            k -> new ArrayList<>()).add(i);
      }
    }
    Map<Integer, ObjectNode> out = new HashMap<>();
    if (byDoc.isEmpty()) {
      return out;
    }
    List<String> docs = new ArrayList<>(byDoc.keySet());
    for (int i = 0; i < docs.size(); i += SKU_CHUNK) {
      List<String> chunk = docs.subList(i, Math.min(docs.size(), i + SKU_CHUNK));
      for (ObjectNode n : api.query("SalesReceipt",
          "SELECT * FROM SalesReceipt WHERE DocNumber IN " + Queries.in(chunk)).rows()) {
        for (int index : byDoc.getOrDefault(n.path("DocNumber").asText(""), List.of())) {
          if (sameSource(n, saleList.get(index).ref(), SalesMapper.SALE_NOTE)) {
            out.put(index, n);
          }
        }
      }
    }
    return out;
  }

  private static boolean sameSource(JsonNode receipt, ExternalRef source, String marker) {
    ExternalRef stored = BookMapper.sourceRef(BookMapper.note(receipt), marker);
    return stored != null && stored.sameObject(source);
  }

  // ------------------------------------------------------------------ BookedSalesReader

  /**
   * {@inheritDoc}
   *
   * <p>Queries SalesReceipts by {@code TxnDate} (the window's dates in the mapping's default time
   * zone) or by {@code MetaData.LastUpdatedTime}, 1000 per page.
   */
  @Override
  public PagedIterable<Sale> bookedSales(SalesQuery query) {
    Objects.requireNonNull(query, "query");
    String q = "SELECT * FROM SalesReceipt WHERE " + window(query);
    return PagedIterable.of(cursor -> {
      Page<ObjectNode> page = fetchPage("SalesReceipt", q, cursor);
      List<Sale> out = new ArrayList<>();
      for (ObjectNode n : page.items()) {
        Sale s = books.sale(n);
        if (!query.completedOnly() || !s.state().isVoid()) {
          out.add(s);
        }
      }
      return new Page<>(out, page.nextCursor());
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Queries RefundReceipts as {@link #bookedSales(SalesQuery)} does SalesReceipts.
   */
  @Override
  public PagedIterable<Refund> bookedRefunds(SalesQuery query) {
    Objects.requireNonNull(query, "query");
    String q = "SELECT * FROM RefundReceipt WHERE " + window(query);
    return PagedIterable.of(cursor -> {
      Page<ObjectNode> page = fetchPage("RefundReceipt", q, cursor);
      List<Refund> out = new ArrayList<>();
      for (ObjectNode n : page.items()) {
        if (!query.completedOnly() || !BookMapper.voided(n)) {
          out.add(books.refund(n));
        }
      }
      return new Page<>(out, page.nextCursor());
    });
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
    Objects.requireNonNull(sourceRef, "sourceRef");
    return findBookedReceipt(EntityMapper.SALES_RECEIPT, sourceRef, sourceRef.id()).map(books::sale);
  }

  @Override
  public Optional<Sale> bookedSaleByNumber(String documentNumber) {
    return receiptByNumber("SalesReceipt", documentNumber).map(books::sale);
  }

  @Override
  public Optional<Refund> bookedRefund(ExternalRef sourceRef) {
    Objects.requireNonNull(sourceRef, "sourceRef");
    return findBookedReceipt(EntityMapper.REFUND_RECEIPT, sourceRef, sourceRef.id()).map(books::refund);
  }

  @Override
  public Optional<Refund> bookedRefundByNumber(String documentNumber) {
    return receiptByNumber("RefundReceipt", documentNumber).map(books::refund);
  }

  /** The first receipt of an entity ({@code SalesReceipt} or {@code RefundReceipt}) with a DocNumber. */
  private Optional<ObjectNode> receiptByNumber(String entity, String documentNumber) {
    Objects.requireNonNull(documentNumber, "documentNumber");
    return api.query(entity, "SELECT * FROM " + entity + " WHERE DocNumber = "
        + Queries.quote(SalesMapper.docNumber(documentNumber))).rows().stream().findFirst();
  }

  private String window(SalesQuery query) {
    if (query.field() == SalesQuery.TimeField.UPDATED) {
      return "MetaData.LastUpdatedTime >= " + Queries.quote(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC).toString())
          + " AND MetaData.LastUpdatedTime < " + Queries.quote(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC).toString());
    }
    java.time.ZoneId zone = mapping.timeZoneFor(null);
    java.time.LocalDate from = java.time.LocalDate.ofInstant(query.from(), zone);
    java.time.LocalDate to = java.time.LocalDate.ofInstant(query.to().minusNanos(1), zone);
    return "TxnDate >= " + Queries.quote(from.toString()) + " AND TxnDate <= " + Queries.quote(to.toString());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Creates a RefundReceipt, paid from the deposit account mapped to the refund's tender. QBO
   * puts the refunded quantities of inventory items back on hand.
   */
  @Override
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    Objects.requireNonNull(refund, "refund");
    String key = keyOf(options, "refund:" + refund.ref());
    Set<String> skus = new LinkedHashSet<>();
    for (RefundLine l : refund.lines()) {
      if (l.sku() != null && (l.item() == null || !l.item().system().equals(QboApi.SYSTEM))) {
        skus.add(l.sku());
      }
    }
    String linked = null;
    if (refund.originalSale() != null && idMap != null) {
      linked = idMap.find(IdMap.Kind.SALE, saleKey(refund.originalSale()), QboApi.SYSTEM)
          .map(ExternalRef::id).orElse(null);
    }
    SalesMapper.Resolved ids = new SalesMapper.Resolved(
        resolveSkus(skus, "RecordRefund"), customerIdFor(refund.customer()), linked);
    ObjectNode body = sales.refundReceipt(refund, ids);
    Optional<ObjectNode> booked = findBookedReceipt(EntityMapper.REFUND_RECEIPT, refund.ref(),
        refund.number() != null ? refund.number() : refund.ref().id());
    if (booked.isPresent()) {
      ExternalRef existing = EntityMapper.ref("RefundReceipt", booked.get(), "RecordRefund");
      remember(refund.ref(), existing);
      return new WriteResult(existing, false);
    }
    ObjectNode created = api.write("RefundReceipt", body, RequestIds.of(key), "RecordRefund");
    ExternalRef ref = EntityMapper.ref("RefundReceipt", created, "RecordRefund");
    remember(refund.ref(), ref);
    return new WriteResult(ref, true);
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
    Objects.requireNonNull(saleList, "sales");
    for (Sale s : saleList) {
      RefTypes.requireLineItems(s.lines(), QboApi.SYSTEM, EntityMapper.ITEM, "recordSales");
    }
    Set<String> skus = new LinkedHashSet<>();
    saleList.forEach(s -> skus.addAll(skusOf(s)));
    Map<String, String> itemIds = resolveSkus(skus, "RecordSales");
    WriteResult[] results = new WriteResult[saleList.size()];
    Map<Integer, PosbridgeException> failures = new LinkedHashMap<>();
    // Voids and sales booked before (amendments, replays) go one by one; the rest in batches.
    Map<Integer, ObjectNode> booked = findBookedReceipts(saleList);
    for (int i = 0; i < saleList.size(); i++) {
      Sale sale = saleList.get(i);
      if (!sale.state().isVoid() && !booked.containsKey(i)) {
        continue;
      }
      try {
        if (sale.state().isVoid()) {
          results[i] = voidSale(sale.ref(), options.derive("void-" + i))
              .orElse(new WriteResult(sale.ref(), false));
        } else {
          String key = keyOf(options.derive("amend-" + i), "sale:" + sale.ref().withVersion(sale.revision()));
          ObjectNode body = sales.salesReceipt(sale, new SalesMapper.Resolved(
              itemIds, customerIdFor(sale.customer()), null));
          results[i] = amend(sale, booked.get(i), body, key);
        }
      } catch (PosbridgeException e) {
        failures.put(i, e);
      }
    }
    for (int start = 0, n = 0; start < saleList.size(); start += batchSize, n++) {
      int end = Math.min(saleList.size(), start + batchSize);
      ArrayNode items = api.mapper().createArrayNode();
      Map<String, Integer> byBid = new HashMap<>();
      StringBuilder fallbackKey = new StringBuilder("sales:");
      for (int i = start; i < end; i++) {
        Sale sale = saleList.get(i);
        if (sale.state().isVoid() || booked.containsKey(i)) {
          continue;
        }
        fallbackKey.append(sale.ref()).append(';');
        try {
          ObjectNode body = sales.salesReceipt(sale, new SalesMapper.Resolved(
              itemIds, customerIdFor(sale.customer()), null));
          String bid = "b" + (i - start);
          byBid.put(bid, i);
          ObjectNode item = items.addObject();
          item.put("bId", bid);
          item.put("operation", "create");
          item.set("SalesReceipt", body);
        } catch (PosbridgeException e) {
          failures.put(i, e);
        }
      }
      if (items.isEmpty()) {
        continue;
      }
      String key = keyOf(options.derive(String.valueOf(n)), fallbackKey.toString());
      ArrayNode responses;
      try {
        responses = api.batch(items, RequestIds.of(key));
      } catch (PosbridgeException e) {
        if (failures.isEmpty() && start == 0) {
          throw e;
        }
        // Earlier calls booked their documents: report per item, the rest was not sent.
        for (int index : byBid.values()) {
          failures.put(index, e);
        }
        break;
      }
      Set<String> answered = new java.util.HashSet<>();
      for (JsonNode r : responses) {
        String bid = r.path("bId").asText("");
        Integer index = byBid.get(bid);
        if (index == null || !answered.add(bid)) {
          throw QboApi.invalid(QboApi.BATCH_OPERATION, "unexpected or repeated bId " + bid);
        }
        QboFault fault = QboFault.read(r);
        if (fault != null) {
          failures.put(index, new QboErrorMapper(Duration.ZERO).map(fault,
              // The item's fault came inside the batch's HTTP 200 answer: report that status.
              ErrorContext.of(QboApi.SYSTEM, "RecordSales").withStatus(200), Duration.ZERO));
          continue;
        }
        JsonNode receipt = r.get("SalesReceipt");
        if (receipt == null || !receipt.isObject()) {
          throw QboApi.invalid(QboApi.BATCH_OPERATION, "item " + bid + " has neither SalesReceipt nor Fault");
        }
        ExternalRef ref = EntityMapper.ref("SalesReceipt", receipt, "RecordSales");
        remember(saleList.get(index).ref(), ref);
        results[index] = new WriteResult(ref, true);
      }
      if (answered.size() != byBid.size()) {
        throw QboApi.invalid(QboApi.BATCH_OPERATION,
            "answered " + answered.size() + " of " + byBid.size() + " items");
      }
    }
    if (!failures.isEmpty()) {
      Set<Integer> applied = new LinkedHashSet<>();
      Map<Integer, WriteResult> done = new LinkedHashMap<>();
      for (int i = 0; i < results.length; i++) {
        if (results[i] != null) {
          applied.add(i);
          done.put(i, results[i]);
        }
      }
      throw new BatchItemsException(failures.size() + " of " + saleList.size() + " sales were not recorded",
          ErrorContext.of(QboApi.SYSTEM, "RecordSales").withStatus(200), saleList.size(), applied, done, failures);
    }
    return List.of(results);
  }

  /**
   * {@inheritDoc}
   *
   * @return the batch size, {@value #DEFAULT_BATCH_SIZE} unless configured
   */
  @Override
  public int maxBatchSize() {
    return batchSize;
  }

  // ------------------------------------------------------------------ Inventory

  /**
   * {@inheritDoc}
   *
   * <p>Reads inventory Items ({@code Type = 'Inventory'}) page by page, 1000 per query. QBO has
   * one stock location per company: every level is at the ref {@code quickbooks/Company/realmId},
   * and a query for other locations returns nothing.
   */
  @Override
  public PagedIterable<StockLevel> stockLevels(StockQuery query) {
    Objects.requireNonNull(query, "query");
    if (!query.locations().isEmpty() && !query.locations().contains(realmId)
        && !query.locations().contains(entities.companyLocation().id())) {
      return PagedIterable.of(cursor -> new Page<>(List.of(), null));
    }
    StringBuilder q = new StringBuilder("SELECT * FROM Item WHERE Type = 'Inventory'");
    if (!query.skus().isEmpty()) {
      q.append(" AND Sku IN ").append(Queries.in(query.skus()));
    }
    if (query.updatedAfter() != null) {
      q.append(" AND MetaData.LastUpdatedTime > ")
          .append(Queries.quote(OffsetDateTime.ofInstant(query.updatedAfter(), ZoneOffset.UTC).toString()));
    }
    String base = q.toString();
    return pagedQuery("Item", base).map(item -> entities.stockLevel(item, clock.instant(), "StockLevels"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>With {@link AccountingMapping#inventoryAdjustmentAccount()} set, changes go out as
   * InventoryAdjustments of up to {@link #maxChangesPerCall()} lines. Otherwise each change is a
   * sparse Item update of {@code QtyOnHand} carrying the Item's {@code SyncToken}; on a stale
   * token (5010) the Item is read again and the update retried, up to three times.
   */
  @Override
  public StockWriteResult applyChanges(List<StockChange> changes, RequestOptions options) {
    Objects.requireNonNull(changes, "changes");
    RefTypes.requireStockItems(changes, QboApi.SYSTEM, EntityMapper.ITEM, "applyChanges");
    Set<String> skus = new LinkedHashSet<>();
    for (StockChange c : changes) {
      if (c.item() == null || !c.item().system().equals(QboApi.SYSTEM)) {
        skus.add(Objects.requireNonNull(c.sku()));
      }
    }
    Map<String, String> itemIds = resolveSkus(skus, "ApplyStockChanges");
    List<String> missing = skus.stream().filter(s -> !itemIds.containsKey(s)).toList();
    if (!missing.isEmpty()) {
      throw new ValidationException("Stock changes cannot be sent to QuickBooks",
          ErrorContext.of(QboApi.SYSTEM, "ApplyStockChanges"),
          missing.stream().map(sku -> MappingCode.UNMAPPED_SKU.error("sku", "no QuickBooks Item for SKU " + sku))
              .toList(), null);
    }
    if (mapping.inventoryAdjustmentAccount() != null) {
      return applyAsAdjustments(changes, itemIds, options);
    }
    List<StockLevel> levels = new ArrayList<>();
    for (int n = 0; n < changes.size(); n++) {
      StockChange c = changes.get(n);
      String id = itemIdOf(c, itemIds);
      String key = keyOf(options.derive(String.valueOf(n)),
          "stock:" + c.sku() + ":" + c.kind() + ":" + c.quantity() + ":" + c.occurredAt() + ":" + c.reference());
      ObjectNode updated = updateWithRetry("Item", id, key, "ApplyStockChanges", current -> {
        BigDecimal read = EntityMapper.quantityOnHand(current, "ApplyStockChanges");
        BigDecimal qty = read == null ? BigDecimal.ZERO : read;
        BigDecimal target = c.kind() == StockChangeKind.SET ? c.quantity() : qty.add(c.quantity());
        ObjectNode body = api.mapper().createObjectNode();
        copy(current, body, "Name");
        copy(current, body, "Type");
        body.put("TrackQtyOnHand", true);
        body.put("QtyOnHand", target);
        return body;
      });
      levels.add(entities.stockLevel(updated, clock.instant(), "ApplyStockChanges"));
    }
    return new StockWriteResult(changes.size(), changes.size(), levels);
  }

  private StockWriteResult applyAsAdjustments(
      List<StockChange> changes, Map<String, String> itemIds, RequestOptions options) {
    int calls = 0;
    int per = maxChangesPerCall();
    for (int start = 0, n = 0; start < changes.size(); start += per, n++) {
      List<StockChange> chunk = changes.subList(start, Math.min(changes.size(), start + per));
      ObjectNode body = api.mapper().createObjectNode();
      body.putObject("AdjustAccountRef").put("value", mapping.inventoryAdjustmentAccount());
      body.put("TxnDate", chunk.get(0).occurredAt().atZone(mapping.timeZoneFor(null)).toLocalDate().toString());
      ArrayNode lines = body.putArray("Line");
      Map<String, BigDecimal> pending = new HashMap<>();
      StringBuilder fallback = new StringBuilder("adjust:");
      for (StockChange c : chunk) {
        String id = itemIdOf(c, itemIds);
        BigDecimal diff = c.quantity();
        if (c.kind() == StockChangeKind.SET) {
          BigDecimal onHand = pending.containsKey(id) ? pending.get(id)
              : orZero(EntityMapper.quantityOnHand(api.read("Item", id), "InventoryAdjustment"));
          diff = c.quantity().subtract(onHand);
        }
        pending.merge(id, diff, BigDecimal::add);
        ObjectNode line = lines.addObject();
        line.put("DetailType", "ItemAdjustmentLineDetail");
        ObjectNode d = line.putObject("ItemAdjustmentLineDetail");
        d.putObject("ItemRef").put("value", id);
        d.put("QtyDiff", diff);
        fallback.append(id).append(':').append(diff).append(':').append(c.occurredAt()).append(';');
      }
      String key = keyOf(options.derive(String.valueOf(n)), fallback.toString());
      api.write("InventoryAdjustment", body, RequestIds.of(key), "ApplyStockChanges");
      calls++;
    }
    return new StockWriteResult(changes.size(), calls, List.of());
  }

  /**
   * {@inheritDoc}
   *
   * @return 1 for sparse Item updates; 10 lines per InventoryAdjustment (⚠ QBO documents no line
   *     limit; 10 keeps each call small)
   */
  @Override
  public int maxChangesPerCall() {
    return mapping.inventoryAdjustmentAccount() != null ? 10 : 1;
  }

  /**
   * {@inheritDoc}
   *
   * <p>QuickBooks items are {@code Item} entities.
   */
  @Override
  public String itemRefType() {
    return EntityMapper.ITEM;
  }


  // ------------------------------------------------------------------ Customers

  @Override
  public Optional<Customer> findByEmail(String email) {
    Objects.requireNonNull(email, "email");
    List<ObjectNode> rows = api.query("Customer",
        "SELECT * FROM Customer WHERE PrimaryEmailAddr = " + Queries.quote(email.trim())).rows();
    return rows.isEmpty() ? Optional.empty() : Optional.of(entities.customer(rows.get(0), "FindCustomer"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>QBO cannot filter customers by phone, so this pages through active customers (1000 per
   * query) and compares the digits of {@code PrimaryPhone} and {@code Mobile}.
   */
  @Override
  public Optional<Customer> findByPhone(String phone) {
    String digits = Objects.requireNonNull(phone, "phone").replaceAll("[^0-9]", "");
    if (digits.isEmpty()) {
      return Optional.empty();
    }
    for (ObjectNode c : pagedQuery("Customer", "SELECT * FROM Customer")) {
      if (EntityMapper.phoneDigits(c).contains(digits)) {
        return Optional.of(entities.customer(c, "FindCustomer"));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Customer> findByRef(ExternalRef ref) {
    if (!ref.system().equals(QboApi.SYSTEM)) {
      if (idMap == null) {
        return Optional.empty();
      }
      Optional<String> canonical = idMap.canonicalId(IdMap.Kind.CUSTOMER, ref);
      Optional<ExternalRef> mapped = canonical.flatMap(
          id -> idMap.find(IdMap.Kind.CUSTOMER, id, QboApi.SYSTEM));
      if (mapped.isEmpty()) {
        return Optional.empty();
      }
      ref = mapped.get();
    }
    try {
      return Optional.of(entities.customer(api.read("Customer", ref.id()), "FindCustomer"));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Creates or updates as {@link CustomerConnector#upsert} does, except that upserting exactly the
   * same customer again (same refs, versions, fields and timestamps) through this connector
   * answers what the first upsert stored, without calling QuickBooks: a sync engine upserts a customer
   * with every sale that names it.
   *
   * @param customer the customer
   * @param options the idempotency key and timeout
   * @return the stored customer
   */
  @Override
  public Customer upsert(Customer customer, RequestOptions options) {
    return upserts.upsert(customer, () -> CustomerConnector.super.upsert(customer, options));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The DisplayName is the person's or company's name. QBO wants it unique across customers,
   * vendors and employees: on a clash (6240) the existing customer is returned when its email or
   * phone matches, otherwise the name gets a short deterministic suffix and the create is retried.
   */
  @Override
  public Customer create(Customer customer, RequestOptions options) {
    Objects.requireNonNull(customer, "customer");
    String key = keyOf(options, "customer:" + customer.refs() + ":" + customer.normalizedEmail()
        + ":" + customer.normalizedPhone());
    String name = EntityMapper.displayName(customer);
    try {
      return entities.customer(api.write("Customer",
          entities.customerBody(customer, name, null, null), RequestIds.of(key), "CreateCustomer"),
          "CreateCustomer");
    } catch (ConflictException e) {
      if (!"6240".equals(e.vendorCode())) {
        throw e;
      }
      List<ObjectNode> same = api.query("Customer",
          "SELECT * FROM Customer WHERE DisplayName = " + Queries.quote(name)).rows();
      for (ObjectNode existing : same) {
        Customer c = entities.customer(existing, "CreateCustomer");
        if (c.normalizedEmail() != null && c.normalizedEmail().equals(customer.normalizedEmail())
            || c.normalizedPhone() != null && c.normalizedPhone().equals(customer.normalizedPhone())) {
          return c;
        }
      }
      String suffix = " (" + RequestIds.of(key).substring(0, 6) + ")";
      String unique = (name.length() + suffix.length() > 100 ? name.substring(0, 100 - suffix.length()) : name)
          + suffix;
      return entities.customer(api.write("Customer",
          entities.customerBody(customer, unique, null, null), RequestIds.of(key + ":dup"), "CreateCustomer"),
          "CreateCustomer");
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A sparse update: only the fields the customer has are sent, the DisplayName is left as it
   * is. A stale SyncToken (5010) leads to a re-read and a retry.
   *
   * @throws IllegalArgumentException if the customer has no QuickBooks ref
   */
  @Override
  public Customer update(Customer customer, RequestOptions options) {
    ExternalRef ref = customer.refIn(QboApi.SYSTEM);
    if (ref == null) {
      throw new IllegalArgumentException("customer has no " + QboApi.SYSTEM + " ref to update");
    }
    String key = keyOf(options, "customer-update:" + ref + ":" + customer.normalizedEmail() + ":"
        + customer.normalizedPhone() + ":" + customer.givenName() + ":" + customer.familyName());
    ObjectNode updated = updateWithRetry("Customer", ref.id(), key, "UpdateCustomer",
        current -> entities.customerBody(customer, null, null, null));
    return entities.customer(updated, "UpdateCustomer");
  }

  // ------------------------------------------------------------------ Catalog

  /**
   * {@inheritDoc}
   *
   * @throws ConflictException if several Items carry the SKU (QBO does not keep SKUs unique)
   */
  @Override
  public Optional<CatalogItem> findBySku(String sku) {
    List<ObjectNode> rows = api.query("Item", "SELECT * FROM Item WHERE Sku = " + Queries.quote(sku)).rows();
    if (rows.size() > 1) {
      throw new ConflictException(rows.size() + " QuickBooks Items share SKU " + sku,
          ErrorContext.of(QboApi.SYSTEM, "FindBySku"), null);
    }
    return rows.isEmpty() ? Optional.empty()
        : Optional.ofNullable(entities.catalogItem(rows.get(0), "FindBySku"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Items without a SKU are left out: posbridge matches items by SKU.
   */
  @Override
  public PagedIterable<CatalogItem> items() {
    return PagedIterable.of(cursor -> {
      Page<ObjectNode> page = fetchPage("Item", "SELECT * FROM Item", cursor);
      List<CatalogItem> out = new ArrayList<>();
      for (ObjectNode item : page.items()) {
        CatalogItem c = entities.catalogItem(item, "ListItems");
        if (c != null) {
          out.add(c);
        } else {
          LOG.debug("QuickBooks Item {} has no SKU; not listed", item.path("Id").asText());
        }
      }
      return new Page<>(out, page.nextCursor());
    });
  }

  // ------------------------------------------------------------------ ChangeFeed

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
    Instant now = clock.instant();
    CursorState state = cursor == null
        ? new CursorState(now.minus(initialLookback), Map.of()) : CursorState.decode(cursor);
    Instant since = state.last.minus(overlap);
    Instant oldest = now.minus(CDC_MAX_LOOKBACK).plus(Duration.ofMinutes(1));
    if (since.isBefore(oldest)) {
      LOG.warn("QuickBooks CDC cursor {} is older than 30 days; reading from {}, earlier changes may be missed",
          state.last, oldest);
      since = oldest;
    }
    JsonNode root = api.cdc(CDC_ENTITIES, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
    JsonNode cdc = root.get("CDCResponse");
    if (cdc == null || !cdc.isArray()) {
      throw QboApi.invalid("CDC", "response has no CDCResponse array");
    }
    List<ChangeEvent> events = new ArrayList<>();
    Map<String, Instant> seen = new HashMap<>(state.seen);
    int objects = 0;
    Instant last = state.last;
    for (JsonNode part : cdc) {
      JsonNode responses = part.get("QueryResponse");
      if (responses == null) {
        continue;
      }
      if (!responses.isArray()) {
        throw QboApi.invalid("CDC", "QueryResponse is not an array");
      }
      for (JsonNode qr : responses) {
        for (Map.Entry<String, JsonNode> f : qr.properties()) {
          if (!f.getValue().isArray()) {
            continue;
          }
          for (JsonNode obj : f.getValue()) {
            if (!obj.isObject()) {
              throw QboApi.invalid("CDC", f.getKey() + " row is not an object");
            }
            objects++;
            ChangeEvent e;
            try {
              e = entities.changeEvent(f.getKey(), (ObjectNode) obj, "CDC");
            } catch (RuntimeException ex) {
              throw QboApi.wrap("CDC", f.getKey() + " " + obj.path("Id").asText("?"), ex);
            }
            if (e.occurredAt().isAfter(last)) {
              last = e.occurredAt();
            }
            if (seen.putIfAbsent(e.eventId(), e.occurredAt()) == null) {
              events.add(e);
            }
          }
        }
      }
    }
    events.sort(java.util.Comparator.comparing(ChangeEvent::occurredAt));
    if (objects == 0 && now.minus(overlap).isAfter(last)) {
      last = now.minus(overlap);
    }
    Instant horizon = last.minus(overlap);
    seen.values().removeIf(t -> t.isBefore(horizon));
    return new ChangeBatch(events, new CursorState(last, seen).encode(), objects >= CDC_MAX_OBJECTS);
  }

  private static BigDecimal orZero(@Nullable BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }

  private record CursorState(Instant last, Map<String, Instant> seen) {
    String encode() {
      StringBuilder sb = new StringBuilder(CURSOR_PREFIX).append(last.toEpochMilli());
      seen.forEach((k, t) -> sb.append('|').append(k).append('@').append(t.toEpochMilli()));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static CursorState decode(String cursor) {
      try {
        String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!s.startsWith(CURSOR_PREFIX)) {
          throw new IllegalArgumentException("not a QuickBooks change feed cursor");
        }
        String[] parts = s.substring(CURSOR_PREFIX.length()).split("\\|");
        Map<String, Instant> seen = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
          int at = parts[i].lastIndexOf('@');
          seen.put(parts[i].substring(0, at), Instant.ofEpochMilli(Long.parseLong(parts[i].substring(at + 1))));
        }
        return new CursorState(Instant.ofEpochMilli(Long.parseLong(parts[0])), seen);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a QuickBooks change feed cursor", e);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Builds a sparse update from the current entity, retrying on a stale SyncToken. */
  private ObjectNode updateWithRetry(
      String entity, String id, String key, String operation,
      java.util.function.Function<ObjectNode, ObjectNode> change) {
    for (int attempt = 0; ; attempt++) {
      ObjectNode current = api.read(entity, id);
      ObjectNode body = change.apply(current);
      body.put("Id", id);
      body.put("SyncToken", current.path("SyncToken").asText("0"));
      body.put("sparse", true);
      String requestId = RequestIds.of(attempt == 0 ? key : key + ":retry" + attempt);
      try {
        return api.write(entity, body, requestId, operation);
      } catch (ConflictException e) {
        if (!"5010".equals(e.vendorCode()) || attempt >= MAX_STALE_RETRIES) {
          throw e;
        }
        LOG.debug("{} {} {}: stale SyncToken, reading again (attempt {})", operation, entity, id, attempt + 1);
      }
    }
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    JsonNode v = from.get(field);
    if (v != null && !v.isNull()) {
      to.set(field, v);
    }
  }

  private PagedIterable<ObjectNode> pagedQuery(String entity, String base) {
    return PagedIterable.of(cursor -> fetchPage(entity, base, cursor));
  }

  private Page<ObjectNode> fetchPage(String entity, String base, @Nullable String cursor) {
    int start;
    try {
      start = cursor == null ? 1 : Integer.parseInt(cursor);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a QuickBooks page cursor: " + cursor, e);
    }
    List<ObjectNode> rows = api.query(entity, Queries.page(base, start, Queries.MAX_RESULTS)).rows();
    String next = rows.size() < Queries.MAX_RESULTS ? null : Integer.toString(start + rows.size());
    return new Page<>(rows, next);
  }

  private static Set<String> skusOf(Sale sale) {
    Set<String> skus = new LinkedHashSet<>();
    for (SaleLine l : sale.lines()) {
      if (l.sku() != null && (l.item() == null || !l.item().system().equals(QboApi.SYSTEM))) {
        skus.add(l.sku());
      }
    }
    return skus;
  }

  private static String itemIdOf(StockChange c, Map<String, String> itemIds) {
    if (c.item() != null && c.item().system().equals(QboApi.SYSTEM)) {
      return c.item().id();
    }
    return Objects.requireNonNull(itemIds.get(c.sku()));
  }

  /**
   * Finds Item ids for SKUs: the IdMap first, then this connector's cache, then a query of up to
   * 30 SKUs at a time. Found ids are put in the IdMap. Unknown SKUs are absent from the result.
   */
  private Map<String, String> resolveSkus(Set<String> skus, String operation) {
    Map<String, String> out = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    for (String sku : skus) {
      String id = null;
      if (idMap != null) {
        id = idMap.find(IdMap.Kind.SKU, sku, QboApi.SYSTEM, EntityMapper.ITEM).map(ExternalRef::id)
            .orElse(null);
      }
      if (id == null) {
        id = skuCache.get(sku);
      }
      if (id != null) {
        out.put(sku, id);
      } else {
        unknown.add(sku);
      }
    }
    for (int i = 0; i < unknown.size(); i += SKU_CHUNK) {
      List<String> chunk = unknown.subList(i, Math.min(unknown.size(), i + SKU_CHUNK));
      String q = "SELECT * FROM Item WHERE Sku IN " + Queries.in(chunk);
      Map<String, String> found = new HashMap<>();
      for (ObjectNode item : pagedQuery("Item", q)) {
        String sku = item.path("Sku").asText("");
        String id = item.path("Id").asText("");
        if (sku.isEmpty() || id.isEmpty()) {
          throw QboApi.invalid(operation, "Item without Sku or Id in a SKU query");
        }
        String previous = found.putIfAbsent(sku, id);
        if (previous != null && !previous.equals(id)) {
          throw new ConflictException("QuickBooks Items " + previous + " and " + id + " share SKU " + sku,
              ErrorContext.of(QboApi.SYSTEM, operation), null);
        }
      }
      found.forEach((sku, id) -> {
        skuCache.put(sku, id);
        if (idMap != null) {
          idMap.put(IdMap.Kind.SKU, sku, ExternalRef.of(QboApi.SYSTEM, EntityMapper.ITEM, id));
        }
      });
      out.putAll(found);
    }
    return out;
  }

  private @Nullable String customerIdFor(@Nullable ExternalRef customer) {
    if (customer == null) {
      return null;
    }
    if (customer.system().equals(QboApi.SYSTEM)) {
      return customer.id();
    }
    if (idMap == null) {
      return null;
    }
    return idMap.canonicalId(IdMap.Kind.CUSTOMER, customer)
        .flatMap(id -> idMap.find(IdMap.Kind.CUSTOMER, id, QboApi.SYSTEM))
        .map(ExternalRef::id).orElse(null);
  }

  private void remember(ExternalRef saleRef, ExternalRef receipt) {
    if (idMap != null) {
      idMap.put(IdMap.Kind.SALE, saleKey(saleRef), receipt.withVersion(null));
    }
  }

  private static String saleKey(ExternalRef ref) {
    return ref.system() + "/" + ref.type() + "/" + ref.id();
  }

  private static String keyOf(RequestOptions options, String fallback) {
    String key = options.idempotencyKey();
    return key != null ? key : fallback;
  }

  @Override
  public void close() {
    api.close();
  }

  @Override
  public String toString() {
    return "QuickBooksConnector[realm=" + realmId + "]";
  }

  /**
   * Builds a {@link QuickBooksConnector}; validates eagerly in {@link #build()}. Not thread-safe.
   *
   * <p>Required: {@link #realmId(String)}, {@link #mapping(AccountingMapping)} and either
   * {@link #oauth2(String, String, TokenStore)} or {@link #credentials(Credentials)}.
   */
  public static final class Builder extends HttpConnectorBuilder<Builder> {
    private @Nullable String realmId;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private @Nullable TokenStore tokenStore;
    private @Nullable Credentials credentials;
    private QuickBooksEnvironment environment = QuickBooksEnvironment.PRODUCTION;
    private int minorVersion = DEFAULT_MINOR_VERSION;
    private URI tokenEndpoint = DEFAULT_TOKEN_ENDPOINT;
    private @Nullable Sleeper sleeper;
    private @Nullable AccountingMapping mapping;
    private @Nullable IdMap idMap;
    private int requestsPerSecond = 8;
    private int requestsPerMinute = 450;
    private int batchRequestsPerMinute = 36;
    private int maxConcurrentRequests = 4;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration changeFeedOverlap = Duration.ofMinutes(5);
    private Duration initialLookback = Duration.ofHours(1);

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the company (realm) id, from {@code realmId} on the OAuth redirect. Required.
     *
     * @param value the realm id
     * @return this builder
     */
    public Builder realmId(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("realmId must not be blank");
      }
      this.realmId = value.trim();
      return this;
    }

    /**
     * Authenticates with OAuth 2.0: the access token is read from the store and refreshed at
     * {@link #tokenEndpoint(URI)} when it expires or is rejected; a rotated refresh token is
     * saved in the store before the new access token is used. Replaces
     * {@link #credentials(Credentials)}.
     *
     * @param id the app's client id
     * @param secret the app's client secret
     * @param store where the tokens live, e.g. {@code TokenStore.file(path)}
     * @return this builder
     */
    public Builder oauth2(String id, String secret, TokenStore store) {
      if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("client id and secret must not be blank");
      }
      this.clientId = id;
      this.clientSecret = secret;
      this.tokenStore = Objects.requireNonNull(store, "store");
      this.credentials = null;
      return this;
    }

    /**
     * Uses any credentials instead of {@link #oauth2(String, String, TokenStore)}.
     *
     * @param value the credentials
     * @return this builder
     */
    public Builder credentials(Credentials value) {
      this.credentials = Objects.requireNonNull(value, "credentials");
      this.tokenStore = null;
      return this;
    }

    /**
     * Chooses production (default) or sandbox.
     *
     * @param value the environment
     * @return this builder
     */
    public Builder environment(QuickBooksEnvironment value) {
      this.environment = Objects.requireNonNull(value, "environment");
      return this;
    }

    /**
     * Overrides the {@code minorversion} sent on every call; default
     * {@value QuickBooksConnector#DEFAULT_MINOR_VERSION}, and QBO serves anything lower as 75.
     *
     * @param value the minor version, at least 75
     * @return this builder
     */
    public Builder minorVersion(int value) {
      if (value < DEFAULT_MINOR_VERSION) {
        throw new IllegalArgumentException("minorVersion must be at least 75: " + value);
      }
      this.minorVersion = value;
      return this;
    }


    /**
     * Overrides the OAuth token endpoint; default Intuit's.
     *
     * @param value the endpoint
     * @return this builder
     */
    public Builder tokenEndpoint(URI value) {
      if (value == null || !value.isAbsolute()) {
        throw new IllegalArgumentException("tokenEndpoint must be an absolute URI: " + value);
      }
      this.tokenEndpoint = value;
      return this;
    }




    /** Test hook: how the connector waits (retries and rate limits). */
    Builder sleeper(Sleeper value) {
      this.sleeper = Objects.requireNonNull(value, "sleeper");
      return this;
    }

    /**
     * Sets how sales land in the books. Required.
     *
     * @param value the mapping
     * @return this builder
     */
    public Builder mapping(AccountingMapping value) {
      this.mapping = Objects.requireNonNull(value, "mapping");
      return this;
    }

    /**
     * Sets the cross-reference of SKUs, customers and sales; SKUs found by query are added.
     *
     * @param value the map, or {@code null} to resolve SKUs by query only
     * @return this builder
     */
    public Builder idMap(@Nullable IdMap value) {
      this.idMap = value;
      return this;
    }

    /**
     * Sets the client-side request limits for this realm. Defaults (4 in flight, 8 requests per
     * second, 450 per minute and 36 batch calls per minute) stay under QBO's 10 concurrent, 10
     * per second, 500 per minute and 40 batch calls per minute. Connectors of the same realm in
     * one process do not share limits: give each a share.
     *
     * @param maxConcurrent requests in flight
     * @param perSecond requests per second
     * @param perMinute requests per minute
     * @param batchPerMinute batch calls per minute
     * @return this builder
     */
    public Builder limits(int maxConcurrent, int perSecond, int perMinute, int batchPerMinute) {
      if (maxConcurrent < 1 || perSecond < 1 || perMinute < 1 || batchPerMinute < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
      this.maxConcurrentRequests = maxConcurrent;
      this.requestsPerSecond = perSecond;
      this.requestsPerMinute = perMinute;
      this.batchRequestsPerMinute = batchPerMinute;
      return this;
    }

    /**
     * Sets how many sales one batch call carries; default and maximum 30 (QBO's recommended
     * maximum).
     *
     * @param value the size
     * @return this builder
     */
    public Builder batchSize(int value) {
      if (value < 1 || value > 30) {
        throw new IllegalArgumentException("batchSize must be 1..30: " + value);
      }
      this.batchSize = value;
      return this;
    }

    /**
     * Builds the connector.
     *
     * @return the connector
     * @throws IllegalStateException if a required setting is missing
     */
    public QuickBooksConnector build() {
      if (realmId == null) {
        throw new IllegalStateException("realmId must be set");
      }
      if (mapping == null) {
        throw new IllegalStateException("mapping must be set");
      }
      Credentials creds = credentials;
      if (creds == null) {
        if (tokenStore == null || clientId == null || clientSecret == null) {
          throw new IllegalStateException("oauth2(..) or credentials(..) must be set");
        }
        creds = OAuth2Credentials.builder()
            .tokenStore(tokenStore)
            .refresher(TokenRefresher.oauth2(tokenEndpoint, clientId, clientSecret, this))
            .clock(clock())
            .build();
      }
      Sleeper wait = sleeper != null ? sleeper : Sleeper.SYSTEM;
      RateLimiter limiter = RateLimiter.all(
          RateLimiter.maxConcurrent(maxConcurrentRequests),
          new WindowRateLimiter("requestsPerSecond", requestsPerSecond, Duration.ofSeconds(1), clock(), wait,
              op -> true),
          new WindowRateLimiter("requestsPerMinute", requestsPerMinute, Duration.ofMinutes(1), clock(), wait,
              op -> true),
          new WindowRateLimiter("batchRequestsPerMinute", batchRequestsPerMinute, Duration.ofMinutes(1),
              clock(), wait, QboApi.BATCH_OPERATION::equals));
      HttpTransport transport = HttpTransport.builder()
          .system(QboApi.SYSTEM)
          .baseUrl(baseUrl() != null ? baseUrl() : environment.baseUrl())
          .okHttpClient(okHttpClient())
          .credentials(creds)
          .retry(retry())
          .circuitBreaker(circuitBreaker())
          .timeouts(timeouts())
          .responseLimits(responseLimits())
          .rateLimiter(limiter)
          .errorMapper(new QboErrorMapper(QboErrorMapper.DEFAULT_THROTTLE_WAIT))
          .requestIdHeader("intuit_tid")
          .clock(clock())
          .sleeper(wait)
          .build();
      return new QuickBooksConnector(this, transport);
    }
  }
}
