package dev.posbridge.core.sync;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.BatchItemsException;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.internal.sync.SyncEnvelope;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockLevel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps envelopes for their target and makes the vendor calls. Thread-safe. */
final class Delivery {

  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final Outbox outbox;
  private final IdMap idMap;
  private final SkuMapping skuMapping;
  private final LocationMapping locationMapping;
  private final Map<String, SaleTransformer> transformers;
  private final Map<String, CustomerConnector> customerConnectors;
  private final Clock clock;
  private final Duration echoWindow;

  Delivery(Outbox outbox, IdMap idMap, SkuMapping skuMapping, LocationMapping locationMapping,
      Map<String, SaleTransformer> transformers, Map<String, CustomerConnector> customerConnectors,
      Clock clock, Duration echoWindow) {
    this.outbox = outbox;
    this.idMap = idMap;
    this.skuMapping = skuMapping;
    this.locationMapping = locationMapping;
    this.transformers = transformers;
    this.customerConnectors = customerConnectors;
    this.clock = clock;
    this.echoWindow = echoWindow;
  }

  /** Maps an envelope for its target once, e.g. when its batch is recorded. */
  SyncEnvelope prepare(Lane lane, SyncEnvelope e) {
    if (e.prepared()) {
      return e;
    }
    return switch (lane.action()) {
      case RECORD_SALE -> e.prepared(transformer(lane).transform(require(e.sale(), "sale")), null);
      case APPLY_STOCK -> e.prepared(null, mapStock(require(e.stock(), "stock"), lane.sink()));
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
          Refund refund = transformer(lane).transformRefund(require(e.refund(), "refund"));
          sink.recordRefund(refund, options);
        }
      }
      case APPLY_STOCK -> applyStock(lane, envelopes, key, options);
      case UPSERT_CUSTOMER -> {
        for (SyncEnvelope e : envelopes) {
          upsertCustomer(lane, e, options);
        }
      }
    }
  }

  private void recordSales(Lane lane, List<SyncEnvelope> envelopes, RequestOptions options) {
    SalesSink sink = (SalesSink) lane.connector();
    List<Sale> sales = new ArrayList<>(envelopes.size());
    for (SyncEnvelope e : envelopes) {
      sales.add(prepare(lane, e).sale());
    }
    List<WriteResult> results;
    try {
      results = lane.batched()
          ? sink.recordSales(sales, options)
          : List.of(sink.recordSale(sales.get(0), options));
    } catch (BatchItemsException partial) {
      // What the vendor booked is booked: remember it before the failures are handled.
      for (Map.Entry<Integer, WriteResult> r : partial.results().entrySet()) {
        if (r.getKey() < envelopes.size()) {
          remember(IdMap.Kind.SALE, require(envelopes.get(r.getKey()).sale(), "sale").ref(),
              r.getValue().ref());
        }
      }
      throw partial;
    }
    for (int i = 0; i < Math.min(results.size(), envelopes.size()); i++) {
      remember(IdMap.Kind.SALE, require(envelopes.get(i).sale(), "sale").ref(), results.get(i).ref());
    }
  }

  private void applyStock(Lane lane, List<SyncEnvelope> envelopes, String key, RequestOptions options) {
    InventoryConnector inventory = (InventoryConnector) lane.connector();
    List<StockChange> changes = new ArrayList<>(envelopes.size());
    List<Outbox.EchoWrite> writes = new ArrayList<>(envelopes.size());
    for (SyncEnvelope e : envelopes) {
      StockChange c = require(prepare(lane, e).stock(), "stock");
      changes.add(c);
      writes.add(new Outbox.EchoWrite(lane.sink(), c.location().id(), c.sku(),
          c.item() == null ? null : c.item().id(),
          c.kind() == StockChangeKind.SET ? c.quantity().toPlainString() : null));
    }
    // Remember the writes before the call: the vendor's echo may arrive before it returns.
    outbox.recordEchoes(writes, key, echoWindow);
    StockWriteResult result = inventory.applyChanges(changes, options);
    // From here on the vendor has applied the changes: local bookkeeping must not fail them.
    if (!result.levels().isEmpty()) {
      List<Outbox.EchoWrite> resolved = new ArrayList<>();
      for (StockLevel l : result.levels()) {
        java.math.BigDecimal q = l.available() != null ? l.available() : l.quantity();
        resolved.add(new Outbox.EchoWrite(lane.sink(), l.location().id(), l.sku(), l.item().id(),
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
        throw invalid(lane.sink(), "no customer connector for " + ref.system());
      }
      customer = source.findByRef(ref).orElseThrow(() -> new NotFoundException(
          "customer " + ref + " not found in its source", ErrorContext.of(ref.system(), "sync.customer"),
          null));
    } else {
      sourceRef = customer.refIn(e.origin());
    }
    Customer stored = target.upsert(customer, options);
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

  StockChange mapStock(StockChange c, String target) {
    String sku = c.sku();
    if (sku == null) {
      throw invalid(target, "stock change of item " + c.item() + " has no SKU: map the item in the IdMap");
    }
    String targetSku = skuMapping.map(sku, target);
    if (targetSku == null) {
      throw invalid(target, "SKU " + sku + " is not mapped to " + target);
    }
    ExternalRef location = c.location().system().equals(target)
        ? c.location() : locationMapping.map(c.location(), target);
    if (location == null) {
      throw invalid(target, "location " + c.location() + " is not mapped to " + target);
    }
    ExternalRef item = idMap.find(IdMap.Kind.SKU, sku, target).orElse(null);
    return new StockChange(targetSku, item, location, c.kind(), c.quantity(), c.reason(),
        c.rawReason(), c.occurredAt(), c.reference(), c.source());
  }

  private SaleTransformer transformer(Lane lane) {
    return transformers.getOrDefault(lane.sink(), SaleTransformer.IDENTITY);
  }

  private static ValidationException invalid(String system, String message) {
    return new ValidationException(message, ErrorContext.of(system, "sync.map"), List.of(), null);
  }

  private static <T> T require(@Nullable T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("sync envelope has no " + what);
    }
    return value;
  }
}
