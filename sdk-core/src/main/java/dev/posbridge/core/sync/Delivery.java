package dev.posbridge.core.sync;

import dev.posbridge.core.BatchItemsException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.MappingCode;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SaleLookup;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.internal.sync.SyncEnvelope;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps envelopes for their target and makes the vendor calls. Thread-safe. */
final class Delivery {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  private final Outbox outbox;
  private final IdMap idMap;
  private final SkuMapping skuMapping;
  private final LocationMapping locationMapping;
  private final Map<String, SaleTransformer> transformers;
  private final Map<String, CustomerConnector> customerConnectors;
  private final Duration echoWindow;
  private final Consumer<List<ChangeEvent>> resubmit;
  private final TotalsPolicy totalsPolicy;

  Delivery(Outbox outbox, IdMap idMap, SkuMapping skuMapping, LocationMapping locationMapping,
      Map<String, SaleTransformer> transformers, Map<String, CustomerConnector> customerConnectors,
      Duration echoWindow, Consumer<List<ChangeEvent>> resubmit, TotalsPolicy totalsPolicy) {
    this.resubmit = resubmit;
    this.totalsPolicy = totalsPolicy;
    this.outbox = outbox;
    this.idMap = idMap;
    this.skuMapping = skuMapping;
    this.locationMapping = locationMapping;
    this.transformers = transformers;
    this.customerConnectors = customerConnectors;
    this.echoWindow = echoWindow;
  }

  /** Maps an envelope for its target once, e.g. when its batch is recorded. */
  SyncEnvelope prepare(Lane lane, SyncEnvelope e) {
    if (e.prepared()) {
      return e;
    }
    return switch (lane.action()) {
      case RECORD_SALE -> e.prepared(
          totalsPolicy.apply(transformer(lane).transform(require(e.sale(), "sale")), lane.sink()), null);
      case APPLY_STOCK -> e.prepared(null, mapStock(require(e.stock(), "stock"), lane.sink(),
          ((InventoryConnector) lane.connector()).itemRefType()));
      default -> e;
    };
  }

  /** Delivers envelopes (one, or a recorded batch) in one vendor call under {@code key}. */
  void deliver(Lane lane, List<SyncEnvelope> envelopes, String key) {
    RequestOptions options = RequestOptions.idempotencyKey(key);
    switch (lane.action()) {
      case RECORD_SALE -> recordSales(lane, envelopes, options);
      case RECORD_REFUND -> {
        SalesSink sink = (SalesSink) lane.connector();
        for (SyncEnvelope e : envelopes) {
          Refund refund = totalsPolicy.apply(
              transformer(lane).transformRefund(require(e.refund(), "refund")), lane.sink());
          sink.recordRefund(refund, options);
        }
      }
      case APPLY_STOCK -> applyStock(lane, envelopes, key, options);
      case UPSERT_CUSTOMER -> {
        for (SyncEnvelope e : envelopes) {
          upsertCustomer(lane, e, options);
        }
      }
      case FETCH -> {
        for (SyncEnvelope e : envelopes) {
          fetch(lane, e);
        }
      }
    }
  }

  /**
   * Reads what a summary event named and submits it: a crash after the submit re-reads and
   * re-submits, which the outbox's dedupe keys (derived from the sale or refund) absorb.
   */
  private void fetch(Lane lane, SyncEnvelope e) {
    SaleLookup source = (SaleLookup) lane.connector();
    ExternalRef subject = require(e.subject(), "subject");
    String kind = require(e.subjectType(), "subjectType");
    List<ChangeEvent> found = new ArrayList<>();
    if (ChangeType.valueOf(kind) == ChangeType.REFUND) {
      for (Refund r : source.refundsOfSale(subject)) {
        found.add(SyncPipeline.refundEvent(r));
      }
    } else {
      source.findSale(subject).ifPresent(sale -> found.add(SyncPipeline.saleEvent(sale)));
    }
    if (found.isEmpty()) {
      LOG.debug("{} {} named by event {} is not a completed sale or refund yet: nothing to book",
          lane.sink(), subject.id(), e.originEvent());
      return;
    }
    resubmit.accept(found);
  }

