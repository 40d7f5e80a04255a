package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.spi.HttpCall;
import dev.posbridge.core.spi.HttpTransport;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QBO Accounting API v3 calls the connector makes, over the shared transport: paths under
 * {@code /v3/company/{realmId}/}, {@code minorversion} on every call and {@code requestid} on
 * every write. Thread-safe.
 */
public final class QboApi implements AutoCloseable {

  /** The system name in refs and errors. */
  public static final String SYSTEM = "quickbooks";
  /** Operation name of batch calls, which the batch rate limiter counts. */
  public static final String BATCH_OPERATION = "Batch";
  /** Queries up to this length go by GET, longer ones by POST (as the SDK does). */
  static final int MAX_GET_QUERY = 200;
  /** QBO's code for a write that carried a stale SyncToken. */
  static final String STALE_SYNC_TOKEN = "5010";
  /** How often a write with a stale SyncToken is read again and retried. */
  static final int MAX_STALE_RETRIES = 3;
  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.CONNECTOR);

  private final HttpTransport transport;
  private final String prefix;
  private final String minorVersion;

  /**
   * Creates the API.
   *
   * @param transport the transport (base URL = API host)
   * @param realmId the company id
   * @param minorVersion the minor version, e.g. {@code 75}
   */
  public QboApi(HttpTransport transport, String realmId, String minorVersion) {
    this.transport = transport;
    this.prefix = "/v3/company/" + realmId + "/";
    this.minorVersion = minorVersion;
  }

  /** @return the transport's JSON mapper, to build bodies */
  public com.fasterxml.jackson.databind.ObjectMapper mapper() {
    return transport.mapper();
  }

  /**
   * Reads an entity by id.
   *
   * @param entity the entity name, e.g. {@code Item}
   * @param id the id
   * @return the entity object
   */
  public ObjectNode read(String entity, String id) {
    HttpCall call = HttpCall.get(prefix + lower(entity) + "/" + id)
        .operation("Read " + entity).query("minorversion", minorVersion).build();
    return unwrap(transport.execute(call, JsonNode.class), entity, "Read " + entity);
  }

  /**
   * Creates or updates an entity (an update carries {@code Id} and {@code SyncToken}).
   *
   * @param entity the entity name
   * @param body the entity JSON
   * @param requestId the QBO request id
   * @param operation the operation name for logs and errors
   * @return the stored entity
   */
  public ObjectNode write(String entity, ObjectNode body, String requestId, String operation) {
    return write(entity, body, requestId, operation, null);
  }

  /**
   * Runs an entity operation such as {@code void} or {@code delete} ({@code ?operation=…}).
   *
   * @param entity the entity name
   * @param body the entity JSON ({@code Id} and {@code SyncToken} at least)
   * @param requestId the QBO request id
   * @param operation the operation name for logs and errors
   * @param qboOperation the QBO operation, or {@code null} for a create or update
   * @return the resulting entity
   */
  public ObjectNode write(
      String entity, ObjectNode body, String requestId, String operation, @Nullable String qboOperation) {
    HttpCall.Builder b = HttpCall.post(prefix + lower(entity));
    if (qboOperation != null) {
      b.query("operation", qboOperation);
    }
    HttpCall call = b
        .operation(operation)
        .query("requestid", requestId)
        .query("minorversion", minorVersion)
        .jsonBody(body)
        .idempotencyKey(requestId)
        .build();
    return unwrap(transport.execute(call, JsonNode.class), entity, operation);
  }

  /**
   * Runs a query.
   *
   * @param entity the entity the query selects, to find the result array
   * @param query the query text
   * @return the rows (possibly empty) and the query response
   */
  public QueryResult query(String entity, String query) {
    HttpCall.Builder b = query.length() <= MAX_GET_QUERY
        ? HttpCall.get(prefix + "query").query("query", query)
        : HttpCall.post(prefix + "query").body(query.getBytes(StandardCharsets.UTF_8), "application/text")
            .readOnly();
    HttpCall call = b.operation("Query " + entity).query("minorversion", minorVersion).build();
    JsonNode root = transport.execute(call, JsonNode.class);
    JsonNode qr = root.get("QueryResponse");
    if (qr == null || !qr.isObject()) {
      throw invalid("Query " + entity, "response has no QueryResponse object");
    }
    return QueryResult.of((ObjectNode) qr, entity, "Query " + entity);
  }

  /**
   * Reads one page of a query, {@value Queries#MAX_RESULTS} rows at most.
   *
   * @param entity the entity the query selects
   * @param query the query text, without paging
   * @param cursor the 1-based start position as text, or {@code null} for the first page
   * @return the rows and, when the page was full, the next page's cursor
   * @throws IllegalArgumentException if the cursor is not a start position
   */
  public Page<ObjectNode> page(String entity, String query, @Nullable String cursor) {
    int start;
    try {
      start = cursor == null ? 1 : Integer.parseInt(cursor);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a QuickBooks page cursor: " + cursor, e);
    }
    List<ObjectNode> rows = query(entity, Queries.page(query, start, Queries.MAX_RESULTS)).rows();
    String next = rows.size() < Queries.MAX_RESULTS ? null : Integer.toString(start + rows.size());
    return new Page<>(rows, next);
  }

  /**
   * Pages through the rows of a query.
   *
   * @param entity the entity the query selects
   * @param query the query text, without paging
   * @return the rows, read page by page as they are iterated
   */
  public PagedIterable<ObjectNode> pages(String entity, String query) {
    return PagedIterable.of(cursor -> page(entity, query, cursor));
  }

  /**
   * Pages through the rows of a query, each page mapped as it is read.
   *
   * @param entity the entity the query selects
   * @param query the query text, without paging
   * @param read maps a row; rows it maps to {@code null} are left out
   * @param <T> the mapped type
   * @return the mapped rows, read page by page as they are iterated
   */
  public <T> PagedIterable<T> pages(String entity, String query, Function<ObjectNode, @Nullable T> read) {
    return PagedIterable.of(cursor -> {
      Page<ObjectNode> page = page(entity, query, cursor);
      List<T> out = new ArrayList<>();
      for (ObjectNode row : page.items()) {
        T mapped = read.apply(row);
        if (mapped != null) {
          out.add(mapped);
        }
      }
      return new Page<>(out, page.nextCursor());
    });
  }

  /**
   * Sends a sparse update built from the entity as it is now, with its current {@code SyncToken};
   * on a stale token (5010) the entity is read again and the update retried, up to three times.
   *
   * @param entity the entity name
   * @param id the entity id
   * @param key the idempotency key the request ids derive from
   * @param operation the operation name for logs and errors
   * @param change builds the fields to send from the current entity
   * @return the updated entity
   */
  public ObjectNode update(
      String entity, String id, String key, String operation, Function<ObjectNode, ObjectNode> change) {
    return writeCurrent(entity, id, key, operation, null, null, change);
  }

  /**
   * Voids an entity ({@code ?operation=void}) with its current {@code SyncToken}; on a stale token
   * (5010) the entity is read again and the void retried, up to three times.
   *
   * @param entity the entity name
   * @param id the entity id
   * @param current the entity as just read
   * @param key the idempotency key the request ids derive from
   * @param operation the operation name for logs and errors
   * @return the voided entity
   */
  public ObjectNode voidEntity(String entity, String id, ObjectNode current, String key, String operation) {
    return writeCurrent(entity, id, key, operation, "void", current,
        latest -> mapper().createObjectNode());
  }

  private ObjectNode writeCurrent(String entity, String id, String key, String operation,
      @Nullable String qboOperation, @Nullable ObjectNode known, Function<ObjectNode, ObjectNode> change) {
    for (int attempt = 0; ; attempt++) {
      ObjectNode current = attempt == 0 && known != null ? known : read(entity, id);
      ObjectNode body = change.apply(current);
      body.put("Id", id);
      body.put("SyncToken", current.path("SyncToken").asText("0"));
      if (qboOperation == null) {
        body.put("sparse", true);
      }
      String requestId = RequestIds.of(attempt == 0 ? key : key + ":retry" + attempt);
      try {
        return write(entity, body, requestId, operation, qboOperation);
      } catch (ConflictException e) {
        if (!STALE_SYNC_TOKEN.equals(e.vendorCode()) || attempt >= MAX_STALE_RETRIES) {
          throw e;
        }
        LOG.debug("{} {} {}: stale SyncToken, reading again (attempt {})", operation, entity, id, attempt + 1);
      }
    }
  }

  /**
   * Reads changes through CDC.
   *
   * @param entities the entity names
   * @param changedSince the lower bound
   * @return the CDC response root
   */
  public JsonNode cdc(List<String> entities, OffsetDateTime changedSince) {
    HttpCall call = HttpCall.get(prefix + "cdc").operation("CDC")
        .query("entities", String.join(",", entities))
        .query("changedSince", changedSince.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .query("minorversion", minorVersion)
        .build();
    return transport.execute(call, JsonNode.class);
  }

  /**
   * Posts a batch.
   *
   * @param items the {@code BatchItemRequest} items
   * @param requestId the request id of the whole batch (at most 36 characters)
   * @return the {@code BatchItemResponse} array
   */
  public ArrayNode batch(ArrayNode items, String requestId) {
    ObjectNode body = mapper().createObjectNode();
    body.set("BatchItemRequest", items);
    HttpCall call = HttpCall.post(prefix + "batch")
        .operation(BATCH_OPERATION)
        .query("requestid", requestId)
        .query("minorversion", minorVersion)
        .jsonBody(body)
        .idempotencyKey(requestId)
        .build();
    JsonNode root = transport.execute(call, JsonNode.class);
    JsonNode list = root.get("BatchItemResponse");
    if (list == null || !list.isArray()) {
      throw invalid(BATCH_OPERATION, "response has no BatchItemResponse array");
    }
    return (ArrayNode) list;
  }

  private static ObjectNode unwrap(JsonNode root, String entity, String operation) {
    JsonNode e = root.get(entity);
    if (e == null || !e.isObject()) {
      throw invalid(operation, "response has no " + entity + " object");
    }
    return (ObjectNode) e;
  }

  static String lower(String entity) {
    return entity.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Creates the exception for a successful (HTTP 200) response that does not have the documented
   * shape; it carries status 200, the answer's real status.
   *
   * @param operation the operation
   * @param what what is wrong
   * @return the exception
   */
  public static InvalidResponseException invalid(String operation, String what) {
    return new InvalidResponseException(
        "QuickBooks Online " + operation + ": " + what, ErrorContext.of(SYSTEM, operation).withStatus(200), "", null);
  }

  /**
   * Creates the exception for a value of a successful (HTTP 200) response the model rejects.
   *
   * @param operation the operation
   * @param what what is wrong
   * @param cause the model's exception
   * @return the exception
   */
  public static InvalidResponseException invalid(String operation, String what, @Nullable Throwable cause) {
    String detail = cause == null || cause.getMessage() == null ? ""
        : ": " + dev.posbridge.core.spi.DataGuard.shorten(cause.getMessage());
    return new InvalidResponseException("QuickBooks Online " + operation + ": " + what + detail,
        ErrorContext.of(SYSTEM, operation).withStatus(200), "", cause);
  }

  /**
   * Turns a failure while mapping QBO data into an {@link InvalidResponseException}; typed
   * posbridge exceptions other than a validation failure (a vendor's or a local check's) pass through.
   *
   * @param operation the operation
   * @param what the object, e.g. {@code Item 57}
   * @param e the failure
   * @return the exception to throw
   */
  public static RuntimeException wrap(String operation, String what, RuntimeException e) {
    if (e instanceof dev.posbridge.core.PosbridgeException
        && !(e instanceof dev.posbridge.core.ValidationException)
        && !(e instanceof dev.posbridge.core.LocalValidationException)) {
      return e;
    }
    return invalid(operation, dev.posbridge.core.spi.DataGuard.shorten(what)
        + " has an invalid value", e);
  }

  @Override
  public void close() {
    transport.close();
  }

  /**
   * A query's rows.
   *
   * @param rows the entity objects
   * @param startPosition the echoed start position, {@code 0} if absent
   * @param maxResults the echoed page size, {@code 0} if absent
   */
  public record QueryResult(List<ObjectNode> rows, int startPosition, int maxResults) {

    /** Copies the rows. */
    public QueryResult {
      rows = List.copyOf(rows);
    }

    static QueryResult of(ObjectNode qr, String entity, String operation) {
      JsonNode arr = qr.get(entity);
      java.util.ArrayList<ObjectNode> rows = new java.util.ArrayList<>();
      if (arr != null) {
        if (!arr.isArray()) {
          throw invalid(operation, entity + " is not an array");
        }
        for (JsonNode n : arr) {
          if (!n.isObject()) {
            throw invalid(operation, entity + " row is not an object");
          }
          rows.add((ObjectNode) n);
        }
      }
      return new QueryResult(rows, qr.path("startPosition").asInt(0), qr.path("maxResults").asInt(0));
    }
  }
}
