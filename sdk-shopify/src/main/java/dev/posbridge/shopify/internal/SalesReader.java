package dev.posbridge.shopify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads orders and refunds page by page. Thread-safe: holds no state between calls. */
public final class SalesReader {

  private static final Set<String> INCOMPLETE_FINANCIAL =
      Set.of("PENDING", "AUTHORIZED", "EXPIRED", "VOIDED");

  /** Orders per page: five full orders stay under Shopify's 1,000-point query cost limit. */
  public static final int MAX_ORDERS_PER_PAGE = 5;

  private static final int REFUNDS_PER_ORDER = 3;
  private static final int ALL_REFUNDS = 10;
  private static final int TRANSACTIONS_PER_ORDER = 5;

  private final ShopifyGraphql graphql;
  private final int pageSize;
  private final int lineItemsPageSize;
  private final int refundOrdersPageSize;

  /**
   * Creates a reader.
   *
   * @param graphql the client
   * @param pageSize orders per page unless the query asks for another size
   * @param lineItemsPageSize line items fetched with each order (more are paged separately)
   * @param refundOrdersPageSize orders per page when reading refunds
   */
  public SalesReader(
      ShopifyGraphql graphql, int pageSize, int lineItemsPageSize, int refundOrdersPageSize) {
    this.graphql = graphql;
    this.pageSize = pageSize;
    this.lineItemsPageSize = lineItemsPageSize;
    this.refundOrdersPageSize = refundOrdersPageSize;
  }

  /**
   * Returns the sales of a window.
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
    int first = Math.min(MAX_ORDERS_PER_PAGE, query.pageSize() > 0 ? query.pageSize() : pageSize);
    return PagedIterable.startingAt(query.cursor(), cursor -> {
      JsonNode data = graphql.query(Queries.ORDERS, Search.vars("first", first, "after", cursor,
          "query", search, "sortKey", sortKey, "lineItemsFirst", lineItemsPageSize));
      JsonNode orders = data.path("orders");
      List<Sale> sales = new ArrayList<>();
      for (JsonNode order : Nodes.nodes(orders)) {
        if (query.completedOnly() && !completed(order)) {
          continue;
        }
        sales.add(OrderMapper.sale(withDetails(order), moreLineItems(order)));
      }
      return new Page<>(sales, next(orders));
    });
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
   * Returns the refunds created in a window, found through the orders updated since its start.
   *
   * @param query the window
   * @return the lazily paged refunds
   */
  public PagedIterable<Refund> refunds(SalesQuery query) {
    String search = Search.window("updated_at", query.from(), null) + locations(query);
    int first = Math.min(refundOrdersPageSize, query.pageSize() > 0 ? query.pageSize() : refundOrdersPageSize);
    return PagedIterable.startingAt(query.cursor(), cursor -> {
      JsonNode data = graphql.query(Queries.ORDER_REFUNDS,
          Search.vars("first", first, "after", cursor, "query", search));
      JsonNode orders = data.path("orders");
      List<Refund> refunds = new ArrayList<>();
      for (JsonNode order : Nodes.nodes(orders)) {
        for (Refund r : OrderMapper.refunds(withAllRefunds(order))) {
          if (!r.createdAt().isBefore(query.from()) && r.createdAt().isBefore(query.to())) {
            refunds.add(r);
          }
        }
      }
      return new Page<>(refunds, next(orders));
    });
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

  /** Reads all refunds of an order whose page carried as many as it could. */
  private JsonNode withAllRefunds(JsonNode order) {
    if (order.path("refunds").size() < REFUNDS_PER_ORDER || !order.isObject()) {
      return order;
    }
    JsonNode all = graphql.query(Queries.ORDER_ALL_REFUNDS,
        Search.vars("id", order.path("id").asText())).path("order");
    if (all.path("refunds").size() >= ALL_REFUNDS) {
      throw OrderMapper.invalid("OrderAllRefunds", "order " + order.path("id").asText(),
          new IllegalArgumentException("more than " + (ALL_REFUNDS - 1) + " refunds"));
    }
    ObjectNode full = ((ObjectNode) order).deepCopy();
    full.set("refunds", all.path("refunds"));
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
