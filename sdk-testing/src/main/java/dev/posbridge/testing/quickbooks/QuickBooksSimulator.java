package dev.posbridge.testing.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.testing.ConcurrencyLimiter;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimRequest;
import dev.posbridge.testing.SimResponse;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.Throttle;
import dev.posbridge.testing.VendorSimulator;
import dev.posbridge.testing.WebhookDelivery;
import dev.posbridge.testing.internal.Json;
import dev.posbridge.testing.internal.RejectedDocument;
import dev.posbridge.testing.internal.ResourceTable;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A stateful QuickBooks Online Accounting API v3 for tests (docs/vendors/quickbooks.md): one or more
 * companies (realms) with Items, Customers, SalesReceipts, RefundReceipts, InventoryAdjustments,
 * Accounts, PaymentMethods and TaxCodes; the {@code query}, {@code cdc} and {@code batch}
 * endpoints; {@code SyncToken} checks (5010), duplicate names (6240), unknown references (610);
 * {@code requestid} replay (same id, same response, one effect); an OAuth 2.0 token endpoint that
 * rotates refresh tokens; QBO's throttles (switchable); and signed webhooks.
 *
 * <p>Sales lower an Inventory Item's {@code QtyOnHand}, refunds raise it, adjustments add
 * {@code QtyDiff}. Timestamps are Pacific time with an offset, as QBO writes them. Effects are
 * counted per {@code requestid} in {@link #effects()} under {@code "<Entity>.<operation>"}.
 *
 * <p>Thread-safe: requests to one realm are handled one at a time.
 *
 * <pre>{@code
 * try (QuickBooksSimulator qbo = QuickBooksSimulator.start()) {
 *   qbo.seedRealm("9341453050423871");
 *   String mug = qbo.seedItem("9341453050423871", "Mug", "MUG-01", new BigDecimal("10"),
 *       new BigDecimal("9.99"));
 *   QuickBooksSimulator.Tokens tokens = qbo.issueTokens();
 *   // point the connector at qbo.baseUrl() and qbo.tokenEndpoint()
 * }
 * }</pre>
 */
public final class QuickBooksSimulator extends VendorSimulator {

  /** Path of the token endpoint. */
  public static final String TOKEN_PATH = "/oauth2/v1/tokens/bearer";
  /** Path of the revoke endpoint. */
  public static final String REVOKE_PATH = "/v2/oauth2/tokens/revoke";
  /** Default client id the token endpoint accepts. */
  public static final String DEFAULT_CLIENT_ID = "sim-client-id";
  /** Default client secret the token endpoint accepts. */
  public static final String DEFAULT_CLIENT_SECRET = "sim-client-secret";
  /** Default webhook verifier token (the vendor's documented vector token). */
  public static final String DEFAULT_VERIFIER_TOKEN = "d6f1c0a2-7b3e-4c59-9a8e-2f4b6c1d3e5a";
  /** Access token lifetime. */
  public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  private static final Duration CDC_LOOKBACK = Duration.ofDays(30);
  private static final int CDC_MAX = 1000;

  /**
   * A token pair the token endpoint issued.
   *
   * @param accessToken the bearer token
   * @param refreshToken the refresh token
   */
  public record Tokens(String accessToken, String refreshToken) {
    @Override
    public String toString() {
      return "Tokens[***]";
    }
  }

  private final ObjectMapper json = Json.mapper();
  private final Map<String, QboRealm> realms = new ConcurrentHashMap<>();
  private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
  private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> authCodes = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refreshes = new AtomicInteger();
  private final AtomicInteger tokenCounter = new AtomicInteger();
  private volatile ConcurrencyLimiter concurrency = new ConcurrencyLimiter(10);
  private volatile Throttle perSecond;
  private volatile Throttle perMinute;
  private volatile Throttle batchPerMinute;
  private final AtomicInteger throttled = new AtomicInteger();
  private volatile boolean throttling = true;
  private volatile boolean rotateRefreshTokens = true;
  private volatile int maxBatchItems = 30;
  private volatile String clientId = DEFAULT_CLIENT_ID;
  private volatile String clientSecret = DEFAULT_CLIENT_SECRET;
  private volatile String verifierToken = DEFAULT_VERIFIER_TOKEN;

  private QuickBooksSimulator(SimulatorConfig config) {
    super(config);
    this.perSecond = new Throttle(10, 10, config.clock());
    this.perMinute = new Throttle(500, 500.0 / 60, config.clock());
    this.batchPerMinute = new Throttle(40, 40.0 / 60, config.clock());
    route("POST", TOKEN_PATH, this::token);
    route("POST", REVOKE_PATH, this::revoke);
    route("GET", "/v3/company/{realmId}/query", guarded(this::query, false));
    route("POST", "/v3/company/{realmId}/query", guarded(this::query, false));
    route("GET", "/v3/company/{realmId}/cdc", guarded(this::cdc, false));
    route("POST", "/v3/company/{realmId}/batch", guarded(this::batch, true));
    route("GET", "/v3/company/{realmId}/{entity}/{id}", guarded(this::read, false));
    route("POST", "/v3/company/{realmId}/{entity}", guarded(this::write, false));
  }

  /**
   * Starts a simulator on a free port with default settings.
   *
   * @return the running simulator
   */
  public static QuickBooksSimulator start() {
    return start(SimulatorConfig.defaults());
  }

  /**
   * Starts a simulator.
   *
   * @param config port, clock, id seed, idempotency retention
   * @return the running simulator
   */
  public static QuickBooksSimulator start(SimulatorConfig config) {
    return new QuickBooksSimulator(config);
  }

  // ============================================================ configuration

  /**
   * Switches QBO's throttles: 10 concurrent requests, 10 per second and 500 per minute per
   * realm, 40 batch calls per minute per realm. On by default.
   *
   * @param on whether to throttle
   * @return this simulator
   */
  public QuickBooksSimulator throttling(boolean on) {
    this.throttling = on;
    return this;
  }

  /**
   * Changes the throttle limits (defaults are QBO's: 10 concurrent, 10 per second and 500 per
   * minute per realm, 40 batch calls per minute per realm). Buckets start full.
   *
   * @param concurrent requests in flight per realm
   * @param perSecondLimit requests per second per realm
   * @param perMinuteLimit requests per minute per realm
   * @param batchPerMinuteLimit batch calls per minute per realm
   * @return this simulator
   */
  public QuickBooksSimulator throttle(
      int concurrent, int perSecondLimit, int perMinuteLimit, int batchPerMinuteLimit) {
    this.concurrency = new ConcurrencyLimiter(concurrent);
    this.perSecond = new Throttle(perSecondLimit, perSecondLimit, clock());
    this.perMinute = new Throttle(perMinuteLimit, perMinuteLimit / 60.0, clock());
    this.batchPerMinute = new Throttle(batchPerMinuteLimit, batchPerMinuteLimit / 60.0, clock());
    return this;
  }

  /** @return how many requests got 429 from the throttles */
  public int throttledCount() {
    return throttled.get();
  }

  /**
   * Sets the largest batch accepted (default 30).
   *
   * @param max items per batch
   * @return this simulator
   */
  public QuickBooksSimulator maxBatchItems(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    this.maxBatchItems = max;
    return this;
  }

  /**
   * Sets the client credentials the token endpoint accepts.
   *
   * @param id the client id
   * @param secret the client secret
   * @return this simulator
   */
  public QuickBooksSimulator clientCredentials(String id, String secret) {
    this.clientId = id;
    this.clientSecret = secret;
    return this;
  }

  /**
   * Chooses whether a refresh returns a new refresh token (default) and invalidates the old one.
   *
   * @param rotate whether to rotate
   * @return this simulator
   */
  public QuickBooksSimulator rotateRefreshTokens(boolean rotate) {
    this.rotateRefreshTokens = rotate;
    return this;
  }

  /**
   * Sets the webhook verifier token used by {@link #signWebhook(byte[])}.
   *
   * @param token the token
   * @return this simulator
   */
  public QuickBooksSimulator verifierToken(String token) {
    this.verifierToken = token;
    return this;
  }

  /** @return the absolute URL of the token endpoint */
  public URI tokenEndpoint() {
    return URI.create(baseUrl() + TOKEN_PATH);
  }

  // ============================================================ seeding and inspection

  /**
   * Adds a company with the default accounts (Undeposited Funds, Checking, Sales of Product
   * Income, Cost of Goods Sold, Inventory Asset, Discounts given, Inventory Shrinkage), payment
   * methods (Cash, Check, Visa, MasterCard) and a TaxCode (California).
   *
   * @param realmId the company id
   * @return this simulator
   */
  public QuickBooksSimulator seedRealm(String realmId) {
    realms.computeIfAbsent(realmId, id -> {
      QboRealm r = new QboRealm(id, json, () -> clock().instant());
      r.seedDefaults();
      return r;
    });
    return this;
  }

  /**
   * Seeds an Inventory Item.
   *
   * @param realmId the company
   * @param name the unique name
   * @param sku the SKU
   * @param qtyOnHand the quantity on hand
   * @param unitPrice the sales price
   * @return the Item id
   */
  public String seedItem(
      String realmId, String name, String sku, BigDecimal qtyOnHand, BigDecimal unitPrice) {
    QboRealm r = realm(realmId);
    synchronized (r) {
      ObjectNode n = json.createObjectNode();
      n.put("Name", name);
      n.put("Sku", sku);
      n.put("Type", "Inventory");
      n.put("UnitPrice", unitPrice);
      n.put("TrackQtyOnHand", true);
      n.put("QtyOnHand", qtyOnHand);
      n.put("InvStartDate", "2026-01-01");
      n.putObject("IncomeAccountRef").put("value", r.idByName("Account", "Sales of Product Income"));
      n.putObject("ExpenseAccountRef").put("value", r.idByName("Account", "Cost of Goods Sold"));
      n.putObject("AssetAccountRef").put("value", r.idByName("Account", "Inventory Asset"));
      return r.create("Item", n).path("Id").asText();
    }
  }

  /**
   * Seeds a Service Item (no quantity on hand), e.g. for tips and charges.
   *
   * @param realmId the company
   * @param name the unique name
   * @param sku the SKU, or {@code null}
   * @return the Item id
   */
  public String seedServiceItem(String realmId, String name, @Nullable String sku) {
    QboRealm r = realm(realmId);
    synchronized (r) {
      ObjectNode n = json.createObjectNode();
      n.put("Name", name);
      if (sku != null) {
        n.put("Sku", sku);
      }
      n.put("Type", "Service");
      n.putObject("IncomeAccountRef").put("value", r.idByName("Account", "Sales of Product Income"));
      return r.create("Item", n).path("Id").asText();
    }
  }

  /**
   * Seeds a Customer.
   *
   * @param realmId the company
   * @param displayName the unique display name
   * @param email the email, or {@code null}
   * @param phone the phone, or {@code null}
   * @return the Customer id
   */
  public String seedCustomer(String realmId, String displayName, @Nullable String email, @Nullable String phone) {
    QboRealm r = realm(realmId);
    synchronized (r) {
      ObjectNode n = json.createObjectNode();
      n.put("DisplayName", displayName);
      if (email != null) {
        n.putObject("PrimaryEmailAddr").put("Address", email);
      }
      if (phone != null) {
        n.putObject("PrimaryPhone").put("FreeFormNumber", phone);
      }
      return r.create("Customer", n).path("Id").asText();
    }
  }

  /**
   * Finds a seeded Account, PaymentMethod or TaxCode by name.
   *
   * @param realmId the company
   * @param entity {@code Account}, {@code PaymentMethod} or {@code TaxCode}
   * @param name the name
   * @return the id
   * @throws IllegalArgumentException if there is none
   */
  public String idOf(String realmId, String entity, String name) {
    QboRealm r = realm(realmId);
    synchronized (r) {
      String id = r.idByName(entity, name);
      if (id == null) {
        throw new IllegalArgumentException("no " + entity + " named " + name);
      }
      return id;
    }
  }

  /**
   * Returns a copy of an entity.
   *
   * @param realmId the company
   * @param entity the entity name, e.g. {@code Item}
   * @param id the id
   * @return a read-only copy of the entity, if present
   */
  public Optional<JsonView> record(String realmId, String entity, String id) {
    QboRealm r = realm(realmId);
    synchronized (r) {
      ObjectNode n = r.get(entity, id);
      return Optional.ofNullable(n == null ? null : JsonView.of(n));
    }
  }

  /**
   * Returns copies of all entities of a kind, by id.
   *
   * @param realmId the company
   * @param entity the entity name
   * @return read-only copies of the entities
   */
  public List<JsonView> records(String realmId, String entity) {
    QboRealm r = realm(realmId);
    synchronized (r) {
      List<JsonView> out = new ArrayList<>();
      r.all(entity).forEach(n -> out.add(JsonView.of(n)));
      return out;
    }
  }

  /**
   * Changes an entity as another user would: the edit is applied and the SyncToken and
   * LastUpdatedTime advance, so a client holding the old token gets 5010.
   *
   * @param realmId the company
   * @param entity the entity name
   * @param id the id
   * @param fields the fields to set with a sparse update, e.g. {@code Map.of("Notes", "vip")};
   *     values are serialised as the simulator's JSON (maps, lists, numbers, strings, views)
   */
  public void editRecord(String realmId, String entity, String id, Map<String, ?> fields) {
    QboRealm r = realm(realmId);
    synchronized (r) {
      ObjectNode current = existing(r, entity, id);
      ObjectNode body = json.createObjectNode();
      body.put("Id", id);
      body.put("SyncToken", current.path("SyncToken").asText());
      body.put("sparse", true);
      body.setAll((ObjectNode) json.valueToTree(fields));
      r.update(entity, body);
    }
  }

  /**
   * Deletes an entity, leaving a tombstone for CDC.
   *
   * @param realmId the company
   * @param entity the entity name
   * @param id the id
   */
  public void deleteRecord(String realmId, String entity, String id) {
    QboRealm r = realm(realmId);
    synchronized (r) {
      ObjectNode current = existing(r, entity, id);
      r.delete(entity, current.deepCopy());
    }
  }

  /** Returns the entity, read under the realm's lock; an unknown one is refused. */
  private static ObjectNode existing(QboRealm r, String entity, String id) {
    ObjectNode current = r.get(entity, id);
    if (current == null) {
      throw new IllegalArgumentException("no " + entity + " " + id);
    }
    return current;
  }

  private QboRealm realm(String realmId) {
    QboRealm r = realms.get(realmId);
    if (r == null) {
      throw new IllegalArgumentException("unknown realm " + realmId + "; call seedRealm first");
    }
    return r;
  }

  // ============================================================ OAuth

  /**
   * Issues a token pair, as the authorization-code exchange would.
   *
   * @return the tokens
   */
  public Tokens issueTokens() {
    return newTokens();
  }

  /**
   * Creates a one-time authorization code for the {@code authorization_code} grant.
   *
   * @return the code
   */
  public String authorizationCode() {
    String code = "code-" + tokenCounter.incrementAndGet() + "-" + ids().alnum(8);
    authCodes.add(code);
    return code;
  }

  /**
   * Accepts an access token, valid for {@link #ACCESS_TOKEN_LIFETIME} from now on the simulator
   * clock, e.g. one a test hands a connector directly.
   *
   * @param token the token
   * @return this simulator
   */
  public QuickBooksSimulator acceptToken(String token) {
    accessTokens.put(token, clock().instant().plus(ACCESS_TOKEN_LIFETIME));
    return this;
  }

  /**
   * Stops accepting an access token: the next API call with it gets 401 (3200).
   *
   * @param token the token
   * @return this simulator
   */
  public QuickBooksSimulator revokeToken(String token) {
    accessTokens.remove(token);
    return this;
  }

  /**
   * Expires every access token now: the next API call gets 401 (3200); refresh tokens keep
   * working.
   *
   * @return this simulator
   */
  public QuickBooksSimulator expireAccessTokens() {
    accessTokens.clear();
    return this;
  }

  /** @return how many refresh grants succeeded */
  public int refreshCount() {
    return refreshes.get();
  }

  /**
   * Tells whether a refresh token is currently valid.
   *
   * @param refreshToken the token
   * @return whether a refresh with it would succeed
   */
  public boolean isRefreshTokenValid(String refreshToken) {
    return refreshTokens.contains(refreshToken);
  }

  private Tokens newTokens() {
    int n = tokenCounter.incrementAndGet();
    String access = "at-" + n + "-" + ids().alnum(16);
    String refresh = "rt-" + n + "-" + ids().alnum(16);
    accessTokens.put(access, clock().instant().plus(ACCESS_TOKEN_LIFETIME));
    refreshTokens.add(refresh);
    return new Tokens(access, refresh);
  }

  private SimResponse token(SimRequest req) {
    Map<String, String> form = form(req.bodyString());
    String id = form.get("client_id");
    String secret = form.get("client_secret");
    Optional<String> basic = req.header("Authorization")
        .filter(v -> v.regionMatches(true, 0, "Basic ", 0, 6));
    if (basic.isPresent()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(basic.get().substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = "";
      }
      int colon = decoded.indexOf(':');
      id = colon < 0 ? decoded : decoded.substring(0, colon);
      secret = colon < 0 ? "" : decoded.substring(colon + 1);
    }
    if (!clientId.equals(id) || !clientSecret.equals(secret)) {
      return SimResponse.json(401, Map.of("error", "invalid_client"));
    }
    String grant = form.getOrDefault("grant_type", "");
    if (grant.equals("refresh_token")) {
      String rt = form.getOrDefault("refresh_token", "");
      if (!refreshTokens.contains(rt)) {
        return SimResponse.json(400, Map.of("error", "invalid_grant",
            "error_description", "Incorrect or invalid refresh token"));
      }
      Tokens t;
      if (rotateRefreshTokens) {
        refreshTokens.remove(rt);
        t = newTokens();
      } else {
        Tokens fresh = newTokens();
        refreshTokens.remove(fresh.refreshToken());
        t = new Tokens(fresh.accessToken(), rt);
      }
      refreshes.incrementAndGet();
      return tokenResponse(t);
    }
    if (grant.equals("authorization_code")) {
      if (!authCodes.remove(form.getOrDefault("code", ""))) {
        return SimResponse.json(400, Map.of("error", "invalid_grant"));
      }
      return tokenResponse(newTokens());
    }
    return SimResponse.json(400, Map.of("error", "unsupported_grant_type"));
  }

  private SimResponse tokenResponse(Tokens t) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", "bearer");
    body.put("access_token", t.accessToken());
    body.put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds());
    body.put("refresh_token", t.refreshToken());
    body.put("x_refresh_token_expires_in", 8726400);
    return SimResponse.json(200, body);
  }

  private SimResponse revoke(SimRequest req) {
    String body = req.bodyString().trim();
    String token;
    if (body.startsWith("{")) {
      token = Json.tree(req).path("token").asText("");
    } else {
      token = form(body).getOrDefault("token", "");
    }
    refreshTokens.remove(token);
    accessTokens.remove(token);
    return SimResponse.status(200);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  @Override
  protected @Nullable SimResponse authenticate(SimRequest request) {
    if (!request.path().startsWith("/v3/")) {
      return null;
    }
    Optional<String> bearer = request.bearerToken();
    Instant expiry = bearer.map(accessTokens::get).orElse(null);
    if (expiry == null || !clock().instant().isBefore(expiry)) {
      return QboFaults.camelCase(401, "3200", "AUTHENTICATION",
          "message=AuthenticationFailed; errorCode=003200; statusCode=401",
          "Token expired or invalid", clock().instant().toEpochMilli())
          .header("intuit_tid", tid());
    }
    return null;
  }

  @Override
  protected SimResponse errorResponse(int status, String message, SimRequest request) {
    ObjectNode body = json.createObjectNode();
    ObjectNode fault = body.putObject("Fault");
    ObjectNode error = fault.putArray("Error").addObject();
    error.put("Message", message);
    error.put("Detail", message);
    error.put("code", status >= 500 ? "10000" : "6000");
    fault.put("type", status >= 500 ? "SystemFault" : "ValidationFault");
    body.put("time", time());
    return SimResponse.json(status, body).header("intuit_tid", tid());
  }

  @Override
  protected void onReset() {
    realms.clear();
    accessTokens.clear();
    refreshTokens.clear();
    authCodes.clear();
    refreshes.set(0);
    throttled.set(0);
    perSecond.reset();
    perMinute.reset();
    batchPerMinute.reset();
  }

  // ============================================================ API plumbing

  @FunctionalInterface
  private interface RealmHandler {
    SimResponse handle(SimRequest request, QboRealm realm);
  }

  private dev.posbridge.testing.SimHandler guarded(RealmHandler handler, boolean batch) {
    return req -> {
      String realmId = req.pathVariable("realmId");
      QboRealm realm = realms.get(realmId);
      if (realm == null) {
        return QboFaults.camelCase(403, "3100", "SERVICE",
            "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
            "Unknown company " + realmId, clock().instant().toEpochMilli()).header("intuit_tid", tid());
      }
      Optional<ConcurrencyLimiter.Permit> permit = Optional.empty();
      try {
        if (throttling) {
          permit = concurrency.tryEnter(realmId);
          if (permit.isEmpty()) {
            return throttledResponse("Too many concurrent requests");
          }
          if (!perSecond.tryAcquire(realmId).allowed()) {
            return throttledResponse("Throttle exceeded: more than 10 requests per second");
          }
          if (!perMinute.tryAcquire(realmId).allowed()) {
            return throttledResponse("Throttle exceeded: more than 500 requests per minute");
          }
          if (batch && !batchPerMinute.tryAcquire(realmId).allowed()) {
            return throttledResponse("Throttle exceeded: more than 40 batch requests per minute");
          }
        }
        SimResponse response;
        synchronized (realm) {
          try {
            response = handler.handle(req, realm);
          } catch (QboFaults.FaultError e) {
            response = e.response(time());
          } catch (RejectedDocument e) {
            response = new QboFaults.FaultError(400, "ValidationFault", "4000", "Error parsing query",
                "QueryParserError: " + e.getMessage()).response(time());
          }
        }
        return response.header("intuit_tid", tid());
      } finally {
        permit.ifPresent(ConcurrencyLimiter.Permit::close);
      }
    };
  }

  private SimResponse throttledResponse(String detail) {
    throttled.incrementAndGet();
    return new QboFaults.FaultError(429, "ThrottleExceeded", "3001",
        "message=ThrottleExceeded; errorCode=003001; statusCode=429", detail).response(time())
        .header("intuit_tid", tid());
  }

  private String tid() {
    return "1-" + ids().alnum(8) + "-" + ids().alnum(16);
  }

  private String time() {
    return clock().instant().atZone(QboRealm.PACIFIC).format(MILLIS);
  }

  private static String entityName(String lower) {
    for (String e : QboRealm.ENTITIES) {
      if (e.toLowerCase(Locale.ROOT).equals(lower)) {
        return e;
      }
    }
    throw QboFaults.validation("6000", "Unsupported Operation", "Operation " + lower + " is not supported");
  }

  private SimResponse wrap(String entity, JsonNode value) {
    ObjectNode body = json.createObjectNode();
    body.set(entity, value);
    body.put("time", time());
    return SimResponse.json(200, body);
  }

  // ============================================================ handlers

  private SimResponse read(SimRequest req, QboRealm realm) {
    String entity = entityName(req.pathVariable("entity"));
    ObjectNode n = realm.get(entity, req.pathVariable("id"));
    if (n == null) {
      throw QboFaults.validation("610", "Object Not Found",
          "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.");
    }
    return wrap(entity, n.deepCopy());
  }

  private SimResponse write(SimRequest req, QboRealm realm) {
    String entity = entityName(req.pathVariable("entity"));
    String operation = req.queryParam("operation").orElse(
        req.queryParam("include").filter("void"::equals).orElse("save"));
    String requestId = req.queryParam("requestid").orElse(null);
    JsonNode body = Json.tree(req);
    if (!body.isObject()) {
      throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
          "Request has no entity body");
    }
    java.util.function.Supplier<SimResponse> action = () -> {
      try {
        ObjectNode result = apply(realm, entity, operation, ((ObjectNode) body).deepCopy());
        effects().record(entity + "." + operation, requestId == null ? "none-" + req.sequence() : requestId);
        return wrap(entity, result);
      } catch (QboFaults.FaultError e) {
        return e.response(time());
      }
    };
    if (requestId == null) {
      return action.get();
    }
    return idempotency().replayOrRun(realm.realmId, requestId, "", action, previous -> previous.response());
  }

  private ObjectNode apply(QboRealm realm, String entity, String operation, ObjectNode body) {
    return switch (operation) {
      case "save" -> body.has("Id") ? realm.update(entity, body) : realm.create(entity, body);
      case "create" -> realm.create(entity, body);
      case "update" -> realm.update(entity, body);
      case "delete" -> realm.delete(entity, body);
      case "void" -> realm.voidTxn(entity, body);
      default -> throw QboFaults.validation("2170", "Invalid Enumeration", "operation " + operation);
    };
  }

  private SimResponse query(SimRequest req, QboRealm realm) {
    String text = req.method().equals("GET")
        ? req.queryParam("query").orElse("") : req.bodyString();
    ObjectNode qr = runQuery(realm, text);
    ObjectNode body = json.createObjectNode();
    body.set("QueryResponse", qr);
    body.put("time", time());
    return SimResponse.json(200, body);
  }

  private ObjectNode runQuery(QboRealm realm, String text) {
    QboQuery q = QboQuery.parse(text);
    if (!QboRealm.ENTITIES.contains(q.entity())) {
      throw new RejectedDocument("Invalid entity " + q.entity() + " (entity names are case-sensitive)");
    }
    List<ObjectNode> rows = new ArrayList<>();
    for (ObjectNode n : realm.all(q.entity())) {
      if (q.matches(n)) {
        rows.add(n);
      }
    }
    ObjectNode qr = json.createObjectNode();
    if (q.count()) {
      qr.put("totalCount", rows.size());
      return qr;
    }
    rows.sort(q.order());
    int from = Math.min(rows.size(), q.startPosition() - 1);
    List<ObjectNode> page = rows.subList(from, Math.min(rows.size(), from + q.maxResults()));
    if (page.isEmpty()) {
      return qr;
    }
    ArrayNode arr = qr.putArray(q.entity());
    page.forEach(n -> arr.add(n.deepCopy()));
    qr.put("startPosition", q.startPosition());
    qr.put("maxResults", page.size());
    return qr;
  }

  @SuppressWarnings("StringSplitter") // a trailing comma in "entities" is ignored, as before
  private SimResponse cdc(SimRequest req, QboRealm realm) {
    String entitiesParam = req.queryParam("entities").orElse("");
    String raw = rawParam(req.rawQuery(), "changedSince");
    if (entitiesParam.isBlank() || raw == null) {
      throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
          "entities and changedSince are required");
    }
    Instant since;
    try {
      since = OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeException e) {
      throw QboFaults.validation("2170", "Invalid Date", "changedSince is not a timestamp: " + raw);
    }
    if (since.isBefore(clock().instant().minus(CDC_LOOKBACK))) {
      throw QboFaults.validation("6000", "A business validation error has occurred while processing your request",
          "changedSince must be within the last 30 days");
    }
    record Change(String entity, Instant at, ObjectNode obj) {}
    List<Change> changes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String e : entitiesParam.split(",")) {
      String name = entityName(e.trim().toLowerCase(Locale.ROOT));
      names.add(name);
      for (ObjectNode n : realm.all(name)) {
        Instant at = OffsetDateTime.parse(n.path("MetaData").path("LastUpdatedTime").asText()).toInstant();
        if (!at.isBefore(since)) {
          changes.add(new Change(name, at, n));
        }
      }
      for (ResourceTable.Tombstone t : realm.store.tombstones()) {
        if (t.type().equals(name) && !t.at().isBefore(since)) {
          ObjectNode stub = json.createObjectNode();
          stub.put("domain", "QBO");
          stub.put("status", "Deleted");
          stub.put("Id", t.id());
          stub.putObject("MetaData").put("LastUpdatedTime",
              t.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).atZone(QboRealm.PACIFIC)
                  .format(QboRealm.SECONDS));
          changes.add(new Change(name, t.at(), stub));
        }
      }
    }
    changes.sort(Comparator.comparing(Change::at));
    if (changes.size() > CDC_MAX) {
      changes = changes.subList(0, CDC_MAX);
    }
    ArrayNode responses = json.createArrayNode();
    for (String name : names) {
      List<Change> mine = changes.stream().filter(c -> c.entity().equals(name)).toList();
      ObjectNode qr = responses.addObject();
      if (!mine.isEmpty()) {
        ArrayNode arr = qr.putArray(name);
        mine.forEach(c -> arr.add(c.obj().deepCopy()));
        qr.put("startPosition", 1);
        qr.put("maxResults", mine.size());
        qr.put("totalCount", mine.size());
      }
    }
    ObjectNode body = json.createObjectNode();
    body.putArray("CDCResponse").addObject().set("QueryResponse", responses);
    body.put("time", time());
    return SimResponse.json(200, body);
  }

  /** Reads a query parameter without form decoding: {@code +} stays a plus (docs/vendors/quickbooks.md). */
  private static @Nullable String rawParam(String rawQuery, String name) {
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private SimResponse batch(SimRequest req, QboRealm realm) {
    JsonNode items = Json.tree(req).path("BatchItemRequest");
    if (!items.isArray() || items.isEmpty()) {
      throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
          "BatchItemRequest is required");
    }
    if (items.size() > maxBatchItems) {
      throw QboFaults.validation("6000", "A business validation error has occurred while processing your request",
          "Batch request has " + items.size() + " items; at most " + maxBatchItems + " are allowed");
    }
    String requestId = req.queryParam("requestid").orElse(null);
    java.util.function.Supplier<SimResponse> action = () -> runBatch(realm, items, requestId, req.sequence());
    if (requestId == null) {
      return action.get();
    }
    return idempotency().replayOrRun(realm.realmId, requestId, "", action, previous -> previous.response());
  }

  private SimResponse runBatch(QboRealm realm, JsonNode items, @Nullable String requestId, long sequence) {
    Set<String> bids = new HashSet<>();
    ArrayNode out = json.createArrayNode();
    for (JsonNode item : items) {
      String bid = item.path("bId").asText("");
      ObjectNode r = out.addObject();
      r.put("bId", bid);
      try {
        if (bid.isEmpty() || bid.length() > 10 || !bids.add(bid)) {
          throw QboFaults.validation("2020", "Invalid bId", "bId must be unique and at most 10 characters: " + bid);
        }
        if (item.has("Query")) {
          r.set("QueryResponse", runQuery(realm, item.path("Query").asText()));
          continue;
        }
        String operation = item.path("operation").asText("");
        String entity = null;
        for (String e : QboRealm.ENTITIES) {
          if (item.has(e)) {
            entity = e;
          }
        }
        if (entity == null || !item.get(entity).isObject()) {
          throw QboFaults.validation("2020", "Required param missing", "batch item has no entity");
        }
        ObjectNode result = apply(realm, entity, operation, ((ObjectNode) item.get(entity)).deepCopy());
        effects().record(entity + "." + operation,
            (requestId == null ? "none-" + sequence : requestId) + "/" + bid);
        r.set(entity, result);
      } catch (QboFaults.FaultError e) {
        r.set("Fault", e.fault());
      } catch (RejectedDocument e) {
        r.set("Fault", new QboFaults.FaultError(400, "ValidationFault", "4000", "Error parsing query",
            "QueryParserError: " + e.getMessage()).fault());
      }
    }
    ObjectNode body = json.createObjectNode();
    body.set("BatchItemResponse", out);
    body.put("time", time());
    return SimResponse.json(200, body);
  }

  // ============================================================ webhooks

  /**
   * Signs a webhook body as QBO does: Base64 HMAC-SHA256 keyed with the verifier token.
   *
   * @param body the raw body
   * @return the {@code intuit-signature} value
   */
  public String signWebhook(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(verifierToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * POSTs a correctly signed webhook.
   *
   * @param url the receiver
   * @param body the raw body
   * @return the delivery
   */
  public WebhookDelivery sendWebhook(URI url, byte[] body) {
    return sendWebhook(url, body, signWebhook(body));
  }

  /**
   * POSTs a webhook with the given signature (e.g. a wrong one).
   *
   * @param url the receiver
   * @param body the raw body
   * @param signature the {@code intuit-signature} value
   * @return the delivery
   */
  public WebhookDelivery sendWebhook(URI url, byte[] body, String signature) {
    return webhooks().send(url, Map.of("intuit-signature", signature, "Content-Type", "application/json"), body);
  }

  /**
   * Builds a legacy {@code eventNotifications} body with one entity change.
   *
   * @param realmId the company
   * @param entity the entity name, e.g. {@code SalesReceipt}
   * @param id the entity id
   * @param operation {@code Create}, {@code Update}, {@code Delete}, {@code Merge}, {@code Void}
   * @param lastUpdated the change time
   * @return the UTF-8 body
   */
  public static byte[] legacyPayload(String realmId, String entity, String id, String operation, Instant lastUpdated) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode n = root.putArray("eventNotifications").addObject();
    n.put("realmId", realmId);
    ObjectNode e = n.putObject("dataChangeEvent").putArray("entities").addObject();
    e.put("name", entity);
    e.put("id", id);
    e.put("operation", operation);
    e.put("lastUpdated", lastUpdated.toString());
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Builds a CloudEvents array with one event.
   *
   * @param eventId the event id
   * @param realmId the company
   * @param entity the entity name, e.g. {@code SalesReceipt}
   * @param verb {@code created}, {@code updated}, {@code deleted}, ...
   * @param id the entity id
   * @param time the event time
   * @return the UTF-8 body
   */
  public static byte[] cloudEventPayload(
      String eventId, String realmId, String entity, String verb, String id, Instant time) {
    ArrayNode root = Json.mapper().createArrayNode();
    ObjectNode e = root.addObject();
    e.put("specversion", "1.0");
    e.put("id", eventId);
    e.put("source", "intuit.posbridge-simulator");
    e.put("type", "qbo." + entity.toLowerCase(Locale.ROOT) + "." + verb + ".v1");
    e.put("datacontenttype", "application/json");
    e.put("time", time.toString());
    e.put("intuitentityid", id);
    e.put("intuitaccountid", realmId);
    e.putObject("data");
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }
}
