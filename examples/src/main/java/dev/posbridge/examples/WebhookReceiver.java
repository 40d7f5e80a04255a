package dev.posbridge.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifier;
import dev.posbridge.shopify.ShopifyWebhookVerifier;
import dev.posbridge.square.SquareWebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A webhook endpoint on the JDK's own HTTP server ({@code com.sun.net.httpserver}): verifies each
 * vendor's signature and hands the canonical events on, answering the vendor
 * <ul>
 *   <li>{@code 200} for an accepted event, and for a duplicate (a vendor retry of an event already
 *       accepted: answering an error would only make the vendor retry again);
 *   <li>{@code 401} for a missing or wrong signature, or a signed event older than the vendor's
 *       replay window;
 *   <li>{@code 500} when the sink failed (the vendor retries; the event was not marked seen);
 *   <li>{@code 400} for a body that is not the vendor's payload;
 *   <li>{@code 404} / {@code 405} for other paths and methods.
 * </ul>
 *
 * <p>Signatures cover the URL the vendor posts to, so the receiver verifies against its
 * <em>public</em> URL ({@code publicBaseUrl} + path), which differs from the local one behind a
 * proxy or tunnel. For durable intake into the sync engine, route a path to a
 * {@code WebhookIngress}: it verifies, de-duplicates and stores the events in the outbox before
 * the 200, so a crash after the answer loses nothing:
 *
 * <pre>{@code
 * WebhookIngress shopify = WebhookIngress.builder().pipeline(pipeline).verifier(shopifyVerifier).build();
 * WebhookReceiver.builder().port(8080).route("/webhooks/shopify", shopify::handle).start();
 * }</pre>
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *     .port(8080).publicBaseUrl("https://hooks.example.com")
 *     .verify("/webhooks/square", squareVerifier, WebhookReceiver::print)
 *     .verify("/webhooks/shopify", shopifyVerifier, WebhookReceiver::print)
 *     .start();
 * }</pre>
 */
public final class WebhookReceiver implements AutoCloseable {

  /**
   * Handles one verified-or-not webhook request and returns the status to answer with.
   */
  @FunctionalInterface
  public interface Endpoint {
    /**
     * Handles a delivery.
     *
     * @param request the raw request, with the public URL
     * @return the HTTP status for the vendor
     */
    int handle(WebhookRequest request);
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private WebhookReceiver(Builder b) throws IOException {
    server = HttpServer.create(new InetSocketAddress(b.host, b.port), 0);
    executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "webhook-receiver");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    String base = b.publicBaseUrl.isEmpty()
        ? "http://" + b.host + ":" + server.getAddress().getPort() : b.publicBaseUrl;
    for (Map.Entry<String, Endpoint> e : b.endpoints.entrySet()) {
      String path = e.getKey();
      Endpoint endpoint = e.getValue();
      server.createContext(path, exchange -> serve(exchange, path, base, endpoint));
    }
  }

  /**
   * Starts a builder.
   *
   * @return a builder for {@code 127.0.0.1} on an ephemeral port
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An endpoint that verifies with {@code verifier} and passes the accepted event to {@code sink}.
   * The event is marked seen ({@link WebhookVerifier#accepted}) only after {@code sink} returned;
   * if it throws, the vendor gets {@code 500} and its retry is accepted again.
   *
   * @param verifier the vendor's verifier, e.g. {@link SquareWebhookVerifier}
   * @param sink receives each verified, not yet accepted event
   * @return the endpoint
   */
  public static Endpoint verifying(WebhookVerifier verifier, Consumer<WebhookEvent> sink) {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(sink, "sink");
    return request -> {
      try {
        WebhookEvent event = verifier.verify(request);
        try {
          sink.accept(event);
        } catch (RuntimeException failure) {
          return 500;
        }
        verifier.accepted(event);
        return 200;
      } catch (WebhookRejectedException e) {
        return switch (e.reason()) {
          case DUPLICATE -> 200;
          case MALFORMED -> 400;
          case MISSING_SIGNATURE, BAD_SIGNATURE, STALE -> 401;
        };
      }
    };
  }

