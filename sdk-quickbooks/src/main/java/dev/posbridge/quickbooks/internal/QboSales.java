package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.BatchItemsException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.spi.RefTypes;
import dev.posbridge.quickbooks.QuickBooksMapping;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sales and refunds in the books: SalesReceipts (one by one or through the batch endpoint),
 * amendments and voids of them, RefundReceipts, and reading all of these back. A document already
 * booked for a source sale or refund is found through the IdMap or by DocNumber, and counts only
 * when its PrivateNote names the same source. Thread-safe.
 */
public final class QboSales {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.CONNECTOR);
  private static final String SALE = EntityMapper.SALES_RECEIPT;
  private static final String REFUND = EntityMapper.REFUND_RECEIPT;

  private final QboApi api;
  private final SalesMapper receipts;
  private final BookMapper books;
  private final QuickBooksMapping mapping;
  private final QboIdMap ids;
  private final QboCatalog catalog;
  private final QboCustomers customers;
  private final int batchSize;

  /**
   * Creates the service.
   *
   * @param api the API
   * @param mapping how sales land in the books
   * @param ids the IdMap
   * @param catalog resolves SKUs to Items
   * @param customers resolves customer refs
   * @param batchSize sales per batch call
   */
  public QboSales(QboApi api, QuickBooksMapping mapping, QboIdMap ids, QboCatalog catalog,
      QboCustomers customers, int batchSize) {
    this.api = api;
    this.receipts = new SalesMapper(api.mapper(), mapping);
    this.books = new BookMapper(mapping);
    this.mapping = mapping;
    this.ids = ids;
    this.catalog = catalog;
    this.customers = customers;
    this.batchSize = batchSize;
  }

  // ------------------------------------------------------------------ writes

  /**
   * Books a sale as a SalesReceipt; replaces the receipt booked at another version, voids it for
   * a sale in a void state.
   *
   * @param sale the sale
   * @param options the idempotency key
   * @return the receipt; {@code created} only for a new one
   */
  public WriteResult recordSale(Sale sale, RequestOptions options) {
    Objects.requireNonNull(sale, "sale");
    RefTypes.requireLineItems(sale.lines(), QboApi.SYSTEM, EntityMapper.ITEM, "recordSale");
    if (sale.state().isVoid()) {
      // Nothing booked: nothing to void; the result names the source sale.
      return voidSale(sale.ref(), options).orElse(new WriteResult(sale.ref(), false));
    }
    String key = RequestIds.key(options, saleKey(sale));
    ObjectNode body = receiptOf(sale, catalog.resolveSkus(skusOf(sale), "RecordSale"));
    Optional<ObjectNode> booked = findBooked(SALE, sale.ref(), numberOf(sale));
    if (booked.isPresent()) {
      return amend(sale, booked.get(), body, key);
    }
    return created(SALE, sale.ref(), api.write(SALE, body, RequestIds.of(key), "RecordSale"), "RecordSale");
  }

  private WriteResult amend(Sale sale, ObjectNode booked, ObjectNode body, String key) {
    ExternalRef source = BookMapper.sourceRef(BookMapper.note(booked), SalesMapper.SALE_NOTE);
    String bookedVersion = source == null ? null : source.version();
    ExternalRef current = EntityMapper.ref(SALE, booked, "AmendSale");
    ids.rememberBooked(sale.ref(), current);
    if (Objects.equals(bookedVersion, sale.version()) && !BookMapper.voided(booked)) {
      return new WriteResult(current, false);
    }
    ObjectNode updated = api.update(SALE, current.id(), key, "AmendSale", latest -> body.deepCopy());
    return new WriteResult(EntityMapper.ref(SALE, updated, "AmendSale"), false);
  }

  /**
   * Voids the SalesReceipt booked for a sale; a receipt already voided is left alone.
   *
   * @param sourceSale the POS sale's ref
   * @param options the idempotency key
   * @return the voided receipt, or empty if none was booked
   */
  public Optional<WriteResult> voidSale(ExternalRef sourceSale, RequestOptions options) {
    Objects.requireNonNull(sourceSale, "sourceSale");
    String key = RequestIds.key(options, "void:" + sourceSale.withVersion(null));
    Optional<ObjectNode> booked = findBooked(SALE, sourceSale, sourceSale.id());
    if (booked.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode receipt = booked.get();
    ExternalRef ref = EntityMapper.ref(SALE, receipt, "VoidSale");
    if (BookMapper.voided(receipt)) {
      return Optional.of(new WriteResult(ref, false));
    }
    ObjectNode voided = api.voidEntity(SALE, ref.id(), receipt, key, "VoidSale");
    return Optional.of(new WriteResult(EntityMapper.ref(SALE, voided, "VoidSale"), false));
  }

  /**
   * Books a refund as a RefundReceipt, linked to the original sale's receipt when the IdMap knows
   * it; a refund already booked is answered as it is.
   *
   * @param refund the refund
   * @param options the idempotency key
   * @return the receipt; {@code created} only for a new one
   */
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    Objects.requireNonNull(refund, "refund");
    String key = RequestIds.key(options, "refund:" + refund.ref());
    Set<String> skus = QboCatalog.unresolved(refund.lines(), RefundLine::sku, RefundLine::item);
    String linked = refund.originalSale() == null ? null
        : ids.booked(refund.originalSale()).map(ExternalRef::id).orElse(null);
    SalesMapper.Resolved resolved = new SalesMapper.Resolved(
        catalog.resolveSkus(skus, "RecordRefund"), customers.idFor(refund.customer()), linked);
    ObjectNode body = receipts.refundReceipt(refund, resolved);
    Optional<ObjectNode> booked = findBooked(REFUND, refund.ref(),
        refund.number() != null ? refund.number() : refund.ref().id());
    if (booked.isPresent()) {
      ExternalRef existing = EntityMapper.ref(REFUND, booked.get(), "RecordRefund");
      ids.rememberBooked(refund.ref(), existing);
      return new WriteResult(existing, false);
    }
    return created(REFUND, refund.ref(), api.write(REFUND, body, RequestIds.of(key), "RecordRefund"),
        "RecordRefund");
  }

  /**
   * Books sales: voids and sales booked before one by one, the rest through the batch endpoint.
   *
   * @param sales the sales
   * @param options the idempotency key; batch call {@code n} derives {@code String.valueOf(n)}
   * @return one result per sale, in order
   * @throws BatchItemsException if any sale failed, naming what was booked and what was not
   */
  public List<WriteResult> recordSales(List<Sale> sales, RequestOptions options) {
    Objects.requireNonNull(sales, "sales");
    for (Sale s : sales) {
      RefTypes.requireLineItems(s.lines(), QboApi.SYSTEM, EntityMapper.ITEM, "recordSales");
    }
    Set<String> skus = new LinkedHashSet<>();
    sales.forEach(s -> skus.addAll(skusOf(s)));
    return new SalesRun(sales, options, catalog.resolveSkus(skus, "RecordSales")).record();
  }

  /**
   * Sales per batch call.
   *
   * @return the batch size
   */
  public int maxBatchSize() {
    return batchSize;
  }

  /** One {@link #recordSales} call: what it has booked and what failed, by index. */
  private final class SalesRun {
    private final List<Sale> sales;
    private final RequestOptions options;
    private final Map<String, String> itemIds;
    private final Map<Integer, ObjectNode> booked;
    private final WriteResult[] results;
    private final Map<Integer, PosbridgeException> failures = new LinkedHashMap<>();

    SalesRun(List<Sale> sales, RequestOptions options, Map<String, String> itemIds) {
      this.sales = sales;
      this.options = options;
      this.itemIds = itemIds;
      this.booked = findBooked(sales);
      this.results = new WriteResult[sales.size()];
    }

    List<WriteResult> record() {
      // Voids and sales booked before (amendments, replays) go one by one; the rest in batches.
      for (int i = 0; i < sales.size(); i++) {
        if (sales.get(i).state().isVoid() || booked.containsKey(i)) {
          recordOne(i);
        }
      }
      for (int start = 0, n = 0; start < sales.size(); start += batchSize, n++) {
        if (!sendBatch(start, Math.min(sales.size(), start + batchSize), n)) {
          break;
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
        throw new BatchItemsException(failures.size() + " of " + sales.size() + " sales were not recorded",
            ErrorContext.of(QboApi.SYSTEM, "RecordSales").withStatus(200), sales.size(), applied, done, failures);
      }
      return List.of(results);
    }

    private void recordOne(int i) {
      Sale sale = sales.get(i);
      try {
        if (sale.state().isVoid()) {
          results[i] = voidSale(sale.ref(), options.derive("void-" + i)).orElse(new WriteResult(sale.ref(), false));
        } else {
          String key = RequestIds.key(options.derive("amend-" + i), saleKey(sale));
          // Not a void, so recordOne was chosen because the sale is booked.
          results[i] = amend(sale, Objects.requireNonNull(booked.get(i)), receiptOf(sale, itemIds), key);
        }
      } catch (PosbridgeException e) {
        failures.put(i, e);
      }
    }

    /** Sends sales {@code start..end} not booked yet as batch call {@code n}; false if the call failed. */
    private boolean sendBatch(int start, int end, int n) {
      ArrayNode items = api.mapper().createArrayNode();
      Map<String, Integer> byBid = new HashMap<>();
      StringBuilder fallbackKey = new StringBuilder("sales:");
      for (int i = start; i < end; i++) {
        Sale sale = sales.get(i);
        if (sale.state().isVoid() || booked.containsKey(i)) {
          continue;
        }
        fallbackKey.append(sale.ref()).append(';');
        try {
          ObjectNode body = receiptOf(sale, itemIds);
          String bid = "b" + (i - start);
          byBid.put(bid, i);
          ObjectNode item = items.addObject();
          item.put("bId", bid);
          item.put("operation", "create");
          item.set(SALE, body);
        } catch (PosbridgeException e) {
          failures.put(i, e);
        }
      }
      if (items.isEmpty()) {
        return true;
      }
      String key = RequestIds.key(options.derive(String.valueOf(n)), fallbackKey.toString());
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
        return false;
      }
      Set<String> answered = new HashSet<>();
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
        JsonNode receipt = r.get(SALE);
        if (receipt == null || !receipt.isObject()) {
          throw QboApi.invalid(QboApi.BATCH_OPERATION, "item " + bid + " has neither SalesReceipt nor Fault");
        }
        results[index] = created(SALE, sales.get(index).ref(), receipt, "RecordSales");
      }
      if (answered.size() != byBid.size()) {
        throw QboApi.invalid(QboApi.BATCH_OPERATION,
            "answered " + answered.size() + " of " + byBid.size() + " items");
      }
      return true;
    }
  }

  // ------------------------------------------------------------------ read-back

  /**
   * Reads the SalesReceipts of a window, 1000 per page.
   *
   * @param query the window
   * @return the sales
   */
  public PagedIterable<Sale> bookedSales(SalesQuery query) {
    Objects.requireNonNull(query, "query");
    return booked(SALE, query, n -> {
      Sale s = books.sale(n);
      return query.completedOnly() && s.state().isVoid() ? null : s;
    });
  }

  /**
   * Reads the RefundReceipts of a window, 1000 per page.
   *
   * @param query the window
   * @return the refunds
   */
  public PagedIterable<Refund> bookedRefunds(SalesQuery query) {
    Objects.requireNonNull(query, "query");
    return booked(REFUND, query, n -> query.completedOnly() && BookMapper.voided(n) ? null : books.refund(n));
  }

  private <T> PagedIterable<T> booked(String entity, SalesQuery query, Function<ObjectNode, @Nullable T> read) {
    return api.pages(entity, "SELECT * FROM " + entity + " WHERE " + window(query), read);
  }

  /**
   * Finds the sale booked for a source sale.
   *
   * @param sourceRef the POS sale's ref
   * @return the booked sale
   */
  public Optional<Sale> bookedSale(ExternalRef sourceRef) {
    Objects.requireNonNull(sourceRef, "sourceRef");
    return findBooked(SALE, sourceRef, sourceRef.id()).map(books::sale);
  }

  /**
   * Finds the refund booked for a source refund.
   *
   * @param sourceRef the POS refund's ref
   * @return the booked refund
   */
  public Optional<Refund> bookedRefund(ExternalRef sourceRef) {
    Objects.requireNonNull(sourceRef, "sourceRef");
    return findBooked(REFUND, sourceRef, sourceRef.id()).map(books::refund);
  }

  /**
   * Finds the first sale booked under a document number.
   *
   * @param documentNumber the number
   * @return the sale
   */
  public Optional<Sale> bookedSaleByNumber(String documentNumber) {
    return byNumber(SALE, documentNumber).map(books::sale);
  }

  /**
   * Finds the first refund booked under a document number.
   *
   * @param documentNumber the number
   * @return the refund
   */
  public Optional<Refund> bookedRefundByNumber(String documentNumber) {
    return byNumber(REFUND, documentNumber).map(books::refund);
  }

  /** The first receipt of an entity ({@code SalesReceipt} or {@code RefundReceipt}) with a DocNumber. */
  private Optional<ObjectNode> byNumber(String entity, String documentNumber) {
    Objects.requireNonNull(documentNumber, "documentNumber");
    return api.query(entity, "SELECT * FROM " + entity + " WHERE DocNumber = "
        + Queries.quote(SalesMapper.docNumber(documentNumber))).rows().stream().findFirst();
  }

  private String window(SalesQuery query) {
    if (query.field() == SalesQuery.TimeField.UPDATED) {
      return "MetaData.LastUpdatedTime >= " + Queries.quote(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC).toString())
          + " AND MetaData.LastUpdatedTime < " + Queries.quote(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC).toString());
    }
    ZoneId zone = mapping.timeZoneFor(null);
    LocalDate from = LocalDate.ofInstant(query.from(), zone);
    LocalDate to = LocalDate.ofInstant(query.to().minusNanos(1), zone);
    return "TxnDate >= " + Queries.quote(from.toString()) + " AND TxnDate <= " + Queries.quote(to.toString());
  }

  // ------------------------------------------------------------------ finding booked documents

  /**
   * Finds the receipt booked for a source document: through the IdMap when configured, else by
   * DocNumber; either way only a receipt whose PrivateNote names the same source object counts.
   */
  private Optional<ObjectNode> findBooked(String entity, ExternalRef source, String number) {
    String marker = entity.equals(SALE) ? SalesMapper.SALE_NOTE : SalesMapper.REFUND_NOTE;
    Optional<ExternalRef> mapped = ids.booked(source).filter(r -> r.type().equals(entity));
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
    String doc = SalesMapper.docNumber(number);
    for (ObjectNode n : api.query(entity, "SELECT * FROM " + entity + " WHERE DocNumber = "
        + Queries.quote(doc)).rows()) {
      if (sameSource(n, source, marker)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** One DocNumber query per 30 sales: the receipts already booked for them, by index. */
  private Map<Integer, ObjectNode> findBooked(List<Sale> sales) {
    Map<String, List<Integer>> byDoc = new LinkedHashMap<>();
    for (int i = 0; i < sales.size(); i++) {
      Sale sale = sales.get(i);
      if (!sale.state().isVoid()) {
        byDoc.computeIfAbsent(SalesMapper.docNumber(numberOf(sale)), k -> new ArrayList<>()).add(i);
      }
    }
    Map<Integer, ObjectNode> out = new HashMap<>();
    List<String> docs = new ArrayList<>(byDoc.keySet());
    for (int i = 0; i < docs.size(); i += QboCatalog.IN_CHUNK) {
      List<String> chunk = docs.subList(i, Math.min(docs.size(), i + QboCatalog.IN_CHUNK));
      for (ObjectNode n : api.query(SALE, "SELECT * FROM SalesReceipt WHERE DocNumber IN " + Queries.in(chunk))
          .rows()) {
        for (int index : byDoc.getOrDefault(n.path("DocNumber").asText(""), List.of())) {
          if (sameSource(n, sales.get(index).ref(), SalesMapper.SALE_NOTE)) {
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

  // ------------------------------------------------------------------ helpers

  private ObjectNode receiptOf(Sale sale, Map<String, String> itemIds) {
    return receipts.salesReceipt(sale, new SalesMapper.Resolved(itemIds, customers.idFor(sale.customer()), null));
  }

  private WriteResult created(String entity, ExternalRef source, JsonNode document, String operation) {
    ExternalRef ref = EntityMapper.ref(entity, document, operation);
    ids.rememberBooked(source, ref);
    return new WriteResult(ref, true);
  }

  private static Set<String> skusOf(Sale sale) {
    return QboCatalog.unresolved(sale.lines(), SaleLine::sku, SaleLine::item);
  }

  private static String numberOf(Sale sale) {
    return sale.number() != null ? sale.number() : sale.ref().id();
  }

  private static String saleKey(Sale sale) {
    return "sale:" + sale.ref().withVersion(sale.revision());
  }
}
