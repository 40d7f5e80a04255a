package dev.posbridge.testing.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.testing.SimResponse;
import dev.posbridge.testing.internal.Json;
import dev.posbridge.testing.internal.RejectedDocument;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The simulator's bulk query operations: {@code bulkOperationRunQuery} over orders, the
 * operation's status as Shopify reports it, and its JSONL result served over the simulator's own
 * HTTP server like a signed storage URL (no access token; {@code Range} requests answered with
 * 206). Not thread-safe: the simulator calls it under its lock.
 *
 * <p>An operation is {@code CREATED}, {@code RUNNING} from its first status read, and
 * {@code COMPLETED} at its {@code polls}-th status read or once {@code runTime} has passed on the
 * simulator's clock, whichever comes first. The result is computed when it completes. Seven days
 * after completion it is {@code EXPIRED} and its file is refused. With {@code groupObjects: true}
 * each order's nested items (one line each, with {@code __parentId}) follow it directly; without,
 * the orders come in groups of three and the items of a group after all three orders, so a reader
 * that expects each order's items right after it breaks, as it may against Shopify.
 */
final class BulkOperations {

  static final Duration RESULTS_KEPT = Duration.ofDays(7);
  static final int UNGROUPED_CHUNK = 3;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Pattern FILE = Pattern.compile("(\\d+)(-partial)?\\.jsonl");
  /** The type of the items of a nested connection, for {@code __typename} when it is selected. */
  private static final Map<String, String> ITEM_TYPES = Map.of(
      "lineItems", "LineItem", "shippingLines", "ShippingLine", "fulfillmentOrders", "FulfillmentOrder",
      "returns", "Return", "events", "BasicEvent");

  private static final class Op {
    String id = "";
    long number;
    String token = "";
    String query = "";
    @Nullable BulkQuery parsed;
    boolean grouped;
    String status = "CREATED";
    @Nullable String errorCode;
    Instant createdAt = Instant.EPOCH;
    @Nullable Instant completedAt;
    int reads;
    @Nullable String failWith;
    byte @Nullable [] file;
    byte @Nullable [] partial;
    long objectCount;
    long rootObjectCount;
  }

  private final Map<String, Op> ops = new LinkedHashMap<>();
  private long sequence = 4_412_000_000L;
  int polls = 2;
  Duration runTime = Duration.ofMinutes(10);
  @Nullable Integer limit;
  @Nullable String failNext;
  @Nullable UnaryOperator<String> rewrite;

  void reset() {
    ops.clear();
    polls = 2;
    runTime = Duration.ofMinutes(10);
    limit = null;
    failNext = null;
    rewrite = null;
  }

  int created() {
    return ops.size();
  }

  /** The most bulk query operations one shop may run at once in an API version. */
  private int limit(String version) {
    if (limit != null) {
      return limit;
    }
    return version.equals("unstable") || version.compareTo("2026-01") >= 0 ? 5 : 1;
  }

  ObjectNode run(String document, boolean grouped, String version, Instant now, String signature,
      Function<BulkQuery, List<ObjectNode>> orders) {
    BulkQuery parsed;
    try {
      parsed = BulkQuery.parse(document);
    } catch (RejectedDocument e) {
      return payload(null, List.of("query"), e.getMessage(), "INVALID");
    }
    if (!parsed.top.name().equals("orders")) {
      return payload(null, List.of("query"), "The simulator runs bulk queries over orders only, not "
          + parsed.top.name() + ".", "INVALID");
    }
    List<Op> running = new ArrayList<>();
    for (Op op : ops.values()) {
      advance(op, now, false, orders);
      if (op.status.equals("CREATED") || op.status.equals("RUNNING") || op.status.equals("CANCELING")) {
        running.add(op);
      }
    }
    int max = limit(version);
    if (running.size() >= max) {
      return max == 1
          ? payload(null, null, "A bulk query operation for this app and shop is already in progress: "
              + running.get(0).id + ".", "OPERATION_IN_PROGRESS")
          : payload(null, null, "Bulk operations limit reached: " + max
              + " bulk query operations are already running for this app and shop. Try again later.",
              "LIMIT_REACHED");
    }
    Op op = new Op();
    op.number = ++sequence;
    op.id = "gid://shopify/BulkOperation/" + op.number;
    op.token = signature;
    op.query = document;
    op.parsed = parsed;
    op.grouped = grouped;
    op.createdAt = now;
    op.failWith = failNext;
    failNext = null;
    ops.put(op.id, op);
    return payload(node(op, ""), null, null, null);
  }

