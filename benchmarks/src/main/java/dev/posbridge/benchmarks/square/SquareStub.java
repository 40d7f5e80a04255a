package dev.posbridge.benchmarks.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * A minimal Square stub for the paging, cold-start and streaming benchmarks, run in its own JVM
 * (with {@code -Dsun.net.httpserver.nodelay=true}) on 127.0.0.1. It serves {@code pages} pre-rendered
 * pages of 100 orders (derived from {@link OrderFixtures}, ids made unique per page), chained by
 * cursors {@code c1, c2, ...}, so the server's cost is the same small constant for every client.
 * It keeps the last 1,000 requests (method, path, Authorization, Square-Version, body) for the
 * harness's equivalence check: {@code GET /__journal} lists them, {@code POST /__reset} clears them.
 * It also serves a catalogue of {@code items} generated items (ListCatalog, 100 items with their
 * variation per page) and their IN_STOCK counts at one location (BatchRetrieveInventoryCounts,
 * up to 1,000 per page), generated page by page.
 * Prints {@code PORT <n>} when listening; exits when stdin closes.
 */
public final class SquareStub {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SquareStub() {}

  /**
   * Entry point.
   *
   * @param args the number of order pages, and the number of catalogue items (default 0)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int pages = Integer.parseInt(args[0]);
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    byte[][] bodies = render(pages);
    List<ObjectNode> journal = new ArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/v2/orders/search", ex -> {
      byte[] req = readAll(ex.getRequestBody());
      JsonNode body = JSON.readTree(req);
      record(journal, ex, body);
      String cursor = body.path("cursor").asText("");
      int page = cursor.isEmpty() ? 0 : Integer.parseInt(cursor.substring(1));
      if (!"POST".equals(ex.getRequestMethod()) || page >= pages) {
        send(ex, 400, "{\"errors\":[{\"category\":\"INVALID_REQUEST_ERROR\",\"code\":\"BAD_REQUEST\"}]}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return;
      }
      send(ex, 200, bodies[page]);
    });
    byte[] changed = "{\"counts\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    server.createContext("/v2/inventory/changes/batch-create", ex -> {
      JsonNode body = JSON.readTree(readAll(ex.getRequestBody()));
      record(journal, ex, body);
      send(ex, 200, changed);
    });
    server.createContext("/v2/catalog/list", ex -> {
      String q = ex.getRequestURI().getRawQuery();
      int start = 0;
      for (String kv : q == null ? new String[0] : q.split("&")) {
        if (kv.startsWith("cursor=")) {
          start = Integer.parseInt(kv.substring(7));
        }
      }
      send(ex, 200, catalogPage(start, Math.min(items, start + 100), items));
    });
    server.createContext("/v2/inventory/counts/batch-retrieve", ex -> {
      JsonNode body = JSON.readTree(readAll(ex.getRequestBody()));
      String cursor = body.path("cursor").asText("");
      int start = cursor.isEmpty() ? 0 : Integer.parseInt(cursor);
      int limit = body.path("limit").asInt(100);
      send(ex, 200, countsPage(start, Math.min(items, start + limit), items));
    });
    server.createContext("/__journal", ex -> {
      byte[] b;
      synchronized (journal) {
        b = JSON.writeValueAsBytes(journal);
      }
      send(ex, 200, b);
    });
    server.createContext("/__reset", ex -> {
      readAll(ex.getRequestBody());
      synchronized (journal) {
        journal.clear();
      }
      send(ex, 200, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    });
    server.start();
    System.out.println("PORT " + server.getAddress().getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close stdin
    }
    server.stop(0);
    System.exit(0);
  }

  static byte[][] render(int pages) throws IOException {
    ObjectNode template = OrderFixtures.pageNode(100);
    byte[][] out = new byte[pages][];
    for (int p = 0; p < pages; p++) {
      ObjectNode page = template.deepCopy();
      ArrayNode orders = (ArrayNode) page.get("orders");
      for (int i = 0; i < orders.size(); i++) {
        ((ObjectNode) orders.get(i)).put("id", String.format(Locale.ROOT, "BENCH%06d%016d", p, i));
      }
      if (p + 1 < pages) {
        page.put("cursor", "c" + (p + 1));
      }
      out[p] = JSON.writeValueAsBytes(page);
    }
    return out;
  }

  /** The variation id of generated item {@code k}. */
  static String variationId(int k) {
    return String.format(Locale.ROOT, "V%023d", k);
  }

