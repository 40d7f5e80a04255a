package dev.posbridge.core.sync;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.internal.sync.EnvelopeCodec;
import dev.posbridge.core.internal.sync.IdempotencyKeys;
import dev.posbridge.core.internal.sync.SyncEnvelope;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.SaleState;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.core.model.StockLevel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans a source event out into one outbox delivery per (target, action, part), each with a
 * deterministic idempotency key (also its outbox dedupe key) and an ordering key per (target,
 * entity). Target systems never include the event's own system.
 */
final class Router {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  private final List<String> salesSinks;
  private final List<String> inventories;
  private final List<String> customerTargets;
  private final Set<String> customerSources;
  private final IdMap idMap;
  private final Outbox outbox;
  private final EnvelopeCodec codec;
  private final SyncListener listener;
  private final boolean propagateStock;
  private final Set<String> lookups;
  private final AtomicLong unrouted = new AtomicLong();
  private final AtomicLong staleStock = new AtomicLong();

  Router(List<String> salesSinks, List<String> inventories, List<String> customerTargets,
      Set<String> customerSources, IdMap idMap, Outbox outbox, EnvelopeCodec codec,
      SyncListener listener, boolean propagateStock, Set<String> lookups) {
    this.lookups = lookups;
    this.salesSinks = salesSinks;
    this.inventories = inventories;
    this.customerTargets = customerTargets;
    this.customerSources = customerSources;
    this.idMap = idMap;
    this.outbox = outbox;
    this.codec = codec;
    this.listener = listener;
    this.propagateStock = propagateStock;
  }

  static String laneType(String sink, SyncAction action) {
    return sink + "/" + action.code();
  }

  /** Source events that led to no delivery and were not deliberately skipped. */
  long unrouted() {
    return unrouted.get();
  }

  /** Stock levels dropped because a newer level of the same item and location was routed. */
  long staleStock() {
    return staleStock.get();
  }

  List<OutboxEvent> route(ChangeEvent e) {
    List<OutboxEvent> out = new ArrayList<>();
    if (e.deleted()) {
      if (e.type() == ChangeType.SALE) {
        routeVoid(e, e.sale() != null ? e.sale().ref() : e.subject(), out);
      } else {
        unroutable(e, "it reports a deletion of a " + e.type() + ", which the pipeline does not propagate");
      }
      return out;
    }
    if (e.sale() != null && e.sale().state().isVoid()) {
      routeVoid(e, e.sale().ref(), out);
    } else if (e.sale() != null && e.sale().state() == dev.posbridge.core.model.SaleState.OPEN) {
      LOG.debug("{} sale {} is still open: nothing to book yet", e.system(), id(e.sale().ref()));
    } else if (e.sale() != null) {
      routeSale(e, e.sale(), out);
    } else if (e.refund() != null) {
      routeRefund(e, e.refund(), out);
    } else if (!e.stockLevels().isEmpty()) {
      if (propagateStock) {
        routeStock(e, out);
      }
    } else if (e.customer() != null) {
      routeCustomer(e, e.customer(), null, "event:" + e.eventId(), out);
    } else if (e.type() == ChangeType.CUSTOMER && customerSources.contains(e.system())) {
      routeCustomer(e, null, e.subject(), "event:" + e.eventId(), out);
    } else if (fetchable(e.type()) && lookups.contains(e.system())) {
      routeFetch(e, out);
    } else if (fetchable(e.type())) {
      unroutable(e, "it names a " + e.subject().type() + " without its content, and no sales source"
          + " of " + e.system() + " can read it (add one with SyncPipeline.builder().salesSource)");
    } else {
      unroutable(e, "it carries nothing the pipeline routes");
    }
    if (out.isEmpty() && (e.sale() != null || e.refund() != null)) {
      unroutable(e, "no target takes it (no sales sink or inventory other than its own system)");
    }
    return out;
  }

  private static boolean fetchable(ChangeType type) {
    return type == ChangeType.SALE || type == ChangeType.PAYMENT || type == ChangeType.REFUND;
  }

