package dev.posbridge.spring;

import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.core.sync.WebhookIngress;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifier;
import dev.posbridge.ops.OperatorPage;
import dev.posbridge.quickbooks.QuickBooksWebhookVerifier;
import dev.posbridge.shopify.ShopifyWebhookVerifier;
import dev.posbridge.square.SquareWebhookVerifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The starter's HTTP endpoints in a servlet web application:
 * <ul>
 *   <li>{@code POST <posbridge.webhooks.base-path>/square}, {@code /shopify}, {@code /quickbooks}:
 *       verify the vendor's signature and store the event in the outbox through a
 *       {@link WebhookIngress} before answering 200 (401 for a bad signature, 400 for a malformed
 *       body, 503 when the outbox cannot store it: the vendor retries). A sale or refund the
 *       webhook only names is fetched by polling its source at once. Each endpoint exists when its
 *       verifier is configured ({@code posbridge.square.webhook-signature-key},
 *       {@code posbridge.shopify.webhook-secret}, {@code posbridge.quickbooks.webhook-verifier-token})
 *       or defined as a bean.
 *   <li>{@code GET <posbridge.operator.path>} (the operator's page), {@code …/status.json},
 *       {@code …/reports/stock.html} (the last stock reconciliation's full report), and
 *       {@code POST …/dead-letters/<id>/replay} with header {@code X-Posbridge-Operator: replay}.
 * </ul>
 * Protect the operator paths with Spring Security like any other administrative page.
 */
@AutoConfiguration(after = PosbridgeAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
public class PosbridgeWebConfiguration {

  /** Creates the configuration; Spring calls it. */
  public PosbridgeWebConfiguration() {}

  /**
   * Square's webhook verifier, when {@code posbridge.square.webhook-signature-key} is set.
   *
   * @param p the properties
   * @return the verifier
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "posbridge.square", name = "webhook-signature-key")
  public SquareWebhookVerifier posbridgeSquareWebhookVerifier(PosbridgeProperties p) {
    SquareWebhookVerifier.Builder b = SquareWebhookVerifier.builder()
        .signatureKey(PosbridgeAutoConfiguration.require(p.square().webhookSignatureKey(),
            "posbridge.square.webhook-signature-key"));
    if (!p.webhooks().publicBaseUrl().isBlank()) {
      b.notificationUrl(url(p, "square"));
    }
    return b.build();
  }

  /**
   * Shopify's webhook verifier, when {@code posbridge.shopify.webhook-secret} is set.
   *
   * @param p the properties
   * @return the verifier
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "posbridge.shopify", name = "webhook-secret")
  public ShopifyWebhookVerifier posbridgeShopifyWebhookVerifier(PosbridgeProperties p) {
    return ShopifyWebhookVerifier.builder().clientSecret(PosbridgeAutoConfiguration.require(
        p.shopify().webhookSecret(), "posbridge.shopify.webhook-secret")).build();
  }

  /**
   * QuickBooks' webhook verifier, when {@code posbridge.quickbooks.webhook-verifier-token} is set.
   *
   * @param p the properties
   * @return the verifier
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "posbridge.quickbooks", name = "webhook-verifier-token")
  public QuickBooksWebhookVerifier posbridgeQuickBooksWebhookVerifier(PosbridgeProperties p) {
    return QuickBooksWebhookVerifier.create(PosbridgeAutoConfiguration.require(
        p.quickbooks().webhookVerifierToken(), "posbridge.quickbooks.webhook-verifier-token"));
  }

  /**
   * The webhook endpoints, one per configured verifier.
   *
   * @param p the properties
   * @param pipeline the pipeline
   * @param runtime the runtime, to poll a source a webhook names
   * @param square Square's verifier, if any
   * @param shopify Shopify's verifier, if any
   * @param quickbooks QuickBooks' verifier, if any
   * @return the routes
   */
  @Bean
  @ConditionalOnBean(SyncPipeline.class)
  @ConditionalOnMissingBean(name = "posbridgeWebhookRoutes")
  public RouterFunction<ServerResponse> posbridgeWebhookRoutes(PosbridgeProperties p, SyncPipeline pipeline,
      ObjectProvider<PosbridgeRuntime> runtime, ObjectProvider<SquareWebhookVerifier> square,
      ObjectProvider<ShopifyWebhookVerifier> shopify, ObjectProvider<QuickBooksWebhookVerifier> quickbooks) {
    Map<String, WebhookVerifier> verifiers = new LinkedHashMap<>();
    square.ifAvailable(v -> verifiers.put("square", v));
    shopify.ifAvailable(v -> verifiers.put("shopify", v));
    quickbooks.ifAvailable(v -> verifiers.put("quickbooks", v));
    RouterFunctions.Builder routes = RouterFunctions.route();
    verifiers.forEach((system, verifier) -> {
      WebhookIngress ingress = WebhookIngress.builder().pipeline(pipeline)
          .verifier(new NudgingVerifier(verifier, source -> {
            PosbridgeRuntime r = runtime.getIfAvailable();
            return r != null && r.pollSoon(source);
          }))
          .build();
      String path = path(p.webhooks().basePath(), system);
      routes.POST(path, request -> webhook(request, ingress, p, system));
    });
    if (verifiers.isEmpty()) {
      routes.POST(path(p.webhooks().basePath(), "{vendor}"),
          request -> ServerResponse.status(HttpStatus.NOT_FOUND).build());
    }
    return routes.build();
  }

  /**
   * The operator's page and its JSON and replay routes, unless {@code posbridge.operator.enabled=false}.
   *
   * @param p the properties
   * @param page the page
   * @return the routes
   */
  @Bean
  @ConditionalOnBean(OperatorPage.class)
  @ConditionalOnProperty(prefix = "posbridge.operator", name = "enabled", matchIfMissing = true)
  @ConditionalOnMissingBean(name = "posbridgeOperatorRoutes")
  public RouterFunction<ServerResponse> posbridgeOperatorRoutes(PosbridgeProperties p, OperatorPage page) {
    String base = trim(p.operator().path());
    return RouterFunctions.route()
        .GET(base, r -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).header("Cache-Control", "no-store")
            .header("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'")
            .body(page.html(base)))
        .GET(base + "/status.json", r -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
            .header("Cache-Control", "no-store").body(page.json()))
        .GET(base + "/reports/stock.html", r -> page.stockReportHtml()
            .map(html -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).header("Cache-Control", "no-store")
                .body(html))
            .orElseGet(() -> ServerResponse.status(HttpStatus.NOT_FOUND).body("no stock reconciliation has run yet")))
        .POST(base + "/dead-letters/{id}/replay", r -> {
          if (!"replay".equals(r.headers().firstHeader(OperatorPage.REPLAY_HEADER))) {
            return ServerResponse.status(HttpStatus.FORBIDDEN)
                .body("a replay needs the header " + OperatorPage.REPLAY_HEADER + ": replay");
          }
          long id;
          try {
            id = Long.parseLong(r.pathVariable("id"));
          } catch (NumberFormatException e) {
            return ServerResponse.badRequest().body("not a dead letter id");
          }
          boolean replayed = page.engine().replay(id);
          return ServerResponse.status(replayed ? HttpStatus.OK : HttpStatus.NOT_FOUND)
              .contentType(MediaType.APPLICATION_JSON).body("{\"id\":" + id + ",\"replayed\":" + replayed + "}");
        })
        .build();
  }

  private static ServerResponse webhook(ServerRequest request, WebhookIngress ingress, PosbridgeProperties p,
      String system) {
    byte[] body;
    try {
      body = request.body(byte[].class);
    } catch (Exception e) {
      return ServerResponse.badRequest().build();
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request.headers().asHttpHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
    String query = request.uri().getRawQuery();
    String url = p.webhooks().publicBaseUrl().isBlank() ? request.uri().toString()
        : url(p, system) + (query == null ? "" : "?" + query);
    int status = ingress.handle(new WebhookRequest(headers, body == null ? new byte[0] : body, url));
    return ServerResponse.status(status).build();
  }

  static String url(PosbridgeProperties p, String system) {
    String base = p.webhooks().publicBaseUrl();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path(p.webhooks().basePath(), system);
  }

  private static String path(String base, String system) {
    return trim(base) + "/" + system;
  }

  private static String trim(String path) {
    String p = path.startsWith("/") ? path : "/" + path;
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
