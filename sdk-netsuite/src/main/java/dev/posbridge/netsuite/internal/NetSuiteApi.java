package dev.posbridge.netsuite.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.spi.DataGuard;
import dev.posbridge.core.spi.HttpCall;
import dev.posbridge.core.spi.HttpHeaders;
import dev.posbridge.core.spi.HttpTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The REST record API and SuiteQL over one {@link HttpTransport}: paths, headers, the id in the
 * {@code Location} of a 204, SuiteQL paging. Thread-safe.
 */
public final class NetSuiteApi {

  /** The system name in refs and errors. */
  public static final String SYSTEM = "netsuite";

  /** The REST web services version in the record and query paths that this connector is written for. */
  public static final String DEFAULT_VERSION = "v1";

  /** Largest SuiteQL page. */
  public static final int MAX_PAGE = 1000;

  private final HttpTransport transport;
  /** Record API path prefix, e.g. {@code /services/rest/record/v1/}. */
  private final String record;
  /** SuiteQL endpoint, e.g. {@code /services/rest/query/v1/suiteql}. */
  private final String suiteql;

  /**
   * Creates the API for {@link #DEFAULT_VERSION}.
   *
   * @param transport the transport carrying auth, retries, limits and error mapping
   */
  public NetSuiteApi(HttpTransport transport) {
    this(transport, DEFAULT_VERSION);
  }

  /**
   * Creates the API for a REST web services version.
   *
   * @param transport the transport carrying auth, retries, limits and error mapping
   * @param version the version in the paths, e.g. {@code v1}
   */
  public NetSuiteApi(HttpTransport transport, String version) {
    this.transport = transport;
    this.record = "/services/rest/record/" + version + "/";
    this.suiteql = "/services/rest/query/" + version + "/suiteql";
  }

  /**
   * One page of SuiteQL rows.
   *
   * @param items rows with lower-case keys and text values (NULL columns absent)
   * @param hasMore whether more rows follow
   * @param offset this page's offset
   * @param totalResults the total row count
   */
  public record SuiteQlPage(List<Map<String, String>> items, boolean hasMore, int offset, int totalResults) {
    /**
     * Copies the rows.
     *
     * @param items rows
     * @param hasMore whether more follow
     * @param offset the offset
     * @param totalResults the total
     */
    public SuiteQlPage {
      items = List.copyOf(items);
    }
  }

