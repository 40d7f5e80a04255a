package dev.posbridge.testing.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.testing.ConcurrencyLimiter;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimHandler;
import dev.posbridge.testing.SimRequest;
import dev.posbridge.testing.SimResponse;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.SimulatorError;
import dev.posbridge.testing.internal.Json;
import dev.posbridge.testing.internal.ResourceTable;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A stateful simulator of one NetSuite account's SuiteTalk REST web services.
 *
 * <p><b>Authentication.</b> Every request except the token endpoint must carry either a TBA
 * {@code Authorization: OAuth ...} header, whose HMAC-SHA256 signature is recomputed from the
 * method, URL and query with the registered consumer and token secrets (realm excluded; a wrong
 * realm, reused nonce or timestamp more than {@link #timestampTolerance(Duration)} from the
 * simulator clock is rejected), or a bearer token issued by
 * {@code POST /services/rest/auth/oauth2/v1/token}. The token endpoint verifies client-credentials
 * JWT assertions (signature with the public key registered for the {@code kid}, {@code iss},
 * {@code aud} = the token URL, {@code exp ≤ iat + 3600}, not expired) and serves the
 * authorization-code and refresh grants; tokens live 3600 s. Failures answer 401
 * {@code INVALID_LOGIN}.
 *
 * <p><b>Records.</b> {@code cashSale}, {@code salesOrder}, {@code invoice}, {@code cashRefund},
 * {@code customer}, {@code inventoryItem}, {@code inventoryAdjustment} and {@code location} (names
 * case-insensitive): POST → 204 + {@code Location}; GET by id or {@code eid:} (sublists as links
 * unless {@code expandSubResources=true}; {@code fields=} projection); PATCH merges (sublist lines
 * appended unless named in {@code replace=}); PUT only as {@code eid:} upsert; DELETE; transforms
 * ({@code POST /salesOrder/{id}/!transform/invoice}); external ids unique per type; unknown ids
 * 404 {@code NONEXISTENT_ID}; references to missing items, locations or customers 400
 * {@code INVALID_CONTENT} with {@code o:errorPath}. With {@code Prefer: respond-async} a write is
 * run as a job (202 + {@code Location}); a repeated {@code X-NetSuite-Idempotency-Key} answers 400
 * {@code IDEMPOTENCY_ERROR} naming the first job.
 *
 * <p><b>Inventory.</b> Quantity on hand per item and location; inventory adjustments
 * ({@code adjustQtyBy}) and cash sales (−) and cash refunds (+) change it; updates and deletes
 * revert the old effect first.
 *
 * <p><b>SuiteQL.</b> {@code POST /services/rest/query/v1/suiteql} (needs {@code Prefer: transient})
 * over the tables {@code transaction}, {@code item}, {@code inventoryitemlocations},
 * {@code customer} and {@code location}, with the subset of SQL described in {@code SuiteQl}:
 * lower-case keys, string values, NULLs omitted, datetimes in the user's date format unless
 * wrapped in {@code TO_CHAR}; paging with {@code limit} ≤ 1000, {@code offset}, {@code hasMore},
 * {@code totalResults} and links.
 *
 * <p><b>Concurrency.</b> At most {@link #concurrencyLimit(int)} requests are handled at a time;
 * the one over the limit gets 429 {@code CONCURRENCY_LIMIT_EXCEEDED} (or 401 {@code INVALID_LOGIN}
 * in {@link OverloadMode#INVALID_LOGIN}). {@link #handlerLatency(Duration)} makes requests overlap;
 * {@link #maxInFlight()} reports the most seen at once.
 *
 * <p><b>Change times.</b> Every write sets {@code lastModifiedDate} to the simulator clock (to the
 * second); {@link #setLastModified} forces one for out-of-order cases. Effects are counted in
 * {@link #effects()} by record type and external id ({@code "id:"+id} without one), updates as
 * {@code "{type}.update"}, and accepted async requests as {@code "async"} by idempotency key.
 *
 * <p>Thread-safe. Errors use NetSuite's envelope: {@code type}, {@code title}, {@code status},
 * {@code o:errorDetails[{detail, o:errorCode, o:errorPath}]}.
 */
public final class NetSuiteSimulator extends dev.posbridge.testing.VendorSimulator {

  /** How the simulator answers a request over the concurrency limit. */
  public enum OverloadMode {
    /** HTTP 429 with {@code CONCURRENCY_LIMIT_EXCEEDED} (documented). */
    TOO_MANY_REQUESTS,
    /** HTTP 401 {@code INVALID_LOGIN}, as some clients report under overload. */
    INVALID_LOGIN
  }

  /** The token endpoint path. */
  public static final String TOKEN_PATH = "/services/rest/auth/oauth2/v1/token";

  private static final String RECORD = "/services/rest/record/v1";
  private static final String RFC2616 = "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec";
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final List<String> TYPES = List.of("cashSale", "salesOrder", "invoice", "cashRefund",
      "customer", "inventoryItem", "inventoryAdjustment", "location");
  private static final Map<String, String> TYPE_BY_LOWER = new HashMap<>();
  private static final Map<String, String> TRANSACTION_TYPE = Map.of("cashSale", "CashSale",
      "salesOrder", "SalesOrd", "invoice", "CustInvc", "cashRefund", "CashRfnd",
      "inventoryAdjustment", "InvAdjst");

  static {
    for (String t : TYPES) {
      TYPE_BY_LOWER.put(t.toLowerCase(Locale.ROOT), t);
    }
  }

  private record TbaToken(String consumerKey, String consumerSecret, String tokenId, String tokenSecret) {}

  private record Certificate(String clientId, PublicKey key) {}

  private record Job(String id, int status, Map<String, String> headers, @Nullable JsonNode body,
      AtomicInteger polls) {}

  private volatile String accountId = "1234567_SB1";
  private volatile String host = "1234567-sb1";
  private volatile ZoneId zone = ZoneOffset.UTC;
  private volatile Duration tolerance = Duration.ofMinutes(5);
  private final Map<String, TbaToken> tbaTokens = new ConcurrentHashMap<>();
  private final Map<String, Certificate> certificates = new ConcurrentHashMap<>();
  private final Map<String, String> clients = new ConcurrentHashMap<>();
  private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, String> authCodes = new ConcurrentHashMap<>();
  private final Set<String> nonces = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger rejections = new AtomicInteger();
  private volatile ConcurrencyLimiter limiter = new ConcurrencyLimiter(5);
  private volatile OverloadMode overloadMode = OverloadMode.TOO_MANY_REQUESTS;
  private volatile Duration latency = Duration.ZERO;

  private final Object lock = new Object();
  /** The records by canonical type and id (ids in numeric order), indexed by external id; tombstones feed DeletedRecord. */
  private final ResourceTable<ObjectNode> records = ResourceTable.sortedById(TYPES, NetSuiteSimulator::compareIds,
      rec -> text(rec, "externalId"));
  private final Map<String, Map<String, BigDecimal>> stock = new TreeMap<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, String> asyncKeys = new ConcurrentHashMap<>();

  private NetSuiteSimulator(SimulatorConfig config) {
    super(config);
    onReset();

    route("POST", TOKEN_PATH, this::token);
    route("GET", "/services/rest/system/v1/governanceLimits", guarded(this::governance));
    route("POST", "/services/rest/query/v1/suiteql", guarded(async(this::suiteql)));
    route("*", RECORD + "/{type}", guarded(async(this::collection)));
    route("*", RECORD + "/{type}/{id}", guarded(async(this::single)));
    route("POST", RECORD + "/{type}/{id}/!transform/{target}", guarded(async(this::transform)));
    route("GET", "/services/rest/async/v1/job/{job}", guarded(this::job));
    route("GET", "/services/rest/async/v1/job/{job}/task/{task}", guarded(this::job));
    route("GET", "/services/rest/async/v1/job/{job}/task/{task}/result", guarded(this::jobResult));
  }

  /**
   * Starts a simulator on a free port with the default configuration: account
   * {@code 1234567_SB1}, a concurrency limit of 5, UTC, a TBA timestamp tolerance of 5 minutes.
   *
   * @return the running simulator; close it when done
   */
  public static NetSuiteSimulator start() {
    return start(SimulatorConfig.defaults());
  }

  /**
   * Starts a simulator with account {@code 1234567_SB1}, a concurrency limit of 5, UTC and a TBA
   * timestamp tolerance of 5 minutes (see {@link #accountId(String)},
   * {@link #concurrencyLimit(int)}, {@link #timeZone(ZoneId)}, {@link #timestampTolerance(Duration)}).
   *
   * @param config port, clock, id seed, threads
   * @return the running simulator; close it when done
   */
  public static NetSuiteSimulator start(SimulatorConfig config) {
    return new NetSuiteSimulator(config);
  }

  /**
   * Sets the account ID (realm form {@code 1234567_SB1}; the host form is accepted).
   *
   * @param value the account ID
   * @return this simulator
   * @throws IllegalArgumentException if the value is not an account ID
   */
  public NetSuiteSimulator accountId(String value) {
    if (!value.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("invalid account ID: " + value);
    }
    this.accountId = value.toUpperCase(Locale.ROOT).replace('-', '_');
    this.host = value.toLowerCase(Locale.ROOT).replace('_', '-');
    return this;
  }

  /**
   * Sets the account time zone SuiteQL datetimes are rendered in (default UTC).
   *
   * @param value the zone
   * @return this simulator
   */
  public NetSuiteSimulator timeZone(ZoneId value) {
    this.zone = value;
    return this;
  }

  /**
   * Sets how far a TBA timestamp may be from the simulator clock (default 5 minutes).
   *
   * @param value the tolerance
   * @return this simulator
   */
  public NetSuiteSimulator timestampTolerance(Duration value) {
    this.tolerance = value;
    return this;
  }

  // ================================================================== public helpers

  /**
   * Returns the account ID in realm form.
   *
   * @return e.g. {@code 1234567_SB1}
   */
  public String accountId() {
    return accountId;
  }

  /**
   * Returns the host label the account would have.
   *
   * @return e.g. {@code 1234567-sb1}
   */
  public String host() {
    return host;
  }

  /**
   * Returns the token endpoint URL (the {@code aud} assertions must carry).
   *
   * @return the URL
   */
  public String tokenUrl() {
    return baseUrl() + TOKEN_PATH;
  }

  /**
   * Registers a TBA consumer and token.
   *
   * @param consumerKey the consumer key
   * @param consumerSecret the consumer secret
   * @param tokenId the token id
   * @param tokenSecret the token secret
   * @return this simulator
   */
  public NetSuiteSimulator tbaToken(String consumerKey, String consumerSecret, String tokenId, String tokenSecret) {
    tbaTokens.put(consumerKey + " " + tokenId, new TbaToken(consumerKey, consumerSecret, tokenId, tokenSecret));
    return this;
  }

  /**
   * Registers an M2M certificate.
   *
   * @param certificateId the certificate id (JWT {@code kid})
   * @param clientId the integration's client id (JWT {@code iss})
   * @param publicKey the certificate's public key
   */
  public void registerCertificate(String certificateId, String clientId, PublicKey publicKey) {
    certificates.put(certificateId, new Certificate(clientId, publicKey));
  }

  /**
   * Registers a confidential client for the authorization-code grant.
   *
   * @param clientId the client id
   * @param clientSecret the client secret
   */
  public void registerClient(String clientId, String clientSecret) {
    clients.put(clientId, clientSecret);
  }

  /**
   * Issues an authorization code, as the consent redirect would.
   *
   * @param clientId the client
   * @return the code
   */
  public String issueAuthorizationCode(String clientId) {
    String code = ids().alnum(24);
    authCodes.put(code, clientId);
    return code;
  }

  /**
   * Issues a bearer token directly, for tests that do not exercise the token endpoint.
   *
   * @return a token valid for 3600 s
   */
  public String issueAccessToken() {
    String t = "ns-at-" + ids().alnum(32);
    accessTokens.put(t, clock().instant().plusSeconds(3600));
    return t;
  }

  /**
   * Accepts a bearer token, valid for 3600 s from now on the simulator clock.
   *
   * @param token the token
   * @return this simulator
   */
  public NetSuiteSimulator acceptToken(String token) {
    accessTokens.put(token, clock().instant().plusSeconds(3600));
    return this;
  }

  /**
   * Stops accepting a bearer token (it then gets 401).
   *
   * @param token the token
   * @return this simulator
   */
  public NetSuiteSimulator revokeToken(String token) {
    accessTokens.remove(token);
    return this;
  }

  /**
   * Expires every bearer access token now (refresh tokens and TBA tokens keep working).
   *
   * @return this simulator
   */
  public NetSuiteSimulator expireAccessTokens() {
    accessTokens.clear();
    return this;
  }

  /**
   * Sets the concurrency limit (default 5).
   *
   * @param limit requests handled at once, at least 1
   * @return this simulator
   * @throws IllegalArgumentException if the limit is below 1
   */
  public NetSuiteSimulator concurrencyLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("concurrencyLimit must be at least 1: " + limit);
    }
    this.limiter = new ConcurrencyLimiter(limit);
    return this;
  }

  /**
   * Sets how over-limit requests are answered (default 429).
   *
   * @param mode the mode
   * @return this simulator
   */
  public NetSuiteSimulator overloadMode(OverloadMode mode) {
    this.overloadMode = mode;
    return this;
  }

  /**
   * Sets a delay spent inside each handler while holding a concurrency slot.
   *
   * @param delay the delay
   * @return this simulator
   */
  public NetSuiteSimulator handlerLatency(Duration delay) {
    this.latency = delay;
    return this;
  }

  /**
   * Returns the most requests handled at the same time since the start or the last reset.
   *
   * @return the maximum in flight
   */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /**
   * Returns how many requests are being handled right now.
   *
   * @return the number in flight
   */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Returns how many requests were rejected for exceeding the concurrency limit.
   *
   * @return the count
   */
  public int concurrencyRejections() {
    return rejections.get();
  }

  /**
   * Seeds a location.
   *
   * @param name the name
   * @return its internal id
   */
  public String seedLocation(String name) {
    return seedRecord("location", Map.of("name", name));
  }

  /**
   * Seeds an inventory item.
   *
   * @param itemId the item name/number (SKU)
   * @param displayName the display name
   * @param upcCode the UPC, or {@code null}
   * @return its internal id
   */
  public String seedItem(String itemId, String displayName, @Nullable String upcCode) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("itemId", itemId);
    f.put("displayName", displayName);
    if (upcCode != null) {
      f.put("upcCode", upcCode);
    }
    return seedRecord("inventoryItem", f);
  }

  /**
   * Seeds a customer.
   *
   * @param firstName the first name
   * @param lastName the last name
   * @param email the email, or {@code null}
   * @param phone the phone, or {@code null}
   * @return its internal id
   */
  public String seedCustomer(String firstName, String lastName, @Nullable String email,
      @Nullable String phone) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("firstName", firstName);
    f.put("lastName", lastName);
    f.put("isPerson", true);
    if (email != null) {
      f.put("email", email);
    }
    if (phone != null) {
      f.put("phone", phone);
    }
    return seedRecord("customer", f);
  }

  /**
   * Seeds any record without validation or stock effects.
   *
   * @param type the record type
   * @param fields the body fields
   * @return its internal id
   */
  public String seedRecord(String type, Map<String, ?> fields) {
    String t = canonicalType(type);
    synchronized (lock) {
      ObjectNode body = MAPPER.valueToTree(fields);
      String id = newId(t);
      stamp(t, id, body, null);
      records.put(t, id, body);
      return id;
    }
  }

  /**
   * Sets the quantity on hand of an item at a location.
   *
   * @param itemId the item's internal id
   * @param locationId the location's internal id
   * @param quantity the quantity
   */
  public void seedStock(String itemId, String locationId, BigDecimal quantity) {
    synchronized (lock) {
      stock.computeIfAbsent(itemId, k -> new TreeMap<>()).put(locationId, quantity);
    }
  }

  /**
   * Returns the quantity on hand of an item at a location.
   *
   * @param itemId the item's internal id
   * @param locationId the location's internal id
   * @return the quantity, zero if never set
   */
  public BigDecimal stock(String itemId, String locationId) {
    synchronized (lock) {
      return stock.getOrDefault(itemId, Map.of()).getOrDefault(locationId, BigDecimal.ZERO);
    }
  }

  /**
   * Returns a copy of a record.
   *
   * @param type the record type
   * @param id the internal id
   * @return a read-only copy of the record, or empty
   */
  public Optional<JsonView> record(String type, String id) {
    synchronized (lock) {
      ObjectNode r = records.get(canonicalType(type), id);
      return r == null ? Optional.empty() : Optional.of(JsonView.of(r));
    }
  }

  /**
   * Deletes a record as a NetSuite user would: it disappears and its deletion is logged in the
   * {@code DeletedRecord} table that SuiteQL reads.
   *
   * @param type the record type
   * @param id the internal id
   */
  public void deleteRecord(String type, String id) {
    synchronized (lock) {
      String t = canonicalType(type);
      ObjectNode existing = records.delete(t, id, clock().instant().truncatedTo(ChronoUnit.SECONDS));
      if (existing == null) {
        throw new IllegalArgumentException("no " + type + " " + id);
      }
      applyStock(t, existing, -1);
    }
  }

  /**
   * Returns a copy of a record found by external id.
   *
   * @param type the record type
   * @param externalId the external id
   * @return a read-only copy of the record, or empty
   */
  public Optional<JsonView> recordByExternalId(String type, String externalId) {
    synchronized (lock) {
      String id = records.idByKey(canonicalType(type), externalId);
      return id == null ? Optional.empty() : record(type, id);
    }
  }

  /**
   * Returns how many records of a type exist.
   *
   * @param type the record type
   * @return the count
   */
  public int count(String type) {
    synchronized (lock) {
      return records.count(canonicalType(type));
    }
  }

  /**
   * Forces a record's last-modified time, e.g. to simulate a late commit.
   *
   * @param type the record type
   * @param id the internal id
   * @param lastModified the time
   */
  public void setLastModified(String type, String id, Instant lastModified) {
    synchronized (lock) {
      ObjectNode r = records.get(canonicalType(type), id);
      if (r == null) {
        throw new IllegalArgumentException("no " + type + " " + id);
      }
      r.put("lastModifiedDate", lastModified.truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  /**
   * Changes fields of a record as a NetSuite user would, stamping the last-modified time.
   *
   * @param type the record type
   * @param id the internal id
   * @param fields the fields to set
   */
  public void editRecord(String type, String id, Map<String, ?> fields) {
    synchronized (lock) {
      String t = canonicalType(type);
      ObjectNode r = records.get(t, id);
      if (r == null) {
        throw new IllegalArgumentException("no " + type + " " + id);
      }
      r.setAll((ObjectNode) MAPPER.valueToTree(fields));
      r.put("lastModifiedDate", clock().instant().truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  /**
   * Posts a user-event-style change hint, as an installed SuiteScript {@code afterSubmit} script
   * would: JSON {@code {"recordType","id","type","lastModified"}} with the header
   * {@code X-NetSuite-Hint-Signature} = Base64(HMAC-SHA256(secret, body)). The signature scheme is
   * posbridge's own convention for such scripts, not a NetSuite feature.
   *
   * @param url where the application receives hints
   * @param secret the shared secret
   * @param recordType the record type, e.g. {@code cashSale}
   * @param id the internal id
   * @param eventType {@code create}, {@code edit}, {@code delete} or {@code xedit}
   * @return the delivery, with the application's answer
   */
  public dev.posbridge.testing.WebhookDelivery sendUserEventHint(java.net.URI url, String secret,
      String recordType, String id, String eventType) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("recordType", recordType);
    body.put("id", id);
    body.put("type", eventType);
    body.put("lastModified", clock().instant().truncatedTo(ChronoUnit.SECONDS).toString());
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String sig = Base64.getEncoder().encodeToString(mac.doFinal(bytes));
      return webhooks().send(url, Map.of("Content-Type", "application/json", "X-NetSuite-Hint-Signature", sig),
          bytes);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  // ================================================================== hooks

  @Override
  protected void onReset() {
    synchronized (lock) {
      records.clear();
      stock.clear();
    }
    jobs.clear();
    asyncKeys.clear();
    nonces.clear();
    accessTokens.clear();
    refreshTokens.clear();
    authCodes.clear();
    maxInFlight.set(0);
    rejections.set(0);
  }

  @Override
  protected @Nullable SimResponse authenticate(SimRequest request) {
    if (request.path().equals(TOKEN_PATH)) {
      return null;
    }
    Optional<String> auth = request.header("Authorization");
    if (auth.isEmpty()) {
      return invalidLogin();
    }
    String value = auth.get().trim();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Instant exp = accessTokens.get(value.substring(7).trim());
      return exp != null && clock().instant().isBefore(exp) ? null : invalidLogin();
    }
    Map<String, String> oauth = TbaVerifier.header(value);
    if (oauth.isEmpty() || !accountId.equals(oauth.get("realm"))
        || !"HMAC-SHA256".equals(oauth.get("oauth_signature_method"))
        || !"1.0".equals(oauth.getOrDefault("oauth_version", "1.0"))) {
      return invalidLogin();
    }
    TbaToken token = tbaTokens.get(oauth.get("oauth_consumer_key") + " " + oauth.get("oauth_token"));
    String nonce = oauth.get("oauth_nonce");
    String ts = oauth.get("oauth_timestamp");
    String sig = oauth.get("oauth_signature");
    if (token == null || nonce == null || ts == null || sig == null || !nonce.matches("[A-Za-z0-9]{6,64}")) {
      return invalidLogin();
    }
    long seconds;
    try {
      seconds = Long.parseLong(ts);
    } catch (NumberFormatException e) {
      return invalidLogin();
    }
    long skew = Math.abs(clock().instant().getEpochSecond() - seconds);
    if (skew > tolerance.toSeconds()) {
      return invalidLogin();
    }
    String expected = TbaVerifier.signature(
        TbaVerifier.baseString(request.method(), request.url(), oauth), token.consumerSecret(),
        token.tokenSecret());
    if (!TbaVerifier.sameSignature(expected, sig)) {
      return invalidLogin();
    }
    if (!nonces.add(token.consumerKey() + " " + nonce)) {
      return invalidLogin();
    }
    return null;
  }

  @Override
  protected SimResponse errorResponse(int status, String message, SimRequest request) {
    String code = switch (status) {
      case 400 -> "USER_ERROR";
      case 401 -> "INVALID_LOGIN";
      case 403 -> "INSUFFICIENT_PERMISSION";
      case 404 -> "NONEXISTENT_ID";
      case 429 -> "CONCURRENCY_LIMIT_EXCEEDED";
      default -> status >= 500 ? "UNEXPECTED_ERROR" : "USER_ERROR";
    };
    return error(status, code, message, null);
  }

  /**
   * Builds a NetSuite error envelope.
   *
   * @param status the HTTP status
   * @param code the {@code o:errorCode}
   * @param detail the detail text
   * @param path the {@code o:errorPath}, or {@code null}
   * @return the response
   */
  public static SimResponse error(int status, String code, String detail, @Nullable String path) {
    ObjectNode body = MAPPER.createObjectNode();
    String[] typeTitle = switch (status) {
      case 400 -> new String[] {"4.1", "Bad Request"};
      case 401 -> new String[] {"4.2", "Unauthorized"};
      case 403 -> new String[] {"4.4", "Forbidden"};
      case 404 -> new String[] {"4.5", "Not Found"};
      case 405 -> new String[] {"4.6", "Method Not Allowed"};
      case 409 -> new String[] {"4.10", "Conflict"};
      case 500 -> new String[] {"5.1", "Internal Server Error"};
      case 503 -> new String[] {"5.4", "Service Unavailable"};
      default -> null;
    };
    if (status == 429) {
      body.put("type", "https://tools.ietf.org/html/rfc6585#section-4");
      body.put("title", "Too Many Requests");
    } else if (typeTitle != null) {
      body.put("type", RFC2616 + "10." + typeTitle[0]);
      body.put("title", typeTitle[1]);
    } else {
      body.put("type", RFC2616 + "10");
      body.put("title", "Error");
    }
    body.put("status", status);
    ObjectNode d = body.putArray("o:errorDetails").addObject();
    d.put("detail", detail);
    d.put("o:errorCode", code);
    if (path != null) {
      d.put("o:errorPath", path);
    }
    return SimResponse.json(status, body);
  }

  private static SimResponse invalidLogin() {
    return error(401, "INVALID_LOGIN",
        "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at "
            + "Setup > Users/Roles > User Management > View Login Audit Trail.", null);
  }

  private static SimulatorError fail(int status, String code, String detail, @Nullable String path) {
    return new SimulatorError(error(status, code, detail, path));
  }

  // ================================================================== concurrency and async

  private SimHandler guarded(SimHandler handler) {
    return request -> {
      // Read the latency before the request shows as in flight, so a test that changes the
      // latency once it sees a request in flight does not shorten that request's hold.
      Duration d = latency;
      Optional<ConcurrencyLimiter.Permit> permit = limiter.tryEnter(accountId);
      if (permit.isEmpty()) {
        rejections.incrementAndGet();
        return overloadMode == OverloadMode.INVALID_LOGIN ? invalidLogin()
            : error(429, "CONCURRENCY_LIMIT_EXCEEDED",
                "Concurrent request limit exceeded. Request blocked.", null);
      }
      ConcurrencyLimiter.Permit held = permit.get();
      try {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
          if (!d.isZero()) {
            try {
              Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return handler.handle(request);
        } finally {
          inFlight.decrementAndGet();
        }
      } finally {
        held.close();
      }
    };
  }

  private SimHandler async(SimHandler handler) {
    return request -> {
      boolean async = request.headers("Prefer").stream()
          .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("respond-async"));
      if (!async) {
        return handler.handle(request);
      }
      Optional<String> key = request.header("X-NetSuite-Idempotency-Key");
      String jobId = ids().digits(6);
      if (key.isPresent()) {
        String first = asyncKeys.putIfAbsent(key.get(), jobId);
        if (first != null) {
          return error(400, "IDEMPOTENCY_ERROR",
              "A request with the same idempotency key has already been submitted.", null)
              .header("Location", baseUrl() + "/services/rest/async/v1/job/" + first);
        }
      }
      key.ifPresent(k -> effects().record("async", k));
      SimResponse r;
      try {
        r = handler.handle(request);
      } catch (SimulatorError e) {
        r = e.response() != null ? e.response() : errorResponse(e.status(), String.valueOf(e.getMessage()), request);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      r.firstHeader("Location").ifPresent(l -> headers.put("Location", l));
      jobs.put(jobId, new Job(jobId, r.status(), headers, r.hasBody() ? Json.tree(r) : null, new AtomicInteger()));
      return SimResponse.status(202).header("Preference-Applied", "respond-async")
          .header("Location", baseUrl() + "/services/rest/async/v1/job/" + jobId);
    };
  }

  private SimResponse job(SimRequest r) {
    Job job = jobs.get(r.pathVariable("job"));
    if (job == null) {
      throw fail(404, "NONEXISTENT_ID", "Job not found.", null);
    }
    boolean done = job.polls().getAndIncrement() > 0;
    String jobUrl = baseUrl() + "/services/rest/async/v1/job/" + job.id();
    ObjectNode body = MAPPER.createObjectNode();
    body.put("id", job.id());
    body.put("completed", done);
    body.put("progress", done ? (job.status() < 400 ? "succeeded" : "failed") : "pending");
    body.putObject("task").putArray("links").addObject().put("rel", "related")
        .put("href", jobUrl + "/task/" + job.id());
    return SimResponse.json(200, body);
  }

  private SimResponse jobResult(SimRequest r) {
    Job job = jobs.get(r.pathVariable("job"));
    if (job == null) {
      throw fail(404, "NONEXISTENT_ID", "Job not found.", null);
    }
    SimResponse out = job.body() == null ? SimResponse.status(job.status()) : SimResponse.json(job.status(), job.body());
    job.headers().forEach(out::header);
    return out;
  }

  private SimResponse governance(SimRequest r) {
    // Key names are not confirmed by NetSuite's documentation.
    ObjectNode body = MAPPER.createObjectNode();
    body.put("accountConcurrencyLimit", limiter.maxConcurrent());
    body.put("accountUnallocatedConcurrencyLimit", limiter.maxConcurrent());
    body.put("limitType", "accountUnallocated");
    return SimResponse.json(200, body);
  }

  // ================================================================== OAuth 2.0

  private SimResponse token(SimRequest r) {
    Map<String, String> form = new HashMap<>();
    for (String pair : r.bodyString().split("&", -1)) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    String grant = form.getOrDefault("grant_type", "");
    switch (grant) {
      case "client_credentials" -> {
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
          return oauthError("invalid_request");
        }
        return verifyAssertion(form.getOrDefault("client_assertion", "")) ? issue(null) : oauthError("invalid_grant");
      }
      case "authorization_code" -> {
        String client = basicClient(r);
        String code = form.get("code");
        if (client == null || code == null || !client.equals(authCodes.remove(code))) {
          return oauthError("invalid_grant");
        }
        return issue(client);
      }
      case "refresh_token" -> {
        String client = basicClient(r);
        String rt = form.get("refresh_token");
        if (client == null || rt == null || !client.equals(refreshTokens.get(rt))) {
          return oauthError("invalid_grant");
        }
        return issue(null);
      }
      default -> {
        return oauthError("unsupported_grant_type");
      }
    }
  }

  private @Nullable String basicClient(SimRequest r) {
    String h = r.header("Authorization").orElse("");
    if (!h.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String[] cs = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8)
        .split(":", 2);
    return cs.length == 2 && cs[1].equals(clients.get(cs[0])) ? cs[0] : null;
  }

  private boolean verifyAssertion(String jwt) {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    try {
      JsonNode header = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
      Certificate cert = certificates.get(header.path("kid").asText(""));
      String alg = header.path("alg").asText("");
      if (cert == null || !List.of("PS256", "PS384", "PS512", "ES256", "ES384", "ES512").contains(alg)) {
        return false;
      }
      java.security.Signature s;
      String bits = alg.substring(2);
      if (alg.startsWith("PS")) {
        s = java.security.Signature.getInstance("RSASSA-PSS");
        java.security.spec.MGF1ParameterSpec mgf = bits.equals("256") ? java.security.spec.MGF1ParameterSpec.SHA256
            : bits.equals("384") ? java.security.spec.MGF1ParameterSpec.SHA384
            : java.security.spec.MGF1ParameterSpec.SHA512;
        s.setParameter(new java.security.spec.PSSParameterSpec("SHA-" + bits, "MGF1", mgf,
            Integer.parseInt(bits) / 8, 1));
      } else {
        s = java.security.Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
      }
      s.initVerify(cert.key());
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return false;
      }
      long now = clock().instant().getEpochSecond();
      long iat = claims.path("iat").asLong(-1);
      long exp = claims.path("exp").asLong(-1);
      return cert.clientId().equals(claims.path("iss").asText())
          && tokenUrl().equals(claims.path("aud").asText())
          && claims.path("scope").asText("").contains("rest_webservices")
          && iat > 0 && exp > iat && exp - iat <= 3600 && exp > now && iat <= now + 300;
    } catch (java.io.IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private SimResponse issue(@Nullable String refreshFor) {
    String at = issueAccessToken();
    ObjectNode body = MAPPER.createObjectNode();
    body.put("access_token", at);
    body.put("expires_in", "3600");
    body.put("token_type", "bearer");
    if (refreshFor != null) {
      String rt = "ns-rt-" + ids().alnum(32);
      refreshTokens.put(rt, refreshFor);
      body.put("refresh_token", rt);
    }
    return SimResponse.json(200, body);
  }

  private static SimResponse oauthError(String code) {
    return SimResponse.json(400, Map.of("error", code));
  }

  // ================================================================== SuiteQL

  private SimResponse suiteql(SimRequest r) {
    if (r.headers("Prefer").stream().noneMatch(v -> v.toLowerCase(Locale.ROOT).contains("transient"))) {
      throw fail(400, "INVALID_PARAMETER", "SuiteQL requests need the header Prefer: transient.", null);
    }
    int limit = intParam(r, "limit", 1000);
    int offset = intParam(r, "offset", 0);
    if (limit < 1 || limit > 1000) {
      throw fail(400, "INVALID_PARAMETER", "The limit must be between 1 and 1000.", null);
    }
    if (offset < 0 || offset >= 100_000) {
      throw fail(400, "INVALID_PARAMETER", "The offset must be between 0 and 99999.", null);
    }
    JsonNode q = Json.tree(r).get("q");
    if (q == null || !q.isTextual()) {
      throw fail(400, "INVALID_PARAMETER", "The request body needs a q member.", "q");
    }
    List<Map<String, String>> rows;
    try {
      SuiteQl.Query query = SuiteQl.parse(q.asText(), zone);
      List<Map<String, Object>> table;
      synchronized (lock) {
        table = table(query.table());
      }
      rows = SuiteQl.run(query, table, zone);
    } catch (SuiteQl.SyntaxError e) {
      throw fail(400, "INVALID_PARAMETER", "Invalid search query: " + e.getMessage(), "q");
    }
    int total = Math.min(rows.size(), 100_000);
    List<Map<String, String>> page = rows.subList(Math.min(offset, total), Math.min(total, offset + limit));
    boolean hasMore = offset + page.size() < total;
    ObjectNode body = MAPPER.createObjectNode();
    ArrayNode links = body.putArray("links");
    String self = baseUrl() + "/services/rest/query/v1/suiteql";
    links.addObject().put("rel", "self").put("href", self + "?limit=" + limit + "&offset=" + offset);
    if (hasMore) {
      links.addObject().put("rel", "next").put("href", self + "?limit=" + limit + "&offset=" + (offset + limit));
    }
    if (offset > 0) {
      links.addObject().put("rel", "previous")
          .put("href", self + "?limit=" + limit + "&offset=" + Math.max(0, offset - limit));
    }
    int last = total == 0 ? 0 : ((total - 1) / limit) * limit;
    links.addObject().put("rel", "last").put("href", self + "?limit=" + limit + "&offset=" + last);
    body.put("count", page.size());
    body.put("hasMore", hasMore);
    ArrayNode items = body.putArray("items");
    for (Map<String, String> row : page) {
      ObjectNode item = items.addObject();
      item.putArray("links");
      row.forEach(item::put);
    }
    body.put("offset", offset);
    body.put("totalResults", total);
    return SimResponse.json(200, body);
  }

  private static int intParam(SimRequest r, String name, int dflt) {
    Optional<String> v = r.queryParam(name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw fail(400, "INVALID_PARAMETER", "Invalid value for " + name + ".", null);
    }
  }

  private List<Map<String, Object>> table(String name) {
    List<Map<String, Object>> rows = new ArrayList<>();
    switch (name) {
      case "transaction" -> {
        for (Map.Entry<String, String> t : TRANSACTION_TYPE.entrySet()) {
          for (ObjectNode rec : records.list(t.getKey())) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", text(rec, "id"));
            row.put("type", t.getValue());
            row.put("tranid", text(rec, "tranId"));
            row.put("trandate", text(rec, "tranDate"));
            row.put("entity", refId(rec, "entity"));
            row.put("externalid", text(rec, "externalId"));
            row.put("memo", text(rec, "memo"));
            row.put("createddate", instant(rec, "createdDate"));
            row.put("lastmodifieddate", instant(rec, "lastModifiedDate"));
            rows.add(row);
          }
        }
      }
      case "item" -> {
        for (ObjectNode rec : records.list("inventoryItem")) {
          Map<String, Object> row = new HashMap<>();
          row.put("id", text(rec, "id"));
          row.put("itemid", text(rec, "itemId"));
          row.put("displayname", text(rec, "displayName"));
          row.put("upccode", text(rec, "upcCode"));
          row.put("itemtype", "InvtPart");
          row.put("isinactive", rec.path("isInactive").asBoolean(false));
          row.put("externalid", text(rec, "externalId"));
          row.put("lastmodifieddate", instant(rec, "lastModifiedDate"));
          rows.add(row);
        }
      }
      case "deletedrecord" -> {
        for (ResourceTable.Tombstone d : records.tombstones()) {
          Map<String, Object> row = new HashMap<>();
          row.put("recordid", d.id());
          row.put("recordtypeid", d.type().toLowerCase(Locale.ROOT));
          row.put("deleteddate", d.at());
          rows.add(row);
        }
      }
      case "inventoryitemlocations" -> {
        stock.forEach((item, byLocation) -> byLocation.forEach((location, qty) -> {
          Map<String, Object> row = new HashMap<>();
          row.put("item", item);
          row.put("location", location);
          row.put("quantityonhand", qty);
          row.put("quantityavailable", qty.max(BigDecimal.ZERO));
          row.put("quantitycommitted", BigDecimal.ZERO);
          row.put("quantityonorder", BigDecimal.ZERO);
          row.put("quantitybackordered", BigDecimal.ZERO);
          rows.add(row);
        }));
      }
      case "customer" -> {
        for (ObjectNode rec : records.list("customer")) {
          Map<String, Object> row = new HashMap<>();
          row.put("id", text(rec, "id"));
          row.put("entityid", text(rec, "entityId"));
          row.put("companyname", text(rec, "companyName"));
          row.put("firstname", text(rec, "firstName"));
          row.put("lastname", text(rec, "lastName"));
          row.put("email", text(rec, "email"));
          row.put("phone", text(rec, "phone"));
          row.put("isperson", rec.path("isPerson").asBoolean(true));
          row.put("externalid", text(rec, "externalId"));
          row.put("lastmodifieddate", instant(rec, "lastModifiedDate"));
          rows.add(row);
        }
      }
      case "location" -> {
        for (ObjectNode rec : records.list("location")) {
          Map<String, Object> row = new HashMap<>();
          row.put("id", text(rec, "id"));
          row.put("name", text(rec, "name"));
          row.put("isinactive", rec.path("isInactive").asBoolean(false));
          row.put("subsidiary", refId(rec, "subsidiary"));
          rows.add(row);
        }
      }
      default -> throw new SuiteQl.SyntaxError("unknown table " + name);
    }
    return rows;
  }

  // ================================================================== record API

  private SimResponse collection(SimRequest r) {
    String type = type(r);
    switch (r.method()) {
      case "POST" -> {
        ObjectNode body = object(r);
        synchronized (lock) {
          String eid = text(body, "externalId");
          if (eid != null && records.idByKey(type, eid) != null) {
            throw fail(400, "USER_ERROR", "A record with external ID " + eid + " already exists.", "externalId");
          }
          String id = create(type, body);
          return created(type, id);
        }
      }
      case "GET" -> {
        int limit = intParam(r, "limit", 1000);
        int offset = intParam(r, "offset", 0);
        if (limit < 1 || limit > 1000) {
          throw fail(400, "INVALID_PARAMETER", "The limit must be between 1 and 1000.", null);
        }
        List<String> ids;
        synchronized (lock) {
          ids = records.idsWhere(type, rec -> RecordQuery.matches(r.queryParam("q").orElse(null), rec, zone));
        }
        ObjectNode body = MAPPER.createObjectNode();
        String self = baseUrl() + RECORD + "/" + type;
        List<String> page = ids.subList(Math.min(offset, ids.size()), Math.min(ids.size(), offset + limit));
        boolean hasMore = offset + page.size() < ids.size();
        ArrayNode links = body.putArray("links");
        links.addObject().put("rel", "self").put("href", self + "?limit=" + limit + "&offset=" + offset);
        if (hasMore) {
          links.addObject().put("rel", "next").put("href", self + "?limit=" + limit + "&offset=" + (offset + limit));
        }
        int last = ids.isEmpty() ? 0 : ((ids.size() - 1) / limit) * limit;
        links.addObject().put("rel", "last").put("href", self + "?limit=" + limit + "&offset=" + last);
        body.put("count", page.size());
        body.put("hasMore", hasMore);
        ArrayNode items = body.putArray("items");
        for (String id : page) {
          ObjectNode item = items.addObject();
          item.putArray("links").addObject().put("rel", "self").put("href", self + "/" + id);
          item.put("id", id);
        }
        body.put("offset", offset);
        body.put("totalResults", ids.size());
        return SimResponse.json(200, body);
      }
      case "PUT" -> throw fail(400, "INVALID_PARAMETER", "PUT is supported only as an upsert by external ID.", null);
      default -> throw fail(405, "INVALID_PARAMETER", "Method not allowed.", null);
    }
  }

  private SimResponse single(SimRequest r) {
    String type = type(r);
    String idOrEid = r.pathVariable("id");
    boolean byEid = idOrEid.startsWith("eid:");
    String eid = byEid ? idOrEid.substring(4) : "";
    synchronized (lock) {
      String found = byEid ? records.idByKey(type, eid) : idOrEid;
      ObjectNode existing = found == null ? null : records.get(type, found);
      // id is read only where existing != null, i.e. where found is the record's id
      String id = found == null ? idOrEid : found;
      switch (r.method()) {
        case "GET" -> {
          if (existing == null) {
            throw notFound(type, idOrEid);
          }
          return SimResponse.json(200, render(type, existing, r));
        }
        case "PATCH" -> {
          if (existing == null) {
            throw notFound(type, idOrEid);
          }
          update(type, id, object(r), replace(r));
          return SimResponse.noContent();
        }
        case "PUT" -> {
          if (!byEid) {
            throw fail(400, "INVALID_PARAMETER", "PUT is supported only as an upsert by external ID.", null);
          }
          ObjectNode body = object(r);
          if (!eid.matches("[A-Za-z0-9_-]+")) {
            throw fail(400, "INVALID_CONTENT", "Invalid external ID " + eid + ".", "externalId");
          }
          if (existing == null) {
            body.put("externalId", eid);
            String newId = create(type, body);
            return created(type, newId);
          }
          body.remove("externalId");
          update(type, id, body, replace(r));
          return created(type, id);
        }
        case "DELETE" -> {
          if (existing == null) {
            throw notFound(type, idOrEid);
          }
          applyStock(type, existing, -1);
          records.delete(type, id, clock().instant().truncatedTo(ChronoUnit.SECONDS));
          return SimResponse.noContent();
        }
        default -> throw fail(405, "INVALID_PARAMETER", "Method not allowed.", null);
      }
    }
  }

  private SimResponse transform(SimRequest r) {
    String type = type(r);
    String target = canonicalTypeOrFail(r.pathVariable("target"));
    ObjectNode overlay = r.body().length == 0 ? MAPPER.createObjectNode() : object(r);
    synchronized (lock) {
      String id = r.pathVariable("id");
      if (id.startsWith("eid:")) {
        id = records.idByKey(type, id.substring(4));
      }
      ObjectNode source = id == null ? null : records.get(type, id);
      if (source == null) {
        throw notFound(type, r.pathVariable("id"));
      }
      if (!(type.equals("salesOrder") && (target.equals("invoice") || target.equals("cashSale")))
          && !(type.equals("cashSale") && target.equals("cashRefund"))) {
        throw fail(400, "INVALID_PARAMETER", "Cannot transform " + type + " into " + target + ".", null);
      }
      ObjectNode body = MAPPER.createObjectNode();
      for (String f : List.of("entity", "location", "subsidiary", "department", "class", "item", "memo")) {
        if (source.has(f)) {
          body.set(f, source.get(f).deepCopy());
        }
      }
      body.set("createdFrom", MAPPER.createObjectNode().put("id", id));
      body.setAll(overlay);
      String eid = text(body, "externalId");
      if (eid != null && records.idByKey(target, eid) != null) {
        throw fail(400, "USER_ERROR", "A record with external ID " + eid + " already exists.", "externalId");
      }
      return created(target, create(target, body));
    }
  }

  private SimulatorError notFound(String type, String id) {
    return fail(404, "NONEXISTENT_ID", "The record instance does not exist. Provide a valid record instance ID ("
        + type + " " + id + ").", null);
  }

  private SimResponse created(String type, String id) {
    return SimResponse.noContent().header("Location", baseUrl() + RECORD + "/" + type + "/" + id);
  }

  private static Set<String> replace(SimRequest r) {
    Set<String> out = new HashSet<>();
    for (String v : r.queryParams("replace")) {
      for (String s : v.split(",", -1)) {
        if (!s.isBlank()) {
          out.add(s.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  private String type(SimRequest r) {
    return canonicalTypeOrFail(r.pathVariable("type"));
  }

  private static String canonicalTypeOrFail(String raw) {
    String t = TYPE_BY_LOWER.get(raw.toLowerCase(Locale.ROOT));
    if (t == null) {
      throw fail(404, "INVALID_PARAMETER", "Record type " + raw + " is not supported by the simulator.", null);
    }
    return t;
  }

  private static String canonicalType(String raw) {
    String t = TYPE_BY_LOWER.get(raw.toLowerCase(Locale.ROOT));
    if (t == null) {
      throw new IllegalArgumentException("unknown record type " + raw);
    }
    return t;
  }

  private static ObjectNode object(SimRequest r) {
    JsonNode n;
    try {
      n = Json.tree(r);
    } catch (RuntimeException e) {
      throw fail(400, "INVALID_CONTENT", "The request body is not valid JSON.", null);
    }
    if (!(n instanceof ObjectNode o)) {
      throw fail(400, "INVALID_CONTENT", "The request body must be a JSON object.", null);
    }
    return o.deepCopy();
  }

  /** Creates a record; the caller holds the lock. */
  private String create(String type, ObjectNode body) {
    validate(type, body);
    String id = newId(type);
    stamp(type, id, body, null);
    String eid = text(body, "externalId");
    records.put(type, id, body);
    applyStock(type, body, 1);
    effects().record(type, eid != null ? eid : "id:" + id);
    return id;
  }

  /** Updates a record with NetSuite's merge rules; the caller holds the lock. */
  private void update(String type, String id, ObjectNode patch, Set<String> replace) {
    ObjectNode existing = Objects.requireNonNull(records.get(type, id), "callers update a record they found");
    ObjectNode merged = existing.deepCopy();
    for (Map.Entry<String, JsonNode> f : patch.properties()) {
      JsonNode v = f.getValue();
      JsonNode old = merged.get(f.getKey());
      boolean sublist = v.isObject() && v.has("items") && v.get("items").isArray();
      if (sublist && old != null && old.has("items") && !replace.contains(f.getKey().toLowerCase(Locale.ROOT))) {
        ArrayNode lines = ((ArrayNode) old.get("items")).deepCopy();
        lines.addAll((ArrayNode) v.get("items"));
        merged.set(f.getKey(), MAPPER.createObjectNode().set("items", lines));
      } else {
        merged.set(f.getKey(), v.deepCopy());
      }
    }
    String newEid = text(patch, "externalId");
    String oldEid = text(existing, "externalId");
    if (newEid != null && !newEid.equals(oldEid) && records.idByKey(type, newEid) != null) {
      throw fail(400, "USER_ERROR", "A record with external ID " + newEid + " already exists.", "externalId");
    }
    validate(type, merged);
    applyStock(type, existing, -1);
    stamp(type, id, merged, existing);
    records.put(type, id, merged);
    applyStock(type, merged, 1);
    effects().record(type + ".update", oldEid != null ? oldEid : "id:" + id);
  }

  private void stamp(String type, String id, ObjectNode body, @Nullable ObjectNode previous) {
    String now = clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
    body.put("id", id);
    String created = previous == null ? null : text(previous, TRANSACTION_TYPE.containsKey(type) ? "createdDate" : "dateCreated");
    body.put(TRANSACTION_TYPE.containsKey(type) ? "createdDate" : "dateCreated", created != null ? created : now);
    body.put("lastModifiedDate", now);
    if (TRANSACTION_TYPE.containsKey(type)) {
      // NetSuite computes the read-only total: line amounts plus their tax amounts.
      BigDecimal total = BigDecimal.ZERO;
      BigDecimal tax = BigDecimal.ZERO;
      for (JsonNode line : body.path("item").path("items")) {
        if (line.path("amount").isNumber()) {
          total = total.add(line.path("amount").decimalValue());
        }
        if (line.path("tax1Amt").isNumber()) {
          tax = tax.add(line.path("tax1Amt").decimalValue());
        }
      }
      body.put("subtotal", total);
      body.put("taxTotal", tax);
      body.put("total", total.add(tax));
    }
    if (TRANSACTION_TYPE.containsKey(type) && !body.hasNonNull("tranId")) {
      body.put("tranId", previous != null && previous.hasNonNull("tranId") ? previous.get("tranId").asText()
          : TRANSACTION_TYPE.get(type).toUpperCase(Locale.ROOT) + id);
    }
    if (type.equals("customer") && !body.hasNonNull("entityId")) {
      String company = text(body, "companyName");
      String first = text(body, "firstName");
      String last = text(body, "lastName");
      String name = (company != null ? company
          : ((first == null ? "" : first + " ") + (last == null ? "" : last)).trim());
      body.put("entityId", name.isEmpty() ? "CUS" + id : name);
    }
  }

  private String newId(String type) {
    String seq = TRANSACTION_TYPE.containsKey(type) ? "transaction"
        : type.equals("customer") ? "entity" : type.equals("inventoryItem") ? "item" : type;
    return Long.toString(ids().next(seq) + (seq.equals("transaction") ? 1000 : 100));
  }

  private void validate(String type, ObjectNode body) {
    checkRef(body, "entity", "customer", "entity");
    checkRef(body, "location", "location", "location");
    checkRef(body, "adjLocation", "location", "adjLocation");
    switch (type) {
      case "cashSale", "salesOrder", "invoice", "cashRefund" -> {
        if (!body.hasNonNull("entity") && !body.hasNonNull("createdFrom")) {
          throw fail(400, "USER_ERROR", "Please enter value(s) for: Customer", "entity");
        }
        lines(body, "item", false);
      }
      case "inventoryAdjustment" -> {
        if (!body.hasNonNull("account")) {
          throw fail(400, "USER_ERROR", "Please enter value(s) for: Adjustment Account", "account");
        }
        lines(body, "inventory", true);
      }
      default -> {
        // entity and item records accept any fields
      }
    }
  }

  private void lines(ObjectNode body, String sublist, boolean adjustment) {
    JsonNode items = body.path(sublist).path("items");
    int i = 0;
    for (JsonNode line : items) {
      String path = sublist + ".items[" + i + "]";
      String item = refId(line, "item");
      if (item == null || !records.contains("inventoryItem", item)) {
        throw fail(400, "INVALID_CONTENT", "Error while accessing resource: You have entered an Invalid Field Value "
            + item + " for the following field: item", path + ".item");
      }
      String loc = refId(line, "location");
      if (loc != null && !records.contains("location", loc)) {
        throw fail(400, "INVALID_CONTENT", "Error while accessing resource: You have entered an Invalid Field Value "
            + loc + " for the following field: location", path + ".location");
      }
      if (adjustment) {
        if (line.hasNonNull("adjustQtyBy") && line.hasNonNull("newQuantity")) {
          throw fail(400, "USER_ERROR", "Send either adjustQtyBy or newQuantity.", path);
        }
        if (!line.hasNonNull("adjustQtyBy") || !line.get("adjustQtyBy").isNumber()) {
          throw fail(400, "USER_ERROR", "Please enter value(s) for: Adjust Qty. By", path + ".adjustQtyBy");
        }
        if (loc == null && refId(body, "adjLocation") == null) {
          throw fail(400, "USER_ERROR", "Please enter value(s) for: Location", path + ".location");
        }
      }
      i++;
    }
  }

  private void checkRef(ObjectNode body, String field, String type, String path) {
    if (body.has(field) && !body.get(field).isNull()) {
      String id = refId(body, field);
      if (id == null || !records.contains(type, id)) {
        throw fail(400, "INVALID_CONTENT", "Error while accessing resource: You have entered an Invalid Field Value "
            + id + " for the following field: " + field, path);
      }
    }
  }

  private void applyStock(String type, ObjectNode rec, int sign) {
    String sublist;
    int direction;
    switch (type) {
      case "cashSale" -> {
        sublist = "item";
        direction = -1;
      }
      case "cashRefund" -> {
        sublist = "item";
        direction = 1;
      }
      case "inventoryAdjustment" -> {
        sublist = "inventory";
        direction = 1;
      }
      default -> {
        return;
      }
    }
    String headerLocation = refId(rec, type.equals("inventoryAdjustment") ? "adjLocation" : "location");
    for (JsonNode line : rec.path(sublist).path("items")) {
      String item = refId(line, "item");
      String loc = refId(line, "location");
      if (loc == null) {
        loc = headerLocation;
      }
      JsonNode q = type.equals("inventoryAdjustment") ? line.get("adjustQtyBy") : line.get("quantity");
      if (item == null || loc == null || q == null || !q.isNumber()) {
        continue;
      }
      BigDecimal delta = q.decimalValue().multiply(BigDecimal.valueOf((long) sign * direction));
      stock.computeIfAbsent(item, k -> new TreeMap<>(NetSuiteSimulator::compareIds)).merge(loc, delta, BigDecimal::add);
    }
  }

  private ObjectNode render(String type, ObjectNode rec, SimRequest r) {
    ObjectNode out = rec.deepCopy();
    String self = baseUrl() + RECORD + "/" + type + "/" + text(rec, "id");
    boolean expand = r.queryParam("expandSubResources").map("true"::equalsIgnoreCase).orElse(false);
    if (type.equals("inventoryItem")) {
      ArrayNode locs = MAPPER.createArrayNode();
      String id = text(rec, "id");
      stock.getOrDefault(id, Map.of()).forEach((loc, qty) -> {
        ObjectNode l = locs.addObject();
        l.putObject("location").put("id", loc);
        l.put("quantityOnHand", qty);
        l.put("quantityAvailable", qty.max(BigDecimal.ZERO));
      });
      out.set("locations", MAPPER.createObjectNode().set("items", locs));
    }
    for (Map.Entry<String, JsonNode> f : rec.properties()) {
      JsonNode v = f.getValue();
      if (v.isObject() && v.has("items")) {
        continue;
      }
      if (v.isObject() && v.has("id")) {
        ((ObjectNode) out.get(f.getKey())).putArray("links");
      }
    }
    List<String> names = new ArrayList<>();
    out.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode v = out.get(name);
      if (v.isObject() && v.has("items") && v.get("items").isArray()) {
        ObjectNode sub = MAPPER.createObjectNode();
        sub.putArray("links").addObject().put("rel", "self").put("href", self + "/" + name);
        if (expand) {
          ArrayNode items = (ArrayNode) v.get("items");
          sub.set("items", items);
          sub.put("count", items.size());
          sub.put("hasMore", false);
          sub.put("offset", 0);
          sub.put("totalResults", items.size());
        }
        out.set(name, sub);
      }
    }
    Optional<String> fields = r.queryParam("fields");
    if (fields.isPresent()) {
      Set<String> keep = new HashSet<>();
      for (String f : fields.get().split(",", -1)) {
        keep.add(f.trim());
      }
      keep.add("id");
      names.clear();
      out.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (!keep.contains(name)) {
          out.remove(name);
        }
      }
    }
    out.putArray("links").addObject().put("rel", "self").put("href", self);
    return out;
  }

  // ================================================================== small helpers

  static int compareIds(String a, String b) {
    boolean na = a.chars().allMatch(Character::isDigit) && !a.isEmpty() && a.length() < 19;
    boolean nb = b.chars().allMatch(Character::isDigit) && !b.isEmpty() && b.length() < 19;
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return a.compareTo(b);
  }

  static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  /** A field holding a plain id or a reference object {@code {"id": ..}}. */
  static @Nullable String refId(JsonNode n, String field) {
    return dev.posbridge.core.spi.Json.idOrValue(n, field);
  }

  private static @Nullable Instant instant(JsonNode n, String field) {
    String t = text(n, field);
    return t == null ? null : java.time.OffsetDateTime.parse(t).toInstant();
  }
}
