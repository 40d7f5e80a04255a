package dev.posbridge.testing.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.spi.Signatures;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimRequest;
import dev.posbridge.testing.SimResponse;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.Throttle;
import dev.posbridge.testing.VendorSimulator;
import dev.posbridge.testing.WebhookDelivery;
import dev.posbridge.testing.internal.Fingerprints;
import dev.posbridge.testing.internal.Json;
import dev.posbridge.testing.internal.ResourceTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A stateful simulator of Shopify's Admin GraphQL API
 * ({@code POST /admin/api/{version}/graphql.json}), serving the operations posbridge's Shopify
 * connector sends: orders (with line items, discounts, shipping, taxes, transactions and
 * refunds), inventory items and levels with named quantities, {@code inventoryAdjustQuantities}
 * and {@code inventorySetQuantities}, customers, product variants, locations.
 *
 * <p>Like Shopify it checks {@code X-Shopify-Access-Token} (401 otherwise), echoes the effective
 * {@code X-Shopify-API-Version} (unknown versions fall forward to the oldest supported), prices
 * every request in query-cost points from a per-token leaky bucket (default 2,000 points
 * restored at 100/s; {@link #throttle(double, double)} changes it) and answers an empty bucket with
 * HTTP 200 {@code THROTTLED} and a requested cost over 1,000 with {@code MAX_COST_EXCEEDED}. From
 * 2026-04 on, inventory mutations need {@code @idempotent(key:)} and {@code changeFromQuantity}
 * on every row; a stale {@code changeFromQuantity} is refused with
 * {@code CHANGE_FROM_QUANTITY_STALE}, a key reused with other input with
 * {@code IDEMPOTENCY_KEY_PARAMETER_MISMATCH}, and a repeated key replays the first answer.
 * Applied inventory mutations are counted in {@link #effects()} by kind
 * ({@code inventoryAdjustQuantities}, {@code inventorySetQuantities}) and idempotency key, and
 * under the same kind suffixed {@code :reference} by reference document URI.
 *
 * <p>Seed it with {@link #seedLocation}, {@link #seedItem}, {@link #seedStock},
 * {@link #seedOrder}, {@link #seedRefund} and {@link #seedCustomer}; {@link #reset()} restores the
 * default shop (currency EUR, one location "Main Store"). {@link #sendWebhook} signs and posts
 * webhooks with Shopify's headers and {@link #redeliver} repeats one as Shopify's retries do.
 * {@code POST /admin/oauth/access_token} exchanges codes from {@link #issueAuthorizationCode()}
 * and refresh tokens for expiring (60-minute) access tokens with rotated refresh tokens. Faults
 * (401, 402, 403, 404, 423, 429 with {@code Retry-After}, 5xx) come from {@link #faults()}.
 *
 * <p>Bulk queries: {@code bulkOperationRunQuery} over orders (charged 10 points, like any
 * mutation), polled with {@code bulkOperation(id:)}, {@code node(id:)} or
 * {@code currentBulkOperation} (1 point each) and cancelled with {@code bulkOperationCancel}. The
 * result is a JSONL file served by this simulator at a signed URL without an access token (Range
 * requests answer 206): one line per order with the order's fields, then, for each nested
 * connection the query selects, one line per item carrying {@code __parentId}. See
 * {@link #bulkOperationTiming}, {@link #bulkQueryLimit}, {@link #failNextBulkOperation} and
 * {@link #rewriteBulkResults}.
 * Thread-safe.
 */
public final class ShopifySimulator extends VendorSimulator {

  /** The access token the simulator accepts by default. */
  public static final String DEFAULT_ACCESS_TOKEN = "shpat_posbridge_test";
  /** The shop domain the simulator reports by default. */
  public static final String DEFAULT_SHOP = "posbridge-dev.myshopify.com";
  /** The app client secret webhooks are signed with by default. */
  public static final String DEFAULT_CLIENT_SECRET = "shpss_posbridge_test";
  /** The OAuth client id the token endpoint accepts by default. */
  public static final String DEFAULT_CLIENT_ID = "posbridge_client_id";
  /** The default location's GID. */
  public static final String DEFAULT_LOCATION = "gid://shopify/Location/655441491";

  /** Webhook signature test vector (docs/vendors/shopify.md): client secret. */
  public static final String VECTOR_SECRET = "shpss_TEST_0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  /** Webhook signature test vector (docs/vendors/shopify.md): raw body (204 bytes). */
  public static final String VECTOR_BODY = "{\"id\":820982911946154508,\"admin_graphql_api_id\":"
      + "\"gid://shopify/Order/820982911946154508\",\"name\":\"#1001\",\"currency\":\"EUR\","
      + "\"total_price\":\"21.20\",\"source_name\":\"pos\","
      + "\"updated_at\":\"2025-11-03T11:15:29+01:00\"}";
  /** Webhook signature test vector (docs/vendors/shopify.md): {@code X-Shopify-Hmac-Sha256}. */
  public static final String VECTOR_HMAC = "BwHDtzqfityYjpUrMLzpeM+sKUE1U+wbbjrNDJLMpK0=";

  private static final List<String> SUPPORTED_VERSIONS =
      List.of("2025-10", "2026-01", "2026-04", "2026-07", "2026-10");
  private static final int MAX_QUERY_COST = 1000;
  private static final Pattern IDEMPOTENT =
      Pattern.compile("@idempotent\\s*\\(\\s*key\\s*:\\s*(\\$(\\w+)|\"([^\"]*)\")\\s*\\)");
  private static final Set<String> REASONS = Set.of("correction", "cycle_count_available",
      "damaged", "received", "restock", "shrinkage", "promotion", "other", "quality_control",
      "safety_stock", "movement_created", "movement_updated", "movement_received",
      "movement_canceled", "reservation_created", "reservation_updated", "reservation_deleted");
  private static final Set<String> QUANTITY_NAMES = Set.of("available", "on_hand", "committed",
      "incoming", "reserved", "damaged", "quality_control", "safety_stock");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> BULK_MUTATIONS = Set.of("bulkOperationRunQuery", "bulkOperationCancel");

  /**
   * A product variant with its inventory item, as seeded.
   *
   * @param variantId the variant GID
   * @param productId the product GID
   * @param inventoryItemId the inventory item GID
   * @param sku the SKU
   * @param title the product title
   * @param price the price, a decimal string in the shop currency
   * @param barcode the barcode, if any
   */
  public record Variant(String variantId, String productId, String inventoryItemId, String sku,
      String title, String price, @Nullable String barcode) {}

  private record Loc(String id, String name, boolean active, @Nullable String city,
      @Nullable String countryCode) {}

  private static final class Customer {
    final String id;
    @Nullable String firstName;
    @Nullable String lastName;
    @Nullable String email;
    @Nullable String phone;
    @Nullable String note;
    String emailState = "NOT_SUBSCRIBED";
    String smsState = "NOT_SUBSCRIBED";
    @Nullable JsonNode address;
    final Instant createdAt;
    Instant updatedAt;

    Customer(String id, Instant now) {
      this.id = id;
      this.createdAt = now;
      this.updatedAt = now;
    }
  }

  private final Object lock = new Object();
  private final Set<String> tokens = new CopyOnWriteArraySet<>();
  /** Expiring access tokens issued by the OAuth endpoint → expiry. */
  private final Map<String, Instant> expiring = new java.util.concurrent.ConcurrentHashMap<>();
  /** Authorization codes not yet exchanged. */
  private final Set<String> codes = new CopyOnWriteArraySet<>();
  /** Refresh token → the access token issued with it. */
  private final Map<String, String> refreshTokens = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile String clientId = DEFAULT_CLIENT_ID;
  private volatile Throttle bucket;
  private volatile String clientSecret = DEFAULT_CLIENT_SECRET;
  private volatile String currency = "EUR";
  private final ResourceTable<Loc> locations = ResourceTable.inInsertionOrder(List.of("location"));
  private final ResourceTable<Variant> variants = ResourceTable.inInsertionOrder(List.of("item"));
  /** item → location → name → quantity. */
  private final Map<String, Map<String, Map<String, Integer>>> levels = new LinkedHashMap<>();
  private final Map<String, Instant> levelUpdated = new LinkedHashMap<>();
  private final ResourceTable<ObjectNode> orders = ResourceTable.inInsertionOrder(List.of("order"));
  private final ResourceTable<Customer> customers = ResourceTable.inInsertionOrder(List.of("customer"));
  private final BulkOperations bulk = new BulkOperations();

  /**
   * Starts a simulator on a free port with the default configuration, accepting
   * {@link #DEFAULT_ACCESS_TOKEN}.
   *
   * @return the running simulator; close it when done
   */
  public static ShopifySimulator start() {
    return start(SimulatorConfig.defaults());
  }

  /**
   * Starts a simulator accepting {@link #DEFAULT_ACCESS_TOKEN}.
   *
   * @param config port, clock, seed
   * @return the running simulator; close it when done
   */
  public static ShopifySimulator start(SimulatorConfig config) {
    return new ShopifySimulator(config);
  }

  private ShopifySimulator(SimulatorConfig config) {
    super(config);
    this.bucket = new Throttle(2000, 100, config.clock());
    route("POST", "/admin/api/{version}/graphql.json", this::graphql);
    route("POST", "/admin/oauth/access_token", this::accessToken);
    route("GET", "/bulk-results/{file}", this::bulkFile);
    seed();
  }

  // ================================================================== configuration

  /**
   * Sets the cost bucket of every token (and refills it).
   *
   * @param maximumAvailable the bucket size in points
   * @param restoreRate points restored per second
   * @return this simulator
   */
  public ShopifySimulator throttle(double maximumAvailable, double restoreRate) {
    this.bucket = new Throttle(maximumAvailable, restoreRate, clock());
    return this;
  }

  /**
   * Accepts another access token.
   *
   * @param token the token
   * @return this simulator
   */
  public ShopifySimulator acceptToken(String token) {
    tokens.add(token);
    return this;
  }

  /**
   * Stops accepting a token (it then gets 401), e.g. to simulate a revoked or expired one.
   *
   * @param token the token
   * @return this simulator
   */
  public ShopifySimulator revokeToken(String token) {
    tokens.remove(token);
    return this;
  }

  /**
   * Stops accepting every access token, the default one included (401 until
   * {@link #acceptToken(String)} or the token endpoint hands out a new one).
   *
   * @return this simulator
   */
  public ShopifySimulator expireAccessTokens() {
    tokens.clear();
    return this;
  }

  /**
   * Sets the client secret webhooks are signed with.
   *
   * @param secret the secret
   * @return this simulator
   */
  public ShopifySimulator clientSecret(String secret) {
    this.clientSecret = secret;
    return this;
  }

  /**
   * Sets the shop currency; call before seeding orders.
   *
   * @param code an ISO 4217 code
   * @return this simulator
   */
  public ShopifySimulator shopCurrency(String code) {
    this.currency = code;
    return this;
  }

  /**
   * Estimates the requested query cost Shopify's published cost model gives a document: objects
   * 1, connections and lists with {@code first} 2 + first × node cost, mutations 10 more.
   * Requests over 1,000 points are refused with {@code MAX_COST_EXCEEDED}.
   *
   * @param document the GraphQL document
   * @param variables its variables (for {@code first: $variable}), e.g. a request's
   *     {@code json().path("variables")} or {@code JsonView.of(Map.of("first", 3))}
   * @return the estimated requested cost
   */
  public static int requestedCost(String document, JsonView variables) {
    return QueryCost.of(document, Json.tree(variables));
  }

  /**
   * Returns the points left in a token's bucket.
   *
   * @param token the access token
   * @return the available points
   */
  public double availablePoints(String token) {
    return bucket.available(token);
  }

  /**
   * Sets how bulk query operations progress: {@code CREATED}, {@code RUNNING} from the first
   * status read, {@code COMPLETED} at the {@code polls}-th status read ({@code bulkOperation(id:)},
   * {@code node(id:)} or {@code currentBulkOperation}) or once {@code runTime} has passed on the
   * simulator's clock, whichever comes first. Default: 2 reads, 10 minutes.
   *
   * @param polls the status read that completes an operation, at least 1
   * @param runTime how long an operation runs on the simulator's clock at most
   * @return this simulator
   */
  public ShopifySimulator bulkOperationTiming(int polls, Duration runTime) {
    if (polls < 1 || runTime.isNegative()) {
      throw new IllegalArgumentException("polls must be >= 1 and runTime not negative");
    }
    synchronized (lock) {
      bulk.polls = polls;
      bulk.runTime = runTime;
    }
    return this;
  }

  /**
   * Overrides how many bulk query operations may run at once. By default it follows the API
   * version, as Shopify documents it: one before 2026-01 (a second is refused with the user error
   * {@code OPERATION_IN_PROGRESS}), five from 2026-01 on ({@code LIMIT_REACHED}).
   *
   * @param max the limit, at least 1, or {@code null} for the version's
   * @return this simulator
   */
  public ShopifySimulator bulkQueryLimit(@Nullable Integer max) {
    if (max != null && max < 1) {
      throw new IllegalArgumentException("max must be >= 1: " + max);
    }
    synchronized (lock) {
      bulk.limit = max;
    }
    return this;
  }

  /**
   * Makes the next bulk query operation end {@code FAILED} with an error code instead of
   * completing. {@code TIMEOUT} and {@code INTERNAL_SERVER_ERROR} come with a
   * {@code partialDataUrl} holding the first half of the result's lines; {@code ACCESS_DENIED}
   * without.
   *
   * @param errorCode {@code ACCESS_DENIED}, {@code INTERNAL_SERVER_ERROR} or {@code TIMEOUT}
   * @return this simulator
   */
  public ShopifySimulator failNextBulkOperation(String errorCode) {
    synchronized (lock) {
      bulk.failNext = errorCode;
    }
    return this;
  }

  /**
   * Rewrites each line of the bulk results computed from now on, e.g. to plant a poison record or
   * a broken line; a line rewritten to {@code null} is left out.
   *
   * @param rewriter the rewrite, or {@code null} to stop rewriting
   * @return this simulator
   */
  public ShopifySimulator rewriteBulkResults(@Nullable UnaryOperator<@Nullable String> rewriter) {
    synchronized (lock) {
      bulk.rewrite = rewriter == null ? null : rewriter::apply;
    }
    return this;
  }

  /**
   * Returns how many bulk query operations were created since the last reset.
   *
   * @return the count
   */
  public int bulkOperationCount() {
    synchronized (lock) {
      return bulk.created();
    }
  }

  @Override
  protected void onReset() {
    synchronized (lock) {
      bucket.reset();
      seed();
    }
  }

  private void seed() {
    synchronized (lock) {
      tokens.clear();
      tokens.add(DEFAULT_ACCESS_TOKEN);
      expiring.clear();
      codes.clear();
      refreshTokens.clear();
      locations.clear();
      variants.clear();
      levels.clear();
      levelUpdated.clear();
      orders.clear();
      customers.clear();
      bulk.reset();
      currency = "EUR";
      locations.put("location", DEFAULT_LOCATION, new Loc(DEFAULT_LOCATION, "Main Store", true, "Berlin", "DE"));
    }
  }

  // ================================================================== seeding

  /**
   * Adds a location.
   *
   * @param name the name
   * @param active whether it is active
   * @return its GID
   */
  public String seedLocation(String name, boolean active) {
    synchronized (lock) {
      String id = "gid://shopify/Location/" + ids().digits(9);
      locations.put("location", id, new Loc(id, name, active, null, null));
      return id;
    }
  }

  /**
   * Adds a product with one variant and its inventory item, stocked at the default location
   * with zero available.
   *
   * @param sku the SKU (may repeat: Shopify does not enforce unique SKUs)
   * @param title the title
   * @param price the price, a decimal string
   * @return the variant
   */
  public Variant seedItem(String sku, String title, String price) {
    synchronized (lock) {
      Variant v = new Variant("gid://shopify/ProductVariant/" + ids().digits(11),
          "gid://shopify/Product/" + ids().digits(10),
          "gid://shopify/InventoryItem/" + ids().digits(11), sku, title, price, null);
      variants.put("item", v.variantId(), v);
      setQuantityLocked(v.inventoryItemId(), DEFAULT_LOCATION, 0, 0);
      return v;
    }
  }

  /**
   * Sets an item's available and committed quantities at a location (on hand = their sum),
   * stocking it there if needed. Use it to change stock behind a client's back.
   *
   * @param inventoryItemId the item GID
   * @param locationId the location GID
   * @param available the available quantity
   * @param committed the committed quantity
   */
  public void seedStock(String inventoryItemId, String locationId, int available, int committed) {
    synchronized (lock) {
      setQuantityLocked(inventoryItemId, locationId, available, committed);
    }
  }

  private void setQuantityLocked(String item, String location, int available, int committed) {
    Map<String, Integer> q = levels.computeIfAbsent(item, k -> new LinkedHashMap<>())
        .computeIfAbsent(location, k -> new LinkedHashMap<>());
    q.put("available", available);
    q.put("committed", committed);
    q.put("on_hand", available + committed);
    q.putIfAbsent("incoming", 0);
    levelUpdated.put(item + "@" + location, clock().instant());
  }

  /**
   * Returns a named quantity.
   *
   * @param inventoryItemId the item GID
   * @param locationId the location GID
   * @param name e.g. {@code available}
   * @return the quantity, or {@code null} if the item is not stocked there
   */
  public @Nullable Integer stock(String inventoryItemId, String locationId, String name) {
    synchronized (lock) {
      Map<String, Integer> q = levels.getOrDefault(inventoryItemId, Map.of()).get(locationId);
      return q == null ? null : q.getOrDefault(name, 0);
    }
  }

  /**
   * Adds a customer.
   *
   * @param firstName the first name
   * @param lastName the last name
   * @param email the email, or {@code null}
   * @param phone the E.164 phone, or {@code null}
   * @return its GID
   */
  public String seedCustomer(String firstName, String lastName, @Nullable String email,
      @Nullable String phone) {
    synchronized (lock) {
      Customer c = new Customer("gid://shopify/Customer/" + ids().digits(12), clock().instant());
      c.firstName = firstName;
      c.lastName = lastName;
      c.email = email;
      c.phone = phone;
      customers.put("customer", c.id, c);
      return c.id;
    }
  }

  /**
   * Returns how many objects of a kind the shop has.
   *
   * @param kind one of {@code customer}, {@code order}, {@code item} (product variants),
   *     {@code location}
   * @return the count
   */
  public int count(String kind) {
    synchronized (lock) {
      return switch (kind) {
        case "customer" -> customers.count(kind);
        case "order" -> orders.count(kind);
        case "item" -> variants.count(kind);
        case "location" -> locations.count(kind);
        default -> throw new IllegalArgumentException("unknown kind: " + kind);
      };
    }
  }

  /**
   * Adds an order, computing allocations, taxes and totals as Shopify reports them.
   *
   * @param seed the order
   * @return its GID
   */
  public String seedOrder(OrderSeed seed) {
    synchronized (lock) {
      ObjectNode o = OrderFactory.build(seed, this::nextOrderNumber, ids()::digits, currency,
          clock().instant(), DEFAULT_LOCATION, this::variantBySku);
      orders.put("order", o.path("id").asText(), o);
      return o.path("id").asText();
    }
  }

  /**
   * Refunds order lines in full quantity units, restocking them to the order's location unless
   * {@code restock} is false, and updates the order's totals and update time.
   *
   * @param orderId the order GID
   * @param lineIndex the line's position (0-based)
   * @param quantity how many units
   * @param restock whether the units go back on hand
   * @param note the refund note, or {@code null}
   * @return the refund GID
   */
  public String seedRefund(String orderId, int lineIndex, int quantity, boolean restock,
      @Nullable String note) {
    synchronized (lock) {
      ObjectNode o = orders.get("order", orderId);
      if (o == null) {
        throw new IllegalArgumentException("no order " + orderId);
      }
      Instant now = clock().instant();
      String id = OrderFactory.refund(o, lineIndex, quantity, restock, note, now, ids()::digits);
      o.put("updatedAt", now.toString());
      if (restock) {
        JsonNode line = o.path("lineItems").path("nodes").path(lineIndex);
        String item = line.path("variant").path("inventoryItem").path("id").asText(null);
        String location = o.path("retailLocation").path("id").asText(DEFAULT_LOCATION);
        Map<String, Integer> q = item == null ? null
            : levels.getOrDefault(item, Map.of()).get(location);
        if (q != null) {
          q.merge("available", quantity, Integer::sum);
          q.merge("on_hand", quantity, Integer::sum);
        }
      }
      return id;
    }
  }

  /**
   * Returns a copy of a stored object, for assertions.
   *
   * @param kind {@code order} (the only kind stored as Shopify JSON)
   * @param id the order GID
   * @return a read-only copy of the order as the simulator serves it, or empty if unknown
   */
  public Optional<JsonView> record(String kind, String id) {
    if (!"order".equals(kind)) {
      throw new IllegalArgumentException("unknown kind: " + kind);
    }
    synchronized (lock) {
      ObjectNode o = orders.get("order", id);
      return o == null ? Optional.empty() : Optional.of(JsonView.of(o.deepCopy()));
    }
  }

  private ObjectNode storedOrder(String orderId) {
    synchronized (lock) {
      ObjectNode o = orders.get("order", orderId);
      if (o == null) {
        throw new IllegalArgumentException("no order " + orderId);
      }
      return o.deepCopy();
    }
  }

  private String nextOrderNumber() {
    return String.valueOf(1000 + ids().next("order"));
  }

  private @Nullable Variant variantBySku(String sku) {
    for (Variant v : variants.list("item")) {
      if (v.sku().equals(sku)) {
        return v;
      }
    }
    return null;
  }

  /** A bulk result file, as the signed storage URL Shopify hands out would serve it. */
  private SimResponse bulkFile(SimRequest r) {
    synchronized (lock) {
      return bulk.file(r.pathVariable("file"), r.queryParam("sig").orElse(null),
          r.header("Range").orElse(null), clock().instant(), this::bulkOrders);
    }
  }

  // ================================================================== OAuth

  /**
   * Issues an authorization code, as Shopify's OAuth redirect would, for the token endpoint
   * ({@code POST /admin/oauth/access_token}) to exchange.
   *
   * @return the code
   */
  public String issueAuthorizationCode() {
    String code = ids().alnum(32);
    codes.add(code);
    return code;
  }

  /**
   * Sets the OAuth client id and secret the token endpoint accepts (the secret also signs
   * webhooks).
   *
   * @param id the client id
   * @param secret the client secret
   * @return this simulator
   */
  public ShopifySimulator oauthClient(String id, String secret) {
    this.clientId = id;
    this.clientSecret = secret;
    return this;
  }

  /**
   * The token endpoint: exchanges an authorization code ({@code code}) or a refresh token
   * ({@code grant_type=refresh_token}) for an expiring offline access token (60 minutes) and a
   * rotated refresh token; the previous access token of a refreshed pair stops working.
   */
  private SimResponse accessToken(SimRequest r) {
    JsonNode body = Json.tree(r);
    if (!clientId.equals(body.path("client_id").asText())
        || !clientSecret.equals(body.path("client_secret").asText())) {
      return SimResponse.json(400, Map.of("error", "invalid_client",
          "error_description", "Client credentials are invalid"));
    }
    String grant = body.path("grant_type").asText("authorization_code");
    if (grant.equals("refresh_token")) {
      String previous = refreshTokens.remove(body.path("refresh_token").asText());
      if (previous == null) {
        return SimResponse.json(400, Map.of("error", "invalid_grant",
            "error_description", "Refresh token is invalid or expired"));
      }
      tokens.remove(previous);
      expiring.remove(previous);
    } else if (!codes.remove(body.path("code").asText())) {
      return SimResponse.json(400, Map.of("error", "invalid_request",
          "error_description", "The authorization code was not found or was already used"));
    }
    String access = "shpat_" + ids().alnum(32);
    String refresh = "shprt_" + ids().alnum(32);
    tokens.add(access);
    expiring.put(access, clock().instant().plusSeconds(3600));
    refreshTokens.put(refresh, access);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("access_token", access);
    out.put("scope", "read_orders,read_all_orders,read_inventory,write_inventory,read_customers,"
        + "write_customers,read_products,read_locations");
    out.put("expires_in", 3600);
    out.put("refresh_token", refresh);
    out.put("refresh_token_expires_in", 7_776_000);
    return SimResponse.json(200, out);
  }

  // ================================================================== HTTP

  @Override
  protected @Nullable SimResponse authenticate(SimRequest request) {
    if (request.path().equals("/admin/oauth/access_token") || request.path().startsWith("/bulk-results/")) {
      return null; // the token endpoint authenticates the client; result URLs carry their signature
    }
    String token = request.header("X-Shopify-Access-Token").orElse("");
    Instant expiry = expiring.get(token);
    if (expiry != null && !clock().instant().isBefore(expiry)) {
      tokens.remove(token);
      expiring.remove(token);
    }
    if (!tokens.contains(token)) {
      return SimResponse.json(401, Map.of("errors",
          "[API] Invalid API key or access token (unrecognized login or wrong password)"));
    }
    return null;
  }

  @Override
  protected SimResponse errorResponse(int status, String message, SimRequest request) {
    return SimResponse.json(status, Map.of("errors", message));
  }

  private static String effectiveVersion(String requested) {
    if (requested.equals("unstable") || SUPPORTED_VERSIONS.contains(requested)) {
      return requested;
    }
    return SUPPORTED_VERSIONS.get(0);
  }

  private static boolean strictInventory(String version) {
    return version.equals("unstable") || version.compareTo("2026-04") >= 0;
  }

  private SimResponse graphql(SimRequest r) {
    String version = effectiveVersion(r.pathVariable("version"));
    String token = r.header("X-Shopify-Access-Token").orElse("");
    JsonNode body = Json.tree(r);
    String document = body.path("query").asText("");
    JsonNode variables = body.path("variables").isObject() ? body.path("variables") : F.objectNode();
    String requestId = ids().uuid().toString();
    SimResponse response = execute(version, token, document, variables);
    return response.header("X-Shopify-API-Version", version).header("X-Request-Id", requestId);
  }

  private SimResponse execute(String version, String token, String document, JsonNode variables) {
    if (document.isBlank()) {
      return errors(null, error("Parameter Missing or Invalid", "BAD_REQUEST"));
    }
    int requested;
    try {
      requested = QueryCost.of(document, variables);
    } catch (RuntimeException e) {
      return errors(null, error("syntax error: " + e.getMessage(), "BAD_REQUEST"));
    }
    if (BULK_MUTATIONS.containsAll(rootFields(document)) && document.strip().startsWith("mutation")) {
      requested = 10; // Shopify charges a bulk mutation like any mutation: 10 points, whatever it runs
    }
    if (requested > MAX_QUERY_COST) {
      ObjectNode err = error("Query cost is " + requested + ", which exceeds the single query max "
          + "cost limit (" + MAX_QUERY_COST + ").", "MAX_COST_EXCEEDED");
      ((ObjectNode) err.path("extensions")).put("cost", requested).put("maxCost", MAX_QUERY_COST);
      return errors(cost(token, requested, null), err);
    }
    if (!bucket.tryAcquire(token, requested).allowed()) {
      ObjectNode err = error("Throttled", "THROTTLED");
      ((ObjectNode) err.path("extensions"))
          .put("documentation", "https://shopify.dev/api/usage/rate-limits");
      return errors(cost(token, requested, null), err);
    }
    boolean mutation = document.strip().startsWith("mutation");
    ObjectNode data = F.objectNode();
    try {
      for (String field : rootFields(document)) {
        data.set(field, resolve(field, version, document, variables));
      }
    } catch (GraphqlError e) {
      bucket.release(token, requested - 1);
      return errors(cost(token, requested, 1), e.error);
    }
    int actual = mutation ? requested : Math.min(requested, Math.max(1, countObjects(data)));
    bucket.release(token, requested - actual);
    ObjectNode envelope = F.objectNode();
    envelope.set("data", data);
    envelope.set("extensions", cost(token, requested, actual));
    return SimResponse.json(200, envelope);
  }

  private ObjectNode cost(String token, int requested, @Nullable Integer actual) {
    ObjectNode ext = F.objectNode();
    ObjectNode cost = ext.putObject("cost");
    cost.put("requestedQueryCost", requested);
    cost.put("actualQueryCost", actual); // null when the query was not run
    ObjectNode status = cost.putObject("throttleStatus");
    status.put("maximumAvailable", bucket.capacity());
    status.put("currentlyAvailable", Math.floor(bucket.available(token)));
    status.put("restoreRate", bucket.refillPerSecond());
    return ext;
  }

  private static SimResponse errors(@Nullable ObjectNode extensions, ObjectNode... errors) {
    ObjectNode envelope = F.objectNode();
    ArrayNode list = envelope.putArray("errors");
    for (ObjectNode e : errors) {
      list.add(e);
    }
    if (extensions != null) {
      envelope.set("extensions", extensions);
    }
    return SimResponse.json(200, envelope);
  }

  private static ObjectNode error(String message, String code) {
    ObjectNode e = F.objectNode();
    e.put("message", message);
    e.putObject("extensions").put("code", code);
    return e;
  }

  /** A top-level GraphQL error raised while resolving. */
  private static final class GraphqlError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ObjectNode error;

    GraphqlError(String message, String code) {
      super(message);
      this.error = error(message, code);
    }
  }

  private static int countObjects(JsonNode n) {
    int count = n.isObject() ? 1 : 0;
    for (JsonNode child : n) {
      count += countObjects(child);
    }
    return count;
  }

  /** The root fields of the first operation, in order. */
  static List<String> rootFields(String document) {
    List<String> fields = new ArrayList<>();
    int depth = 0;
    int parens = 0;
    int i = 0;
    String s = document;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        i = s.indexOf('"', i + 1) + 1;
        if (i == 0) {
          break;
        }
        continue;
      }
      if (c == '@' || c == '$') {
        i++;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        continue;
      }
      if (c == '(') {
        parens++;
      } else if (c == ')') {
        parens--;
      } else if (c == '{' && parens == 0) {
        depth++;
      } else if (c == '}' && parens == 0) {
        depth--;
        if (depth == 0) {
          break;
        }
      } else if (depth == 1 && parens == 0 && Character.isLetter(c)) {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        String name = s.substring(i, j);
        int k = j;
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
          k++;
        }
        if (k < s.length() && s.charAt(k) == ':') {
          i = k + 1;
          continue;
        }
        fields.add(name);
        i = j;
        continue;
      }
      i++;
    }
    return fields;
  }

  /** Reads an argument of the first occurrence of a field, resolving {@code $variables}. */
  static @Nullable JsonNode argument(String document, String field, String arg, JsonNode variables) {
    Matcher m = Pattern.compile("\\b" + Pattern.quote(field) + "\\s*\\(([^)]*)\\)").matcher(document);
    if (!m.find()) {
      return null;
    }
    Matcher a = Pattern.compile("\\b" + Pattern.quote(arg) + "\\s*:\\s*(\\$\\w+|-?\\d+|\"[^\"]*\"|\\w+)")
        .matcher(m.group(1));
    if (!a.find()) {
      return null;
    }
    String v = a.group(1);
    if (v.startsWith("$")) {
      JsonNode n = variables.path(v.substring(1));
      return n.isMissingNode() ? null : n;
    }
    if (v.startsWith("\"")) {
      return F.textNode(v.substring(1, v.length() - 1));
    }
    if (v.matches("-?\\d+")) {
      return F.numberNode(Integer.parseInt(v));
    }
    return F.textNode(v);
  }

  private static int first(String document, String field, JsonNode variables, int dflt) {
    JsonNode n = argument(document, field, "first", variables);
    int first = n != null && n.canConvertToInt() ? n.asInt() : dflt;
    if (first < 1 || first > 250) {
      throw new GraphqlError("first must be between 1 and 250 on " + field, "BAD_REQUEST");
    }
    return first;
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
  }

  // ================================================================== resolvers

  private JsonNode resolve(String field, String version, String doc, JsonNode vars) {
    synchronized (lock) {
      switch (field) {
        case "shop":
          return F.objectNode().put("currencyCode", currency).put("myshopifyDomain", DEFAULT_SHOP);
        case "orders":
          return orders(doc, vars);
        case "order":
          return order(doc, vars);
        case "inventoryItems":
          return inventoryItems(doc, vars);
        case "inventoryItem": {
          String id = text(argument(doc, "inventoryItem", "id", vars));
          return id == null || !itemExists(id) ? F.nullNode() : inventoryItem(id, doc, vars);
        }
        case "nodes":
          return nodes(doc, vars);
        case "inventoryAdjustQuantities":
        case "inventorySetQuantities":
          return inventoryMutation(field, version, doc, vars);
        case "customers":
          return customers(doc, vars);
        case "customer": {
          Customer c = customers.get("customer", text(argument(doc, "customer", "id", vars)));
          return c == null ? F.nullNode() : customerNode(c);
        }
        case "customerCreate":
          return customerCreate(vars.path("input"));
        case "customerUpdate":
          return customerUpdate(vars.path("input"));
        case "productVariants":
          return productVariants(doc, vars);
        case "locations":
          return locations(doc, vars);
        case "bulkOperationRunQuery": {
          JsonNode grouped = argument(doc, "bulkOperationRunQuery", "groupObjects", vars);
          String query = text(argument(doc, "bulkOperationRunQuery", "query", vars));
          JsonNode payload = bulk.run(query == null ? "" : query, grouped != null && grouped.asBoolean(),
              version, clock().instant(), ids().alnum(40), this::bulkOrders);
          if (payload.path("bulkOperation").isObject()) {
            effects().record("bulkOperationRunQuery", payload.path("bulkOperation").path("id").asText());
          }
          return payload;
        }
        case "bulkOperationCancel":
          return bulk.cancel(text(argument(doc, "bulkOperationCancel", "id", vars)), clock().instant(),
              this::bulkOrders);
        case "bulkOperation":
          return bulk.read(text(argument(doc, "bulkOperation", "id", vars)), clock().instant(), baseUrl(),
              this::bulkOrders);
        case "node": {
          String id = text(argument(doc, "node", "id", vars));
          return id != null && id.startsWith("gid://shopify/BulkOperation/")
              ? bulk.read(id, clock().instant(), baseUrl(), this::bulkOrders) : F.nullNode();
        }
        case "currentBulkOperation":
          return bulk.current(clock().instant(), baseUrl(), this::bulkOrders);
        default:
          throw new GraphqlError("Field '" + field + "' is not served by the simulator",
              "undefinedField");
      }
    }
  }

  private static ObjectNode page(List<? extends JsonNode> all, int first, @Nullable String after) {
    int start = 0;
    if (after != null) {
      try {
        String decoded = new String(Base64.getDecoder().decode(after), StandardCharsets.UTF_8);
        start = Integer.parseInt(decoded.substring(decoded.indexOf(':') + 1)) + 1;
      } catch (IllegalArgumentException e) {
        throw new GraphqlError("Invalid cursor", "BAD_REQUEST");
      }
    }
    ObjectNode conn = F.objectNode();
    ArrayNode nodes = conn.putArray("nodes");
    ArrayNode edges = conn.putArray("edges");
    int end = Math.min(all.size(), start + first);
    for (int i = start; i < end; i++) {
      JsonNode node = all.get(i);
      nodes.add(node);
      ObjectNode edge = edges.addObject();
      edge.put("cursor", cursor(i));
      edge.set("node", node);
    }
    ObjectNode info = conn.putObject("pageInfo");
    info.put("hasNextPage", end < all.size());
    info.put("hasPreviousPage", start > 0);
    if (end > start) {
      info.put("startCursor", cursor(start));
      info.put("endCursor", cursor(end - 1));
    } else {
      info.putNull("startCursor");
      info.putNull("endCursor");
    }
    return conn;
  }

  private static String cursor(int index) {
    return Base64.getEncoder().encodeToString(("o:" + index).getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ orders

  private JsonNode orders(String doc, JsonNode vars) {
    int first = first(doc, "orders", vars, 10);
    String after = text(argument(doc, "orders", "after", vars));
    JsonNode reverse = argument(doc, "orders", "reverse", vars);
    List<ObjectNode> matching = matchingOrders(text(argument(doc, "orders", "query", vars)),
        text(argument(doc, "orders", "sortKey", vars)), reverse != null && reverse.asBoolean());
    int lineItemsFirst = argument(doc, "lineItems", "first", vars) != null
        ? first(doc, "lineItems", vars, 50) : 50;
    // Only the orders of the page are shaped (copied), not every match.
    List<ObjectNode> shaped = new java.util.AbstractList<>() {
      @Override
      public ObjectNode get(int index) {
        return shapeOrder(matching.get(index), lineItemsFirst, null, doc, vars);
      }

      @Override
      public int size() {
        return matching.size();
      }
    };
    return page(shaped, first, after);
  }

  /** The stored orders a bulk query selects, in its sort order (the result is built from copies). */
  private List<ObjectNode> bulkOrders(BulkQuery q) {
    return matchingOrders(q.argument("query"), q.argument("sortKey"), "true".equals(q.argument("reverse")));
  }

  /** The stored orders matching a search query, sorted as the {@code orders} connection sorts them. */
  private List<ObjectNode> matchingOrders(@Nullable String query, @Nullable String sortKey, boolean reverse) {
    SearchQuery q = SearchQuery.parse(query);
    String sortField = switch (sortKey == null ? "PROCESSED_AT" : sortKey) {
      case "UPDATED_AT" -> "updatedAt";
      case "CREATED_AT" -> "createdAt";
      case "ID" -> "legacyResourceId";
      default -> "processedAt";
    };
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode o : orders.list("order")) {
      if (q.matches(f -> orderField(o, f))) {
        matching.add(o);
      }
    }
    Comparator<ObjectNode> cmp = Comparator.comparing(o -> o.path(sortField).asText());
    cmp = cmp.thenComparing(o -> new BigDecimal(o.path("legacyResourceId").asText("0")));
    matching.sort(cmp);
    if (reverse) {
      java.util.Collections.reverse(matching);
    }
    return matching;
  }

  private ObjectNode shapeOrder(ObjectNode stored, int lineItemsFirst, @Nullable String after,
      String doc, JsonNode vars) {
    ObjectNode o = stored.deepCopy();
    o.set("lineItems", page(list(stored.path("lineItems").path("nodes")), lineItemsFirst, after));
    o.set("discountApplications", page(list(stored.path("discountApplications").path("nodes")),
        firstOr(doc, "discountApplications", vars, 250), null));
    o.set("shippingLines", page(list(stored.path("shippingLines").path("nodes")),
        firstOr(doc, "shippingLines", vars, 250), null));
    o.set("transactions", limit(stored.path("transactions"), firstOr(doc, "transactions", vars, 250)));
    ArrayNode refunds = limit(stored.path("refunds"), firstOr(doc, "refunds", vars, 250));
    for (JsonNode r : refunds) {
      ObjectNode refund = (ObjectNode) r;
      refund.set("refundLineItems", page(list(r.path("refundLineItems").path("nodes")),
          firstOr(doc, "refundLineItems", vars, 250), null));
      refund.set("transactions", page(list(r.path("transactions").path("nodes")),
          firstOr(doc, "transactions", vars, 250), null));
    }
    o.set("refunds", refunds);
    return o;
  }

  private static int firstOr(String doc, String field, JsonNode vars, int dflt) {
    return argument(doc, field, "first", vars) != null ? first(doc, field, vars, dflt) : dflt;
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static ArrayNode limit(JsonNode array, int first) {
    ArrayNode out = F.arrayNode();
    for (int i = 0; i < array.size() && i < first; i++) {
      out.add(array.get(i).deepCopy());
    }
    return out;
  }

  private JsonNode order(String doc, JsonNode vars) {
    ObjectNode o = orders.get("order", text(argument(doc, "order", "id", vars)));
    if (o == null) {
      return F.nullNode();
    }
    int lineItemsFirst = firstOr(doc, "lineItems", vars, 50);
    return shapeOrder(o, lineItemsFirst, text(argument(doc, "lineItems", "after", vars)), doc, vars);
  }

  private static @Nullable String orderField(ObjectNode o, String field) {
    return switch (field) {
      case "updated_at" -> text(o.path("updatedAt"));
      case "created_at" -> text(o.path("createdAt"));
      case "processed_at" -> text(o.path("processedAt"));
      case "source_name" -> text(o.path("sourceName"));
      case "location_id" -> {
        String loc = text(o.path("retailLocation").path("id"));
        yield loc == null ? null : loc.substring(loc.lastIndexOf('/') + 1);
      }
      case "name" -> text(o.path("name"));
      case "id" -> text(o.path("legacyResourceId"));
      case "status" -> o.path("cancelledAt").isTextual() ? "cancelled" : "open";
      case "financial_status" -> o.path("displayFinancialStatus").asText("").toLowerCase(Locale.ROOT);
      case "customer_id" -> {
        String c = text(o.path("customer").path("id"));
        yield c == null ? null : c.substring(c.lastIndexOf('/') + 1);
      }
      default -> null;
    };
  }

  // ------------------------------------------------------------------ inventory reads

  private boolean itemExists(String id) {
    for (Variant v : variants.list("item")) {
      if (v.inventoryItemId().equals(id)) {
        return true;
      }
    }
    return false;
  }

  private @Nullable Variant variantByItem(String item) {
    for (Variant v : variants.list("item")) {
      if (v.inventoryItemId().equals(item)) {
        return v;
      }
    }
    return null;
  }

  private JsonNode inventoryItems(String doc, JsonNode vars) {
    int first = first(doc, "inventoryItems", vars, 50);
    String after = text(argument(doc, "inventoryItems", "after", vars));
    SearchQuery q = SearchQuery.parse(text(argument(doc, "inventoryItems", "query", vars)));
    List<ObjectNode> items = new ArrayList<>();
    for (Variant v : variants.list("item")) {
      if (q.matches(f -> f.equals("sku") ? v.sku() : f.equals("id")
          ? v.inventoryItemId().substring(v.inventoryItemId().lastIndexOf('/') + 1) : null)) {
        items.add(inventoryItem(v.inventoryItemId(), doc, vars));
      }
    }
    return page(items, first, after);
  }

  private ObjectNode inventoryItem(String id, String doc, JsonNode vars) {
    Variant v = variantByItem(id);
    ObjectNode item = F.objectNode();
    item.put("__typename", "InventoryItem");
    item.put("id", id);
    item.put("legacyResourceId", id.substring(id.lastIndexOf('/') + 1));
    item.put("sku", v == null ? null : v.sku());
    item.put("tracked", true);
    int first = argument(doc, "inventoryLevels", "first", vars) != null
        ? first(doc, "inventoryLevels", vars, 10) : 10;
    String after = text(argument(doc, "inventoryLevels", "after", vars));
    List<ObjectNode> list = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> e : levels.getOrDefault(id, Map.of()).entrySet()) {
      ObjectNode level = F.objectNode();
      level.put("id", "gid://shopify/InventoryLevel/" + Math.abs((long) (id + e.getKey()).hashCode())
          + "?inventory_item_id=" + id.substring(id.lastIndexOf('/') + 1));
      Instant updated = levelUpdated.getOrDefault(id + "@" + e.getKey(), Instant.EPOCH);
      level.put("updatedAt", updated.toString());
      level.putObject("location").put("id", e.getKey());
      ArrayNode quantities = level.putArray("quantities");
      for (Map.Entry<String, Integer> q : e.getValue().entrySet()) {
        quantities.addObject().put("name", q.getKey()).put("quantity", q.getValue());
      }
      list.add(level);
    }
    item.set("inventoryLevels", page(list, first, after));
    return item;
  }

  private JsonNode nodes(String doc, JsonNode vars) {
    ArrayNode out = F.arrayNode();
    JsonNode ids = argument(doc, "nodes", "ids", vars);
    if (ids != null) {
      for (JsonNode id : ids) {
        out.add(itemExists(id.asText()) ? inventoryItem(id.asText(), doc, vars) : F.nullNode());
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ inventory mutations

  private JsonNode inventoryMutation(String field, String version, String doc, JsonNode vars) {
    boolean set = field.equals("inventorySetQuantities");
    Matcher m = IDEMPOTENT.matcher(doc);
    String key = null;
    if (m.find()) {
      key = m.group(2) != null ? text(vars.path(m.group(2))) : m.group(3);
      if (key == null || key.isBlank()) {
        throw new GraphqlError("The idempotency key must not be empty.", "BAD_REQUEST");
      }
    } else if (strictInventory(version)) {
      throw new GraphqlError("The @idempotent directive is required for " + field + ".",
          "BAD_REQUEST");
    }
    JsonNode input = vars.path("input");
    if (!input.isObject()) {
      throw new GraphqlError("Variable $input of type " + (set ? "InventorySetQuantitiesInput!"
          : "InventoryAdjustQuantitiesInput!") + " was provided invalid value", "INVALID_VARIABLE");
    }
    JsonNode rows = input.path(set ? "quantities" : "changes");
    if (rows.size() > 250) {
      throw new GraphqlError("The input array size of " + rows.size()
          + " is greater than the maximum allowed of 250.", "MAX_INPUT_SIZE_EXCEEDED");
    }
    if (strictInventory(version)) {
      for (JsonNode row : rows) {
        if (!row.has("changeFromQuantity")) {
          throw new GraphqlError("changeFromQuantity is required on every row from 2026-04 "
              + "(pass null to skip the check).", "BAD_REQUEST");
        }
      }
    }
    if (key == null) {
      return applyAndCount(field, "(no key)", set, input);
    }
    ObjectNode fingerprinted = F.objectNode();
    fingerprinted.put("field", field);
    fingerprinted.set("input", input);
    String finalKey = key;
    SimResponse stored = idempotency().replayOrRun("inventory", key,
        Fingerprints.of(fingerprinted),
        () -> SimResponse.json(200, applyAndCount(field, finalKey, set, input)),
        previous -> SimResponse.json(200, userErrorPayload(
            userError(List.of("input"), "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
                "The idempotency key " + finalKey + " was used with different parameters."))));
    return Json.tree(stored);
  }

  private ObjectNode applyAndCount(String field, String key, boolean set, JsonNode input) {
    ObjectNode payload = applyInventory(set, input);
    if (payload.path("inventoryAdjustmentGroup").isObject()) {
      effects().record(field, key);
      String uri = text(input.path("referenceDocumentUri"));
      if (uri != null) {
        effects().record(field + ":reference", uri);
      }
    }
    return payload;
  }

  /** Applies an inventory mutation atomically, or answers its user errors. */
  private ObjectNode applyInventory(boolean set, JsonNode input) {
    String name = input.path("name").asText("");
    String reason = input.path("reason").asText("");
    String uri = text(input.path("referenceDocumentUri"));
    List<ObjectNode> errors = new ArrayList<>();
    if (set ? !(name.equals("available") || name.equals("on_hand")) : !QUANTITY_NAMES.contains(name)) {
      errors.add(userError(List.of("input", "name"), set ? "INVALID_NAME" : "INVALID_QUANTITY_NAME",
          "The quantity name is not valid."));
    }
    if (!REASONS.contains(reason)) {
      errors.add(userError(List.of("input", "reason"), "INVALID_REASON", "The reason is not valid."));
    }
    if (uri != null && (!uri.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.+") || uri.startsWith("gid://shopify/"))) {
      errors.add(userError(List.of("input", "referenceDocumentUri"), "INVALID_REFERENCE_DOCUMENT",
          "The reference document URI is not valid."));
    }
    String rowsField = set ? "quantities" : "changes";
    JsonNode rows = input.path(rowsField);
    Set<String> pairs = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      List<String> path = List.of("input", rowsField, String.valueOf(i));
      String item = row.path("inventoryItemId").asText("");
      String location = row.path("locationId").asText("");
      if (!itemExists(item)) {
        errors.add(userError(concat(path, "inventoryItemId"), "INVALID_INVENTORY_ITEM",
            "The specified inventory item could not be found."));
        continue;
      }
      Map<String, Integer> q = levels.getOrDefault(item, Map.of()).get(location);
      if (!locations.contains("location", location) || q == null) {
        errors.add(userError(concat(path, "locationId"), "INVALID_LOCATION",
            "The specified location could not be found or the item is not stocked there."));
        continue;
      }
      if (set && !pairs.add(item + "@" + location)) {
        errors.add(userError(path, "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
            "The combination of inventoryItemId and locationId must be unique."));
      }
      long value = row.path(set ? "quantity" : "delta").asLong();
      if (set && value < 0) {
        errors.add(userError(concat(path, "quantity"), "INVALID_QUANTITY_NEGATIVE",
            "The quantity can't be negative."));
      } else if (value > (set ? 1_000_000_000L : 2_000_000_000L)) {
        errors.add(userError(concat(path, set ? "quantity" : "delta"), "INVALID_QUANTITY_TOO_HIGH",
            "The quantity is too high."));
      } else if (value < (set ? 0 : -2_000_000_000L)) {
        errors.add(userError(concat(path, "delta"), "INVALID_QUANTITY_TOO_LOW",
            "The quantity is too low."));
      }
      if (!set) {
        boolean ledger = row.hasNonNull("ledgerDocumentUri");
        if (name.equals("available") && ledger) {
          errors.add(userError(concat(path, "ledgerDocumentUri"), "INVALID_AVAILABLE_DOCUMENT",
              "A ledger document URI is not allowed for the available quantity."));
        } else if (!name.equals("available") && !ledger) {
          errors.add(userError(concat(path, "ledgerDocumentUri"), "INVALID_QUANTITY_DOCUMENT",
              "A ledger document URI is required for this quantity name."));
        }
      }
      JsonNode from = row.path("changeFromQuantity");
      if (from.isIntegralNumber() && from.asInt() != q.getOrDefault(name, 0)) {
        errors.add(userError(concat(path, "changeFromQuantity"), "CHANGE_FROM_QUANTITY_STALE",
            "The quantity has changed since it was read: expected " + from.asInt()));
      }
    }
    if (!errors.isEmpty()) {
      return userErrorPayload(errors.toArray(ObjectNode[]::new));
    }
    Instant now = clock().instant();
    ObjectNode payload = F.objectNode();
    ObjectNode group = payload.putObject("inventoryAdjustmentGroup");
    group.put("id", "gid://shopify/InventoryAdjustmentGroup/" + ids().digits(11));
    group.put("createdAt", now.toString());
    group.put("reason", reason);
    group.put("referenceDocumentUri", uri); // null when the mutation named none
    ArrayNode changes = group.putArray("changes");
    for (JsonNode row : rows) {
      String item = row.path("inventoryItemId").asText();
      String location = row.path("locationId").asText();
      // validated above: every row's item is stocked at its location
      Map<String, Integer> q = Objects.requireNonNull(levels.getOrDefault(item, Map.of()).get(location),
          "rows were validated");
      int before = q.getOrDefault(name, 0);
      int delta = set ? row.path("quantity").asInt() - before : row.path("delta").asInt();
      q.put(name, before + delta);
      change(changes, name, delta, q.get(name), item, location, text(row.path("ledgerDocumentUri")));
      if (name.equals("available")) {
        q.merge("on_hand", delta, Integer::sum);
        change(changes, "on_hand", delta, q.getOrDefault("on_hand", 0), item, location, null);
      } else if (name.equals("on_hand")) {
        q.merge("available", delta, Integer::sum);
        change(changes, "available", delta, q.getOrDefault("available", 0), item, location, null);
      }
      levelUpdated.put(item + "@" + location, now);
    }
    payload.putArray("userErrors");
    return payload;
  }

  private void change(ArrayNode changes, String name, int delta, int after, String item,
      String location, @Nullable String ledger) {
    ObjectNode c = changes.addObject();
    c.put("name", name);
    c.put("delta", delta);
    c.put("quantityAfterChange", after);
    if (ledger == null) {
      c.putNull("ledgerDocumentUri");
    } else {
      c.put("ledgerDocumentUri", ledger);
    }
    Variant v = variantByItem(item);
    c.putObject("item").put("id", item).put("sku", v == null ? null : v.sku());
    c.putObject("location").put("id", location);
  }

  private static List<String> concat(List<String> path, String last) {
    List<String> out = new ArrayList<>(path);
    out.add(last);
    return out;
  }

  private static ObjectNode userError(@Nullable List<String> field, @Nullable String code,
      String message) {
    ObjectNode e = F.objectNode();
    if (field == null) {
      e.putNull("field");
    } else {
      ArrayNode f = e.putArray("field");
      field.forEach(f::add);
    }
    e.put("message", message);
    if (code != null) {
      e.put("code", code);
    }
    return e;
  }

  private static ObjectNode userErrorPayload(ObjectNode... errors) {
    ObjectNode payload = F.objectNode();
    payload.putNull("inventoryAdjustmentGroup");
    ArrayNode list = payload.putArray("userErrors");
    for (ObjectNode e : errors) {
      list.add(e);
    }
    return payload;
  }

  // ------------------------------------------------------------------ customers

  private JsonNode customers(String doc, JsonNode vars) {
    return search(doc, vars, "customers", 10, customers.list("customer"), c -> f -> switch (f) {
      case "email" -> c.email;
      case "phone" -> c.phone == null ? null : c.phone.replaceAll("[^0-9+]", "");
      case "first_name" -> c.firstName;
      case "last_name" -> c.lastName;
      case "updated_at" -> c.updatedAt.toString();
      default -> null;
    }, this::customerNode);
  }

  /**
   * A searchable connection: pages the objects that match the {@code query} argument of
   * {@code field} by its {@code first} and {@code after} arguments.
   */
  private <T> JsonNode search(String doc, JsonNode vars, String field, int defaultFirst,
      java.util.Collection<T> all, Function<T, Function<String, @Nullable String>> fieldValues,
      Function<T, ObjectNode> node) {
    int first = first(doc, field, vars, defaultFirst);
    String after = text(argument(doc, field, "after", vars));
    SearchQuery q = SearchQuery.parse(text(argument(doc, field, "query", vars)));
    List<ObjectNode> out = new ArrayList<>();
    for (T t : all) {
      if (q.matches(fieldValues.apply(t))) {
        out.add(node.apply(t));
      }
    }
    return page(out, first, after);
  }

  private ObjectNode customerNode(Customer c) {
    ObjectNode n = F.objectNode();
    n.put("id", c.id);
    n.put("legacyResourceId", c.id.substring(c.id.lastIndexOf('/') + 1));
    n.put("firstName", c.firstName);
    n.put("lastName", c.lastName);
    n.put("displayName", ((c.firstName == null ? "" : c.firstName) + " "
        + (c.lastName == null ? "" : c.lastName)).trim());
    n.put("note", c.note);
    n.put("createdAt", c.createdAt.toString());
    n.put("updatedAt", c.updatedAt.toString());
    if (c.email == null) {
      n.putNull("defaultEmailAddress");
    } else {
      n.putObject("defaultEmailAddress").put("emailAddress", c.email)
          .put("marketingState", c.emailState);
    }
    if (c.phone == null) {
      n.putNull("defaultPhoneNumber");
    } else {
      ObjectNode p = n.putObject("defaultPhoneNumber").put("phoneNumber", c.phone);
      p.putObject("smsMarketingConsent").put("state", c.smsState);
    }
    if (c.address == null) {
      n.putNull("defaultAddress");
    } else {
      n.set("defaultAddress", c.address);
    }
    return n;
  }

  private JsonNode customerCreate(JsonNode input) {
    List<ObjectNode> errors = validateCustomer(input, null);
    String email = text(input.path("email"));
    String phone = text(input.path("phone"));
    if (email == null && phone == null && text(input.path("firstName")) == null
        && text(input.path("lastName")) == null) {
      errors.add(userError(null, null, "Customer must have a name, phone number or email address"));
    }
    if (!errors.isEmpty()) {
      return customerPayload(null, errors);
    }
    Customer c = new Customer("gid://shopify/Customer/" + ids().digits(12), clock().instant());
    applyCustomer(c, input);
    JsonNode addresses = input.path("addresses");
    if (addresses.isArray() && !addresses.isEmpty()) {
      JsonNode a = addresses.get(0);
      ObjectNode address = F.objectNode();
      address.put("address1", text(a.path("address1")));
      address.put("address2", text(a.path("address2")));
      address.put("city", text(a.path("city")));
      address.put("provinceCode", text(a.path("provinceCode")));
      address.put("zip", text(a.path("zip")));
      address.put("countryCodeV2", text(a.path("countryCode")));
      address.put("company", text(a.path("company")));
      c.address = address;
    }
    customers.put("customer", c.id, c);
    effects().record("customerCreate", c.email != null ? c.email : c.id);
    return customerPayload(c, errors);
  }

  private JsonNode customerUpdate(JsonNode input) {
    String id = text(input.path("id"));
    Customer c = id == null ? null : customers.get("customer", id);
    if (c == null) {
      return customerPayload(null, new ArrayList<>(List.of(
          userError(List.of("id"), null, "Customer does not exist"))));
    }
    List<ObjectNode> errors = validateCustomer(input, c.id);
    if (!errors.isEmpty()) {
      return customerPayload(null, errors);
    }
    applyCustomer(c, input);
    c.updatedAt = clock().instant();
    effects().record("customerUpdate", c.id);
    return customerPayload(c, errors);
  }

  private List<ObjectNode> validateCustomer(JsonNode input, @Nullable String self) {
    List<ObjectNode> errors = new ArrayList<>();
    String email = text(input.path("email"));
    String phone = text(input.path("phone"));
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      errors.add(userError(List.of("email"), null, "Email is invalid"));
    }
    if (phone != null && !phone.matches("\\+[1-9][0-9]{6,14}")) {
      errors.add(userError(List.of("phone"), null, "Phone is invalid"));
    }
    for (Customer other : customers.list("customer")) {
      if (other.id.equals(self)) {
        continue;
      }
      if (email != null && email.equalsIgnoreCase(other.email)) {
        errors.add(userError(List.of("email"), null, "Email has already been taken"));
      }
      if (phone != null && phone.equals(other.phone)) {
        errors.add(userError(List.of("phone"), null, "Phone has already been taken"));
      }
    }
    return errors;
  }

  private static void applyCustomer(Customer c, JsonNode input) {
    if (input.has("firstName")) {
      c.firstName = text(input.path("firstName"));
    }
    if (input.has("lastName")) {
      c.lastName = text(input.path("lastName"));
    }
    if (input.has("email")) {
      c.email = text(input.path("email"));
    }
    if (input.has("phone")) {
      c.phone = text(input.path("phone"));
    }
    if (input.has("note")) {
      c.note = text(input.path("note"));
    }
    JsonNode emailConsent = input.path("emailMarketingConsent").path("marketingState");
    if (emailConsent.isTextual()) {
      c.emailState = emailConsent.asText();
    }
    JsonNode smsConsent = input.path("smsMarketingConsent").path("marketingState");
    if (smsConsent.isTextual()) {
      c.smsState = smsConsent.asText();
    }
  }

  private ObjectNode customerPayload(@Nullable Customer c, List<ObjectNode> errors) {
    ObjectNode payload = F.objectNode();
    if (c == null) {
      payload.putNull("customer");
    } else {
      payload.set("customer", customerNode(c));
    }
    ArrayNode list = payload.putArray("userErrors");
    errors.forEach(list::add);
    return payload;
  }

  // ------------------------------------------------------------------ catalog and locations

  private JsonNode productVariants(String doc, JsonNode vars) {
    return search(doc, vars, "productVariants", 50, variants.list("item"),
        v -> f -> f.equals("sku") ? v.sku() : f.equals("barcode") ? v.barcode() : null, ShopifySimulator::variantNode);
  }

  private static ObjectNode variantNode(Variant v) {
    ObjectNode n = F.objectNode();
    n.put("id", v.variantId());
    n.put("legacyResourceId", v.variantId().substring(v.variantId().lastIndexOf('/') + 1));
    n.put("sku", v.sku().isEmpty() ? null : v.sku());
    n.put("barcode", v.barcode());
    n.put("title", "Default Title");
    n.put("displayName", v.title() + " - Default Title");
    n.put("price", v.price());
    n.putObject("inventoryItem").put("id", v.inventoryItemId()).put("tracked", true);
    n.putObject("product").put("id", v.productId()).put("title", v.title());
    return n;
  }

  private JsonNode locations(String doc, JsonNode vars) {
    int first = first(doc, "locations", vars, 50);
    String after = text(argument(doc, "locations", "after", vars));
    JsonNode inactive = argument(doc, "locations", "includeInactive", vars);
    boolean includeInactive = inactive != null && inactive.asBoolean();
    List<ObjectNode> out = new ArrayList<>();
    for (Loc l : locations.list("location")) {
      if (!l.active() && !includeInactive) {
        continue;
      }
      ObjectNode n = F.objectNode();
      n.put("id", l.id());
      n.put("legacyResourceId", l.id().substring(l.id().lastIndexOf('/') + 1));
      n.put("name", l.name());
      n.put("isActive", l.active());
      ObjectNode a = n.putObject("address");
      a.putNull("address1");
      a.putNull("address2");
      a.put("city", l.city());
      a.putNull("provinceCode");
      a.putNull("zip");
      a.put("countryCode", l.countryCode());
      out.add(n);
    }
    return page(out, first, after);
  }

  // ================================================================== webhooks

  /**
   * Signs and posts a webhook the way Shopify does: {@code X-Shopify-Topic},
   * {@code X-Shopify-Hmac-Sha256} (base64 HMAC-SHA256 of the body with the client secret),
   * {@code X-Shopify-Shop-Domain}, {@code X-Shopify-API-Version}, {@code X-Shopify-Webhook-Id},
   * {@code X-Shopify-Event-Id} and {@code X-Shopify-Triggered-At}.
   *
   * @param url the receiver
   * @param topic e.g. {@code orders/create}
   * @param payload the REST-style payload (serialized as is)
   * @return the delivery; resend it with {@link #redeliver(WebhookDelivery)}
   */
  public WebhookDelivery sendWebhook(URI url, String topic, Object payload) {
    byte[] body;
    try {
      body = payload instanceof byte[] bytes ? bytes.clone() : Json.mapper().writeValueAsBytes(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("payload is not serializable", e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-Shopify-Topic", topic);
    headers.put("X-Shopify-Hmac-Sha256", Signatures.hmacSha256Base64(clientSecret, body));
    headers.put("X-Shopify-Shop-Domain", DEFAULT_SHOP);
    headers.put("X-Shopify-API-Version", SUPPORTED_VERSIONS.get(SUPPORTED_VERSIONS.size() - 1));
    headers.put("X-Shopify-Webhook-Id", ids().uuid().toString());
    headers.put("X-Shopify-Event-Id", ids().uuid().toString());
    headers.put("X-Shopify-Triggered-At", clock().instant().toString());
    return webhooks().send(url, headers, body);
  }

  /**
   * Sends a delivery again with the same body and headers (the same event id and trigger time),
   * as Shopify does when retrying.
   *
   * @param delivery an earlier delivery
   * @return the new delivery
   */
  public WebhookDelivery redeliver(WebhookDelivery delivery) {
    return webhooks().send(delivery.url(), delivery.headers(), delivery.body());
  }

  /**
   * Builds an {@code orders/*} REST payload for a stored order.
   *
   * @param orderId the order GID
   * @return the payload
   */
  public Map<String, Object> orderPayload(String orderId) {
    JsonNode o = storedOrder(orderId);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", Long.parseLong(o.path("legacyResourceId").asText()));
    p.put("admin_graphql_api_id", orderId);
    p.put("name", o.path("name").asText());
    p.put("currency", o.path("currencyCode").asText());
    p.put("total_price", money(o.path("totalPriceSet")));
    p.put("source_name", o.path("sourceName").asText());
    p.put("created_at", o.path("createdAt").asText());
    p.put("updated_at", o.path("updatedAt").asText());
    return p;
  }

  /**
   * Builds an {@code inventory_levels/update} REST payload.
   *
   * @param inventoryItemId the item GID
   * @param locationId the location GID
   * @return the payload
   */
  public Map<String, Object> inventoryLevelPayload(String inventoryItemId, String locationId) {
    Integer available = stock(inventoryItemId, locationId, "available");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("inventory_item_id", Long.parseLong(inventoryItemId.substring(inventoryItemId.lastIndexOf('/') + 1)));
    p.put("location_id", Long.parseLong(locationId.substring(locationId.lastIndexOf('/') + 1)));
    p.put("available", available);
    p.put("updated_at", clock().instant().toString());
    p.put("admin_graphql_api_id", "gid://shopify/InventoryLevel/1?inventory_item_id="
        + inventoryItemId.substring(inventoryItemId.lastIndexOf('/') + 1));
    return p;
  }

  private static String money(JsonNode bag) {
    return new BigDecimal(bag.path("shopMoney").path("amount").asText("0"))
        .setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
