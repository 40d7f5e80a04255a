package dev.posbridge.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the {@link OperatorPage} on the JDK's own HTTP server, for applications without Spring:
 * <ul>
 *   <li>{@code GET <path>} — the HTML page;
 *   <li>{@code GET <path>/status.json} — the same facts as JSON;
 *   <li>{@code GET <path>/reports/stock.html} — the last stock reconciliation's full report;
 *   <li>{@code POST <path>/dead-letters/<id>/replay} with header {@code X-Posbridge-Operator: replay}
 *       — replays one dead letter: {@code 200} if replayed, {@code 404} if no such dead letter,
 *       {@code 403} without the header.
 * </ul>
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8081), 0);
 * server.createContext("/posbridge/operator", new OperatorHandler(page, "/posbridge/operator"));
 * server.start();
 * }</pre>
 *
 * <p>Bind it to an address only operators reach, or put authentication in front: the page lists
 * what failed and lets the reader replay it.
 */
public final class OperatorHandler implements HttpHandler {

  private static final Pattern REPLAY = Pattern.compile("/dead-letters/(\\d{1,18})/replay");

  private final OperatorPage page;
  private final String basePath;

  /**
   * Creates the handler.
   *
   * @param page the page
   * @param basePath the context path it is registered under, e.g. {@code /posbridge/operator}
   */
  public OperatorHandler(OperatorPage page, String basePath) {
    this.page = Objects.requireNonNull(page, "page");
    String p = Objects.requireNonNull(basePath, "basePath");
    this.basePath = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String rest = path.startsWith(basePath) ? path.substring(basePath.length()) : null;
      String method = exchange.getRequestMethod();
      if (rest == null) {
        send(exchange, 404, "text/plain", "not found");
      } else if (rest.isEmpty() || rest.equals("/")) {
        if (!method.equals("GET")) {
          send(exchange, 405, "text/plain", "use GET");
        } else {
          send(exchange, 200, "text/html; charset=utf-8", page.html(basePath));
        }
      } else if (rest.equals("/reports/stock.html")) {
        java.util.Optional<String> report = page.stockReportHtml();
        if (!method.equals("GET")) {
          send(exchange, 405, "text/plain", "use GET");
        } else if (report.isEmpty()) {
          send(exchange, 404, "text/plain", "no stock reconciliation has run yet");
        } else {
          send(exchange, 200, "text/html; charset=utf-8", report.get());
        }
      } else if (rest.equals("/status.json")) {
        if (!method.equals("GET")) {
          send(exchange, 405, "text/plain", "use GET");
        } else {
          send(exchange, 200, "application/json", page.json());
        }
      } else {
        Matcher m = REPLAY.matcher(rest);
        if (!m.matches()) {
          send(exchange, 404, "text/plain", "not found");
        } else if (!method.equals("POST")) {
          send(exchange, 405, "text/plain", "use POST");
        } else if (!"replay".equals(exchange.getRequestHeaders().getFirst(OperatorPage.REPLAY_HEADER))) {
          send(exchange, 403, "text/plain", "a replay needs the header " + OperatorPage.REPLAY_HEADER + ": replay");
        } else {
          long id = Long.parseLong(m.group(1));
          boolean replayed = page.engine().replay(id);
          send(exchange, replayed ? 200 : 404, "application/json",
              "{\"id\":" + id + ",\"replayed\":" + replayed + "}");
        }
      }
    } catch (RuntimeException e) {
      send(exchange, 500, "text/plain", "the sync engine could not answer: " + e.getClass().getSimpleName());
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