  private void unroutable(ChangeEvent e, String why) {
    unrouted.incrementAndGet();
    LOG.warn("{} event {} ({} {}) is not routed: {}", e.system(), e.eventId(), e.rawType(),
        e.subject().id(), why);
  }

  /**
   * A summary (an order, payment or refund named without its content): one fetch step on the
   * source's lane, keyed by the source event, so the read happens after the event is stored and is
   * retried like any delivery. The fetched sale or refunds are then submitted with the same keys as
   * a poll would give them, so a webhook and a poll book once.
   */
  private void routeFetch(ChangeEvent e, List<OutboxEvent> out) {
    String origin = e.system();
    String key = IdempotencyKeys.of("fetch", origin, e.eventId(), id(e.subject()));
    SyncEnvelope envelope = new SyncEnvelope(SyncEnvelope.SCHEMA, SyncAction.FETCH.code(), origin, key,
        origin, e.eventId(), false, null, null, null, null, null, e.subject(), e.type().name());
    add(out, origin, SyncAction.FETCH, "fetch:" + id(e.subject()), key, envelope);
  }

  /**
   * Routes the void of a sale that was cancelled, voided or deleted at its source: one delivery
   * per sales sink, keyed by the transition, ordered with the sale's other deliveries.
   */
  private void routeVoid(ChangeEvent e, ExternalRef saleRef, List<OutboxEvent> out) {
    String origin = e.system();
    String saleId = id(saleRef);
    Sale stub = e.sale() != null ? e.sale().toBuilder().state(voidState(e)).build()
        : Sale.builder().ref(saleRef).createdAt(e.occurredAt())
            .currency(java.util.Currency.getInstance("USD")).state(SaleState.DELETED)
            .deriveTotals().build();
    for (String sink : salesSinks) {
      if (!sink.equals(origin)) {
        String key = voidKey(saleRef, sink);
        add(out, sink, SyncAction.RECORD_SALE, "sale:" + saleId, key,
            envelope(SyncAction.RECORD_SALE, sink, key, e).sale(stub).build());
      }
    }
  }

  private static SaleState voidState(ChangeEvent e) {
    Sale sale = e.sale();
    if (sale != null && sale.state().isVoid()) {
      return sale.state();
    }
    return SaleState.DELETED;
  }

  private void routeSale(ChangeEvent e, Sale sale, List<OutboxEvent> out) {
    String origin = e.system();
    String saleId = id(sale.ref());
    for (String sink : salesSinks) {
      if (!sink.equals(origin)) {
        // One key per booked version: an amended sale is a new delivery, a replay is not.
        String key = saleKey(sale, sink);
        add(out, sink, SyncAction.RECORD_SALE, "sale:" + saleId, key,
            envelope(SyncAction.RECORD_SALE, sink, key, e).sale(sale).build());
      }
    }
    ExternalRef location = sale.location();
    List<SaleLine> lines = sale.lines();
    for (String target : inventories) {
      if (target.equals(origin)) {
        continue;
      }
      if (location == null && !lines.isEmpty()) {
        LOG.warn("sale {} has no location: stock in {} is not decremented", saleId, target);
        continue;
      }
      for (int i = 0; i < lines.size(); i++) {
        SaleLine line = lines.get(i);
        String sku = skuOf(line.sku(), line.item());
        if (line.quantity().signum() == 0 || location == null) {
          continue;
        }
        if (sku == null) {
          LOG.warn("sale {} line {} has no SKU and an unmapped item: stock not decremented", saleId, i);
          continue;
        }
        StockChange change = new StockChange(sku, null, location, StockChangeKind.ADJUST,
            line.quantity().negate(), StockChangeReason.SALE, null,
            sale.closedAt() != null ? sale.closedAt() : sale.createdAt(), saleId, sale.ref());
        String key = IdempotencyKeys.of("sale-stock", saleId, String.valueOf(i), target);
        add(out, target, SyncAction.APPLY_STOCK, "stock:" + sku + "@" + locationKey(location), key,
            envelope(SyncAction.APPLY_STOCK, target, key, e).stock(change).build());
      }
    }
    if (e.customer() != null || sale.customer() != null) {
      routeCustomer(e, e.customer(), sale.customer(), "sale:" + saleId, out);
    }
  }

