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

  private static final String ORDER_FIELDS = """
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
      lineItems(first: $lineItemsFirst) {
        pageInfo { hasNextPage endCursor }
        nodes {
      %3$s
        }
      }
      discountApplications(first: 5) {
        pageInfo { hasNextPage }
        nodes {
          index allocationMethod targetSelection targetType
          value {
            ... on MoneyV2 { amount currencyCode }
            ... on PricingPercentageValue { percentage }
          }
          ... on DiscountCodeApplication { code }
          ... on ManualDiscountApplication { title }
          ... on AutomaticDiscountApplication { title }
          ... on ScriptDiscountApplication { title }
        }
      }
      shippingLines(first: 2) {
        pageInfo { hasNextPage }
        nodes {
          id title code
          originalPriceSet { %1$s }
          discountAllocations {
            allocatedAmountSet { %1$s }
            discountApplication { index }
          }
          taxLines { %2$s }
        }
      }
      transactions(first: 5) {
        id kind status gateway processedAt
        amountSet { %1$s }
        paymentDetails { ... on CardPaymentDetails { company number } }
      }
      """.formatted(MONEY, TAX_LINE, LINE_ITEM);

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
      %3$s
        }
      }
      """.formatted(MONEY, TAX_LINE, """
      discountApplications(first: 50) {
        nodes {
          index allocationMethod targetSelection targetType
          value {
            ... on MoneyV2 { amount currencyCode }
            ... on PricingPercentageValue { percentage }
          }
          ... on DiscountCodeApplication { code }
          ... on ManualDiscountApplication { title }
          ... on AutomaticDiscountApplication { title }
          ... on ScriptDiscountApplication { title }
        }
      }
      shippingLines(first: 50) {
        pageInfo { hasNextPage }
        nodes {
          id title code
          originalPriceSet { %1$s }
          discountAllocations {
            allocatedAmountSet { %1$s }
            discountApplication { index }
          }
          taxLines { %2$s }
        }
      }
      transactions(first: 100) {
        id kind status gateway processedAt
        amountSet { %1$s }
        paymentDetails { ... on CardPaymentDetails { company number } }
      }
      """.formatted(MONEY, TAX_LINE));

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
        ORDERS, ORDER, ORDER_DETAILS, ORDER_LINE_ITEMS, ORDER_REFUNDS, ORDER_ALL_REFUNDS,
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
