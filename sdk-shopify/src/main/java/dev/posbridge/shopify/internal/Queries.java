package dev.posbridge.shopify.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every GraphQL document the Shopify connector sends, in one place so that tests can validate all
 * of them against Shopify's Admin schema. Each document holds exactly one named operation; the
 * operation name doubles as the transport's operation name and the cost limiter's key.
 *
 * <p>Page sizes are variables so that one document serves every page; the defaults in
 * {@link ShopifyGraphql} keep each query's requested cost well under Shopify's 1,000-point
 * single-query limit (connection ≈ 2 + first × node cost).
 */
public final class Queries {

  private Queries() {}

  private static final String MONEY = "shopMoney { amount currencyCode }";

  private static final String TAX_LINE =
      "title rate priceSet { " + MONEY + " }";

  private static final String LINE_ITEM = """
      id name title sku quantity
      variant { id }
      originalUnitPriceSet { %1$s }
      originalTotalSet { %1$s }
      discountAllocations {
        allocatedAmountSet { %1$s }
        discountApplication { index }
      }
      taxLines { %2$s }
      """.formatted(MONEY, TAX_LINE);

  /** An order's own fields, without its nested lists. */
  private static final String ORDER_SCALARS = """
      id legacyResourceId name createdAt processedAt updatedAt cancelledAt closedAt
      currencyCode sourceName sourceIdentifier taxesIncluded test note
      displayFinancialStatus
      retailLocation { id }
      customer { id }
      subtotalPriceSet { %1$s }
      totalPriceSet { %1$s }
      totalTaxSet { %1$s }
      totalDiscountsSet { %1$s }
      totalShippingPriceSet { %1$s }
      totalTipReceivedSet { %1$s }
      taxLines { %2$s }
      """.formatted(MONEY, TAX_LINE);

  private static final String DISCOUNT_APPLICATION = """
      index allocationMethod targetSelection targetType
      value {
        ... on MoneyV2 { amount currencyCode }
        ... on PricingPercentageValue { percentage }
      }
      ... on DiscountCodeApplication { code }
      ... on ManualDiscountApplication { title }
      ... on AutomaticDiscountApplication { title }
      ... on ScriptDiscountApplication { title }
      """;

  private static final String SHIPPING_LINE = """
      id title code
      originalPriceSet { %1$s }
      discountAllocations {
        allocatedAmountSet { %1$s }
        discountApplication { index }
      }
      taxLines { %2$s }
      """.formatted(MONEY, TAX_LINE);

  private static final String TRANSACTION = """
      id kind status gateway processedAt
      amountSet { %1$s }
      paymentDetails { ... on CardPaymentDetails { company number } }
      """.formatted(MONEY);

  private static final String ORDER_FIELDS = """
      %1$s
      lineItems(first: $lineItemsFirst) {
        pageInfo { hasNextPage endCursor }
        nodes {
      %2$s
        }
      }
      discountApplications(first: 5) {
        pageInfo { hasNextPage }
        nodes {
      %3$s
        }
      }
      shippingLines(first: 2) {
        pageInfo { hasNextPage }
        nodes {
      %4$s
        }
      }
      transactions(first: 5) {
      %5$s
      }
      """.formatted(ORDER_SCALARS, LINE_ITEM, DISCOUNT_APPLICATION, SHIPPING_LINE, TRANSACTION);

  /** Orders changed, created or processed in a window: one page. */
  public static final String ORDERS = """
      query Orders($first: Int!, $after: String, $query: String, $sortKey: OrderSortKeys, \
      $lineItemsFirst: Int!) {
        orders(first: $first, after: $after, query: $query, sortKey: $sortKey) {
          pageInfo { hasNextPage endCursor }
          nodes {
      %s
          }
        }
      }
      """.formatted(ORDER_FIELDS);

  /** One order by id, e.g. the subject of an {@code orders/*} webhook. */
  public static final String ORDER = """
      query Order($id: ID!, $lineItemsFirst: Int!) {
        order(id: $id) {
      %s
        }
      }
      """.formatted(ORDER_FIELDS);

  /**
   * An order's discount applications, shipping lines and transactions in full, for the rare
   * order with more than the {@link #ORDERS} page carries.
   */
  public static final String ORDER_DETAILS = """
      query OrderDetails($id: ID!) {
        order(id: $id) {
          id
          discountApplications(first: 50) {
            nodes {
      %1$s
            }
          }
          shippingLines(first: 50) {
            pageInfo { hasNextPage }
            nodes {
      %2$s
            }
          }
          transactions(first: 100) {
      %3$s
          }
        }
      }
      """.formatted(DISCOUNT_APPLICATION, SHIPPING_LINE, TRANSACTION);

  /** The further line items of one order, past the first page. */
  public static final String ORDER_LINE_ITEMS = """
      query OrderLineItems($id: ID!, $first: Int!, $after: String) {
        order(id: $id) {
          id
          lineItems(first: $first, after: $after) {
            pageInfo { hasNextPage endCursor }
            nodes {
      %s
            }
          }
        }
      }
      """.formatted(LINE_ITEM);