  private void routeRefund(ChangeEvent e, Refund refund, List<OutboxEvent> out) {
    String origin = e.system();
    String refundId = id(refund.ref());
    String entity = "sale:" + (refund.originalSale() != null ? id(refund.originalSale()) : refundId);
    for (String sink : salesSinks) {
      if (!sink.equals(origin)) {
        String key = refundKey(refund, sink);
        add(out, sink, SyncAction.RECORD_REFUND, entity, key,
            envelope(SyncAction.RECORD_REFUND, sink, key, e).refund(refund).build());
      }
    }
    ExternalRef location = refund.location();
    if (location == null || !refund.restocks()) {
      if (refund.restocks()) {
        LOG.warn("refund {} has no location: nothing is restocked", refundId);
      }
      return;
    }
    for (String target : inventories) {
      if (target.equals(origin)) {
        continue;
      }
      List<RefundLine> lines = refund.lines();
      for (int i = 0; i < lines.size(); i++) {
        RefundLine line = lines.get(i);
        String sku = skuOf(line.sku(), line.item());
        if (!line.restock() || line.quantity().signum() == 0) {
          continue;
        }
        if (sku == null) {
          LOG.warn("refund {} line {} has no SKU and an unmapped item: not restocked", refundId, i);
          continue;
        }
        StockChange change = new StockChange(sku, null, location, StockChangeKind.ADJUST,
            line.quantity(), StockChangeReason.RETURN, null, refund.createdAt(), refundId,
            refund.ref());
        String key = IdempotencyKeys.of("refund-stock", refundId, String.valueOf(i), target);
        add(out, target, SyncAction.APPLY_STOCK, "stock:" + sku + "@" + locationKey(location), key,
            envelope(SyncAction.APPLY_STOCK, target, key, e).stock(change).build());
      }
    }
  }

  private void routeStock(ChangeEvent e, List<OutboxEvent> out) {
    String origin = e.system();
    List<StockLevel> levels = e.stockLevels();
    for (int i = 0; i < levels.size(); i++) {
      StockLevel level = levels.get(i);
      BigDecimal quantity = level.available() != null ? level.available() : level.quantity();
      String sku = skuOf(level.sku(), level.item());
      if (!outbox.advanceStockClock(origin, level.item().type() + "/" + level.item().id(),
          level.location().id(), level.asOf())) {
        staleStock.incrementAndGet();
        LOG.warn("{} event {}: stock level of {} at {} as of {} is older than one already applied;"
            + " dropped", origin, e.eventId(), level.item().id(), level.location().id(), level.asOf());
        continue;
      }
      if (outbox.consumeEcho(origin, level.location().id(), level.sku() != null ? level.sku() : sku,
          level.item().id(), quantity.toPlainString())) {
        notifyEcho(origin, sku != null ? sku : level.item().id(), level.location().id());
        continue;
      }
      for (String target : inventories) {
        if (target.equals(origin)) {
          continue;
        }
        StockChange change = new StockChange(sku, sku == null ? level.item() : null,
            level.location(), StockChangeKind.SET, quantity, StockChangeReason.CORRECTION, null,
            level.asOf(), origin + ":" + e.eventId(), level.item());
        String key = IdempotencyKeys.of("stock", origin, e.eventId(), String.valueOf(i), target);
        String entity = "stock:" + (sku != null ? sku : id(level.item())) + "@"
            + locationKey(level.location());
        add(out, target, SyncAction.APPLY_STOCK, entity, key,
            envelope(SyncAction.APPLY_STOCK, target, key, e).stock(change).build());
      }
    }
  }

  private void routeCustomer(ChangeEvent e, @Nullable Customer customer, @Nullable ExternalRef ref,
      String basis, List<OutboxEvent> out) {
    String origin = e.system();
    if (customer == null && (ref == null || !customerSources.contains(ref.system()))) {
      return;
    }
    String entity;
    if (ref != null) {
      entity = "customer:" + id(ref);
    } else {
      // Without a ref the early return above leaves only events that carry the customer.
      ExternalRef own = Objects.requireNonNull(customer).refIn(origin);
      entity = "customer:" + (own != null ? id(own)
          : customer.normalizedEmail() != null ? customer.normalizedEmail()
          : String.valueOf(customer.normalizedPhone()));
    }
    for (String target : customerTargets) {
      if (!target.equals(origin)) {
        String key = IdempotencyKeys.of("customer", origin, basis, target);
        add(out, target, SyncAction.UPSERT_CUSTOMER, entity, key,
            envelope(SyncAction.UPSERT_CUSTOMER, target, key, e).customer(customer, ref).build());
      }
    }
  }