  /**
   * Runs one page of a SuiteQL query ({@code Prefer: transient}).
   *
   * @param operation the logical operation for errors
   * @param sql the query
   * @param limit the page size, 1..1000
   * @param offset the row offset
   * @return the page
   */
  public SuiteQlPage suiteql(String operation, String sql, int limit, int offset) {
    HttpCall call = HttpCall.post(suiteql).operation(operation)
        .query("limit", Integer.toString(limit)).query("offset", Integer.toString(offset))
        .header("Prefer", "transient")
        .jsonBody(Map.of("q", sql))
        .readOnly()
        .build();
    JsonNode node = transport.execute(call, JsonNode.class);
    JsonNode items = node.get("items");
    if (items == null || !items.isArray()) {
      throw invalid(operation, "SuiteQL response has no items array");
    }
    List<Map<String, String>> rows = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (item == null || !item.isObject()) {
        throw invalid(operation, "SuiteQL items[" + i + "] is " + (item == null || item.isNull() ? "null" : "not an object"));
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : item.properties()) {
        if (f.getKey().equals("links") || f.getValue().isNull()) {
          continue;
        }
        if (f.getValue().isContainerNode()) {
          throw invalid(operation, "SuiteQL column " + DataGuard.shorten(f.getKey()) + " of items[" + i
              + "] is not a value");
        }
        row.put(f.getKey().toLowerCase(java.util.Locale.ROOT), f.getValue().asText());
      }
      rows.add(row);
    }
    return new SuiteQlPage(rows, node.path("hasMore").asBoolean(false),
        node.path("offset").asInt(offset), node.path("totalResults").asInt(rows.size()));
  }

  /**
   * Runs a SuiteQL query through all pages.
   *
   * @param operation the logical operation
   * @param sql the query, with a total {@code ORDER BY}
   * @param pageSize the page size
   * @return all rows
   */
  public List<Map<String, String>> suiteqlAll(String operation, String sql, int pageSize) {
    List<Map<String, String>> all = new ArrayList<>();
    int offset = 0;
    while (true) {
      SuiteQlPage page = suiteql(operation, sql, pageSize, offset);
      all.addAll(page.items());
      if (!page.hasMore() || page.items().isEmpty()) {
        return all;
      }
      offset += page.items().size();
    }
  }

  /**
   * Reads a record by internal id.
   *
   * @param operation the logical operation
   * @param type the record type, e.g. {@code customer}
   * @param id the internal id
   * @return the record
   * @throws NotFoundException if it does not exist
   */
  public JsonNode get(String operation, String type, String id) {
    return transport.execute(HttpCall.get(record + type + "/" + id).operation(operation)
        .query("expandSubResources", "true").build(), JsonNode.class);
  }

  /**
   * Finds which of many external ids already name a transaction of one type, in one SuiteQL query
   * per 100 ids (instead of one {@code GET eid:} per record).
   *
   * @param operation the logical operation
   * @param transactionType the SuiteQL {@code transaction.type}, e.g. {@code CashSale}, {@code InvAdjst}
   * @param externalIds the external ids
   * @return external id → internal id of those that exist
   */
  public Map<String, String> transactionIdsByExternalId(String operation, String transactionType,
      java.util.Collection<String> externalIds) {
    Map<String, String> out = new java.util.HashMap<>();
    transactionsByExternalId(operation, transactionType, externalIds).forEach((eid, row) -> out.put(eid, row.get("id")));
    return out;
  }

  /**
   * Finds transactions by external id with one SuiteQL query per 100 ids, with their memo (where
   * posbridge records the booked source version).
   *
   * @param operation the logical operation
   * @param transactionType the SuiteQL transaction type, e.g. {@code CashSale}
   * @param externalIds the external ids
   * @return the rows ({@code id}, {@code externalid}, {@code memo}) by external id
   */
  public Map<String, Map<String, String>> transactionsByExternalId(String operation, String transactionType,
      java.util.Collection<String> externalIds) {
    Map<String, Map<String, String>> out = new java.util.HashMap<>();
    List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(externalIds));
    for (int i = 0; i < ids.size(); i += 100) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 100));
      StringBuilder in = new StringBuilder();
      for (String eid : chunk) {
        in.append(in.length() == 0 ? "" : ", ").append(quote(eid));
      }
      for (Map<String, String> row : suiteqlAll(operation, "SELECT id, externalid, memo FROM transaction WHERE type = "
          + quote(transactionType) + " AND externalid IN (" + in + ") ORDER BY id", MAX_PAGE)) {
        String eid = row.get("externalid");
        String id = row.get("id");
        if (eid != null && id != null && chunk.contains(eid)) {
          out.putIfAbsent(eid, row);
        }
      }
    }
    return out;
  }


  /**
   * Reads a record by external id.
   *
   * @param operation the logical operation
   * @param type the record type
   * @param externalId the external id
   * @return the record, or empty if none has the external id
   */
  public Optional<JsonNode> getByExternalId(String operation, String type, String externalId) {
    return getByExternalId(operation, type, externalId, false);
  }

  /**
   * Reads a record by external id, optionally with its sublists expanded.
   *
   * @param operation the logical operation
   * @param type the record type
   * @param externalId the external id
   * @param expand whether to expand sublists (lines)
   * @return the record, or empty if none has the external id
   */
  public Optional<JsonNode> getByExternalId(
      String operation, String type, String externalId, boolean expand) {
    HttpCall.Builder b = HttpCall.get(record + type + "/eid:" + externalId).operation(operation);
    if (expand) {
      b.query("expandSubResources", "true");
    }
    try {
      return Optional.of(transport.execute(b.build(), JsonNode.class));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Upserts by external id: {@code PUT /record/v1/{type}/eid:{externalId}}, replacing the named
   * sublists so that a repeated upsert never appends lines twice.
   *
   * @param operation the logical operation
   * @param type the record type
   * @param externalId the external id (letters, digits, {@code _}, {@code -})
   * @param body the record body
   * @param replace sublists to replace, comma-separated, or {@code null}
   * @return the internal id
   */
  public String upsert(String operation, String type, String externalId, ObjectNode body,
      @Nullable String replace) {
    HttpCall.Builder call = HttpCall.put(record + type + "/eid:" + externalId).operation(operation)
        .jsonBody(body)
        // PUT by external id is idempotent: replaying it after a lost answer cannot duplicate.
        .idempotencyKey(type + ":" + externalId);
    if (replace != null) {
      call.query("replace", replace);
    }
    HttpHeaders headers = transport.send(call.build());
    String id = idFromLocation(headers.first("Location"));
    if (id != null) {
      return id;
    }
    return getByExternalId(operation, type, externalId).map(n -> n.path("id").asText(null))
        .filter(s -> s != null && !s.isBlank())
        .orElseThrow(() -> invalid(operation, "upserted record not found by external id"));
  }

  /**
   * Creates with POST (not replay-safe: the caller checks existence by external id first).
   *
   * @param operation the logical operation
   * @param path the path after {@code /record/v1/}
   * @param body the body
   * @return the new internal id from {@code Location}
   */
  public String post(String operation, String path, ObjectNode body) {
    HttpHeaders headers = transport.send(HttpCall.post(record + path).operation(operation)
        .jsonBody(body).build());
    String id = idFromLocation(headers.first("Location"));
    if (id == null) {
      throw invalid(operation, 204, "204 without a Location header");
    }
    return id;
  }

  /**
   * Updates the sent fields of a record.
   *
   * @param operation the logical operation
   * @param type the record type
   * @param id the internal id
   * @param body the fields to change
   * @param idempotencyKey the key marking the call replay-safe (a PATCH of the same values is;
   *     the address book is replaced, not appended to)
   */
  public void patch(String operation, String type, String id, ObjectNode body, String idempotencyKey) {
    transport.send(HttpCall.patch(record + type + "/" + id).operation(operation).jsonBody(body)
        .query("replace", "addressBook").idempotencyKey(idempotencyKey).build());
  }

  /**
   * Extracts the internal id from a {@code Location} header: its last path segment.
   *
   * @param location the header value
   * @return the id, or {@code null}
   */
  public static @Nullable String idFromLocation(@Nullable String location) {
    if (location == null || location.isBlank()) {
      return null;
    }
    String l = location.trim();
    int q = l.indexOf('?');
    if (q >= 0) {
      l = l.substring(0, q);
    }
    while (l.endsWith("/")) {
      l = l.substring(0, l.length() - 1);
    }
    int slash = l.lastIndexOf('/');
    String id = slash < 0 ? l : l.substring(slash + 1);
    return id.isBlank() ? null : id;
  }

  /**
   * Quotes a SuiteQL string literal.
   *
   * @param value the value
   * @return {@code 'value'} with quotes doubled
   */
  public static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * Creates an exception for an uninterpretable successful answer (HTTP 200).
   *
   * @param operation the operation
   * @param message what is wrong
   * @return the exception, carrying status 200: the error came in a successful answer
   */
  public static InvalidResponseException invalid(String operation, String message) {
    return invalid(operation, 200, message);
  }

  /**
   * Creates an exception for an uninterpretable answer with the given HTTP status.
   *
   * @param operation the operation
   * @param status the HTTP status of the answer
   * @param message what is wrong
   * @return the exception
   */
  public static InvalidResponseException invalid(String operation, int status, String message) {
    return new InvalidResponseException(message, ErrorContext.of(SYSTEM, operation).withStatus(status), "", null);
  }

  /**
   * Turns a failure while mapping NetSuite data into an {@link InvalidResponseException}; typed
   * posbridge exceptions other than a validation failure (a vendor's or a local check's) pass through.
   *
   * @param operation the operation
   * @param what the object, e.g. {@code item row}
   * @param e the failure
   * @return the exception to throw
   */
  public static RuntimeException wrap(String operation, String what, RuntimeException e) {
    if (e instanceof dev.posbridge.core.PosbridgeException
        && !(e instanceof dev.posbridge.core.ValidationException)
        && !(e instanceof dev.posbridge.core.LocalValidationException)) {
      return e;
    }
    return new InvalidResponseException(what + " cannot be mapped: " + DataGuard.shorten(e.getMessage()),
        ErrorContext.of(SYSTEM, operation).withStatus(200), "", e);
  }

  /** Releases the transport's HTTP resources (not a caller-supplied client's). */
  public void close() {
    transport.close();
  }
}