  /**
   * Starts a bulk query operation ({@link #bulkOrders}) with each order's nested items right after
   * it in the result ({@code groupObjects}), so the result can be read one order at a time.
   */
  public static final String BULK_OPERATION_RUN_QUERY = """
      mutation BulkOperationRunQuery($query: String!) {
        bulkOperationRunQuery(query: $query, groupObjects: true) {
          bulkOperation { id status }
          userErrors { field message code }
        }
      }
      """;

  /** The state of a bulk operation (through {@code node}, which every supported version has). */
  public static final String BULK_OPERATION = """
      query BulkOperation($id: ID!) {
        node(id: $id) {
          ... on BulkOperation {
            id status errorCode objectCount rootObjectCount fileSize url partialDataUrl
          }
        }
      }
      """;

  /** Cancels a bulk operation that is not wanted any more (its wait timed out). */
  public static final String BULK_OPERATION_CANCEL = """
      mutation BulkOperationCancel($id: ID!) {
        bulkOperationCancel(id: $id) {
          bulkOperation { id status }
          userErrors { field message }
        }
      }
      """;

  /**
   * The bulk query over the orders of a window: the same fields as {@link #ORDERS}, with every
   * line item, discount application and shipping line (each becomes its own line of the result,
   * with {@code __typename} to tell them apart) and up to 100 transactions. A bulk query takes no
   * variables, so the search string is embedded as a GraphQL string literal.
   *
   * @param search the search query, e.g. {@code updated_at:>='2025-01-01T00:00:00Z'}
   * @param sortKey an {@code OrderSortKeys} value, e.g. {@code UPDATED_AT}
   * @return the document
   */
  public static String bulkOrders(String search, String sortKey) {
    if (!sortKey.matches("[A-Z_]+")) {
      throw new IllegalArgumentException("not a sort key: " + sortKey);
    }
    return """
        {
          orders(query: %1$s, sortKey: %2$s) {
            edges {
              node {
        %3$s
                lineItems { edges { node { __typename
        %4$s
                } } }
                discountApplications { edges { node { __typename
        %5$s
                } } }
                shippingLines { edges { node { __typename
        %6$s
                } } }
                transactions(first: 100) {
        %7$s
                }
              }
            }
          }
        }
        """.formatted(stringLiteral(search), sortKey, ORDER_SCALARS, LINE_ITEM, DISCOUNT_APPLICATION,
        SHIPPING_LINE, TRANSACTION);
  }

  /** A GraphQL string literal: quotes, backslashes and control characters escaped. */
  static String stringLiteral(String value) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static final String REFUND_FIELDS = """
      id createdAt processedAt note
      totalRefundedSet { %1$s }
      refundLineItems(first: 10) {
        pageInfo { hasNextPage }
        nodes {
          lineItem { id sku name variant { id } }
          quantity restockType restocked
          location { id }
          priceSet { %1$s }
          subtotalSet { %1$s }
          totalTaxSet { %1$s }
        }
      }
      transactions(first: 3) {
        pageInfo { hasNextPage }
        nodes {
          id kind status gateway processedAt
          amountSet { %1$s }
          paymentDetails { ... on CardPaymentDetails { company number } }
        }
      }
      """.formatted(MONEY);

  /** Orders with their refunds, to read the refunds created in a window: one page. */
  public static final String ORDER_REFUNDS = """
      query OrderRefunds($first: Int!, $after: String, $query: String) {
        orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id currencyCode taxesIncluded retailLocation { id } customer { id }
            refunds(first: 3) {
      %1$s
            }
          }
        }
      }
      """.formatted(REFUND_FIELDS);

  /**
   * Which orders of a window have refunds, and when they were created: a cheap scan (ids and
   * times only, about 12 points per order) so that a poll pays for full refunds only for orders
   * that have one in the window ({@link #ORDER_ALL_REFUNDS}).
   */
  public static final String ORDER_REFUND_TIMES = """
      query OrderRefundTimes($first: Int!, $after: String, $query: String) {
        orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id
            refunds(first: 10) { id createdAt }
          }
        }
      }
      """;

  /** All refunds of one order, when the order page's first refunds were not all of them. */
  public static final String ORDER_ALL_REFUNDS = """
      query OrderAllRefunds($id: ID!) {
        order(id: $id) {
          id currencyCode taxesIncluded retailLocation { id } customer { id }
          refunds(first: 9) {
      %s
          }
        }
      }
      """.formatted(REFUND_FIELDS);

  private static final String LEVEL_FIELDS = """
      id updatedAt
      location { id }
      quantities(names: ["available", "on_hand", "committed", "incoming"]) { name quantity }
      """;

  /** Inventory items (optionally filtered by a search query) with their levels: one page. */
  public static final String INVENTORY_ITEMS = """
      query InventoryItems($first: Int!, $after: String, $query: String, $levelsFirst: Int!) {
        inventoryItems(first: $first, after: $after, query: $query) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id sku tracked
            inventoryLevels(first: $levelsFirst) {
              pageInfo { hasNextPage endCursor }
              nodes {
      %s
              }
            }
          }
        }
      }
      """.formatted(LEVEL_FIELDS);