  private void notifyEcho(String system, String sku, String location) {
    try {
      listener.onEchoSuppressed(system, sku, location);
    } catch (RuntimeException ex) {
      LOG.warn("sync listener failed", ex);
    }
  }

  private @Nullable String skuOf(@Nullable String sku, @Nullable ExternalRef item) {
    if (sku != null) {
      return sku;
    }
    return item == null ? null : idMap.canonicalId(IdMap.Kind.SKU, item).orElse(null);
  }

  private String locationKey(ExternalRef location) {
    return idMap.canonicalId(IdMap.Kind.LOCATION, location).orElse(id(location));
  }

  /**
   * Derives the key of the delivery that books a sale in a sales sink: the outbox dedupe key and
   * the idempotency key the vendor sees. The one derivation, also used by corrections.
   */
  static String saleKey(Sale sale, String sink) {
    if (sale.state().isVoid()) {
      return voidKey(sale.ref(), sink);
    }
    String saleId = id(sale.ref());
    return sale.version() == null ? IdempotencyKeys.of("sale", saleId, sink)
        : IdempotencyKeys.of("sale", saleId, "book@" + sale.revision(), sink);
  }

  /** Derives the key of the delivery that voids what a sales sink booked for a sale. */
  static String voidKey(ExternalRef saleRef, String sink) {
    return IdempotencyKeys.of("sale", id(saleRef), "void", sink);
  }

  /** Derives the key of the delivery that books a refund in a sales sink; see {@link #saleKey}. */
  static String refundKey(Refund refund, String sink) {
    return IdempotencyKeys.of("refund", id(refund.ref()), sink);
  }

  private static String id(ExternalRef ref) {
    return ref.system() + "/" + ref.type() + "/" + ref.id();
  }

  private void add(List<OutboxEvent> out, String target, SyncAction action, String entity,
      String key, SyncEnvelope envelope) {
    String ordering = target + "|" + entity;
    if (ordering.length() > 255) {
      ordering = target + "|" + IdempotencyKeys.of(entity);
    }
    out.add(new OutboxEvent(ordering, laneType(target, action), codec.write(envelope), key));
  }

  private static EnvelopeBuilder envelope(SyncAction action, String target, String key, ChangeEvent e) {
    return new EnvelopeBuilder(action, target, key, e.system(), e.eventId());
  }

  /** Assembles an envelope. */
  private static final class EnvelopeBuilder {
    private final SyncAction action;
    private final String target;
    private final String key;
    private final String origin;
    private final String originEvent;
    private @Nullable Sale sale;
    private @Nullable Refund refund;
    private @Nullable StockChange stock;
    private @Nullable Customer customer;
    private @Nullable ExternalRef customerRef;

    EnvelopeBuilder(SyncAction action, String target, String key, String origin, String originEvent) {
      this.action = action;
      this.target = target;
      this.key = key;
      this.origin = origin;
      this.originEvent = originEvent;
    }

    EnvelopeBuilder sale(Sale value) {
      this.sale = value;
      return this;
    }

    EnvelopeBuilder refund(Refund value) {
      this.refund = value;
      return this;
    }

    EnvelopeBuilder stock(StockChange value) {
      this.stock = value;
      return this;
    }

    EnvelopeBuilder customer(@Nullable Customer value, @Nullable ExternalRef ref) {
      this.customer = value;
      this.customerRef = value == null ? ref : null;
      return this;
    }

    SyncEnvelope build() {
      return new SyncEnvelope(SyncEnvelope.SCHEMA, action.code(), target, key, origin, originEvent,
          false, sale, refund, stock, customer, customerRef, null, null);
    }
  }
}