  /**
   * Prints an accepted event's canonical changes, one line each.
   *
   * @param event the event
   */
  public static void print(WebhookEvent event) {
    for (ChangeEvent c : event.changes()) {
      System.out.printf("%s %s: %s %s %s%n", event.system(), event.eventId(), c.type(), c.subject(),
          c.deleted() ? "(deleted)" : "");
    }
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void serve(HttpExchange exchange, String path, String base, Endpoint endpoint) throws IOException {
    try (exchange) {
      int status;
      if (!exchange.getRequestURI().getPath().equals(path)) {
        status = 404;
      } else if (!"POST".equals(exchange.getRequestMethod())) {
        status = 405;
      } else {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        String query = exchange.getRequestURI().getRawQuery();
        String url = base + path + (query == null ? "" : "?" + query);
        try {
          status = endpoint.handle(new WebhookRequest(exchange.getRequestHeaders(), body, url));
        } catch (RuntimeException e) {
          status = 500;   // the vendor retries later
        }
      }
      byte[] answer = String.valueOf(status).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  /** Builds a {@link WebhookReceiver}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String publicBaseUrl = "";
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the interface to listen on; default {@code 127.0.0.1}.
     *
     * @param value the host name or address
     * @return this builder
     */
    public Builder host(String value) {
      this.host = Objects.requireNonNull(value, "host");
      return this;
    }

    /**
     * Sets the port; default 0 (any free port, see {@link WebhookReceiver#port()}).
     *
     * @param value the port
     * @return this builder
     */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /**
     * Sets the URL the vendors post to, without the path; signatures are checked against it.
     * Default: {@code http://<host>:<port>} of this server.
     *
     * @param value e.g. {@code https://hooks.example.com}
     * @return this builder
     */
    public Builder publicBaseUrl(String value) {
      this.publicBaseUrl = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      return this;
    }

    /**
     * Routes a path to an endpoint.
     *
     * @param path e.g. {@code /webhooks/square}
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder route(String path, Endpoint endpoint) {
      endpoints.put(path, Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    /**
     * Routes a path to a verifier whose accepted events go to {@code sink}.
     *
     * @param path e.g. {@code /webhooks/square}
     * @param verifier the verifier
     * @param sink receives accepted events
     * @return this builder
     */
    public Builder verify(String path, WebhookVerifier verifier, Consumer<WebhookEvent> sink) {
      return route(path, verifying(verifier, sink));
    }

    /**
     * Starts the server.
     *
     * @return the running receiver
     * @throws IOException if the port cannot be bound
     */
    public WebhookReceiver start() throws IOException {
      WebhookReceiver receiver = new WebhookReceiver(this);
      receiver.server.start();
      return receiver;
    }
  }

  /**
   * Listens on port 8080 for Square webhooks signed with {@code SQUARE_WEBHOOK_KEY} (verified
   * against {@code PUBLIC_URL}, default {@code http://127.0.0.1:8080}) and Shopify webhooks signed
   * with {@code SHOPIFY_CLIENT_SECRET}, and prints them. A vendor whose variable is unset is not
   * routed.
   *
   * @param args ignored
   * @throws IOException if the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    String publicUrl = System.getenv().getOrDefault("PUBLIC_URL", "http://127.0.0.1:8080");
    Builder builder = builder().port(8080).publicBaseUrl(publicUrl);
    String squareKey = System.getenv("SQUARE_WEBHOOK_KEY");
    if (squareKey != null) {
      builder.verify("/webhooks/square", SquareWebhookVerifier.builder().signatureKey(squareKey)
          .notificationUrl(publicUrl + "/webhooks/square").build(), WebhookReceiver::print);
    }
    String shopifySecret = System.getenv("SHOPIFY_CLIENT_SECRET");
    if (shopifySecret != null) {
      builder.verify("/webhooks/shopify", ShopifyWebhookVerifier.builder().clientSecret(shopifySecret).build(),
          WebhookReceiver::print);
    }
    WebhookReceiver receiver = builder.start();
    System.out.println("Listening on port " + receiver.port() + " for " + publicUrl + "/webhooks/{square,shopify}");
  }
}
