package dev.posbridge.square.internal;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.SourceRecordException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads sales and refunds; records external sales and refunds. Thread-safe.
 *
 * @param api the API
 * @param catalog the catalog, for SKU resolution
 * @param locations the locations, when a query names none
 * @param resolveSkus whether to look up the SKUs of order lines in the catalog
 */
public record SalesService(SquareApi api, CatalogService catalog, LocationService locations, boolean resolveSkus) {

  private static final com.fasterxml.jackson.databind.ObjectMapper RAW = SquareJson.create();

  /** SearchOrders accepts at most this many location ids per call. */
  public static final int MAX_LOCATIONS_PER_SEARCH = 10;
  /** SearchOrders page size default and maximum. */
  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 1000;
  /** ListPaymentRefunds page maximum. */
  static final int REFUNDS_LIMIT = 100;

  /**
   * Reads the sales of a query.
   *
   * @param q the query
   * @return the sales, lazily paged
   */
  public PagedIterable<Sale> sales(SalesQuery q) {
    Supplier<List<List<String>>> batches = memo(() -> batches(q));
    return PagedIterable.startingAt(q.cursor(), text -> {
      PageCursor c = PageCursor.decode(text);
      List<List<String>> bs = batches.get();
      if (bs.isEmpty()) {
        return new Page<>(List.of(), null);
      }
      Orders orders = orders(q, bs.get(c.batch()), c);
      PageOf<Sale> page = new PageOf<>();
      for (Dto.SqOrder o : orders.list()) {
        if (Convert.list(o.lineItems()).isEmpty() && !Convert.list(o.returns()).isEmpty()) {
          continue; // a pure return: read through refunds()
        }
        page.map("order", "SearchOrders", o.id(), o, out -> {
          SalesMapper.OrderTimes times = timesOrNull(o);
          if (times == null || inWindow(times, q)) {
            // parsed once: the mapper reuses the times; a malformed one is reported by the mapper
            out.add(SalesMapper.sale(o, times, orders.skus(), "SearchOrders"));
          }
        });
      }
      return page.page(next(c, orders.response().cursor(), bs.size()));
    });
  }

  private static String raw(Object record, @Nullable String id) {
    try {
      return RAW.writeValueAsString(record);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
      return "{\"id\":\"" + id + "\"}";
    }
  }

  /**
   * The orders of one SearchOrders page, and the SKUs of the variations they name.
   *
   * @param response the page
   * @param list its orders
   * @param skus the SKU of a variation id, where known
   */
  private record Orders(
      Dto.SearchOrdersResponse response, List<Dto.SqOrder> list,
      Function<String, @Nullable String> skus) {}

  private Orders orders(SalesQuery q, List<String> batch, PageCursor c) {
    Dto.SearchOrdersResponse r = searchOrders(q, batch, c.square());
    List<Dto.SqOrder> list = Convert.list(r.orders());
    return new Orders(r, list, skus(list));
  }

  /**
   * The records mapped from one page, and those quarantined because they cannot be mapped: one
   * such record must not take its page (and every later record) with it.
   */
  private static final class PageOf<T> {
    private final List<T> out = new ArrayList<>();
    private final List<SourceRecordException> poison = new ArrayList<>();

    void map(String what, String operation, @Nullable String id, Object record,
        Consumer<List<T>> mapper) {
      try {
        mapper.accept(out);
      } catch (RuntimeException | StackOverflowError e) {
        poison.add(poison(what, operation, id, record, e));
      }
    }

    Page<T> page(@Nullable String next) {
      return new Page<>(out, next, poison);
    }
  }

  /** A record of a page that cannot be mapped, to be quarantined while the page goes on. */
  private static SourceRecordException poison(String what, String operation, @Nullable String id,
      Object record, Throwable cause) {
    return new SourceRecordException(what + " cannot be mapped: " + cause.getClass().getSimpleName(),
        ErrorContext.of("square", operation), id == null ? "?" : id, raw(record, id), cause);
  }