  /** The SKU of generated item {@code k}. */
  static String sku(int k) {
    return String.format(Locale.ROOT, "SKU-%06d", k);
  }

  /** The IN_STOCK quantity of generated item {@code k}. */
  static int quantity(int k) {
    return k % 97;
  }

  /** Keeps the last 1,000 requests, for the journal endpoint. */
  private static void record(List<ObjectNode> journal, HttpExchange ex, JsonNode body) {
    ObjectNode e = JSON.createObjectNode();
    e.put("method", ex.getRequestMethod());
    e.put("path", ex.getRequestURI().toString());
    e.put("authorization", ex.getRequestHeaders().getFirst("Authorization"));
    e.put("square_version", ex.getRequestHeaders().getFirst("Square-Version"));
    e.set("body", body);
    synchronized (journal) {
      if (journal.size() >= 1000) {
        journal.remove(0);
      }
      journal.add(e);
    }
  }

  private static byte[] catalogPage(int from, int to, int total) {
    StringBuilder b = new StringBuilder(to > from ? (to - from) * 700 : 16).append("{\"objects\":[");
    for (int k = from; k < to; k++) {
      if (k > from) {
        b.append(',');
      }
      String item = String.format(Locale.ROOT, "I%023d", k);
      b.append("{\"type\":\"ITEM\",\"id\":\"").append(item)
          .append("\",\"updated_at\":\"2026-01-10T09:00:00.000Z\",\"version\":1768035600000,")
          .append("\"is_deleted\":false,\"present_at_all_locations\":true,\"item_data\":{\"name\":\"Item ")
          .append(k).append("\",\"description\":\"Generated catalogue item for the streaming benchmark\",")
          .append("\"variations\":[{\"type\":\"ITEM_VARIATION\",\"id\":\"").append(variationId(k))
          .append("\",\"updated_at\":\"2026-01-10T09:00:00.000Z\",\"version\":1768035600000,")
          .append("\"is_deleted\":false,\"present_at_all_locations\":true,\"item_variation_data\":{\"item_id\":\"")
          .append(item).append("\",\"name\":\"Regular\",\"sku\":\"").append(sku(k))
          .append("\",\"ordinal\":1,\"pricing_type\":\"FIXED_PRICING\",\"price_money\":{\"amount\":")
          .append(100 + k % 5000).append(",\"currency\":\"USD\"},\"track_inventory\":true,")
          .append("\"sellable\":true,\"stockable\":true}}]}}");
    }
    b.append(']');
    if (to < total) {
      b.append(",\"cursor\":\"").append(to).append('"');
    }
    return b.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] countsPage(int from, int to, int total) {
    StringBuilder b = new StringBuilder(to > from ? (to - from) * 220 : 16).append("{\"counts\":[");
    for (int k = from; k < to; k++) {
      if (k > from) {
        b.append(',');
      }
      b.append("{\"catalog_object_id\":\"").append(variationId(k))
          .append("\",\"catalog_object_type\":\"ITEM_VARIATION\",\"state\":\"IN_STOCK\",\"location_id\":\"")
          .append(OrderFixtures.LOCATION).append("\",\"quantity\":\"").append(quantity(k))
          .append("\",\"calculated_at\":\"2026-01-10T09:00:00.000Z\"}");
    }
    b.append(']');
    if (to < total) {
      b.append(",\"cursor\":\"").append(to).append('"');
    }
    return b.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Square-Version", "2026-08-19");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }
}
