package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.spi.HttpCall;
import dev.posbridge.core.spi.HttpTransport;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jspecify.annotations.Nullable;

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

  private final HttpTransport transport;
  private final String prefix;
  private final String minorVersion;

  /**
   * Creates the API.
   *
   * @param transport the transport (base URL = API host)
   * @param realmId the company id
   * @param minorVersion the minor version
   */
  public QboApi(HttpTransport transport, String realmId, int minorVersion) {
    this.transport = transport;
    this.prefix = "/v3/company/" + realmId + "/";
    this.minorVersion = Integer.toString(minorVersion);
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
   * posbridge exceptions other than a model's {@code ValidationException} pass through.
   *
   * @param operation the operation
   * @param what the object, e.g. {@code Item 57}
   * @param e the failure
   * @return the exception to throw
   */
  public static RuntimeException wrap(String operation, String what, RuntimeException e) {
    if (e instanceof dev.posbridge.core.PosbridgeException
        && !(e instanceof dev.posbridge.core.ValidationException)) {
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