  /** A status read: {@code bulkOperation(id:)}, {@code node(id:)}. */
  JsonNode read(@Nullable String id, Instant now, String baseUrl, Function<BulkQuery, List<ObjectNode>> orders) {
    Op op = id == null ? null : ops.get(id);
    if (op == null) {
      return F.nullNode();
    }
    advance(op, now, true, orders);
    return node(op, baseUrl);
  }

  /** {@code currentBulkOperation}: the app's most recent bulk query operation. */
  JsonNode current(Instant now, String baseUrl, Function<BulkQuery, List<ObjectNode>> orders) {
    Op last = null;
    for (Op op : ops.values()) {
      last = op;
    }
    return last == null ? F.nullNode() : read(last.id, now, baseUrl, orders);
  }

  ObjectNode cancel(@Nullable String id, Instant now, Function<BulkQuery, List<ObjectNode>> orders) {
    Op op = id == null ? null : ops.get(id);
    if (op == null) {
      return payload(null, List.of("id"), "Bulk operation does not exist", null);
    }
    advance(op, now, false, orders);
    if (!op.status.equals("CREATED") && !op.status.equals("RUNNING")) {
      return payload(node(op, ""), null, "A bulk operation cannot be canceled when it is "
          + op.status.toLowerCase(java.util.Locale.ROOT), null);
    }
    op.status = "CANCELING";
    return payload(node(op, ""), null, null, null);
  }

  private void advance(Op op, Instant now, boolean read, Function<BulkQuery, List<ObjectNode>> orders) {
    switch (op.status) {
      case "CREATED", "RUNNING" -> {
        if (read) {
          op.reads++;
        }
        if (op.reads >= polls || !now.isBefore(op.createdAt.plus(runTime))) {
          complete(op, now, orders);
        } else if (op.reads > 0) {
          op.status = "RUNNING";
        }
      }
      case "CANCELING" -> op.status = "CANCELED";
      case "COMPLETED" -> {
        if (op.completedAt != null && !now.isBefore(op.completedAt.plus(RESULTS_KEPT))) {
          op.status = "EXPIRED";
        }
      }
      default -> {
        // FAILED, CANCELED, EXPIRED are final
      }
    }
  }

  private void complete(Op op, Instant now, Function<BulkQuery, List<ObjectNode>> orders) {
    BulkQuery q = java.util.Objects.requireNonNull(op.parsed);
    List<String> lines = lines(q, orders.apply(q), op.grouped);
    if (op.failWith != null) {
      op.status = "FAILED";
      op.errorCode = op.failWith;
      if (!op.failWith.equals("ACCESS_DENIED")) {
        List<String> half = lines.subList(0, lines.size() / 2);
        op.partial = join(half);
        op.objectCount = half.size();
      }
      return;
    }
    op.status = "COMPLETED";
    op.completedAt = now;
    op.file = join(lines);
    op.objectCount = lines.size();
    op.rootObjectCount = lines.stream().filter(l -> !l.contains("\"__parentId\"")).count();
  }

