package dev.posbridge.examples.spring;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.netsuite.NetSuiteSimulator;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The four vendor simulators, seeded with one store and a few SKUs, and the {@code posbridge.*}
 * properties that point the starter at them. Replace it with real credentials (environment
 * variables) to run against sandboxes: see docs/guides/sandboxes.md.
 */
public final class Simulators implements AutoCloseable {

  /** The QuickBooks company (realm) the simulator serves. */
  public static final String REALM = "9130357766900001";
  /** The Square webhook signature key the example's subscription uses. */
  public static final String SQUARE_WEBHOOK_KEY = "example-square-signature-key";
  /** The SKUs seeded everywhere. */
  public static final List<String> SKUS = List.of("LATTE-12", "MUG-RED", "BEANS-1KG");

  final SquareSimulator square;
  final ShopifySimulator shopify;
  final QuickBooksSimulator quickbooks;
  final NetSuiteSimulator netsuite;
  final IdMap idMap = IdMap.inMemory();
  private final Map<String, String> squareVariations = new ConcurrentHashMap<>();
  private final AtomicInteger orders = new AtomicInteger();
  private final String squareStore;
  private final String netsuiteStore;
  private final String walkIn;

  private Simulators() {
    SimulatorConfig config = SimulatorConfig.builder().journalCapacity(1_000).build();
    square = SquareSimulator.start(config);
    shopify = ShopifySimulator.start(config);
    quickbooks = QuickBooksSimulator.start(config);
    netsuite = NetSuiteSimulator.start(config);
    quickbooks.seedRealm(REALM);
    shopify.shopCurrency("USD");
    squareStore = square.seedLocation("Store 01", "USD", "UTC");
    netsuiteStore = netsuite.seedLocation("Store 01");
    walkIn = netsuite.seedCustomer("Walk-in", "Customer", null, null);
    idMap.put(IdMap.Kind.LOCATION, "store-01", ExternalRef.of(ExternalRef.SQUARE, "location", squareStore));
    idMap.put(IdMap.Kind.LOCATION, "store-01", ExternalRef.of(ExternalRef.SHOPIFY, "location", ShopifySimulator.DEFAULT_LOCATION));
    idMap.put(IdMap.Kind.LOCATION, "store-01", ExternalRef.of(ExternalRef.NETSUITE, "location", netsuiteStore));
    for (String sku : SKUS) {
      addSku(sku, true);
    }
  }

  /**
   * Starts and seeds the simulators on {@code 127.0.0.1}.
   *
   * @return the running simulators
   */
  public static Simulators start() {
    return new Simulators();
  }

  /**
   * Adds a SKU to Square, Shopify and QuickBooks, and to NetSuite only if asked, with 50 on hand.
   *
   * @param sku the SKU
   * @param inNetSuite whether NetSuite carries it too
   */
  public void addSku(String sku, boolean inNetSuite) {
    String name = sku.charAt(0) + sku.substring(1).toLowerCase(Locale.ROOT);
    String variation = square.seedItem(name, sku, 450, "USD");
    squareVariations.put(sku, variation);
    square.seedStock(variation, squareStore, "50");
    String item = shopify.seedItem(sku, name, "4.50").inventoryItemId();
    shopify.seedStock(item, ShopifySimulator.DEFAULT_LOCATION, 50, 0);
    quickbooks.seedItem(REALM, name, sku, BigDecimal.valueOf(50), new BigDecimal("4.50"));
    idMap.put(IdMap.Kind.SKU, sku, ExternalRef.of(ExternalRef.SQUARE, "item_variation", variation));
    idMap.put(IdMap.Kind.SKU, sku, ExternalRef.of(ExternalRef.SHOPIFY, "inventory_item", item));
    if (inNetSuite) {
      addToNetSuite(sku);
    }
  }

  /**
   * Adds a SKU to NetSuite (e.g. after a sale of it was dead-lettered there) and maps it.
   *
   * @param sku the SKU
   */
  public void addToNetSuite(String sku) {
    String nsItem = netsuite.seedItem(sku, sku, null);
    netsuite.seedStock(nsItem, netsuiteStore, BigDecimal.valueOf(50));
    idMap.put(IdMap.Kind.SKU, sku, ExternalRef.of(ExternalRef.NETSUITE, "item", nsItem));
  }

  /**
   * Rings up a cash sale at the Square store.
   *
   * @param sku the SKU sold
   * @param quantity how many
   * @return the Square order id
   */
  public String squareSale(String sku, int quantity) {
    String variation = squareVariations.get(sku);
    if (variation == null) {
      throw new IllegalArgumentException("unknown SKU " + sku);
    }
    Instant at = Instant.now().minusSeconds(5);
    long total = 450L * quantity;
    return square.seedOrder(String.format(Locale.ROOT,
        "{\"location_id\":\"%s\",\"reference_id\":\"R-%05d\",\"created_at\":\"%s\",\"updated_at\":\"%s\","
            + "\"source\":{\"name\":\"Square Point of Sale\"},\"line_items\":[{\"uid\":\"l1\",\"name\":\"%s\","
            + "\"quantity\":\"%d\",\"catalog_object_id\":\"%s\",\"base_price_money\":{\"amount\":450,\"currency\":\"USD\"}}],"
            + "\"tenders\":[{\"id\":\"t1\",\"type\":\"CASH\",\"amount_money\":{\"amount\":%d,\"currency\":\"USD\"}}]}",
        squareStore, orders.incrementAndGet(), at, at, sku, quantity, variation, total));
  }

