package dev.posbridge.shopify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.SourceRecordException;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Reads orders and refunds page by page; order pages (and the refund scan's) are as large as
 * Shopify's query cost budget allows ({@link PageSizer}). A window longer than the bulk threshold
 * is read through a bulk query operation instead ({@link BulkOrderReader}), each order mapped the
 * same way. Thread-safe; the only state kept between calls is the cost per order observed for
 * each number of line items per order, and the result URLs of recent bulk operations.
 */
public final class SalesReader {

  static final Set<String> INCOMPLETE_FINANCIAL =
      Set.of("PENDING", "AUTHORIZED", "EXPIRED", "VOIDED");

  /**
   * Orders on a page while its cost is unknown: five orders with ten lines each stay under
   * Shopify's 1,000-point single-query limit. Later pages are sized to the measured cost.
   */
  public static final int INITIAL_ORDERS_PER_PAGE = 5;
  /** The most orders one page may ask for (Shopify's maximum {@code first}). */
  public static final int MAX_ORDERS_PER_PAGE = PageSizer.MAX_FIRST;

  /**
   * Orders on the refund scan's first page (about 122 requested points); later pages are sized to
   * the cost budget (about 80 orders).
   */
  public static final int INITIAL_REFUND_SCAN_PAGE = 10;
  /** Refunds read per order when its page did not carry them all (bounded by the query cost). */
  private static final int ALL_REFUNDS = 9;
  private static final int TRANSACTIONS_PER_ORDER = 5;

  private final ShopifyGraphql graphql;
  private final int pageSize;
  private final int lineItemsPageSize;
  private final int refundOrdersPageSize;
  private final PageSizer orderPages = new PageSizer();
  private final PageSizer refundScanPages = new PageSizer();
  private final BulkOrderReader bulk;
  private final Duration bulkThreshold;

  /**
   * Creates a reader.
   *
   * @param graphql the client
   * @param pageSize the most orders per page unless the query asks for another size; pages are
   *     further limited by the query cost budget
   * @param lineItemsPageSize the most line items fetched with each order (more are paged
   *     separately); a page asks for as many as the previous page's largest order had
   * @param refundOrdersPageSize orders on the refund scan's first page; later pages are sized to
   *     the cost budget
   * @param bulk reads long windows through bulk operations
   * @param bulkThreshold windows longer than this are read through a bulk operation
   */
  public SalesReader(ShopifyGraphql graphql, int pageSize, int lineItemsPageSize,
      int refundOrdersPageSize, BulkOrderReader bulk, Duration bulkThreshold) {
    this.graphql = graphql;
    this.pageSize = pageSize;
    this.lineItemsPageSize = lineItemsPageSize;
    this.refundOrdersPageSize = refundOrdersPageSize;
    this.bulk = bulk;
    this.bulkThreshold = bulkThreshold;
  }

  /**
   * Returns the sales of a window. A window longer than the bulk threshold (and not resumed from a
   * page cursor) is read through a bulk operation, or page by page if Shopify runs as many bulk
   * queries for the app as it allows; a bulk cursor resumes the bulk result.
   *
   * @param query the window
   * @return the lazily paged sales
   */
  public PagedIterable<Sale> sales(SalesQuery query) {
    String field = switch (query.field()) {
      case CREATED -> "created_at";
      case UPDATED -> "updated_at";
      case CLOSED -> "processed_at";
    };
    String sortKey = switch (query.field()) {
      case CREATED -> "CREATED_AT";
      case UPDATED -> "UPDATED_AT";
      case CLOSED -> "PROCESSED_AT";
    };
    String search = Search.window(field, query.from(), query.to()) + locations(query);
    int cap = Math.min(MAX_ORDERS_PER_PAGE, query.pageSize() > 0 ? query.pageSize() : pageSize);
    AtomicInteger lines = new AtomicInteger(lineItemsPageSize);
    boolean backfill = query.cursor() == null
        && Duration.between(query.from(), query.to()).compareTo(bulkThreshold) > 0;
    return PagedIterable.startingAt(query.cursor(), cursor -> {
      if (cursor == null && backfill) {
        String operation = bulk.start(search, sortKey);
        if (operation != null) {
          return bulkPage(query, bulk.first(operation, cap));
        }
      } else if (cursor != null && BulkOrderReader.isCursor(cursor)) {
        return bulkPage(query, bulk.next(cursor, cap));
      }
      int lineItemsFirst = lines.get();
      int first = orderPages.first(lineItemsFirst, INITIAL_ORDERS_PER_PAGE, cap);
      ShopifyGraphql.Answer answer = graphql.queryWithCost(Queries.ORDERS, Search.vars("first", first,
          "after", cursor, "query", search, "sortKey", sortKey, "lineItemsFirst", lineItemsFirst));
      orderPages.observe(lineItemsFirst, first, answer.requestedCost());
      JsonNode orders = answer.data().path("orders");
      List<Sale> sales = new ArrayList<>();
      List<SourceRecordException> poison = new ArrayList<>();
      int mostLines = 1;
      boolean truncated = false;
      for (JsonNode order : Nodes.nodes(orders)) {
        mostLines = Math.max(mostLines, order.path("lineItems").path("nodes").size());
        truncated |= order.path("lineItems").path("pageInfo").path("hasNextPage").asBoolean(false);
        if (query.completedOnly() && !completed(order)) {
          continue;
        }
        // The vendor calls for an order's further details fail the page (they are retried);
        // an order that cannot be mapped is quarantined and the page goes on.
        JsonNode detailed = withDetails(order);
        List<JsonNode> more = moreLineItems(order);
        try {
          sales.add(OrderMapper.sale(detailed, more));
        } catch (RuntimeException | StackOverflowError e) {
          poison.add(poison("order", "Orders", order, e));
        }
      }
      // The next page asks for as many lines per order as this page's largest order had (fewer
      // lines per order, more orders per page), back to the maximum when an order had more.
      lines.set(truncated ? lineItemsPageSize : Math.min(lineItemsPageSize, mostLines));
      return new Page<>(sales, next(orders), poison);
    });
  }

  /**
   * Maps a chunk of a bulk result the way a page is mapped: every order with all its items, so no
   * further calls; the limits the paged path enforces through its detail reads apply too.
   */
  private Page<Sale> bulkPage(SalesQuery query, BulkOrderReader.Chunk chunk) {
    List<Sale> sales = new ArrayList<>();
    List<SourceRecordException> poison = new ArrayList<>(chunk.poison());
    for (JsonNode order : chunk.orders()) {
      if (query.completedOnly() && !completed(order)) {
        continue;
      }
      try {
        if (order.path("shippingLines").path("nodes").size() > 50
            || order.path("transactions").size() >= 100) {
          throw OrderMapper.invalid("OrderDetails", "order " + order.path("id").asText(),
              new IllegalArgumentException("more than 50 shipping lines or 100 transactions"));
        }
        sales.add(OrderMapper.sale(order, List.of()));
      } catch (RuntimeException | StackOverflowError e) {
        poison.add(poison("order", "Orders", order, e));
      }
    }
    return new Page<>(sales, chunk.next(), poison);
  }

  /**
   * Reads one order as a sale.
   *
   * @param orderId the order GID or number
   * @return the sale, or empty if Shopify has no such order
   */
  public Optional<Sale> sale(String orderId) {
    JsonNode order = graphql.query(Queries.ORDER, Search.vars("id", Nodes.gid("Order", orderId),
        "lineItemsFirst", lineItemsPageSize)).path("order");
    if (!order.isObject()) {
      return Optional.empty();
    }
    return Optional.of(OrderMapper.sale(withDetails(order), moreLineItems(order)));
  }

  /**
   * Reads all refunds of one order.
   *
   * @param orderId the order GID or number
   * @return the refunds, empty if there is no such order
   */
  public List<Refund> refundsOfSale(String orderId) {
    JsonNode order = orderWithAllRefunds(orderId);
    return order.isObject() ? refundsOfSale(order) : List.of();
  }

  private JsonNode orderWithAllRefunds(String orderId) {
    return graphql.query(Queries.ORDER_ALL_REFUNDS,
        Search.vars("id", Nodes.gid("Order", orderId))).path("order");
  }

  private static List<Refund> refundsOfSale(JsonNode order) {
    if (order.path("refunds").size() >= ALL_REFUNDS) {
      throw OrderMapper.invalid("OrderAllRefunds", "order " + order.path("id").asText(),
          new IllegalArgumentException("more than " + (ALL_REFUNDS - 1) + " refunds"));
    }
    return OrderMapper.refunds(order);
  }

  /**
   * Returns the refunds created in a window, found through the orders updated since its start: a
   * cheap scan of refund ids and times ({@link Queries#ORDER_REFUND_TIMES}), then the full refunds
   * ({@link Queries#ORDER_ALL_REFUNDS}) only of the orders with a refund created in the window.
   *
   * @param query the window
   * @return the lazily paged refunds
   */
  public PagedIterable<Refund> refunds(SalesQuery query) {
    String search = Search.window("updated_at", query.from(), null) + locations(query);
    int cap = query.pageSize() > 0 ? query.pageSize() : MAX_ORDERS_PER_PAGE;
    return PagedIterable.startingAt(query.cursor(), cursor -> {
      // One shape (refund ids and times per order): pages grow to the cost budget once measured.
      int first = refundScanPages.first(0, refundOrdersPageSize, cap);
      ShopifyGraphql.Answer answer = graphql.queryWithCost(Queries.ORDER_REFUND_TIMES,
          Search.vars("first", first, "after", cursor, "query", search));
      refundScanPages.observe(0, first, answer.requestedCost());
      JsonNode orders = answer.data().path("orders");
      List<Refund> refunds = new ArrayList<>();
      List<SourceRecordException> poison = new ArrayList<>();
      for (JsonNode order : Nodes.nodes(orders)) {
        if (!hasRefundIn(order, query)) {
          continue;
        }
        JsonNode full = orderWithAllRefunds(order.path("id").asText());
        if (!full.isObject()) {
          continue;
        }
        List<Refund> ofOrder;
        try {
          ofOrder = refundsOfSale(full);
        } catch (RuntimeException | StackOverflowError e) {
          poison.add(poison("refunds of order", "OrderAllRefunds", full, e));
          continue;
        }
        for (Refund r : ofOrder) {
          if (!r.createdAt().isBefore(query.from()) && r.createdAt().isBefore(query.to())) {
            refunds.add(r);
          }
        }
      }
      return new Page<>(refunds, next(orders), poison);
    });
  }

  private static boolean hasRefundIn(JsonNode order, SalesQuery query) {
    for (JsonNode r : order.path("refunds")) {
      String created = r.path("createdAt").asText(null);
      if (created == null) {
        return true; // cannot tell: read it
      }
      java.time.Instant at;
      try {
        at = java.time.OffsetDateTime.parse(created).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        return true; // the full read reports it with context
      }
      if (!at.isBefore(query.from()) && at.isBefore(query.to())) {
        return true;
      }
    }
    return false;
  }

  /** An order that cannot be mapped, to be quarantined with its raw JSON while the page goes on. */
  private static SourceRecordException poison(String what, String operation, JsonNode order, Throwable cause) {
    String id = order.path("id").asText("");
    return new SourceRecordException(what + " cannot be mapped: " + cause.getClass().getSimpleName(),
        ErrorContext.of("shopify", operation), id.isEmpty() ? "?" : id, order.toString(), cause);
  }

  /** Replaces the capped lists of an order that may have more with their full versions. */
  private JsonNode withDetails(JsonNode order) {
    boolean more = order.path("transactions").size() >= TRANSACTIONS_PER_ORDER
        || order.path("shippingLines").path("pageInfo").path("hasNextPage").asBoolean(false)
        || order.path("discountApplications").path("pageInfo").path("hasNextPage").asBoolean(false);
    if (!more || !order.isObject()) {
      return order;
    }
    JsonNode details = graphql.query(Queries.ORDER_DETAILS,
        Search.vars("id", order.path("id").asText())).path("order");
    if (details.path("shippingLines").path("pageInfo").path("hasNextPage").asBoolean(false)
        || details.path("transactions").size() >= 100) {
      throw OrderMapper.invalid("OrderDetails", "order " + order.path("id").asText(),
          new IllegalArgumentException("more than 50 shipping lines or 100 transactions"));
    }
    ObjectNode full = ((ObjectNode) order).deepCopy();
    full.set("discountApplications", details.path("discountApplications"));
    full.set("shippingLines", details.path("shippingLines"));
    full.set("transactions", details.path("transactions"));
    return full;
  }

  private List<JsonNode> moreLineItems(JsonNode order) {
    JsonNode pageInfo = order.path("lineItems").path("pageInfo");
    List<JsonNode> more = new ArrayList<>();
    String cursor = pageInfo.path("endCursor").asText(null);
    boolean hasNext = pageInfo.path("hasNextPage").asBoolean(false);
    while (hasNext) {
      JsonNode data = graphql.query(Queries.ORDER_LINE_ITEMS, Search.vars(
          "id", order.path("id").asText(), "first", 50, "after", cursor));
      JsonNode items = data.path("order").path("lineItems");
      more.addAll(Nodes.nodes(items));
      String nextCursor = items.path("pageInfo").path("endCursor").asText(null);
      hasNext = items.path("pageInfo").path("hasNextPage").asBoolean(false)
          && nextCursor != null && !nextCursor.equals(cursor);
      cursor = nextCursor;
    }
    return more;
  }

  private static boolean completed(JsonNode order) {
    if (order.path("cancelledAt").isTextual()) {
      return false;
    }
    String status = order.path("displayFinancialStatus").asText("");
    return !INCOMPLETE_FINANCIAL.contains(status);
  }

  private static String locations(SalesQuery query) {
    if (query.locations().isEmpty()) {
      return "";
    }
    List<String> ids = query.locations().stream()
        .map(l -> Nodes.legacyId(Nodes.gid("Location", l))).toList();
    return " AND " + Search.anyOf("location_id", ids);
  }

  static @Nullable String next(JsonNode connection) {
    JsonNode pageInfo = connection.path("pageInfo");
    if (!pageInfo.path("hasNextPage").asBoolean(false)) {
      return null;
    }
    String cursor = pageInfo.path("endCursor").asText(null);
    return cursor == null || cursor.isBlank() ? null : cursor;
  }
}
