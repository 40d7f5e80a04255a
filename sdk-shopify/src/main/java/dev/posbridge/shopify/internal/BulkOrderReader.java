package dev.posbridge.shopify.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.CallInterruptedException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.SourceRecordException;
import dev.posbridge.core.auth.Credentials;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.ResponseLimits;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.http.TimeoutSettings;
import dev.posbridge.core.spi.DataGuard;
import dev.posbridge.core.spi.HttpCall;
import dev.posbridge.core.spi.HttpResponse;
import dev.posbridge.core.spi.HttpTransport;
import dev.posbridge.core.spi.Sleeper;
import dev.posbridge.shopify.ShopifyBulkOperationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the orders of a window through a Shopify bulk query operation
 * ({@code bulkOperationRunQuery}): one mutation and a few status reads instead of hundreds of
 * pages, whatever the window holds.
 *
 * <p>Waiting: the status is read after 1 s, then at doubling intervals up to 30 s (never more
 * than the connector's {@code maxRetryAfter}), for at most {@link #MAX_WAIT}; an operation that
 * ends {@code FAILED}, {@code CANCELED} or {@code EXPIRED}, or is still running then (it is
 * cancelled), fails with {@link ShopifyBulkOperationException}.
 *
 * <p>Reading: the result is a JSONL file at a signed URL (fetched without the access token). The
 * operation is started with {@code groupObjects}, so each order's line is followed directly by
 * one line per nested item (line item, discount application, shipping line) carrying the order's
 * id in {@code __parentId}. The file is never held: each chunk of orders is one HTTP range
 * request from a byte offset, read line by line, and the next chunk starts at the offset of the
 * first order it did not take; that offset is the cursor ({@code bulk:<operation id>@<offset>}),
 * so a read can resume for as long as Shopify keeps the result (seven days). Memory is bounded
 * by a chunk's orders; a single line, and a single order with its items, may not exceed the
 * connector's {@code maxBodyBytes}.
 *
 * <p>Records that cannot be read are reported, not fatal: a line that is not JSON (or is too
 * long) is a {@link SourceRecordException} of its own and the order it may belong to is reported
 * too instead of being returned incomplete; items whose order's line could not be read are
 * reported together under that order's id. Thread-safe.
 */
public final class BulkOrderReader {

  private static final Logger log = LoggerFactory.getLogger(dev.posbridge.core.Loggers.CONNECTOR);

  /** The longest wait for one bulk operation to complete, in minutes. */
  public static final int MAX_WAIT_MINUTES = 30;
  /** The longest wait for one bulk operation to complete. */
  public static final Duration MAX_WAIT = Duration.ofMinutes(MAX_WAIT_MINUTES);
  static final Duration FIRST_POLL = Duration.ofSeconds(1);
  static final Duration LONGEST_POLL = Duration.ofSeconds(30);
  static final String CURSOR = "bulk:";
  private static final String OPERATION = "BulkOperationResult";
  /** The most characters of an unreadable line kept as its raw payload. */
  private static final int RAW_KEPT = 64 * 1024;
  /** The most items of an order whose line is missing that are kept for inspection. */
  private static final int ORPHANS_KEPT = 1000;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ShopifyGraphql graphql;
  private final HttpTransport files;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration longestPoll;
  private final Duration maxWait;
  private final long maxBytes;
  private final boolean httpsOnly;
  /** Result URLs of recent operations, so that following chunks need no status read. */
  private final Map<String, String> urls = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 16;
    }
  };

  /**
   * Creates a reader.
   *
   * @param graphql the Admin API client
   * @param files the transport result files are fetched with: no credentials, no cost limiter
   * @param clock measures the wait
   * @param sleeper waits between status reads
   * @param maxRetryAfter the connector's longest single wait; status reads are at most this apart
   * @param maxWait the longest wait for an operation
   * @param maxBytes the longest line, and the most bytes of one order with its items
   * @param httpsOnly whether result URLs must be https (when the shop itself is)
   */
  public BulkOrderReader(ShopifyGraphql graphql, HttpTransport files, Clock clock, Sleeper sleeper,
      Duration maxRetryAfter, Duration maxWait, long maxBytes, boolean httpsOnly) {
    this.graphql = graphql;
    this.files = files;
    this.clock = clock;
    this.sleeper = sleeper;
    this.longestPoll = maxRetryAfter.compareTo(LONGEST_POLL) < 0 ? maxRetryAfter : LONGEST_POLL;
    this.maxWait = maxWait;
    this.maxBytes = maxBytes;
    this.httpsOnly = httpsOnly;
  }

  /**
   * Builds the transport result files are fetched with: the connector's client, retries,
   * breaker and timeouts, no credentials (the signed URL is the authorisation; the access token
   * never leaves for another host) and no body limit (the reader bounds lines and orders itself).
   *
   * @param baseUrl the shop's base URL (unused: result URLs are absolute)
   * @param client the user's client, or null
   * @param retry the retry settings
   * @param breaker the circuit breaker settings
   * @param timeouts the timeouts
   * @param limits the response limits; JSON limits apply to each line
   * @param clock the clock
   * @param sleeper the sleeper
   * @return the transport
   */
  public static HttpTransport files(String baseUrl, @Nullable OkHttpClient client, RetrySettings retry,
      CircuitBreakerSettings breaker, TimeoutSettings timeouts, ResponseLimits limits, Clock clock,
      Sleeper sleeper) {
    return HttpTransport.builder()
        .system(ShopifyGraphql.SYSTEM)
        .baseUrl(baseUrl)
        .okHttpClient(client)
        .credentials(Credentials.none())
        .retry(retry)
        .circuitBreaker(breaker)
        .timeouts(timeouts)
        .responseLimits(limits.toBuilder().maxBodyBytes(Long.MAX_VALUE).build())
        .clock(clock)
        .sleeper(sleeper)
        .build();
  }

  /**
   * One chunk of a result.
   *
   * @param orders the orders, each with its nested items in {@code nodes} lists as a page has them
   * @param poison the records that could not be read
   * @param next the cursor of the next chunk, or null at the end
   */
  public record Chunk(List<JsonNode> orders, List<SourceRecordException> poison, @Nullable String next) {}

  /**
   * Tells whether a cursor is one of this reader's.
   *
   * @param cursor a cursor, or null
   * @return whether it resumes a bulk result
   */
  public static boolean isCursor(@Nullable String cursor) {
    return cursor != null && cursor.startsWith(CURSOR);
  }

  /**
   * Starts a bulk query over the orders matching a search.
   *
   * @param search the search query
   * @param sortKey the sort key
   * @return the operation's id, or null if Shopify runs as many bulk queries for this app as it
   *     allows (the caller reads page by page instead)
   * @throws PosbridgeException if Shopify refuses the query for another reason
   */
  public @Nullable String start(String search, String sortKey) {
    JsonNode data = graphql.mutate(Queries.BULK_OPERATION_RUN_QUERY,
        Search.vars("query", Queries.bulkOrders(search, sortKey)), null);
    JsonNode payload = data.path("bulkOperationRunQuery");
    for (JsonNode e : payload.path("userErrors")) {
      String code = e.path("code").asText("");
      if (code.equals("OPERATION_IN_PROGRESS") || code.equals("LIMIT_REACHED")) {
        log.info("shopify: a bulk query cannot start now ({}); reading page by page", code);
        return null;
      }
    }
    JsonNode op = ShopifyGraphql.payload(data, "bulkOperationRunQuery", "BulkOperationRunQuery")
        .path("bulkOperation");
    String id = op.path("id").asText("");
    if (id.isEmpty()) {
      throw new InvalidResponseException("Shopify started no bulk operation",
          ErrorContext.of(ShopifyGraphql.SYSTEM, "BulkOperationRunQuery").withStatus(200),
          ShopifyGraphql.excerpt(payload), null);
    }
    return id;
  }

  /**
   * Reads the first chunk of an operation's result, waiting for the operation to complete.
   *
   * @param operationId the operation
   * @param orders the most orders in the chunk
   * @return the chunk
   */
  public Chunk first(String operationId, int orders) {
    return read(operationId, 0, orders);
  }

  /**
   * Reads the chunk a cursor points at.
   *
   * @param cursor a cursor from {@link Chunk#next()}
   * @param orders the most orders in the chunk
   * @return the chunk
   * @throws IllegalArgumentException if the cursor is not one of this reader's
   */
  public Chunk next(String cursor, int orders) {
    int at = cursor.lastIndexOf('@');
    long offset;
    try {
      offset = at > CURSOR.length() ? Long.parseLong(cursor.substring(at + 1)) : -1;
    } catch (NumberFormatException e) {
      offset = -1;
    }
    if (!isCursor(cursor) || offset < 0) {
      throw new IllegalArgumentException("not a bulk result cursor: " + cursor);
    }
    return read(cursor.substring(CURSOR.length(), at), offset, orders);
  }

  private Chunk read(String operationId, long offset, int orders) {
    String url;
    synchronized (urls) {
      url = urls.get(operationId);
    }
    if (url == null) {
      url = await(operationId);
      if (url == null) {
        return new Chunk(List.of(), List.of(), null);
      }
      synchronized (urls) {
        urls.put(operationId, url);
      }
    }
    HttpCall call = HttpCall.get(url).operation(OPERATION).header("Range", "bytes=" + offset + "-")
        .readOnly().build();
    return files.execute(call, r -> chunk(r, operationId, offset, orders));
  }

  /** Waits for an operation to complete; returns its result URL, or null if it has no result. */
  private @Nullable String await(String id) {
    Instant start = clock.instant();
    Duration interval = FIRST_POLL;
    ErrorContext ctx = ErrorContext.of(ShopifyGraphql.SYSTEM, "BulkOperation");
    while (true) {
      JsonNode op = graphql.query(Queries.BULK_OPERATION, Search.vars("id", id)).path("node");
      if (!op.isObject()) {
        throw new InvalidResponseException("Shopify has no bulk operation " + id, ctx.withStatus(200), "", null);
      }
      String status = op.path("status").asText("");
      switch (status) {
        case "COMPLETED" -> {
          String url = op.path("url").asText(null);
          log.debug("shopify bulk operation {} completed: {} objects, {} bytes", id,
              op.path("objectCount").asText("?"), op.path("fileSize").asText("0"));
          return url == null ? null : checked(url, ctx);
        }
        case "FAILED", "CANCELED", "EXPIRED" -> {
          String code = op.path("errorCode").asText(null);
          boolean retryable = !"ACCESS_DENIED".equals(code) && !status.equals("EXPIRED");
          throw new ShopifyBulkOperationException("Shopify bulk operation " + id + " ended " + status
              + (code == null ? "" : " (" + code + ")"), ctx.withStatus(200).withVendorCode(code != null ? code : status),
              new ShopifyBulkOperationException.BulkOperation(id, status, code, false), retryable);
        }
        case "CREATED", "RUNNING", "CANCELING" -> {
          // still running
        }
        default -> throw new InvalidResponseException("Shopify bulk operation " + id
            + " has an unknown status", ctx.withStatus(200), ShopifyGraphql.excerpt(op), null);
      }
      Duration waited = Duration.between(start, clock.instant());
      if (waited.plus(interval).compareTo(maxWait) > 0) {
        cancel(id);
        throw new ShopifyBulkOperationException("Shopify bulk operation " + id + " did not complete within "
            + maxWait.toMinutes() + " min (still " + status + "); it was cancelled", ctx.withVendorCode("WAIT_TIMEOUT"),
            new ShopifyBulkOperationException.BulkOperation(id, status, null, true), true);
      }
      try {
        sleeper.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CallInterruptedException("Interrupted while waiting for Shopify bulk operation " + id,
            ctx.system() + "-client", ctx.operation(), e);
      }
      interval = interval.multipliedBy(2).compareTo(longestPoll) > 0 ? longestPoll : interval.multipliedBy(2);
    }
  }

  private String checked(String url, ErrorContext ctx) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null || (httpsOnly && !parsed.isHttps())) {
      throw new InvalidResponseException("Shopify's bulk result URL is not an https URL", ctx.withStatus(200), "",
          null);
    }
    return url;
  }

  private void cancel(String id) {
    try {
      graphql.mutate(Queries.BULK_OPERATION_CANCEL, Search.vars("id", id), null);
    } catch (PosbridgeException e) {
      log.warn("shopify: cancelling bulk operation {} failed: {}", id, e.getMessage());
    }
  }

  // ------------------------------------------------------------------ reading a chunk

  private Chunk chunk(HttpResponse r, String operationId, long offset, int orders) throws IOException {
    InputStream in = r.body();
    if (r.status() != 206 && offset > 0) {
      in.skipNBytes(offset); // the server ignored the range: skip what earlier chunks read
    }
    Assembly a = new Assembly(operationId, r.mapper());
    LineReader lines = new LineReader(in, maxBytes);
    long position = offset;
    byte[] line;
    while ((line = lines.next()) != null) {
      long start = position;
      position += lines.consumed();
      if (lines.oversized()) {
        a.unreadable(start, new String(line, StandardCharsets.UTF_8), "longer than " + maxBytes + " bytes");
        continue;
      }
      if (isBlank(line)) {
        continue;
      }
      JsonNode node;
      try {
        node = a.mapper.readTree(line);
      } catch (JsonProcessingException e) {
        a.unreadable(start, new String(line, StandardCharsets.UTF_8), "not JSON (" + e.getOriginalMessage() + ")");
        continue;
      }
      if (!node.isObject()) {
        a.unreadable(start, node.toString(), "not a JSON object");
        continue;
      }
      if (!node.hasNonNull("__parentId")) {
        a.finish();
        if (a.records >= orders) {
          return new Chunk(a.orders, a.poison, CURSOR + operationId + "@" + start);
        }
        a.begin((ObjectNode) node, line.length);
      } else {
        a.item((ObjectNode) node, line.length);
      }
    }
    a.finish();
    return new Chunk(a.orders, a.poison, null);
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Puts orders back together from their lines. */
  private final class Assembly {
    final String operationId;
    final ObjectMapper mapper;
    final List<JsonNode> orders = new ArrayList<>();
    final List<SourceRecordException> poison = new ArrayList<>();
    /** Orders returned or reported in this chunk. */
    int records;
    @Nullable ObjectNode order;
    String orderId = "";
    long bytes;
    @Nullable String doubt;
    @Nullable String orphanOf;
    @Nullable ArrayNode orphans;
    int orphanCount;

    Assembly(String operationId, ObjectMapper mapper) {
      this.operationId = operationId;
      this.mapper = mapper;
    }

    void begin(ObjectNode line, int size) {
      flushOrphans();
      order = line;
      orderId = line.path("id").asText("");
      bytes = size;
      doubt = orderId.isEmpty() ? "the order's line has no id" : null;
      for (String list : new String[] {"lineItems", "discountApplications", "shippingLines"}) {
        ObjectNode connection = line.putObject(list);
        connection.putArray("nodes");
        connection.putObject("pageInfo").put("hasNextPage", false);
      }
    }

    void item(ObjectNode line, int size) {
      String parent = line.path("__parentId").asText();
      ObjectNode o = order;
      if (o == null || !parent.equals(orderId)) {
        orphan(parent, line);
        return;
      }
      bytes += size;
      if (bytes > maxBytes) {
        doubt = "the order with its items is larger than " + maxBytes + " bytes";
        return;
      }
      if (doubt != null) {
        return;
      }
      String type = line.path("__typename").asText("");
      String list = type.equals("LineItem") ? "lineItems" : type.equals("ShippingLine") ? "shippingLines"
          : type.endsWith("Application") ? "discountApplications" : null;
      if (list == null) {
        doubt = "an item of unexpected type '" + DataGuard.shorten(type) + "'";
        return;
      }
      line.remove("__parentId");
      ((ArrayNode) o.path(list).path("nodes")).add(line);
    }

    /** A line that cannot be read: reported, and so is the order it may belong to. */
    void unreadable(long at, String raw, String why) {
      records++;
      String ref = operationId + "@" + at;
      poison.add(new SourceRecordException("Shopify bulk result line cannot be read: " + why,
          ErrorContext.of(ShopifyGraphql.SYSTEM, OPERATION), ref,
          raw.length() > RAW_KEPT ? raw.substring(0, RAW_KEPT) : raw, null));
      if (order != null && doubt == null) {
        doubt = "a line after it in the bulk result (at byte " + at + ") could not be read and may be one of its items";
      }
    }

    void finish() {
      flushOrphans();
      ObjectNode o = order;
      if (o == null) {
        return;
      }
      records++;
      order = null;
      if (doubt == null) {
        orders.add(o);
      } else {
        String raw = o.toString();
        poison.add(new SourceRecordException("Shopify order cannot be read completely from the bulk result: "
            + doubt, ErrorContext.of(ShopifyGraphql.SYSTEM, OPERATION), orderId.isEmpty() ? "?" : orderId,
            raw.length() > RAW_KEPT ? raw.substring(0, RAW_KEPT) : raw, null));
      }
    }

    private void orphan(String parent, ObjectNode line) {
      if (!parent.equals(orphanOf)) {
        flushOrphans();
        orphanOf = parent;
        orphans = F.arrayNode();
        orphanCount = 0;
      }
      orphanCount++;
      if (orphanCount <= ORPHANS_KEPT) {
        java.util.Objects.requireNonNull(orphans).add(line);
      }
    }

    private void flushOrphans() {
      String parent = orphanOf;
      if (parent == null) {
        return;
      }
      ObjectNode raw = F.objectNode();
      raw.put("__parentId", parent);
      raw.put("items", orphanCount);
      raw.set("kept", orphans);
      records++;
      poison.add(new SourceRecordException(orphanCount + " items of a Shopify order whose own line in the bulk "
          + "result is missing or not directly before them", ErrorContext.of(ShopifyGraphql.SYSTEM, OPERATION),
          parent, raw.toString(), null));
      orphanOf = null;
      orphans = null;
    }
  }

  /** Reads lines of bytes; a line longer than the limit is cut, its rest skipped, and flagged. */
  private static final class LineReader {
    private final InputStream in;
    private final long max;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private long consumed;
    private boolean oversized;

    LineReader(InputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    /** The next line without its line break, or null at the end. */
    byte @Nullable [] next() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      consumed = 0;
      oversized = false;
      while (true) {
        if (start == end) {
          end = in.read(buffer, 0, buffer.length);
          start = 0;
          if (end <= 0) {
            end = 0;
            return consumed == 0 ? null : line.toByteArray();
          }
        }
        int nl = -1;
        for (int i = start; i < end; i++) {
          if (buffer[i] == '\n') {
            nl = i;
            break;
          }
        }
        int stop = nl < 0 ? end : nl;
        int take = stop - start;
        if (!oversized && line.size() + (long) take > max) {
          oversized = true;
          line.write(buffer, start, Math.min(take, Math.max(0, RAW_KEPT - line.size())));
        } else if (!oversized) {
          line.write(buffer, start, take);
        }
        consumed += take + (nl < 0 ? 0 : 1);
        start = nl < 0 ? end : nl + 1;
        if (nl >= 0) {
          return line.toByteArray();
        }
      }
    }

    /** The bytes the last line took, its line break included. */
    long consumed() {
      return consumed;
    }

    /** Whether the last line was longer than the limit (only its start is returned). */
    boolean oversized() {
      return oversized;
    }
  }
}