  /**
   * Sends Square's {@code order.updated} webhook for an order, signed for the given URL.
   *
   * @param notificationUrl the application's Square webhook URL
   * @param orderId the order
   * @return the HTTP status the application answered
   */
  public int squareOrderWebhook(String notificationUrl, String orderId) {
    return square.sendOrderUpdated(notificationUrl, SQUARE_WEBHOOK_KEY, orderId).status();
  }

  /**
   * Places an online order in Shopify, paid by card and fulfilled from the store.
   *
   * @param sku the SKU sold
   * @param quantity how many
   * @return the order's GraphQL id
   */
  public String shopifySale(String sku, int quantity) {
    Instant at = Instant.now().minusSeconds(5);
    String total = new BigDecimal("4.50").multiply(BigDecimal.valueOf(quantity)).toPlainString();
    return shopify.seedOrder(OrderSeed.create().source("web").location(ShopifySimulator.DEFAULT_LOCATION).at(at)
        .name("#" + (1000 + orders.incrementAndGet())).line(sku, sku, quantity, "4.50")
        .cardPayment("Visa", "•••• •••• •••• 4242", total));
  }

  /**
   * Sends Shopify's {@code orders/create} webhook for an order, signed with the app's secret.
   *
   * @param url the application's Shopify webhook URL
   * @param orderGid the order's GraphQL id
   * @return the HTTP status the application answered
   */
  public int shopifyOrderWebhook(String url, String orderGid) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", Long.parseLong(orderGid.substring(orderGid.lastIndexOf('/') + 1)));
    payload.put("admin_graphql_api_id", orderGid);
    payload.put("updated_at", Instant.now().toString());
    return shopify.sendWebhook(java.net.URI.create(url), "orders/create", payload).status();
  }

  /**
   * Returns the simulators' id map (SKUs and the store in every system).
   *
   * @return the id map
   */
  public IdMap idMap() {
    return idMap;
  }

  /**
   * Returns the QuickBooks simulator, e.g. to inject an outage.
   *
   * @return the simulator
   */
  public QuickBooksSimulator quickbooks() {
    return quickbooks;
  }

  /**
   * Returns the NetSuite simulator.
   *
   * @return the simulator
   */
  public NetSuiteSimulator netsuite() {
    return netsuite;
  }

  /**
   * Returns how many sales receipts QuickBooks holds.
   *
   * @return the count
   */
  public int quickBooksReceipts() {
    return quickbooks.records(REALM, "SalesReceipt").size();
  }

  /**
   * Returns how many cash sales NetSuite holds.
   *
   * @return the count
   */
  public int netSuiteCashSales() {
    return netsuite.count("cashSale");
  }

  /**
   * The {@code posbridge.*} settings that point the starter at these simulators. Secrets are the
   * simulators' fixed test values.
   *
   * @return the properties
   */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("posbridge.square.access-token", SquareSimulator.DEFAULT_TOKEN);
    p.put("posbridge.square.base-url", square.baseUrl());
    p.put("posbridge.square.webhook-signature-key", SQUARE_WEBHOOK_KEY);
    p.put("posbridge.shopify.shop-domain", ShopifySimulator.DEFAULT_SHOP);
    p.put("posbridge.shopify.access-token", ShopifySimulator.DEFAULT_ACCESS_TOKEN);
    p.put("posbridge.shopify.base-url", shopify.baseUrl());
    p.put("posbridge.shopify.webhook-secret", ShopifySimulator.DEFAULT_CLIENT_SECRET);
    p.put("posbridge.quickbooks.realm-id", REALM);
    p.put("posbridge.quickbooks.access-token", quickbooks.issueTokens().accessToken());
    p.put("posbridge.quickbooks.base-url", quickbooks.baseUrl());
    p.put("posbridge.quickbooks.deposit-account", quickbooks.idOf(REALM, "Account", "Undeposited Funds"));
    p.put("posbridge.quickbooks.webhook-verifier-token", QuickBooksSimulator.DEFAULT_VERIFIER_TOKEN);
    p.put("posbridge.netsuite.account-id", netsuite.accountId());
    p.put("posbridge.netsuite.access-token", netsuite.issueAccessToken());
    p.put("posbridge.netsuite.base-url", netsuite.baseUrl());
    p.put("posbridge.netsuite.subsidiary", "1");
    p.put("posbridge.netsuite.default-customer", walkIn);
    p.put("posbridge.netsuite.default-location", netsuiteStore);
    p.put("posbridge.netsuite.inventory-adjustment-account", "214");
    p.put("posbridge.netsuite.payment-methods.CASH", "1");
    p.put("posbridge.netsuite.payment-methods.CARD", "2");
    return p;
  }

  @Override
  public void close() {
    square.close();
    shopify.close();
    quickbooks.close();
    netsuite.close();
  }
}