  /**
   * Reads the refunds of a query: first return orders (with their lines), then payment refunds.
   *
   * @param q the query
   * @return the refunds, lazily paged
   */
  public PagedIterable<Refund> refunds(SalesQuery q) {
    Supplier<List<List<String>>> batches = memo(() -> batches(q));
    // Payment refunds that return orders of this iteration already reported (refunds[] ids).
    Set<String> paidByReturns = java.util.concurrent.ConcurrentHashMap.newKeySet();
    return PagedIterable.startingAt(q.cursor(), text -> {
      PageCursor c = PageCursor.decode(text);
      if (c.phase() == 0) {
        List<List<String>> bs = batches.get();
        if (bs.isEmpty()) {
          return new Page<>(List.of(), new PageCursor(1, 0, null).encode());
        }
        Orders orders = orders(q, bs.get(c.batch()), c);
        PageOf<Refund> page = new PageOf<>();
        for (Dto.SqOrder o : orders.list()) {
          page.map("return order", "SearchOrders", o.id(), o, out -> {
            if (!Convert.list(o.returns()).isEmpty() && inWindow(o, q)) {
              out.addAll(SalesMapper.returns(o, orders.skus(), "SearchOrders"));
            }
          });
          for (Dto.SqOrderRefund ref : Convert.list(o.refunds())) {
            if (ref.id() != null) {
              // Its money is reported with the return (or quarantined with it), never twice.
              paidByReturns.add(ref.id());
            }
          }
        }
        String next = next(c, orders.response().cursor(), bs.size());
        if (next == null) {
          next = new PageCursor(1, 0, null).encode();
        }
        return page.page(next);
      }
      List<String> locs = q.locations();
      Map<String, @Nullable String> params = new LinkedHashMap<>();
      params.put("begin_time", q.from().toString());
      params.put("end_time", q.to().toString());
      params.put("sort_order", "ASC");
      params.put("location_id", locs.isEmpty() ? null : locs.get(c.batch()));
      params.put("cursor", c.square());
      params.put("limit", String.valueOf(REFUNDS_LIMIT));
      Dto.ListRefundsResponse r = api.get("ListPaymentRefunds", "/v2/refunds", params,
          Dto.ListRefundsResponse.class);
      PageOf<Refund> page = new PageOf<>();
      Set<String> reported = refundsOfReturnOrders(Convert.list(r.refunds()));
      for (Dto.SqRefund rf : Convert.list(r.refunds())) {
        if (rf.id() != null && (reported.contains(rf.id()) || paidByReturns.contains(rf.id()))) {
          continue; // the money of an itemized return, already reported with its return order
        }
        page.map("refund", "ListPaymentRefunds", rf.id(), rf,
            out -> out.add(SalesMapper.paymentRefund(rf, "ListPaymentRefunds")));
      }
      return page.page(next(c, r.cursor(), Math.max(1, locs.size())));
    });
  }

