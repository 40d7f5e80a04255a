package dev.posbridge.testing.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimHandler;
import dev.posbridge.testing.SimRequest;
import dev.posbridge.testing.SimResponse;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.SimulatorError;
import dev.posbridge.testing.Throttle;
import dev.posbridge.testing.VendorSimulator;
import dev.posbridge.testing.WebhookDelivery;
import dev.posbridge.testing.internal.Fingerprints;
import dev.posbridge.testing.internal.Json;
import dev.posbridge.testing.internal.ResourceTable;
import dev.posbridge.testing.internal.ResourceTable.Page;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A stateful simulator of Square's Connect API (v2) on {@code 127.0.0.1}.
 *
 * <p>It keeps locations, catalog items and variations, inventory counts per (variation, location,
 * state), orders, payments, payment refunds and customers, and answers like Square: the
 * {@code {"errors":[{category, code, detail, field}]}} envelope, cursor paging at Square's page
 * limits (a cursor only works with the query it came from), idempotency keys (same key and body
 * replays the first response; same key with another body answers {@code IDEMPOTENCY_KEY_REUSED}),
 * {@code version} checks ({@code VERSION_MISMATCH}), read-only inventory states rejected, and a
 * bearer token required on every call (else 401 {@code UNAUTHORIZED}). An order that its payments
 * complete sells its tracked catalog lines from stock ({@code IN_STOCK→SOLD}), as Square does;
 * orders stored with {@link #seedOrder(String)} are history and leave the counts alone.
 *
 * <pre>{@code
 * try (SquareSimulator square = SquareSimulator.start()) {
 *   String location = square.seedLocation("Main", "USD");
 *   String latte = square.seedItem("LATTE-12", 450);
 *   square.seedStock(latte, location, "40");
 *   SquareConnector connector = SquareConnector.builder()
 *       .credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN)).baseUrl(square.baseUrl()).build();
 *   ...
 *   assertThat(square.effects().count("CreatePayment", key)).isEqualTo(1);   // booked once
 * }
 * }</pre>
 *
 * <p>Effects are counted per idempotency key under the operation names {@code CreateOrder},
 * {@code UpdateOrder}, {@code CreatePayment}, {@code RefundPayment}, {@code BatchChangeInventory}
 * and {@code CreateCustomer}. Faults (429 with or without {@code Retry-After}, 5xx, outages, slow
 * responses, connection resets) come from {@link #faults()}. Thread-safe.
 */
public final class SquareSimulator extends VendorSimulator {

  /** The access token the simulator accepts unless configured otherwise. */
  public static final String DEFAULT_TOKEN = "sq-sim-token";
  /** The merchant id in webhook envelopes. */
  public static final String MERCHANT_ID = "MLSIMULATOR01";

  /** Inventory states the API cannot move quantities to or from. */
  public static final Set<String> READ_ONLY_STATES = Set.of("RETURNED_BY_CUSTOMER", "RESERVED_FOR_SALE",
      "SOLD_ONLINE", "ORDERED_FROM_VENDOR", "RECEIVED_FROM_VENDOR", "IN_TRANSIT", "IN_TRANSIT_TO", "CUSTOM");
  private static final Set<String> UNTRACKED_STATES = Set.of("NONE", "SOLD", "UNLINKED_RETURN");
  private static final Set<String> KNOWN_STATES = Set.of("IN_STOCK", "SOLD", "RETURNED_BY_CUSTOMER",
      "RESERVED_FOR_SALE", "SOLD_ONLINE", "ORDERED_FROM_VENDOR", "RECEIVED_FROM_VENDOR", "IN_TRANSIT_TO",
      "IN_TRANSIT", "NONE", "WASTE", "UNLINKED_RETURN", "COMPOSED", "DECOMPOSED",
      "SUPPORTED_BY_NEWER_VERSION", "CUSTOM", "UNTRACKED");
  private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern QUANTITY = Pattern.compile("-?\\d{1,20}(\\.\\d{1,5})?");

  private final ObjectMapper json = Json.newMapper();
  private final Object lock = new Object();
  private final Set<String> tokens = new HashSet<>();
  /** Locations, catalog objects, inventory counts (by variation|location|state), orders, payments, refunds, customers. */
  private final ResourceTable<ObjectNode> store = ResourceTable.inInsertionOrder(
      List.of("location", "catalog", "count", "order", "payment", "refund", "customer"));
  private final List<ObjectNode> inventoryChanges = new ArrayList<>();
  private final Map<String, String> oauthClients = new LinkedHashMap<>();
  private final Map<String, String> refreshTokens = new LinkedHashMap<>();
  private volatile @Nullable Throttle throttle;
  private volatile int catalogPageSize = 100;

  /**
   * One request a route answered, with the bodies as sent and returned, for tests that check
   * bodies against Square's own models.
   *
   * @param method the HTTP method
   * @param routeTemplate the route, e.g. {@code /v2/orders/search}
   * @param status the HTTP status answered
   * @param requestBody the request body (empty for GET)
   * @param responseBody the response body
   */
  public record Exchange(String method, String routeTemplate, int status, String requestBody, String responseBody) {}

  private static final int MAX_EXCHANGES = 10_000;
  private final List<Exchange> exchanges = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Starts a simulator on a free port with the default configuration, accepting
   * {@link #DEFAULT_TOKEN}.
   *
   * @return the running simulator; close it when done
   */
  public static SquareSimulator start() {
    return start(SimulatorConfig.defaults());
  }

  /**
   * Starts a simulator accepting {@link #DEFAULT_TOKEN}.
   *
   * @param config port, clock, ID seed and threads
   * @return the running simulator; close it when done
   */
  public static SquareSimulator start(SimulatorConfig config) {
    return new SquareSimulator(config);
  }

  private SquareSimulator(SimulatorConfig config) {
    super(config);
    tokens.add(DEFAULT_TOKEN);
    on("GET", "/v2/locations", this::listLocations);
    on("GET", "/v2/locations/{id}", r -> getById(r, "Location", "location"));
    on("POST", "/v2/catalog/search", this::searchCatalog);
    on("POST", "/v2/catalog/search-catalog-items", this::searchCatalogItems);
    on("POST", "/v2/catalog/batch-retrieve", this::batchRetrieveCatalog);
    on("GET", "/v2/catalog/object/{id}", this::getCatalogObject);
    on("GET", "/v2/catalog/list", this::listCatalog);
    on("POST", "/v2/orders", this::createOrder);
    on("POST", "/v2/orders/search", this::searchOrders);
    on("POST", "/v2/orders/batch-retrieve", this::batchRetrieveOrders);
    on("GET", "/v2/orders/{id}", r -> getById(r, "Order", "order"));
    on("PUT", "/v2/orders/{id}", this::updateOrder);
    on("POST", "/v2/payments", this::createPayment);
    on("GET", "/v2/payments", this::listPayments);
    on("GET", "/v2/payments/{id}", r -> getById(r, "Payment", "payment"));
    on("POST", "/v2/refunds", this::refundPayment);
    on("GET", "/v2/refunds", this::listRefunds);
    on("GET", "/v2/refunds/{id}", r -> getById(r, "Refund", "refund"));
    on("POST", "/v2/inventory/changes/batch-create", this::batchChangeInventory);
    on("POST", "/v2/inventory/batch-change", this::batchChangeInventory);
    on("POST", "/v2/inventory/counts/batch-retrieve", this::batchRetrieveCounts);
    on("POST", "/v2/inventory/batch-retrieve-counts", this::batchRetrieveCounts);
    on("POST", "/v2/customers/search", this::searchCustomers);
    on("POST", "/v2/customers", this::createCustomer);
    on("GET", "/v2/customers/{id}", r -> getById(r, "Customer", "customer"));
    on("PUT", "/v2/customers/{id}", this::updateCustomer);
    on("POST", "/oauth2/token", this::obtainToken);
  }

  private void on(String method, String template, SimHandler handler) {
    route(method, template, r -> {
      SimResponse response;
      try {
        response = handler.handle(r);
      } catch (SimulatorError e) {
        SimResponse er = e.response();
        response = er != null ? er : errorResponse(e.status(), String.valueOf(e.getMessage()), r);
      }
      if (exchanges.size() < MAX_EXCHANGES) {
        exchanges.add(new Exchange(method, template, response.status(), r.bodyString(),
            response.hasBody() ? response.bodyString() : ""));
      }
      return response;
    });
  }

  /**
   * Returns the requests the routes answered so far (up to 10,000), oldest first; cleared by
   * {@link #reset()}.
   *
   * @return the exchanges
   */
  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  // ================================================================== configuration and seeding

  /**
   * Accepts another access token (e.g. one your test's OAuth flow hands out).
   *
   * @param token the token
   * @return this simulator
   */
  public SquareSimulator acceptToken(String token) {
    synchronized (lock) {
      tokens.add(token);
    }
    return this;
  }

  /**
   * Stops accepting a token, e.g. to simulate a revoked one.
   *
   * @param token the token
   * @return this simulator
   */
  public SquareSimulator revokeToken(String token) {
    synchronized (lock) {
      tokens.remove(token);
    }
    return this;
  }

  /**
   * Stops accepting every access token, the default one included (401 until
   * {@link #acceptToken(String)} or a token refresh hands out a new one).
   *
   * @return this simulator
   */
  public SquareSimulator expireAccessTokens() {
    synchronized (lock) {
      tokens.clear();
    }
    return this;
  }

  /**
   * Registers an OAuth application and authorises it once (code flow): returns a refresh token that
   * {@code POST /oauth2/token} exchanges for new access tokens, which the simulator then accepts.
   *
   * @param clientId the application id
   * @param clientSecret the application secret
   * @return a refresh token for the application
   */
  public String seedOAuthClient(String clientId, String clientSecret) {
    synchronized (lock) {
      oauthClients.put(clientId, clientSecret);
      String refresh = "EQAA" + ids().alnum(60);
      refreshTokens.put(refresh, clientId);
      return refresh;
    }
  }

  /**
   * Answers 429 {@code RATE_LIMITED} once a per-token token bucket is empty.
   *
   * @param capacity the bucket size, in requests
   * @param refillPerSecond how many requests come back per second of simulated time
   * @return this simulator
   */
  public SquareSimulator throttle(double capacity, double refillPerSecond) {
    this.throttle = new Throttle(capacity, refillPerSecond, clock());
    return this;
  }

  /**
   * Sets the page size of {@code /v2/catalog/list} (Square uses 100); smaller values exercise paging.
   *
   * @param size the size, at least 1
   * @return this simulator
   */
  public SquareSimulator catalogPageSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive: " + size);
    }
    this.catalogPageSize = size;
    return this;
  }

  /**
   * Adds an active location.
   *
   * @param name the name
   * @param currency the ISO 4217 currency
   * @return the new location id (13 upper-case characters)
   */
  public String seedLocation(String name, String currency) {
    return seedLocation(name, currency, "America/New_York");
  }

  /**
   * Adds an active location.
   *
   * @param name the name
   * @param currency the ISO 4217 currency
   * @param timezone the IANA time zone
   * @return the new location id
   */
  public String seedLocation(String name, String currency, String timezone) {
    synchronized (lock) {
      String id = "L" + ids().upperAlnum(12);
      ObjectNode l = json.createObjectNode();
      l.put("id", id);
      l.put("name", name);
      l.put("business_name", name);
      l.put("timezone", timezone);
      l.put("currency", currency);
      l.put("status", "ACTIVE");
      l.put("merchant_id", MERCHANT_ID);
      l.put("country", "US");
      l.put("created_at", now());
      store.put("location", id, l);
      return id;
    }
  }

  /**
   * Adds an ITEM with one tracked ITEM_VARIATION, priced in the first location's currency (USD if
   * there is none); the item is named after the SKU.
   *
   * @param sku the variation's SKU
   * @param priceMinor the price in minor units
   * @return the ITEM_VARIATION id, the id inventory and order lines use
   */
  public String seedItem(String sku, long priceMinor) {
    String currency;
    synchronized (lock) {
      String first = store.firstId("location");
      currency = first == null ? "USD" : currencyOf(first);
    }
    return seedItem(sku, sku, priceMinor, currency);
  }

  /**
   * Adds an ITEM with one tracked ITEM_VARIATION.
   *
   * @param name the item name
   * @param sku the variation's SKU
   * @param priceMinor the price in minor units
   * @param currency the ISO 4217 currency
   * @return the ITEM_VARIATION id
   */
  public String seedItem(String name, String sku, long priceMinor, String currency) {
    synchronized (lock) {
      String itemId = ids().upperAlnum(24);
      String variationId = ids().upperAlnum(24);
      ObjectNode item = json.createObjectNode();
      item.put("type", "ITEM");
      item.put("id", itemId);
      item.put("updated_at", now());
      item.put("version", clock().millis());
      item.put("is_deleted", false);
      item.put("present_at_all_locations", true);
      item.putObject("item_data").put("name", name);
      store.put("catalog", itemId, item);
      ObjectNode v = json.createObjectNode();
      v.put("type", "ITEM_VARIATION");
      v.put("id", variationId);
      v.put("updated_at", now());
      v.put("version", clock().millis());
      v.put("is_deleted", false);
      v.put("present_at_all_locations", true);
      ObjectNode d = v.putObject("item_variation_data");
      d.put("item_id", itemId);
      d.put("name", "Regular");
      d.put("sku", sku);
      d.put("pricing_type", "FIXED_PRICING");
      d.set("price_money", OrderPricing.money(d, priceMinor, currency));
      d.put("track_inventory", true);
      store.put("catalog", variationId, v);
      return variationId;
    }
  }

  /**
   * Sets the IN_STOCK count of a variation at a location.
   *
   * @param variationId the ITEM_VARIATION id
   * @param locationId the location id
   * @param quantity the quantity as a decimal string
   */
  public void seedStock(String variationId, String locationId, String quantity) {
    synchronized (lock) {
      setCount(variationId, locationId, "IN_STOCK", new BigDecimal(quantity));
    }
  }

  /**
   * Returns an inventory count.
   *
   * @param variationId the ITEM_VARIATION id
   * @param locationId the location id
   * @param state the inventory state, e.g. {@code IN_STOCK}
   * @return the quantity, zero if none
   */
  public BigDecimal stock(String variationId, String locationId, String state) {
    synchronized (lock) {
      ObjectNode c = store.get("count", variationId + "|" + locationId + "|" + state);
      return c == null ? BigDecimal.ZERO : new BigDecimal(c.get("quantity").asText());
    }
  }

  /**
   * Stores an order given as Square JSON, priced like CreateOrder; missing {@code id},
   * {@code version}, {@code state} (COMPLETED), timestamps and {@code source} are filled in.
   * Tenders are kept as given, so POS orders with card tenders can be seeded.
   *
   * @param orderJson the order object (not wrapped)
   * @return the order id
   * @throws IllegalArgumentException if the JSON is malformed or the order cannot be priced
   */
  public String seedOrder(String orderJson) {
    ObjectNode order;
    try {
      order = (ObjectNode) json.readTree(orderJson);
    } catch (java.io.IOException | ClassCastException e) {
      throw new IllegalArgumentException("not an order object", e);
    }
    synchronized (lock) {
      String location = order.path("location_id").asText();
      if (!store.contains("location", location)) {
        throw new IllegalArgumentException("unknown location_id: " + location);
      }
      if (!order.hasNonNull("id")) {
        order.put("id", ids().alnum(27));
      }
      if (!order.hasNonNull("version")) {
        order.put("version", 1);
      }
      if (!order.hasNonNull("state")) {
        order.put("state", "COMPLETED");
      }
      String at = now();
      if (!order.hasNonNull("created_at")) {
        order.put("created_at", at);
      }
      if (!order.hasNonNull("updated_at")) {
        order.put("updated_at", order.get("created_at").asText());
      }
      if ("COMPLETED".equals(order.get("state").asText()) && !order.hasNonNull("closed_at")) {
        order.put("closed_at", order.get("updated_at").asText());
      }
      if (!order.has("source")) {
        order.putObject("source").put("name", "Square Point of Sale");
      }
      try {
        OrderPricing.price(order, currencyOf(location), this::variation, () -> ids().alnum(22));
      } catch (OrderPricing.PricingError e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      store.put("order", order.get("id").asText(), order);
      return order.get("id").asText();
    }
  }

  /**
   * Adds a customer.
   *
   * @param givenName the given name, or null
   * @param familyName the family name, or null
   * @param email the email, or null
   * @param phone the phone number, or null
   * @return the customer id
   */
  public String seedCustomer(
      @Nullable String givenName, @Nullable String familyName, @Nullable String email, @Nullable String phone) {
    synchronized (lock) {
      ObjectNode c = json.createObjectNode();
      String id = ids().upperAlnum(26);
      c.put("id", id);
      c.put("created_at", now());
      c.put("updated_at", now());
      putIf(c, "given_name", givenName);
      putIf(c, "family_name", familyName);
      putIf(c, "email_address", email);
      putIf(c, "phone_number", phone);
      c.putObject("preferences").put("email_unsubscribed", false);
      c.put("creation_source", "THIRD_PARTY");
      c.put("version", 0);
      store.put("customer", id, c);
      return id;
    }
  }

  /**
   * Returns a copy of a stored object, for assertions.
   *
   * @param kind one of {@code order}, {@code payment}, {@code refund}, {@code customer},
   *     {@code catalog}, {@code location}
   * @param id the id
   * @return a read-only copy of the object as Square would return it, or empty if unknown
   */
  public Optional<JsonView> record(String kind, String id) {
    synchronized (lock) {
      return store.find(publicKind(kind), id).map(JsonView::of);
    }
  }

  /**
   * Returns how many objects of a kind are stored.
   *
   * @param kind as for {@link #record(String, String)}, or {@code inventory_change}
   * @return the count
   */
  public int count(String kind) {
    synchronized (lock) {
      if (kind.equals("inventory_change")) {
        return inventoryChanges.size();
      }
      return store.count(publicKind(kind));
    }
  }

  /** The stored kinds {@link #record} and {@link #count} answer for: all but the inventory counts. */
  private static String publicKind(String kind) {
    if (kind.equals("count")) {
      throw new IllegalArgumentException("unknown kind: " + kind);
    }
    return kind;
  }

  /** Moves every PENDING payment refund to COMPLETED, as Square does shortly after creating it. */
  public void completePendingRefunds() {
    synchronized (lock) {
      for (ObjectNode r : store.list("refund")) {
        if ("PENDING".equals(r.path("status").asText())) {
          r.put("status", "COMPLETED");
          r.put("updated_at", now());
        }
      }
    }
  }

  @Override
  protected void onReset() {
    synchronized (lock) {
      store.clear();
      inventoryChanges.clear();
      tokens.clear();
      tokens.add(DEFAULT_TOKEN);
      oauthClients.clear();
      refreshTokens.clear();
      throttle = null;
      exchanges.clear();
    }
  }

  // ================================================================== webhooks

  /**
   * Computes Square's webhook signature: {@code base64(HMAC-SHA256(key, url + body))}.
   *
   * @param signatureKey the subscription's signature key
   * @param notificationUrl the subscription's URL
   * @param body the raw body
   * @return the value of {@code x-square-hmacsha256-signature}
   */
  public static String signature(String signatureKey, String notificationUrl, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signatureKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(notificationUrl.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * Builds a webhook envelope (docs/vendors/square.md) with a new {@code event_id}.
   *
   * @param type the event type, e.g. {@code order.updated}
   * @param dataType the {@code data.type}, e.g. {@code order_updated}
   * @param dataId the {@code data.id}
   * @param object the {@code data.object}, e.g. {@code JsonView.parse("{\"payment\":{...}}")}
   * @return the body bytes (compact JSON)
   */
  public byte[] webhookBody(String type, String dataType, String dataId, JsonView object) {
    return envelope(type, dataType, dataId, Json.tree(object));
  }

  private byte[] envelope(String type, String dataType, String dataId, JsonNode object) {
    ObjectNode e = json.createObjectNode();
    e.put("merchant_id", MERCHANT_ID);
    e.put("type", type);
    e.put("event_id", ids().uuid().toString());
    e.put("created_at", now());
    ObjectNode data = e.putObject("data");
    data.put("type", dataType);
    data.put("id", dataId);
    data.set("object", object);
    try {
      return json.writeValueAsBytes(e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /**
   * Signs and posts a webhook body to a notification URL, with Square's headers.
   *
   * @param notificationUrl the subscription URL (signed and posted to)
   * @param signatureKey the signature key
   * @param body the raw body, e.g. from {@link #webhookBody}
   * @param retryNumber 0 for the first delivery; later numbers add {@code square-retry-number}
   *     and {@code square-retry-reason}
   * @return the delivery and the receiver's status
   */
  public WebhookDelivery sendWebhook(String notificationUrl, String signatureKey, byte[] body, int retryNumber) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("x-square-hmacsha256-signature", signature(signatureKey, notificationUrl, body));
    headers.put("square-environment", "Sandbox");
    headers.put("square-initial-delivery-timestamp", now());
    if (retryNumber > 0) {
      headers.put("square-retry-number", String.valueOf(retryNumber));
      headers.put("square-retry-reason", "http_timeout");
    }
    return webhooks().send(URI.create(notificationUrl), headers, body);
  }

  /**
   * Sends {@code order.updated} for a stored order.
   *
   * @param notificationUrl the subscription URL
   * @param signatureKey the signature key
   * @param orderId the order
   * @return the delivery
   */
  public WebhookDelivery sendOrderUpdated(String notificationUrl, String signatureKey, String orderId) {
    ObjectNode summary = json.createObjectNode();
    synchronized (lock) {
      ObjectNode o = store.get("order", orderId);
      if (o == null) {
        throw new IllegalArgumentException("unknown order: " + orderId);
      }
      ObjectNode s = summary.putObject("order_updated");
      s.put("order_id", orderId);
      s.set("version", o.get("version"));
      s.set("location_id", o.get("location_id"));
      s.set("state", o.get("state"));
      s.set("created_at", o.get("created_at"));
      s.set("updated_at", o.get("updated_at"));
    }
    return sendWebhook(notificationUrl, signatureKey,
        envelope("order.updated", "order_updated", orderId, summary), 0);
  }

  // ================================================================== framework hooks

  @Override
  protected @Nullable SimResponse authenticate(SimRequest request) {
    if (request.path().startsWith("/oauth2/")) {
      return null; // the token endpoint authenticates with the client id and secret in the body
    }
    String token = request.bearerToken().orElse(null);
    boolean ok;
    synchronized (lock) {
      ok = token != null && tokens.contains(token);
    }
    if (token == null || !ok) {
      return error(401, "AUTHENTICATION_ERROR", "UNAUTHORIZED",
          "This request could not be authorized.", null);
    }
    String version = request.header("Square-Version").orElse(null);
    if (version != null && !VERSION.matcher(version).matches()) {
      return error(400, "INVALID_REQUEST_ERROR", "INVALID_SQUARE_VERSION_FORMAT",
          "Square-Version must be YYYY-MM-DD", null);
    }
    Throttle t = throttle;
    if (t != null) {
      Throttle.Decision d = t.tryAcquire(token);
      if (!d.allowed()) {
        return error(429, "RATE_LIMIT_ERROR", "RATE_LIMITED", "Rate limit exceeded", null);
      }
    }
    return null;
  }

  @Override
  protected SimResponse errorResponse(int status, String message, SimRequest request) {
    String category;
    String code;
    switch (status) {
      case 400 -> { category = "INVALID_REQUEST_ERROR"; code = "BAD_REQUEST"; }
      case 401 -> { category = "AUTHENTICATION_ERROR"; code = "UNAUTHORIZED"; }
      case 403 -> { category = "AUTHENTICATION_ERROR"; code = "FORBIDDEN"; }
      case 404 -> { category = "INVALID_REQUEST_ERROR"; code = "NOT_FOUND"; }
      case 409 -> { category = "INVALID_REQUEST_ERROR"; code = "CONFLICT"; }
      case 429 -> { category = "RATE_LIMIT_ERROR"; code = "RATE_LIMITED"; }
      case 502 -> { category = "API_ERROR"; code = "BAD_GATEWAY"; }
      case 503 -> { category = "API_ERROR"; code = "SERVICE_UNAVAILABLE"; }
      case 504 -> { category = "API_ERROR"; code = "GATEWAY_TIMEOUT"; }
      default -> {
        category = status >= 500 ? "API_ERROR" : "INVALID_REQUEST_ERROR";
        code = status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST";
      }
    }
    return error(status, category, code, message, null);
  }

  private SimResponse error(int status, String category, String code, String detail, @Nullable String field) {
    ObjectNode body = json.createObjectNode();
    ObjectNode e = body.putArray("errors").addObject();
    e.put("category", category);
    e.put("code", code);
    e.put("detail", detail);
    if (field != null) {
      e.put("field", field);
    }
    return SimResponse.json(status, body);
  }

  private SimulatorError fail(int status, String category, String code, String detail, @Nullable String field) {
    return new SimulatorError(error(status, category, code, detail, field));
  }

  private SimulatorError invalid(String code, String detail, @Nullable String field) {
    return fail(400, "INVALID_REQUEST_ERROR", code, detail, field);
  }

  private SimulatorError notFound(String what) {
    return fail(404, "INVALID_REQUEST_ERROR", "NOT_FOUND", what + " not found", null);
  }

  // ================================================================== helpers

  private String now() {
    return clock().instant().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static void putIf(ObjectNode n, String field, @Nullable String value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  private String currencyOf(String locationId) {
    ObjectNode l = store.get("location", locationId);
    return l == null ? "USD" : l.path("currency").asText("USD");
  }

  private @Nullable ObjectNode variation(String id) {
    ObjectNode v = store.get("catalog", id);
    return v != null && "ITEM_VARIATION".equals(v.path("type").asText()) ? v : null;
  }

  private SimResponse ok(JsonNode body) {
    return SimResponse.json(200, body);
  }

  /** A 200 whose body is {@code {field: value}}, as most Square responses are. */
  private SimResponse okWith(String field, JsonNode value) {
    ObjectNode out = json.createObjectNode();
    out.set(field, value);
    return ok(out);
  }

  /** An RFC 3339 query parameter of a list call (Square's defaults apply when absent). */
  private Instant timeParam(SimRequest r, String name, Instant absent) {
    return r.queryParam(name).map(s -> timeOrFail(json.getNodeFactory().textNode(s), name)).orElse(absent);
  }

  private ObjectNode body(SimRequest r) {
    JsonNode n = Json.tree(r);
    if (!n.isObject()) {
      throw invalid("EXPECTED_JSON_BODY", "The request body must be a JSON object", null);
    }
    return (ObjectNode) n;
  }

  private static @Nullable Instant parseTime(JsonNode n, String field) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(n.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new SimulatorError(400, "bad time in " + field);
    }
  }

  private @Nullable Instant timeOrFail(JsonNode n, String field) {
    try {
      Instant t = parseTime(n, field);
      return t;
    } catch (SimulatorError e) {
      throw invalid("INVALID_TIME", "Invalid RFC 3339 time in " + field, field);
    }
  }

  private String idempotencyKey(ObjectNode body, boolean required, int max) {
    JsonNode k = body.get("idempotency_key");
    if (k == null || k.isNull() || k.asText().isEmpty()) {
      if (required) {
        throw invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "idempotency_key");
      }
      return "";
    }
    if (k.asText().length() > max) {
      throw invalid("VALUE_TOO_LONG", "Field must not be greater than " + max + " length", "idempotency_key");
    }
    return k.asText();
  }

  /** Runs a write under Square's idempotency rules, counting its effect once per key. */
  private SimResponse idempotent(String operation, String key, ObjectNode body, java.util.function.Supplier<SimResponse> action) {
    if (key.isEmpty()) {
      return action.get();
    }
    return idempotency().replayOrRun(operation, key, Fingerprints.of(body), () -> {
      SimResponse r = action.get();
      effects().record(operation, key);
      return r;
    }, previous -> error(400, "INVALID_REQUEST_ERROR", "IDEMPOTENCY_KEY_REUSED",
        "The idempotency key can only be retried with the same request data.", "idempotency_key"));
  }

  /** Pages a result list; the cursor is bound to the query it came from. */
  private <T> Page<T> page(String operation, JsonNode query, @Nullable String cursor, List<T> all, int limit) {
    return store.page(operation, Fingerprints.of(query, "cursor"), cursor, all, limit, () -> ids().alnum(40),
        () -> invalid("INVALID_CURSOR", "The pagination cursor is invalid", "cursor"));
  }

  /** Answers a GET by id: the stored object under {@code field}, or 404 naming {@code what}. */
  private SimResponse getById(SimRequest r, String what, String field) {
    synchronized (lock) {
      ObjectNode n = store.get(field, r.pathVariable("id"));
      if (n == null) {
        throw notFound(what);
      }
      return okWith(field, n.deepCopy());
    }
  }

  /** A page as Square answers it: the items under {@code field}, then the cursor if there is one. */
  private ObjectNode pageBody(String field, Page<ObjectNode> p, java.util.function.UnaryOperator<ObjectNode> view) {
    ObjectNode out = json.createObjectNode();
    ArrayNode a = out.putArray(field);
    p.items().forEach(x -> a.add(view.apply(x)));
    if (p.cursor() != null) {
      out.put("cursor", p.cursor());
    }
    return out;
  }

  /**
   * A list endpoint over objects created in {@code [begin_time, end_time)} (default: the last 365
   * days), sorted by creation time ({@code sort_order}, DESC by default), 100 a page at most.
   */
  private SimResponse listByCreation(SimRequest r, String operation, String field,
      java.util.Collection<ObjectNode> all, Predicate<ObjectNode> filter) {
    Instant end = timeParam(r, "end_time", clock().instant().plusSeconds(1));
    Instant begin = timeParam(r, "begin_time", clock().instant().minus(365, ChronoUnit.DAYS));
    boolean asc = "ASC".equals(r.queryParam("sort_order").orElse("DESC"));
    List<ObjectNode> hits = filterByTime(all, begin, end, filter);
    sortByCreated(hits, asc);
    int limit = limit(r.queryParam("limit").map(json.getNodeFactory()::textNode).orElse(null), 100, 1, 100, false);
   ResourceTable.Page<ObjectNode> p = page(operation, queryNode(r), r.queryParam("cursor").orElse(null), hits, limit);
    return ok(pageBody(field, p, ObjectNode::deepCopy));
  }

  private ObjectNode queryNode(SimRequest r) {
    ObjectNode q = json.createObjectNode();
    r.queryParams().forEach((k, v) -> q.put(k, String.join(",", v)));
    return q;
  }

  private int limit(@Nullable JsonNode n, int def, int min, int max, boolean reject) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return def;
    }
    int v = n.asInt();
    if (v < min) {
      if (reject) {
        throw invalid("VALUE_TOO_LOW", "limit must be at least " + min, "limit");
      }
      return def;
    }
    if (v > max) {
      if (reject) {
        throw invalid("VALUE_TOO_HIGH", "limit must be at most " + max, "limit");
      }
      return max;
    }
    return v;
  }

  // ================================================================== OAuth

  private SimResponse obtainToken(SimRequest r) {
    ObjectNode b = body(r);
    synchronized (lock) {
      String clientId = b.path("client_id").asText("");
      String secret = oauthClients.get(clientId);
      if (secret == null || !secret.equals(b.path("client_secret").asText())) {
        throw fail(401, "AUTHENTICATION_ERROR", "UNAUTHORIZED", "Invalid client credentials", "client_secret");
      }
      if (!"refresh_token".equals(b.path("grant_type").asText())) {
        throw invalid("INVALID_VALUE", "only grant_type refresh_token is simulated", "grant_type");
      }
      String refresh = b.path("refresh_token").asText("");
      if (!clientId.equals(refreshTokens.get(refresh))) {
        throw fail(401, "AUTHENTICATION_ERROR", "UNAUTHORIZED", "Invalid refresh token", "refresh_token");
      }
      String access = "EAAA" + ids().alnum(60);
      tokens.add(access);
      ObjectNode out = json.createObjectNode();
      out.put("access_token", access);
      out.put("token_type", "bearer");
      out.put("expires_at", clock().instant().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
      out.put("merchant_id", MERCHANT_ID);
      out.put("refresh_token", refresh);
      return ok(out);
    }
  }

  // ================================================================== locations

  private SimResponse listLocations(SimRequest r) {
    synchronized (lock) {
      ObjectNode out = json.createObjectNode();
      ArrayNode a = out.putArray("locations");
      store.list("location").forEach(l -> a.add(l.deepCopy()));
      return ok(out);
    }
  }

  // ================================================================== catalog

  private ObjectNode withVariations(ObjectNode obj) {
    ObjectNode copy = obj.deepCopy();
    if ("ITEM".equals(obj.path("type").asText())) {
      ArrayNode vs = ((ObjectNode) copy.path("item_data")).putArray("variations");
      for (ObjectNode v : store.list("catalog")) {
        if ("ITEM_VARIATION".equals(v.path("type").asText())
            && obj.get("id").asText().equals(v.path("item_variation_data").path("item_id").asText())) {
          vs.add(v.deepCopy());
        }
      }
    }
    return copy;
  }

  private SimResponse searchCatalog(SimRequest r) {
    ObjectNode b = body(r);
    synchronized (lock) {
      Set<String> types = new HashSet<>();
      b.path("object_types").forEach(t -> types.add(t.asText()));
      JsonNode exact = b.path("query").path("exact_query");
      JsonNode set = b.path("query").path("set_query");
      Set<String> setValues = new HashSet<>();
      if (!set.isMissingNode()) {
        // Square: exact, case-insensitive match on any of at most 250 values
        if (!set.path("attribute_values").isArray() || set.path("attribute_values").isEmpty()
            || set.path("attribute_values").size() > 250) {
          return error(400, "INVALID_REQUEST_ERROR", "INVALID_VALUE",
              "set_query.attribute_values must hold 1 to 250 values", "set_query.attribute_values");
        }
        set.path("attribute_values").forEach(v -> setValues.add(v.asText().toLowerCase(Locale.ROOT)));
      }
      String text = b.path("query").path("text_query").path("keywords").path(0).asText(null);
      List<ObjectNode> hits = new ArrayList<>();
      for (ObjectNode o : store.list("catalog")) {
        if (!types.isEmpty() && !types.contains(o.path("type").asText())) {
          continue;
        }
        if (o.path("is_deleted").asBoolean(false) && !b.path("include_deleted_objects").asBoolean(false)) {
          continue;
        }
        if (!exact.isMissingNode()) {
          String attr = exact.path("attribute_name").asText();
          String value = exact.path("attribute_value").asText();
          JsonNode data = o.has("item_variation_data") ? o.get("item_variation_data") : o.path("item_data");
          // Square matches exact queries case-insensitively.
          if (!data.path(attr).asText("\u0000").equalsIgnoreCase(value)) {
            continue;
          }
        }
        if (!set.isMissingNode()) {
          JsonNode data = o.has("item_variation_data") ? o.get("item_variation_data") : o.path("item_data");
          JsonNode v = data.path(set.path("attribute_name").asText());
          if (!v.isTextual() || !setValues.contains(v.asText().toLowerCase(Locale.ROOT))) {
            continue;
          }
        }
        if (text != null) {
          String hay = (o.path("item_data").path("name").asText("") + " "
              + o.path("item_variation_data").path("name").asText("") + " "
              + o.path("item_variation_data").path("sku").asText("")).toLowerCase(Locale.ROOT);
          if (!hay.contains(text.toLowerCase(Locale.ROOT))) {
            continue;
          }
        }
        hits.add(o);
      }
      int limit = limit(b.get("limit"), 100, 1, 1000, false);
      Page<ObjectNode> p = page("SearchCatalogObjects", b, text(b, "cursor"), hits, limit);
      ObjectNode out = json.createObjectNode();
      ArrayNode objs = putCatalogObjects(out, b, p.items());
      if (p.cursor() != null) {
        out.put("cursor", p.cursor());
      }
      if (objs.isEmpty()) {
        out.remove("objects");
      }
      return ok(out);
    }
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private SimResponse searchCatalogItems(SimRequest r) {
    ObjectNode b = body(r);
    synchronized (lock) {
      String text = b.path("text_filter").asText("").toLowerCase(Locale.ROOT);
      List<ObjectNode> items = new ArrayList<>();
      ArrayNode matched = json.createArrayNode();
      for (ObjectNode o : store.list("catalog")) {
        if (!"ITEM".equals(o.path("type").asText()) || o.path("is_deleted").asBoolean(false)) {
          continue;
        }
        ObjectNode full = withVariations(o);
        boolean hit = full.path("item_data").path("name").asText("").toLowerCase(Locale.ROOT).contains(text);
        for (JsonNode v : full.path("item_data").path("variations")) {
          JsonNode d = v.path("item_variation_data");
          String hay = (d.path("name").asText("") + " " + d.path("sku").asText("") + " "
              + d.path("upc").asText("")).toLowerCase(Locale.ROOT);
          if (!text.isEmpty() && hay.contains(text)) {
            matched.add(v.get("id").asText());
            hit = true;
          }
        }
        if (hit) {
          items.add(full);
        }
      }
      int limit = limit(b.get("limit"), 100, 1, 100, false);
      Page<ObjectNode> p = page("SearchCatalogItems", b, text(b, "cursor"), items, limit);
      ObjectNode out = json.createObjectNode();
      ArrayNode a = out.putArray("items");
      p.items().forEach(a::add);
      if (!matched.isEmpty()) {
        out.set("matched_variation_ids", matched);
      }
      if (p.cursor() != null) {
        out.put("cursor", p.cursor());
      }
      return ok(out);
    }
  }

  private SimResponse batchRetrieveCatalog(SimRequest r) {
    ObjectNode b = body(r);
    synchronized (lock) {
      List<ObjectNode> found = new ArrayList<>();
      for (JsonNode id : b.path("object_ids")) {
        ObjectNode o = store.get("catalog", id.asText());
        if (o != null) {
          found.add(o);
        }
      }
      ObjectNode out = json.createObjectNode();
      putCatalogObjects(out, b, found);
      return ok(out);
    }
  }

  /**
   * Puts the objects, with their variations, under {@code objects} and, when the request asks for
   * {@code include_related_objects}, the items of the variations among them under
   * {@code related_objects}. Called under {@link #lock}.
   */
  private ArrayNode putCatalogObjects(ObjectNode out, JsonNode request, List<ObjectNode> objects) {
    ArrayNode objs = out.putArray("objects");
    Set<String> related = new java.util.LinkedHashSet<>();
    for (ObjectNode o : objects) {
      objs.add(withVariations(o));
      String item = o.path("item_variation_data").path("item_id").asText(null);
      if (item != null) {
        related.add(item);
      }
    }
    if (request.path("include_related_objects").asBoolean(false) && !related.isEmpty()) {
      ArrayNode rel = out.putArray("related_objects");
      for (String id : related) {
        ObjectNode o = store.get("catalog", id); // an item deleted after its variation was read is left out
        if (o != null) {
          rel.add(withVariations(o));
        }
      }
    }
    return objs;
  }

  private SimResponse getCatalogObject(SimRequest r) {
    synchronized (lock) {
      ObjectNode o = store.get("catalog", r.pathVariable("id"));
      if (o == null) {
        throw notFound("Catalog object");
      }
      ObjectNode out = json.createObjectNode();
      out.set("object", withVariations(o));
      return ok(out);
    }
  }

  @SuppressWarnings("StringSplitter") // "types=A," means A, and "types=," means all types, as before
  private SimResponse listCatalog(SimRequest r) {
    synchronized (lock) {
      Set<String> types = new HashSet<>();
      r.queryParam("types").ifPresent(t -> {
        for (String s : t.split(",")) {
          types.add(s.trim().toUpperCase(Locale.ROOT));
        }
      });
      List<ObjectNode> all = new ArrayList<>();
      for (ObjectNode o : store.list("catalog")) {
        if ((types.isEmpty() || types.contains(o.path("type").asText())) && !o.path("is_deleted").asBoolean(false)) {
          all.add(o);
        }
      }
      Page<ObjectNode> p = page("ListCatalog", queryNode(r), r.queryParam("cursor").orElse(null), all,
          catalogPageSize);
      return ok(pageBody("objects", p, this::withVariations));
    }
  }

  // ================================================================== orders

  private SimResponse createOrder(SimRequest r) {
    ObjectNode b = body(r);
    String key = idempotencyKey(b, false, 192);
    return idempotent("CreateOrder", key, b, () -> {
      synchronized (lock) {
        JsonNode in = b.path("order");
        if (!in.isObject()) {
          throw invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "order");
        }
        ObjectNode order = ((ObjectNode) in).deepCopy();
        String location = order.path("location_id").asText(null);
        if (location == null) {
          throw invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "order.location_id");
        }
        if (!store.contains("location", location)) {
          throw invalid("NOT_FOUND", "Location not found", "order.location_id");
        }
        if (order.path("reference_id").asText("").length() > 40) {
          throw invalid("VALUE_TOO_LONG", "reference_id must be at most 40 characters", "order.reference_id");
        }
        for (String readOnly : new String[] {"id", "version", "created_at", "updated_at", "closed_at",
            "tenders", "refunds", "total_money", "total_tax_money", "total_discount_money",
            "total_tip_money", "total_service_charge_money", "net_amount_due_money"}) {
          order.remove(readOnly);
        }
        order.put("id", ids().alnum(27));
        order.put("version", 1);
        if (!order.hasNonNull("state")) {
          order.put("state", "OPEN");
        }
        order.put("created_at", now());
        order.put("updated_at", now());
        if (!order.has("source")) {
          order.putObject("source").put("name", "posbridge simulator app");
        }
        priceOrFail(order, location);
        store.put("order", order.get("id").asText(), order);
        return okWith("order", order.deepCopy());
      }
    });
  }

  private void priceOrFail(ObjectNode order, String location) {
    try {
      OrderPricing.price(order, currencyOf(location), this::variation, () -> ids().alnum(22));
    } catch (OrderPricing.PricingError e) {
      throw invalid("INVALID_VALUE", Objects.requireNonNullElse(e.getMessage(), "invalid value"), e.field);
    } catch (NumberFormatException e) {
      throw invalid("INVALID_VALUE", "not a decimal: " + e.getMessage(), null);
    }
  }

  private SimResponse batchRetrieveOrders(SimRequest r) {
    ObjectNode b = body(r);
    synchronized (lock) {
      ObjectNode out = json.createObjectNode();
      ArrayNode a = out.putArray("orders");
      for (JsonNode id : b.path("order_ids")) {
        ObjectNode o = store.get("order", id.asText());
        if (o != null) {
          a.add(o.deepCopy());
        }
      }
      return ok(out);
    }
  }

  private SimResponse updateOrder(SimRequest r) {
    ObjectNode b = body(r);
    String key = idempotencyKey(b, false, 192);
    String id = r.pathVariable("id");
    return idempotent("UpdateOrder", key, b, () -> {
      synchronized (lock) {
        ObjectNode o = store.get("order", id);
        if (o == null) {
          throw notFound("Order");
        }
        JsonNode patch = b.path("order");
        if (!patch.has("version")) {
          throw invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "order.version");
        }
        if (patch.get("version").asLong() != o.path("version").asLong()) {
          throw invalid("VERSION_MISMATCH", "The order version does not match the server version", "order.version");
        }
        String state = o.path("state").asText();
        if (state.equals("COMPLETED") || state.equals("CANCELED")) {
          throw invalid("BAD_REQUEST", "A " + state + " order cannot be updated", "order.state");
        }
        for (JsonNode f : b.path("fields_to_clear")) {
          o.remove(f.asText());
        }
        patch.properties().forEach(e -> {
          if (!Set.of("version", "id", "location_id", "created_at").contains(e.getKey())) {
            o.set(e.getKey(), e.getValue().deepCopy());
          }
        });
        o.put("version", o.get("version").asInt() + 1);
        o.put("updated_at", now());
        if ("COMPLETED".equals(o.path("state").asText())) {
          o.put("closed_at", now());
        }
        priceOrFail(o, o.get("location_id").asText());
        return okWith("order", o.deepCopy());
      }
    });
  }

  private SimResponse searchOrders(SimRequest r) {
    ObjectNode b = body(r);
    synchronized (lock) {
      JsonNode locs = b.path("location_ids");
      if (!locs.isArray() || locs.isEmpty()) {
        throw invalid("MISSING_REQUIRED_PARAMETER", "location_ids must name 1 to 10 locations", "location_ids");
      }
      if (locs.size() > 10) {
        throw invalid("INVALID_VALUE", "location_ids must name at most 10 locations", "location_ids");
      }
      Set<String> locSet = new HashSet<>();
      locs.forEach(l -> locSet.add(l.asText()));
      JsonNode filter = b.path("query").path("filter");
      JsonNode sort = b.path("query").path("sort");
      String sortField = sort.path("sort_field").asText("CREATED_AT");
      String sortOrder = sort.path("sort_order").asText("DESC");
      JsonNode dtf = filter.path("date_time_filter");
      String timeField = null;
      for (String f : new String[] {"created_at", "updated_at", "closed_at"}) {
        if (dtf.has(f)) {
          if (timeField != null) {
            throw invalid("INVALID_VALUE", "Only one date_time_filter field may be set", "query.filter.date_time_filter");
          }
          timeField = f;
        }
      }
      if (timeField != null && !sortField.equalsIgnoreCase(timeField.replace("_", "_"))) {
        if (!sortField.equals(timeField.toUpperCase(Locale.ROOT))) {
          throw invalid("BAD_REQUEST",
              "sort_field must match the date_time_filter field " + timeField, "query.sort.sort_field");
        }
      }
      Instant start = timeField == null ? null : timeOrFail(dtf.path(timeField).path("start_at"), timeField);
      Instant end = timeField == null ? null : timeOrFail(dtf.path(timeField).path("end_at"), timeField);
      Set<String> states = new HashSet<>();
      filter.path("state_filter").path("states").forEach(s -> states.add(s.asText()));
      Set<String> sources = new HashSet<>();
      filter.path("source_filter").path("source_names").forEach(s -> sources.add(s.asText()));
      Set<String> customerIds = new HashSet<>();
      filter.path("customer_filter").path("customer_ids").forEach(s -> customerIds.add(s.asText()));
      String field = sortField.toLowerCase(Locale.ROOT);
      List<ObjectNode> hits = new ArrayList<>();
      for (ObjectNode o : store.list("order")) {
        if (!locSet.contains(o.path("location_id").asText())) {
          continue;
        }
        if (!states.isEmpty() && !states.contains(o.path("state").asText())) {
          continue;
        }
        if (!sources.isEmpty() && !sources.contains(o.path("source").path("name").asText())) {
          continue;
        }
        if (!customerIds.isEmpty() && !customerIds.contains(o.path("customer_id").asText())) {
          continue;
        }
        if (timeField != null) {
          Instant t = parseTime(o.path(timeField), timeField);
          if (t == null || (start != null && t.isBefore(start)) || (end != null && !t.isBefore(end))) {
            continue;
          }
        }
        if (!o.hasNonNull(field)) {
          continue;
        }
        hits.add(o);
      }
      Comparator<ObjectNode> cmp = Comparator.comparing(o -> parseTime(o.path(field), field));
      cmp = cmp.thenComparing(o -> o.path("id").asText());
      hits.sort("ASC".equals(sortOrder) ? cmp : cmp.reversed());
      int limit = limit(b.get("limit"), 500, 1, 1000, false);
      Page<ObjectNode> p = page("SearchOrders", b, text(b, "cursor"), hits, limit);
      ObjectNode out = json.createObjectNode();
      if (b.path("return_entries").asBoolean(false)) {
        ArrayNode a = out.putArray("order_entries");
        for (ObjectNode o : p.items()) {
          ObjectNode e = a.addObject();
          e.set("order_id", o.get("id"));
          e.set("version", o.get("version"));
          e.set("location_id", o.get("location_id"));
        }
      } else {
        ArrayNode a = out.putArray("orders");
        p.items().forEach(o -> a.add(o.deepCopy()));
      }
      if (p.cursor() != null) {
        out.put("cursor", p.cursor());
      }
      return ok(out);
    }
  }

  // ================================================================== payments and refunds

  private SimResponse createPayment(SimRequest r) {
    ObjectNode b = body(r);
    String key = idempotencyKey(b, true, 45);
    return idempotent("CreatePayment", key, b, () -> {
      synchronized (lock) {
        String source = b.path("source_id").asText(null);
        if (source == null) {
          throw invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "source_id");
        }
        JsonNode amount = b.path("amount_money");
        if (!amount.has("amount")) {
          throw invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "amount_money");
        }
        long amt = amount.path("amount").asLong();
        long tip = b.path("tip_money").path("amount").asLong(0);
        if (amt < 0 || tip < 0) {
          throw invalid("INVALID_VALUE", "amounts must not be negative", "amount_money");
        }
        String location = b.path("location_id").asText(null);
        ObjectNode order = null;
        if (b.hasNonNull("order_id")) {
          order = store.get("order", b.get("order_id").asText());
          if (order == null) {
            throw invalid("NOT_FOUND", "Order not found", "order_id");
          }
          if (!"OPEN".equals(order.path("state").asText())) {
            throw invalid("BAD_REQUEST", "The order is not OPEN", "order_id");
          }
          location = order.get("location_id").asText();
          if (amt > order.path("net_amount_due_money").path("amount").asLong()) {
            throw fail(400, "PAYMENT_METHOD_ERROR", "INVALID_VALUE",
                "amount_money exceeds the order's amount due", "amount_money");
          }
        }
        if (location == null) {
          location = store.firstId("location");
        }
        String currency = amount.path("currency").asText(location == null ? "USD" : currencyOf(location));
        ObjectNode p = json.createObjectNode();
        String id = ids().alnum(29);
        p.put("id", id);
        p.put("created_at", now());
        p.put("updated_at", now());
        p.set("amount_money", OrderPricing.money(p, amt, currency));
        if (tip > 0) {
          p.set("tip_money", OrderPricing.money(p, tip, currency));
        }
        p.set("total_money", OrderPricing.money(p, amt + tip, currency));
        p.set("approved_money", OrderPricing.money(p, amt + tip, currency));
        p.put("status", "COMPLETED");
        String tenderType;
        if ("EXTERNAL".equals(source)) {
          JsonNode ext = b.path("external_details");
          if (!ext.has("type") || !ext.has("source")) {
            throw invalid("MISSING_REQUIRED_PARAMETER", "external_details.type and source must be set",
                "external_details");
          }
          p.put("source_type", "EXTERNAL");
          p.set("external_details", ext.deepCopy());
          tenderType = "OTHER";
        } else if ("CASH".equals(source)) {
          p.put("source_type", "CASH");
          tenderType = "CASH";
        } else {
          p.put("source_type", "CARD");
          ObjectNode cd = p.putObject("card_details");
          cd.put("status", "CAPTURED");
          ObjectNode card = cd.putObject("card");
          card.put("card_brand", "VISA");
          card.put("last_4", "1111");
          card.put("card_type", "CREDIT");
          cd.put("entry_method", "KEYED");
          tenderType = "CARD";
        }
        putIf(p, "location_id", location);
        putIf(p, "customer_id", text(b, "customer_id"));
        putIf(p, "reference_id", text(b, "reference_id"));
        putIf(p, "note", text(b, "note"));
        p.put("version_token", ids().alnum(20));
        if (order != null) {
          p.put("order_id", order.get("id").asText());
          ObjectNode t = order.withArray("tenders").addObject();
          t.put("id", id);
          t.put("location_id", location);
          t.put("created_at", now());
          t.set("amount_money", OrderPricing.money(t, amt + tip, currency));
          if (tip > 0) {
            t.set("tip_money", OrderPricing.money(t, tip, currency));
          }
          t.put("type", tenderType);
          if (p.has("card_details")) {
            t.set("card_details", p.get("card_details").deepCopy());
          }
          t.put("payment_id", id);
          priceOrFail(order, order.path("location_id").asText()); // the payment's location is the order's
          order.put("version", order.get("version").asInt() + 1);
          order.put("updated_at", now());
          if (order.path("net_amount_due_money").path("amount").asLong() == 0) {
            order.put("state", "COMPLETED");
            order.put("closed_at", now());
            sellFromStock(order);
          }
        }
        store.put("payment", id, p);
        return okWith("payment", p.deepCopy());
      }
    });
  }

  private SimResponse listPayments(SimRequest r) {
    synchronized (lock) {
      String location = r.queryParam("location_id")
          .orElse(Objects.requireNonNullElse(store.firstId("location"), ""));
      return listByCreation(r, "ListPayments", "payments", store.list("payment"),
          p -> location.equals(p.path("location_id").asText()));
    }
  }

  private List<ObjectNode> filterByTime(
      java.util.Collection<ObjectNode> all, Instant begin, Instant end, Predicate<ObjectNode> more) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode n : all) {
      Instant t = parseTime(n.path("created_at"), "created_at");
      if (t != null && !t.isBefore(begin) && t.isBefore(end) && more.test(n)) {
        out.add(n);
      }
    }
    return out;
  }

  private static void sortByCreated(List<ObjectNode> list, boolean asc) {
    Comparator<ObjectNode> cmp = Comparator.comparing((ObjectNode n) -> n.path("created_at").asText())
        .thenComparing(n -> n.path("id").asText());
    list.sort(asc ? cmp : cmp.reversed());
  }

  private SimResponse refundPayment(SimRequest r) {
    ObjectNode b = body(r);
    String key = idempotencyKey(b, true, 45);
    return idempotent("RefundPayment", key, b, () -> {
      synchronized (lock) {
        JsonNode amount = b.path("amount_money");
        if (!amount.has("amount")) {
          throw invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "amount_money");
        }
        ObjectNode p = store.get("payment", b.path("payment_id").asText());
        if (p == null) {
          throw fail(404, "INVALID_REQUEST_ERROR", "NOT_FOUND", "Payment not found", "payment_id");
        }
        long refunded = p.path("refunded_money").path("amount").asLong(0);
        long total = p.path("total_money").path("amount").asLong();
        long amt = amount.path("amount").asLong();
        if (amt <= 0 || amt > total - refunded) {
          throw fail(400, "REFUND_ERROR", "REFUND_AMOUNT_INVALID",
              "The refund amount exceeds the refundable amount", "amount_money");
        }
        if (b.hasNonNull("payment_version_token")
            && !b.get("payment_version_token").asText().equals(p.path("version_token").asText())) {
          throw invalid("VERSION_MISMATCH", "payment_version_token is stale", "payment_version_token");
        }
        String currency = p.path("amount_money").path("currency").asText();
        ObjectNode rf = json.createObjectNode();
        String id = p.get("id").asText() + "_" + ids().alnum(30);
        rf.put("id", id);
        rf.put("status", "PENDING");
        rf.set("location_id", p.get("location_id"));
        rf.put("unlinked", false);
        rf.put("destination_type", p.path("source_type").asText("CARD"));
        rf.set("amount_money", OrderPricing.money(rf, amt, currency));
        rf.set("payment_id", p.get("id"));
        if (p.has("order_id")) {
          rf.set("order_id", p.get("order_id"));
        }
        putIf(rf, "reason", text(b, "reason"));
        rf.put("created_at", now());
        rf.put("updated_at", now());
        store.put("refund", id, rf);
        p.set("refunded_money", OrderPricing.money(p, refunded + amt, currency));
        p.withArray("refund_ids").add(id);
        p.put("version_token", ids().alnum(20));
        return okWith("refund", rf.deepCopy());
      }
    });
  }

  private SimResponse listRefunds(SimRequest r) {
    synchronized (lock) {
      String location = r.queryParam("location_id").orElse(null);
      String status = r.queryParam("status").orElse(null);
      return listByCreation(r, "ListPaymentRefunds", "refunds", store.list("refund"),
          x -> (location == null || location.equals(x.path("location_id").asText()))
              && (status == null || status.equals(x.path("status").asText())));
    }
  }

  // ================================================================== inventory

  private ObjectNode setCount(String variationId, String locationId, String state, BigDecimal quantity) {
    String key = variationId + "|" + locationId + "|" + state;
    ObjectNode c = json.createObjectNode();
    c.put("catalog_object_id", variationId);
    c.put("catalog_object_type", "ITEM_VARIATION");
    c.put("state", state);
    c.put("location_id", locationId);
    c.put("quantity", plain(quantity));
    c.put("calculated_at", now());
    c.put("is_estimated", false);
    store.remove("count", key);
    store.put("count", key, c);
    return c;
  }

  private static String plain(BigDecimal q) {
    BigDecimal s = q.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }

  private SimResponse batchChangeInventory(SimRequest r) {
    ObjectNode b = body(r);
    String key = idempotencyKey(b, true, 128);
    return idempotent("BatchChangeInventory", key, b, () -> {
      synchronized (lock) {
        JsonNode changes = b.path("changes");
        if (!changes.isArray() || changes.isEmpty()) {
          throw invalid("MISSING_REQUIRED_PARAMETER", "changes must not be empty", "changes");
        }
        if (changes.size() > 100) {
          throw invalid("VALUE_TOO_HIGH", "at most 100 changes per request", "changes");
        }
        Instant now = clock().instant();
        // Validate everything first: the batch applies all or nothing.
        for (int i = 0; i < changes.size(); i++) {
          validateChange(changes.get(i), "changes[" + i + "]", now);
        }
        Map<String, ObjectNode> touched = new LinkedHashMap<>();
        ArrayNode applied = json.createArrayNode();
        for (JsonNode ch : changes) {
          ObjectNode stored = ch.deepCopy();
          String type = ch.get("type").asText();
          if (type.equals("PHYSICAL_COUNT")) {
            ObjectNode pc = (ObjectNode) stored.get("physical_count");
            pc.put("id", ids().upperAlnum(26));
            pc.put("created_at", now());
            pc.putObject("source").put("product", "EXTERNAL_API");
            String v = pc.get("catalog_object_id").asText();
            String l = pc.get("location_id").asText();
            String s = pc.get("state").asText();
            touched.put(v + "|" + l + "|" + s, setCount(v, l, s, new BigDecimal(pc.get("quantity").asText())));
          } else {
            ObjectNode adj = (ObjectNode) stored.get("adjustment");
            adj.remove("total_price_money"); // read-only: Square sets it, never the client
            adj.put("id", ids().upperAlnum(26));
            adj.put("created_at", now());
            adj.putObject("source").put("product", "EXTERNAL_API");
            String v = adj.get("catalog_object_id").asText();
            String l = Objects.requireNonNull(adjustmentLocation(adj), "validateChange checked the location");
            if (adj.has("location_id")) { // pre-2025 shape: answer in the current one
              adj.remove("location_id");
              adj.put("from_location_id", l);
              adj.put("to_location_id", l);
            }
            BigDecimal q = new BigDecimal(adj.get("quantity").asText());
            String from = adj.get("from_state").asText();
            String to = adj.get("to_state").asText();
            if (!UNTRACKED_STATES.contains(from)) {
              String k = v + "|" + l + "|" + from;
              touched.put(k, setCount(v, l, from, stock(v, l, from).subtract(q)));
            }
            if (!UNTRACKED_STATES.contains(to)) {
              String k = v + "|" + l + "|" + to;
              touched.put(k, setCount(v, l, to, stock(v, l, to).add(q)));
            }
          }
          inventoryChanges.add(stored);
          applied.add(stored);
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode cs = out.putArray("counts");
        touched.values().forEach(c -> cs.add(c.deepCopy()));
        out.set("changes", applied);
        return ok(out);
      }
    });
  }

  /**
   * Like Square, a completed order moves its tracked catalog lines from IN_STOCK to SOLD at its
   * location. Seeded orders are history and leave the counts alone.
   */
  private void sellFromStock(ObjectNode order) {
    String location = order.path("location_id").asText();
    for (JsonNode li : order.path("line_items")) {
      String id = li.path("catalog_object_id").asText(null);
      ObjectNode v = id == null ? null : variation(id);
      if (v == null || !v.path("item_variation_data").path("track_inventory").asBoolean(false)) {
        continue;
      }
      BigDecimal q = new BigDecimal(li.path("quantity").asText("0"));
      setCount(id, location, "IN_STOCK", stock(id, location, "IN_STOCK").subtract(q));
      ObjectNode change = json.createObjectNode();
      change.put("type", "ADJUSTMENT");
      ObjectNode adj = change.putObject("adjustment");
      adj.put("id", ids().upperAlnum(26));
      adj.put("from_state", "IN_STOCK");
      adj.put("to_state", "SOLD");
      adj.put("from_location_id", location);
      adj.put("to_location_id", location);
      adj.put("catalog_object_id", id);
      adj.put("catalog_object_type", "ITEM_VARIATION");
      adj.put("quantity", plain(q));
      adj.put("occurred_at", now());
      adj.put("created_at", now());
      adj.put("transaction_id", order.path("id").asText());
      inventoryChanges.add(change);
    }
  }

  private void validateChange(JsonNode ch, String path, Instant now) {
    String type = ch.path("type").asText("");
    JsonNode body;
    if (type.equals("PHYSICAL_COUNT")) {
      body = ch.path("physical_count");
      String state = body.path("state").asText("");
      if (!state.equals("IN_STOCK") && !state.equals("WASTE")) {
        throw invalid("INVALID_VALUE", "a physical count must be IN_STOCK or WASTE", path + ".physical_count.state");
      }
      path = path + ".physical_count";
    } else if (type.equals("ADJUSTMENT")) {
      body = ch.path("adjustment");
      path = path + ".adjustment";
      for (String f : new String[] {"from_state", "to_state"}) {
        String s = body.path(f).asText("");
        if (!KNOWN_STATES.contains(s)) {
          throw invalid("INVALID_ENUM_VALUE", "unknown inventory state " + s, path + "." + f);
        }
        if (READ_ONLY_STATES.contains(s)) {
          throw invalid("INVALID_VALUE", "inventory state " + s + " is read-only", path + "." + f);
        }
      }
      if (body.path("from_state").asText().equals(body.path("to_state").asText())) {
        throw invalid("INVALID_VALUE", "from_state and to_state must differ", path);
      }
    } else {
      throw invalid("INVALID_ENUM_VALUE", "type must be PHYSICAL_COUNT or ADJUSTMENT", path + ".type");
    }
    if (!body.isObject()) {
      throw invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", path);
    }
    if (variation(body.path("catalog_object_id").asText()) == null) {
      throw invalid("INVALID_VALUE", "catalog object not found", path + ".catalog_object_id");
    }
    if (type.equals("ADJUSTMENT")) {
      String from = body.path("from_location_id").asText(null);
      String to = body.path("to_location_id").asText(null);
      if (from != null && to != null && !from.equals(to)) {
        throw invalid("INVALID_VALUE", "transfers between locations are not simulated", path + ".to_location_id");
      }
    }
    String location = type.equals("ADJUSTMENT") ? adjustmentLocation(body) : body.path("location_id").asText();
    if (location == null || !store.contains("location", location)) {
      throw invalid("INVALID_VALUE", "location not found", path + ".location_id");
    }
    String q = body.path("quantity").asText("");
    if (!QUANTITY.matcher(q).matches() || q.length() > 26) {
      throw invalid("INVALID_VALUE", "quantity must be a decimal string with at most 5 decimals", path + ".quantity");
    }
    if (type.equals("ADJUSTMENT") && new BigDecimal(q).signum() <= 0) {
      throw invalid("INVALID_VALUE", "an adjustment quantity must be positive", path + ".quantity");
    }
    Instant at = timeOrFail(body.path("occurred_at"), path + ".occurred_at");
    if (at == null) {
      throw invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", path + ".occurred_at");
    }
    if (at.isAfter(now.plusSeconds(1))) {
      throw invalid("INVALID_VALUE", "occurred_at must not be in the future", path + ".occurred_at");
    }
  }

  /** The location of an adjustment: {@code from/to_location_id} (2026 shape) or {@code location_id}. */
  private static @Nullable String adjustmentLocation(JsonNode adj) {
    if (adj.hasNonNull("to_location_id")) {
      return adj.get("to_location_id").asText();
    }
    if (adj.hasNonNull("from_location_id")) {
      return adj.get("from_location_id").asText();
    }
    return adj.hasNonNull("location_id") ? adj.get("location_id").asText() : null;
  }

  private SimResponse batchRetrieveCounts(SimRequest r) {
    ObjectNode b = body(r);
    synchronized (lock) {
      Set<String> ids = new HashSet<>();
      b.path("catalog_object_ids").forEach(n -> ids.add(n.asText()));
      Set<String> locs = new HashSet<>();
      b.path("location_ids").forEach(n -> locs.add(n.asText()));
      Set<String> states = new HashSet<>();
      b.path("states").forEach(n -> states.add(n.asText()));
      Instant after = timeOrFail(b.path("updated_after"), "updated_after");
      int limit = limit(b.get("limit"), 1000, 1, 1000, true);
      List<ObjectNode> hits = new ArrayList<>();
      for (ObjectNode c : store.list("count")) {
        if ((!ids.isEmpty() && !ids.contains(c.get("catalog_object_id").asText()))
            || (!locs.isEmpty() && !locs.contains(c.get("location_id").asText()))
            || (!states.isEmpty() && !states.contains(c.get("state").asText()))) {
          continue;
        }
        if (after != null && !Instant.parse(c.get("calculated_at").asText()).isAfter(after)) {
          continue;
        }
        hits.add(c);
      }
      // Newest calculated_at first, as Square returns them.
      hits.sort(Comparator.comparing((ObjectNode c) -> c.get("calculated_at").asText()).reversed()
          .thenComparing(c -> c.get("catalog_object_id").asText())
          .thenComparing(c -> c.get("location_id").asText()));
      Page<ObjectNode> p = page("BatchRetrieveInventoryCounts", b, text(b, "cursor"), hits, limit);
      return ok(pageBody("counts", p, ObjectNode::deepCopy));
    }
  }

  // ================================================================== customers

  private static final String[] CUSTOMER_FIELDS = {"given_name", "family_name", "nickname", "company_name",
      "email_address", "phone_number", "address", "birthday", "reference_id", "note", "tax_ids"};

  private SimResponse createCustomer(SimRequest r) {
    ObjectNode b = body(r);
    String key = idempotencyKey(b, false, Integer.MAX_VALUE);
    return idempotent("CreateCustomer", key, b, () -> {
      synchronized (lock) {
        boolean identity = false;
        for (String f : new String[] {"given_name", "family_name", "company_name", "email_address", "phone_number"}) {
          identity |= b.hasNonNull(f) && !b.get(f).asText().isBlank();
        }
        if (!identity) {
          throw invalid("MISSING_REQUIRED_PARAMETER",
              "At least one of given_name, family_name, company_name, email_address, phone_number is required", null);
        }
        validatePhone(b);
        ObjectNode c = json.createObjectNode();
        String id = ids().upperAlnum(26);
        c.put("id", id);
        c.put("created_at", now());
        c.put("updated_at", now());
        for (String f : CUSTOMER_FIELDS) {
          if (b.hasNonNull(f)) {
            c.set(f, b.get(f).deepCopy());
          }
        }
        c.putObject("preferences").put("email_unsubscribed", false);
        c.put("creation_source", "THIRD_PARTY");
        c.put("version", 0);
        store.put("customer", id, c);
        return okWith("customer", c.deepCopy());
      }
    });
  }

  private void validatePhone(JsonNode b) {
    if (b.hasNonNull("phone_number")) {
      String digits = b.get("phone_number").asText().replaceAll("[^0-9]", "");
      if (digits.length() < 9 || digits.length() > 16) {
        throw invalid("INVALID_PHONE_NUMBER", "phone_number must have 9 to 16 digits", "phone_number");
      }
    }
  }

  private SimResponse updateCustomer(SimRequest r) {
    ObjectNode b = body(r);
    synchronized (lock) {
      ObjectNode c = store.get("customer", r.pathVariable("id"));
      if (c == null) {
        throw notFound("Customer");
      }
      if (b.hasNonNull("version") && b.get("version").asLong() != c.path("version").asLong()) {
        throw invalid("VERSION_MISMATCH", "The customer version does not match", "version");
      }
      validatePhone(b);
      boolean clearNulls = r.header("X-Clear-Null").map("true"::equalsIgnoreCase).orElse(false);
      for (String f : CUSTOMER_FIELDS) {
        JsonNode v = b.get(f);
        if (v != null && !v.isNull()) {
          c.set(f, v.deepCopy());
        } else if (v != null && clearNulls) {
          c.remove(f);
        }
      }
      c.put("version", c.path("version").asLong() + 1);
      c.put("updated_at", now());
      return okWith("customer", c.deepCopy());
    }
  }

  private SimResponse searchCustomers(SimRequest r) {
    ObjectNode b = body(r);
    synchronized (lock) {
      int limit = limit(b.get("limit"), 100, 1, 100, true);
      JsonNode filter = b.path("query").path("filter");
      List<ObjectNode> hits = new ArrayList<>();
      for (ObjectNode c : store.list("customer")) {
        if (!matches(filter.path("email_address"), c.path("email_address").asText(null), true, false)
            || !matches(filter.path("phone_number"), c.path("phone_number").asText(null), false, true)
            || !matches(filter.path("reference_id"), c.path("reference_id").asText(null), false, false)) {
          continue;
        }
        hits.add(c);
      }
      Page<ObjectNode> p = page("SearchCustomers", b, text(b, "cursor"), hits, limit);
      ObjectNode out = json.createObjectNode();
      if (!p.items().isEmpty()) {
        ArrayNode a = out.putArray("customers");
        p.items().forEach(c -> a.add(c.deepCopy()));
      }
      if (p.cursor() != null) {
        out.put("cursor", p.cursor());
      }
      if (b.path("count").asBoolean(false)) {
        out.put("count", hits.size());
      }
      return ok(out);
    }
  }

  private static String digits(String s) {
    return s.replaceAll("[^0-9]", "");
  }

  private static boolean matches(
      JsonNode textFilter, @Nullable String value, boolean caseInsensitive, boolean phone) {
    if (textFilter.isMissingNode()) {
      return true;
    }
    if (value == null) {
      return false;
    }
    String v = caseInsensitive ? value.toLowerCase(Locale.ROOT) : value;
    if (textFilter.has("exact")) {
      String e = textFilter.get("exact").asText();
      if (phone) {
        return digits(v).equals(digits(e));
      }
      return v.equals(caseInsensitive ? e.toLowerCase(Locale.ROOT) : e);
    }
    if (textFilter.has("fuzzy")) {
      String f = textFilter.get("fuzzy").asText().toLowerCase(Locale.ROOT);
      return value.toLowerCase(Locale.ROOT).contains(f);
    }
    return true;
  }
}