  /** The further inventory levels of one item, past the first page. */
  public static final String INVENTORY_ITEM_LEVELS = """
      query InventoryItemLevels($id: ID!, $first: Int!, $after: String) {
        inventoryItem(id: $id) {
          id sku
          inventoryLevels(first: $first, after: $after) {
            pageInfo { hasNextPage endCursor }
            nodes {
      %s
            }
          }
        }
      }
      """.formatted(LEVEL_FIELDS);

  private static final String ADJUSTMENT_GROUP = """
      inventoryAdjustmentGroup {
        id createdAt reason referenceDocumentUri
        changes { name delta quantityAfterChange item { id sku } location { id } }
      }
      userErrors { code field message }
      """;

  /** Relative changes of one named quantity, idempotent by key. */
  public static final String INVENTORY_ADJUST = """
      mutation InventoryAdjustQuantities($input: InventoryAdjustQuantitiesInput!, \
      $idempotencyKey: String!) {
        inventoryAdjustQuantities(input: $input) @idempotent(key: $idempotencyKey) {
      %s
        }
      }
      """.formatted(ADJUSTMENT_GROUP);

  /** Absolute counts of one named quantity with compare-and-set, idempotent by key. */
  public static final String INVENTORY_SET = """
      mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, \
      $idempotencyKey: String!) {
        inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
      %s
        }
      }
      """.formatted(ADJUSTMENT_GROUP);

  private static final String CUSTOMER_FIELDS = """
      id firstName lastName note createdAt updatedAt
      defaultEmailAddress { emailAddress marketingState }
      defaultPhoneNumber { phoneNumber smsMarketingConsent { state } }
      defaultAddress { address1 address2 city provinceCode zip countryCodeV2 company }
      """;

  /** Customers matching a search query (email, phone): first page only. */
  public static final String CUSTOMERS = """
      query Customers($first: Int!, $query: String!) {
        customers(first: $first, query: $query) {
          nodes {
      %s
          }
        }
      }
      """.formatted(CUSTOMER_FIELDS);

  /** One customer by id. */
  public static final String CUSTOMER = """
      query Customer($id: ID!) {
        customer(id: $id) {
      %s
        }
      }
      """.formatted(CUSTOMER_FIELDS);

  /** Creates a customer. */
  public static final String CUSTOMER_CREATE = """
      mutation CustomerCreate($input: CustomerInput!) {
        customerCreate(input: $input) {
          customer {
      %s
          }
          userErrors { field message }
        }
      }
      """.formatted(CUSTOMER_FIELDS);

  /** Updates a customer. */
  public static final String CUSTOMER_UPDATE = """
      mutation CustomerUpdate($input: CustomerInput!) {
        customerUpdate(input: $input) {
          customer {
      %s
          }
          userErrors { field message }
        }
      }
      """.formatted(CUSTOMER_FIELDS);

  /** Product variants (optionally filtered by a search query): one page. */
  public static final String PRODUCT_VARIANTS = """
      query ProductVariants($first: Int!, $after: String, $query: String) {
        shop { currencyCode }
        productVariants(first: $first, after: $after, query: $query) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id sku barcode title displayName price
            inventoryItem { id tracked }
            product { id title }
          }
        }
      }
      """;

  /** Locations, active and inactive: one page. */
  public static final String LOCATIONS = """
      query Locations($first: Int!, $after: String) {
        locations(first: $first, after: $after, includeInactive: true) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id name isActive
            address { address1 address2 city provinceCode zip countryCode }
          }
        }
      }
      """;

  /**
   * Returns every document by operation name.
   *
   * @return operation name to document, in declaration order
   */
  public static Map<String, String> all() {
    Map<String, String> all = new LinkedHashMap<>();
    for (String doc : new String[] {
        ORDERS, ORDER, ORDER_DETAILS, ORDER_LINE_ITEMS, ORDER_REFUNDS, ORDER_REFUND_TIMES, ORDER_ALL_REFUNDS,
        BULK_OPERATION_RUN_QUERY, BULK_OPERATION, BULK_OPERATION_CANCEL,
        INVENTORY_ITEMS, INVENTORY_ITEM_LEVELS, INVENTORY_ADJUST, INVENTORY_SET, CUSTOMERS, CUSTOMER, CUSTOMER_CREATE, CUSTOMER_UPDATE,
        PRODUCT_VARIANTS, LOCATIONS}) {
      all.put(operationName(doc), doc);
    }
    return all;
  }

  /**
   * Returns the operation name of a document.
   *
   * @param document a document starting with {@code query Name} or {@code mutation Name}
   * @return the name
   */
  public static String operationName(String document) {
    String s = document.strip();
    int start = s.indexOf(' ') + 1;
    int end = start;
    while (end < s.length() && Character.isJavaIdentifierPart(s.charAt(end))) {
      end++;
    }
    return s.substring(start, end);
  }
}