  /**
   * Reads the sale an order or payment names, in whatever state it is (the engine books a completed
   * sale, waits for an open one and voids a canceled one).
   *
   * @param ref a {@code square} ref of type {@code order} or {@code payment}
   * @return the sale; empty if there is no such object, or the order is a draft or a pure return
   */
  public Optional<Sale> sale(ExternalRef ref) {
    Dto.SqOrder o = switch (ref.type()) {
      case "order" -> order(ref.id());
      case "payment" -> {
        Dto.SqPayment p = payment(ref.id());
        yield p == null || p.orderId() == null ? null : order(p.orderId());
      }
      default -> throw new IllegalArgumentException("Square reads a sale by an order or payment ref, not a "
          + ref.type() + " ref: " + ref);
    };
    if (o == null || "DRAFT".equals(o.state())
        || (Convert.list(o.lineItems()).isEmpty() && !Convert.list(o.returns()).isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(SalesMapper.sale(o, skus(List.of(o)), "RetrieveOrder"));
  }

  /**
   * Reads the refunds a refund or an order names.
   *
   * @param ref a {@code square} ref of type {@code refund} (a payment refund) or {@code order}
   *     (the returns of a return order)
   * @return the refunds, possibly empty
   */
  public List<Refund> refundsOfSale(ExternalRef ref) {
    switch (ref.type()) {
      case "refund": {
        Dto.RefundResponse r;
        try {
          r = api.get("GetPaymentRefund", "/v2/refunds/" + ref.id(), Map.of(), Dto.RefundResponse.class);
        } catch (NotFoundException e) {
          return List.of();
        }
        return r.refund() == null ? List.of() : List.of(SalesMapper.paymentRefund(r.refund(), "GetPaymentRefund"));
      }
      case "order": {
        Dto.SqOrder o = order(ref.id());
        if (o == null || Convert.list(o.returns()).isEmpty()) {
          return List.of();
        }
        return SalesMapper.returns(o, skus(List.of(o)), "RetrieveOrder");
      }
      default:
        throw new IllegalArgumentException("Square reads refunds by a refund or order ref, not a "
            + ref.type() + " ref: " + ref);
    }
  }

  private Dto.@Nullable SqOrder order(String id) {
    try {
      return api.get("RetrieveOrder", "/v2/orders/" + id, Map.of(), Dto.OrderResponse.class).order();
    } catch (NotFoundException e) {
      return null;
    }
  }

  private Dto.@Nullable SqPayment payment(String id) {
    try {
      return api.get("GetPayment", "/v2/payments/" + id, Map.of(), Dto.PaymentResponse.class).payment();
    } catch (NotFoundException e) {
      return null;
    }
  }

  /**
   * An itemized return at the POS is one return order (with the returned lines) plus the payment
   * refund that paid it back; both are listed by Square. The payment refunds of a page whose
   * order is a return order, or that a return order lists in its {@code refunds[]}, are the same
   * money as that return: their ids are returned so that they are reported once, with the lines.
   */
  private Set<String> refundsOfReturnOrders(List<Dto.SqRefund> refunds) {
    Set<String> orderIds = new LinkedHashSet<>();
    for (Dto.SqRefund rf : refunds) {
      if (rf.orderId() != null) {
        orderIds.add(rf.orderId());
      }
    }
    Set<String> out = new java.util.HashSet<>();
    if (orderIds.isEmpty()) {
      return out;
    }
    Dto.BatchRetrieveOrdersResponse r = api.write("POST", "BatchRetrieveOrders", "/v2/orders/batch-retrieve",
        new Dto.BatchRetrieveOrdersRequest(null, List.copyOf(orderIds)), null, Dto.BatchRetrieveOrdersResponse.class);
    Set<String> returnOrders = new java.util.HashSet<>();
    for (Dto.SqOrder o : Convert.list(r.orders())) {
      if (!Convert.list(o.returns()).isEmpty() && o.id() != null) {
        returnOrders.add(o.id());
        for (Dto.SqOrderRefund ref : Convert.list(o.refunds())) {
          if (ref.id() != null) {
            out.add(ref.id());
          }
        }
      }
    }
    for (Dto.SqRefund rf : refunds) {
      if (rf.id() != null && rf.orderId() != null && returnOrders.contains(rf.orderId())) {
        out.add(rf.id());
      }
    }
    return out;
  }

  private static @Nullable String next(PageCursor c, @Nullable String squareCursor, int batches) {
    if (squareCursor != null && !squareCursor.isBlank()) {
      return new PageCursor(c.phase(), c.batch(), squareCursor).encode();
    }
    if (c.batch() + 1 < batches) {
      return new PageCursor(c.phase(), c.batch() + 1, null).encode();
    }
    return null; // end of this phase; the caller moves to the next phase, if any
  }

  private static SalesMapper.@Nullable OrderTimes timesOrNull(Dto.SqOrder o) {
    try {
      return SalesMapper.OrderTimes.of(o);
    } catch (RuntimeException e) {
      return null; // the mapper reports malformed times
    }
  }

  private static boolean inWindow(SalesMapper.OrderTimes t, SalesQuery q) {
    Instant at = switch (q.field()) {
      case UPDATED -> t.updated();
      case CREATED -> t.created();
      case CLOSED -> t.closed();
    };
    return at == null || at.isBefore(q.to());
  }

  private static boolean inWindow(Dto.SqOrder o, SalesQuery q) {
    String t = switch (q.field()) {
      case UPDATED -> o.updatedAt();
      case CREATED -> o.createdAt();
      case CLOSED -> o.closedAt();
    };
    Instant at = t == null ? null : parseOrNull(t);
    return at == null || at.isBefore(q.to());
  }

  private static @Nullable Instant parseOrNull(String t) {
    try {
      return Convert.time(t);
    } catch (RuntimeException e) {
      return null; // the mapper reports malformed times
    }
  }

  private Function<String, @Nullable String> skus(List<Dto.SqOrder> orders) {
    if (!resolveSkus) {
      return id -> null;
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Dto.SqOrder o : orders) {
      for (Dto.SqLineItem li : Convert.list(o.lineItems())) {
        if (li.catalogObjectId() != null) {
          ids.add(li.catalogObjectId());
        }
      }
      for (Dto.SqReturn ret : Convert.list(o.returns())) {
        for (Dto.SqReturnLineItem rl : Convert.list(ret.returnLineItems())) {
          if (rl.catalogObjectId() != null) {
            ids.add(rl.catalogObjectId());
          }
        }
      }
    }
    if (!ids.isEmpty()) {
      catalog.preload(ids);
    }
    return catalog::cachedSku;
  }

  private List<List<String>> batches(SalesQuery q) {
    List<String> ids = q.locations().isEmpty() ? locations.locationIds() : q.locations();
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += MAX_LOCATIONS_PER_SEARCH) {
      out.add(List.copyOf(ids.subList(i, Math.min(ids.size(), i + MAX_LOCATIONS_PER_SEARCH))));
    }
    return out;
  }

  private Dto.SearchOrdersResponse searchOrders(SalesQuery q, List<String> locs, @Nullable String cursor) {
    Dto.TimeRange range = new Dto.TimeRange(q.from().toString(), q.to().toString());
    Dto.DateTimeFilter dates = switch (q.field()) {
      case UPDATED -> new Dto.DateTimeFilter(null, range, null);
      case CREATED -> new Dto.DateTimeFilter(range, null, null);
      case CLOSED -> new Dto.DateTimeFilter(null, null, range);
    };
    String sortField = switch (q.field()) {
      case UPDATED -> "UPDATED_AT";
      case CREATED -> "CREATED_AT";
      case CLOSED -> "CLOSED_AT";
    };
    Dto.StateFilter states = q.completedOnly() ? new Dto.StateFilter(List.of("COMPLETED")) : null;
    int limit = q.pageSize() == 0 ? DEFAULT_LIMIT : Math.min(q.pageSize(), MAX_LIMIT);
    Dto.SearchOrdersRequest body = new Dto.SearchOrdersRequest(locs, cursor,
        new Dto.OrderQuery(new Dto.OrderFilter(states, dates), new Dto.OrderSort(sortField, "ASC")), limit);
    return api.search("SearchOrders", "/v2/orders/search", body, Dto.SearchOrdersResponse.class);
  }

  private static <T> Supplier<T> memo(Supplier<T> s) {
    return new Supplier<>() {
      private @Nullable T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = s.get();
        }
        return value;
      }
    };
  }

  // ------------------------------------------------------------------ writes

  /**
   * Records an externally made sale: CreateOrder, then one CreatePayment per tender with
   * {@code source_id: EXTERNAL}.
   *
   * @param sale the sale
   * @param options the idempotency key (derived per call)
   * @param defaultLocation the location when the sale has no Square location
   * @return the created order
   */
  public WriteResult recordSale(Sale sale, RequestOptions options, @Nullable String defaultLocation) {
    String base = baseKey(options, sale.ref().system() + "/" + sale.ref().type() + "/" + sale.ref().id());
    SaleWriter.Plan plan;
    try {
      plan = SaleWriter.plan(sale, defaultLocation);
    } catch (IllegalArgumentException e) {
      throw new ValidationException("Sale cannot be recorded in Square: " + e.getMessage(),
          ErrorContext.of(ExternalRefs.SYSTEM, "CreateOrder"), SaleWriter.mappingErrors(sale, defaultLocation), e);
    }
    dev.posbridge.core.model.Money implied = sale.impliedTotals().total();
    if (implied.compareTo(sale.totals().total()) != 0) {
      throw new ValidationException("Sale cannot be recorded in Square: its parts do not add up to its total",
          ErrorContext.of(ExternalRefs.SYSTEM, "CreateOrder"), List.of(new ValidationException.FieldError(
              "totals.total", "unbalanced_totals", "the parts add up to " + implied + " but the total is "
                  + sale.totals().total())), null);
    }
    String orderKey = Keys.fit(base + ":order", Keys.ORDER);
    Dto.OrderResponse created = api.write("POST", "CreateOrder", "/v2/orders",
        new Dto.CreateOrderRequest(plan.order(), orderKey), orderKey, Dto.OrderResponse.class);
    Dto.SqOrder order = SalesMapper.require(created.order(), "order");
    String orderId = SalesMapper.require(order.id(), "order.id");
    Integer version = order.version();
    for (int i = 0; i < plan.payments().size(); i++) {
      String key = Keys.fit(base + ":payment:" + i, Keys.PAYMENT);
      Dto.CreatePaymentRequest p = plan.payments().get(i).withOrder(orderId, key);
      Dto.PaymentResponse pr = api.write("POST", "CreatePayment", "/v2/payments", p, key,
          Dto.PaymentResponse.class);
      if (pr.payment() == null) {
        throw SalesMapper.invalid("CreatePayment answered without a payment", "CreatePayment",
            new IllegalStateException("no payment"));
      }
      version = version == null ? null : version + 1;
    }
    return new WriteResult(new dev.posbridge.core.model.ExternalRef(ExternalRefs.SYSTEM, "order", orderId,
        version == null ? null : version.toString()), true);
  }

  /**
   * Records a refund of a Square payment (RefundPayment).
   *
   * @param refund the refund; a {@code square/payment} ref, or a Square original sale whose first
   *     tender is the payment
   * @param options the idempotency key
   * @return the created payment refund
   */
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    String paymentId = null;
    for (dev.posbridge.core.model.ExternalRef r : refund.refs()) {
      if (paymentId == null) {
        paymentId = ExternalRefs.idOf(r, "payment");
      }
    }
    String orderId = ExternalRefs.idOf(refund.originalSale(), "order");
    if (paymentId == null && orderId != null) {
      Dto.OrderResponse or = api.get("RetrieveOrder", "/v2/orders/" + orderId, Map.of(), Dto.OrderResponse.class);
      for (Dto.SqTender t : Convert.list(or.order() == null ? null : or.order().tenders())) {
        if (paymentId == null) {
          paymentId = t.paymentId() != null ? t.paymentId() : t.id();
        }
      }
    }
    if (paymentId == null) {
      throw new ValidationException("Refund names no Square payment or order with a payment",
          ErrorContext.of(ExternalRefs.SYSTEM, "RefundPayment"), List.of(), null);
    }
    String key = Keys.fit(baseKey(options, refund.ref().system() + "/" + refund.ref().type() + "/"
        + refund.ref().id()) + ":refund", Keys.PAYMENT);
    String reason = refund.reason();
    if (reason != null && reason.length() > 192) {
      reason = reason.substring(0, 192);
    }
    Dto.RefundResponse r = api.write("POST", "RefundPayment", "/v2/refunds",
        new Dto.RefundPaymentRequest(key, Convert.sq(refund.amount()), paymentId, reason), key,
        Dto.RefundResponse.class);
    Dto.SqRefund created = SalesMapper.require(r.refund(), "refund");
    return new WriteResult(dev.posbridge.core.model.ExternalRef.of(ExternalRefs.SYSTEM, "refund",
        SalesMapper.require(created.id(), "refund.id")), true);
  }

  private static String baseKey(RequestOptions options, String fallback) {
    String k = options.idempotencyKey();
    return k != null ? k : "posbridge:" + fallback;
  }
}