  private byte[] join(List<String> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : lines) {
      String l = rewrite == null ? line : rewrite.apply(line);
      if (l != null) {
        out.writeBytes(l.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  /** The JSONL lines of the orders: each order without its connections, each item on its own. */
  private static List<String> lines(BulkQuery q, List<ObjectNode> orders, boolean grouped) {
    List<String> out = new ArrayList<>();
    List<String> parents = new ArrayList<>();
    List<String> children = new ArrayList<>();
    for (ObjectNode stored : orders) {
      ObjectNode parent = stored.deepCopy();
      String id = parent.path("id").asText();
      List<String> connections = new ArrayList<>();
      parent.fieldNames().forEachRemaining(name -> {
        JsonNode v = parent.get(name);
        if (v.isObject() && v.path("nodes").isArray()) {
          connections.add(name);
        }
      });
      List<String> mine = new ArrayList<>();
      for (BulkQuery.Nested n : q.nested) {
        for (JsonNode item : parent.path(n.field()).path("nodes")) {
          ObjectNode c = item.deepCopy();
          if (n.typename() && !c.has("__typename")) {
            c.put("__typename", ITEM_TYPES.getOrDefault(n.field(), "Node"));
          }
          c.put("__parentId", id);
          mine.add(write(c));
        }
      }
      parent.remove(connections);
      if (grouped) {
        out.add(write(parent));
        out.addAll(mine);
      } else {
        parents.add(write(parent));
        children.addAll(mine);
        if (parents.size() == UNGROUPED_CHUNK) {
          out.addAll(parents);
          out.addAll(children);
          parents.clear();
          children.clear();
        }
      }
    }
    out.addAll(parents);
    out.addAll(children);
    return out;
  }

  private static String write(JsonNode n) {
    try {
      return Json.mapper().writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serves a result file: the URL's signature must match, Range requests get 206. */
  SimResponse file(String name, @Nullable String sig, @Nullable String range, Instant now,
      Function<BulkQuery, List<ObjectNode>> orders) {
    Matcher m = FILE.matcher(name);
    Op op = null;
    if (m.matches()) {
      for (Op o : ops.values()) {
        if (o.number == Long.parseLong(m.group(1))) {
          op = o;
        }
      }
    }
    if (op == null || sig == null || !sig.equals(op.token)) {
      return SimResponse.text(403, "AccessDenied: the signature does not match");
    }
    advance(op, now, false, orders);
    Instant from = op.completedAt != null ? op.completedAt : op.createdAt;
    if (!now.isBefore(from.plus(RESULTS_KEPT))) {
      return SimResponse.text(403, "ExpiredToken: the signed URL has expired");
    }
    byte[] data = m.group(2) != null ? op.partial : op.file;
    if (data == null) {
      return SimResponse.text(404, "NoSuchKey");
    }
    if (range != null) {
      Matcher r = Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range.trim());
      if (r.matches()) {
        long start = Long.parseLong(r.group(1));
        long end = r.group(2).isEmpty() ? data.length - 1L : Math.min(data.length - 1L, Long.parseLong(r.group(2)));
        if (start >= data.length || end < start) {
          return SimResponse.status(416).header("Content-Range", "bytes */" + data.length);
        }
        return SimResponse.bytes(206, Arrays.copyOfRange(data, (int) start, (int) end + 1), "application/jsonl")
            .header("Content-Range", "bytes " + start + "-" + end + "/" + data.length)
            .header("Accept-Ranges", "bytes");
      }
    }
    return SimResponse.bytes(200, data, "application/jsonl").header("Accept-Ranges", "bytes");
  }

  private static ObjectNode node(Op op, String baseUrl) {
    ObjectNode n = F.objectNode();
    n.put("__typename", "BulkOperation");
    n.put("id", op.id);
    n.put("type", "QUERY");
    n.put("status", op.status);
    n.put("errorCode", op.errorCode);
    n.put("createdAt", op.createdAt.toString());
    n.put("completedAt", op.completedAt == null ? null : op.completedAt.toString());
    n.put("query", op.query);
    // UnsignedInt64 is serialised as a string
    n.put("objectCount", String.valueOf(op.objectCount));
    n.put("rootObjectCount", String.valueOf(op.rootObjectCount));
    byte @Nullable [] file = op.status.equals("COMPLETED") ? op.file : null;
    boolean done = file != null;
    n.put("fileSize", file != null ? String.valueOf(file.length) : null);
    String sig = "?sig=" + op.token;
    n.put("url", done && op.objectCount > 0 ? baseUrl + "/bulk-results/" + op.number + ".jsonl" + sig : null);
    n.put("partialDataUrl", op.status.equals("FAILED") && op.partial != null && op.partial.length > 0
        ? baseUrl + "/bulk-results/" + op.number + "-partial.jsonl" + sig : null);
    return n;
  }

  private static ObjectNode payload(@Nullable ObjectNode op, @Nullable List<String> field,
      @Nullable String message, @Nullable String code) {
    ObjectNode p = F.objectNode();
    p.set("bulkOperation", op == null ? F.nullNode() : op);
    var errors = p.putArray("userErrors");
    if (message != null) {
      ObjectNode e = errors.addObject();
      if (field == null) {
        e.putNull("field");
      } else {
        field.forEach(e.putArray("field")::add);
      }
      e.put("message", message);
      e.put("code", code);
    }
    return p;
  }
}