  private void recordSales(Lane lane, List<SyncEnvelope> envelopes, RequestOptions options) {
    SalesSink sink = (SalesSink) lane.connector();
    if (envelopes.size() == 1 && require(envelopes.get(0).sale(), "sale").state().isVoid()) {
      // A void is its own delivery (its own key), never part of a batch of bookings.
      sink.voidSale(require(envelopes.get(0).sale(), "sale").ref(), options);
      return;
    }
    List<Sale> sales = new ArrayList<>(envelopes.size());
    List<Integer> at = new ArrayList<>(envelopes.size()); // the envelope of each sale sent
    Set<Integer> voided = new LinkedHashSet<>();
    for (int i = 0; i < envelopes.size(); i++) {
      Sale sale = require(envelopes.get(i).sale(), "sale");
      if (sale.state().isVoid()) {
        sink.voidSale(sale.ref(), options.derive("void-" + i));
        voided.add(i);
        continue;
      }
      sales.add(prepare(lane, envelopes.get(i)).sale());
      at.add(i);
    }
    if (sales.isEmpty()) {
      return;
    }
    List<WriteResult> results;
    try {
      results = lane.batched()
          ? sink.recordSales(sales, options)
          : List.of(sink.recordSale(sales.get(0), options));
    } catch (BatchItemsException partial) {
      // What the vendor booked is booked: remember it before the failures are handled.
      for (Map.Entry<Integer, WriteResult> r : partial.results().entrySet()) {
        remember(IdMap.Kind.SALE, require(envelopes.get(at.get(r.getKey())).sale(), "sale").ref(),
            r.getValue().ref());
      }
      throw voided.isEmpty() && at.size() == envelopes.size() ? partial
          : inEnvelopes(partial, at, voided, envelopes.size());
    }
    for (int i = 0; i < Math.min(results.size(), at.size()); i++) {
      remember(IdMap.Kind.SALE, require(envelopes.get(at.get(i)).sale(), "sale").ref(), results.get(i).ref());
    }
  }

  /** Re-indexes a batch outcome from the sales sent to the batch's envelopes (voids applied). */
  private static BatchItemsException inEnvelopes(BatchItemsException partial, List<Integer> at,
      Set<Integer> voided, int size) {
    Set<Integer> applied = new LinkedHashSet<>(voided);
    Map<Integer, WriteResult> results = new LinkedHashMap<>();
    Map<Integer, PosbridgeException> failures = new LinkedHashMap<>();
    partial.applied().forEach(i -> applied.add(at.get(i)));
    partial.results().forEach((i, r) -> results.put(at.get(i), r));
    partial.failures().forEach((i, e) -> failures.put(at.get(i), e));
    return new BatchItemsException(
        Objects.requireNonNullElse(partial.getMessage(), "batch partly applied"), partial.context(), size, applied, results, failures);
  }

  private void applyStock(Lane lane, List<SyncEnvelope> envelopes, String key, RequestOptions options) {
    InventoryConnector inventory = (InventoryConnector) lane.connector();
    List<StockChange> changes = new ArrayList<>(envelopes.size());
    List<OutboxEngine.EchoWrite> writes = new ArrayList<>(envelopes.size());
    for (SyncEnvelope e : envelopes) {
      StockChange c = require(prepare(lane, e).stock(), "stock");
      changes.add(c);
      writes.add(new OutboxEngine.EchoWrite(lane.sink(), c.location().id(), c.sku(),
          c.item() == null ? null : c.item().id(),
          c.kind() == StockChangeKind.SET ? c.quantity().toPlainString() : null));
    }
    // Remember the writes before the call: the vendor's echo may arrive before it returns.
    outbox.recordEchoes(writes, key, echoWindow);
    StockWriteResult result = inventory.applyStockChanges(changes, options);
    // From here on the vendor has applied the changes: local bookkeeping must not fail them.
    if (!result.levels().isEmpty()) {
      List<OutboxEngine.EchoWrite> resolved = new ArrayList<>();
      for (StockLevel l : result.levels()) {
        java.math.BigDecimal q = l.available() != null ? l.available() : l.quantity();
        resolved.add(new OutboxEngine.EchoWrite(lane.sink(), l.location().id(), l.sku(), l.item().id(),
            q.toPlainString()));
      }
      try {
        outbox.resolveEchoes(key, resolved);
      } catch (RuntimeException ex) {
        LOG.warn("{}: cannot record the resulting stock levels of an applied write ({}); an echo"
            + " of it may be propagated once", lane.sink(), ex.getMessage());
      }
    }
  }

  private void upsertCustomer(Lane lane, SyncEnvelope e, RequestOptions options) {
    CustomerConnector target = (CustomerConnector) lane.connector();
    Customer customer = e.customer();
    ExternalRef sourceRef = e.customerRef();
    if (customer == null) {
      ExternalRef ref = require(sourceRef, "customerRef");
      CustomerConnector source = customerConnectors.get(ref.system());
      if (source == null) {
        throw invalid(lane.sink(), MappingCode.UNMAPPED_CUSTOMER, "customerRef",
            "no customer connector for " + ref.system());
      }
      customer = source.findCustomerByRef(ref).orElseThrow(() -> new NotFoundException(
          "customer " + ref + " not found in its source", ErrorContext.of(ref.system(), "sync.customer"),
          null));
    } else {
      sourceRef = customer.refIn(e.origin());
    }
    Customer stored = target.upsertCustomer(customer, options);
    // Accepted by the vendor: the id mapping below is bookkeeping and never fails the delivery.
    ExternalRef targetRef = stored.refIn(lane.sink());
    if (sourceRef != null && targetRef != null) {
      remember(IdMap.Kind.CUSTOMER, sourceRef, targetRef);
    }
  }

  private void remember(IdMap.Kind kind, ExternalRef source, ExternalRef target) {
    String canonical = source.system() + "/" + source.type() + "/" + source.id();
    try {
      if (idMap.canonicalId(kind, source).isEmpty()) {
        idMap.put(kind, canonical, source);
      }
      String c = idMap.canonicalId(kind, source).orElse(canonical);
      idMap.put(kind, c, target);
    } catch (RuntimeException ex) {
      // The vendor accepted the write: a failing id map (e.g. SQLITE_BUSY) must not fail it.
      LOG.warn("cannot record the {} id mapping of {} -> {} (the write itself succeeded): {}", kind,
          source, target, ex.toString());
    }
  }

  StockChange mapStock(StockChange c, String target, String itemType) {
    String sku = c.sku();
    if (sku == null) {
      throw invalid(target, MappingCode.UNMAPPED_SKU, "sku",
          "stock change of item " + c.item() + " has no SKU: map the item in the IdMap");
    }
    String targetSku = skuMapping.map(sku, target);
    if (targetSku == null) {
      throw invalid(target, MappingCode.UNMAPPED_SKU, "sku", "SKU " + sku + " is not mapped to " + target);
    }
    ExternalRef location = c.location().system().equals(target)
        ? c.location() : locationMapping.map(c.location(), target);
    if (location == null) {
      throw invalid(target, MappingCode.UNMAPPED_LOCATION, "location",
          "location " + c.location() + " is not mapped to " + target);
    }
    // The target's own ref type: a SKU may be mapped to several refs of one system (Shopify's
    // variant and inventory item); sending the wrong one gets the whole batch refused.
    ExternalRef item = idMap.find(IdMap.Kind.SKU, sku, target, itemType).orElse(null);
    return new StockChange(targetSku, item, location, c.kind(), c.quantity(), c.reason(),
        c.rawReason(), c.occurredAt(), c.reference(), c.source());
  }

  private SaleTransformer transformer(Lane lane) {
    return transformers.getOrDefault(lane.sink(), SaleTransformer.IDENTITY);
  }

  private static ValidationException invalid(String system, MappingCode code, String field, String message) {
    return new ValidationException("Cannot map to " + system, ErrorContext.of(system, "sync.map"),
        List.of(code.error(field, message)), null);
  }

  private static <T> T require(@Nullable T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("sync envelope has no " + what);
    }
    return value;
  }
}
