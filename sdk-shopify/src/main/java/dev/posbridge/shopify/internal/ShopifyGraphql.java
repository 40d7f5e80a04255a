package dev.posbridge.shopify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.CallInterruptedException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.spi.HttpCall;
import dev.posbridge.core.spi.HttpTransport;
import dev.posbridge.core.spi.Redactor;
import dev.posbridge.core.spi.Sleeper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends GraphQL documents to {@code POST /admin/api/{version}/graphql.json} through the shared
 * transport and turns the envelope into data or an exception.
 *
 * <p>Each response's {@code extensions.cost} feeds the {@link CostLimiter}. A {@code THROTTLED}
 * answer (HTTP 200 with that error code) is retried after the wait the restore rate implies, up
 * to {@code maxThrottleRetries} times: a throttled request was not executed, so retrying it is
 * safe for mutations too. Other top-level {@code errors} and mutation {@code userErrors} map
 * through {@link ShopifyErrors}. Thread-safe.
 */
public final class ShopifyGraphql {

  private static final Logger log = LoggerFactory.getLogger(dev.posbridge.core.Loggers.HTTP);

  /** The system name in exceptions. */
  public static final String SYSTEM = "shopify";

  private final HttpTransport transport;
  private final String path;
  private final CostLimiter limiter;
  private final Sleeper sleeper;
  private final int maxThrottleRetries;

  /**
   * Creates a client.
   *
   * @param transport the transport, already carrying auth, retries and the cost limiter
   * @param apiVersion the Admin API version, e.g. {@code 2026-10}
   * @param limiter the cost limiter the transport consults
   * @param sleeper waits after a throttled answer
   * @param maxThrottleRetries how many throttled answers to absorb per request
   */
  public ShopifyGraphql(HttpTransport transport, String apiVersion, CostLimiter limiter,
      Sleeper sleeper, int maxThrottleRetries) {
    this.transport = transport;
    this.path = "/admin/api/" + apiVersion + "/graphql.json";
    this.limiter = limiter;
    this.sleeper = sleeper;
    this.maxThrottleRetries = maxThrottleRetries;
  }

  /**
   * Runs a query (no side effects: retried freely).
   *
   * @param document the document, from {@link Queries}
   * @param variables the variables
   * @return the {@code data} object
   * @throws PosbridgeException on any failure
   */
  public JsonNode query(String document, Map<String, ?> variables) {
    return execute(document, variables, null, true).data();
  }

  /**
   * Runs a query and returns, with its data, the requested cost Shopify charged for it, so that a
   * caller can size its next page to the cost budget.
   *
   * @param document the document, from {@link Queries}
   * @param variables the variables
   * @return the {@code data} object and the cost
   * @throws PosbridgeException on any failure
   */
  public Answer queryWithCost(String document, Map<String, ?> variables) {
    return execute(document, variables, null, true);
  }

  /**
   * A query's data and what it cost.
   *
   * @param data the {@code data} object
   * @param requestedCost the {@code requestedQueryCost} Shopify reported, 0 if none
   */
  public record Answer(JsonNode data, double requestedCost) {}

  /**
   * Runs a mutation.
   *
   * @param document the document, from {@link Queries}
   * @param variables the variables
   * @param idempotencyKey the key sent with {@code @idempotent}, which also makes transport
   *     retries safe; {@code null} for mutations Shopify cannot deduplicate
   * @return the {@code data} object
   * @throws PosbridgeException on any failure
   */
  public JsonNode mutate(String document, Map<String, ?> variables, @Nullable String idempotencyKey) {
    return execute(document, variables, idempotencyKey, false).data();
  }

  /**
   * Returns the payload of a mutation field, throwing on {@code userErrors}.
   *
   * @param data the mutation's data
   * @param field the mutation field, e.g. {@code customerCreate}
   * @param operation the operation name for exceptions
   * @return the payload object
   * @throws PosbridgeException mapped from the user errors
   */
  public static JsonNode payload(JsonNode data, String field, String operation) {
    JsonNode payload = data.path(field);
    ErrorContext ctx = ErrorContext.of(SYSTEM, operation).withStatus(200);
    if (!payload.isObject()) {
      throw new InvalidResponseException(
          "Shopify returned no " + field + " payload", ctx, excerpt(data), null);
    }
    JsonNode errors = payload.path("userErrors");
    if (errors.isArray() && !errors.isEmpty()) {
      throw ShopifyErrors.userErrors(errors, ctx);
    }
    return payload;
  }

  private Answer execute(
      String document, Map<String, ?> variables, @Nullable String idempotencyKey, boolean readOnly) {
    String operation = Queries.operationName(document);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", document);
    body.put("variables", variables);
    HttpCall.Builder b = HttpCall.post(path).operation(operation).jsonBody(body);
    if (readOnly) {
      b.readOnly();
    }
    if (idempotencyKey != null) {
      b.idempotencyKey(idempotencyKey);
    }
    HttpCall call = b.build();
    for (int attempt = 0; ; attempt++) {
      final @Nullable String[] requestId = new @Nullable String[1];
      JsonNode response = transport.execute(call, r -> {
        requestId[0] = r.header("X-Request-Id");
        return r.readJson(r.mapper().constructType(JsonNode.class));
      });
      ErrorContext ctx = ErrorContext.of(SYSTEM, operation).withStatus(200).withRequestId(requestId[0]);
      if (!response.isObject()) {
        throw new InvalidResponseException("Shopify answered with no JSON object", ctx,
            excerpt(response), null);
      }
      CostLimiter.Cost cost = cost(response);
      if (cost != null) {
        limiter.observe(operation, cost);
      }
      JsonNode errors = response.path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        boolean throttled = "THROTTLED".equals(ShopifyErrors.firstCode(errors));
        Duration wait = throttled && cost != null ? limiter.throttledWait(cost) : Duration.ofSeconds(1);
        if (throttled && wait.compareTo(limiter.maxWait()) > 0) {
          // Never sleep on a wait derived from Shopify's figures beyond maxRetryAfter.
          throw new RateLimitedException("Shopify throttled " + operation + " and its cost figures imply a wait of "
              + wait.toSeconds() + " s, more than maxRetryAfter (" + limiter.maxWait().toSeconds() + " s)",
              ctx.withVendorCode("THROTTLED"), wait, null);
        }
        if (throttled && attempt < maxThrottleRetries) {
          log.debug("shopify {}: throttled, waiting {} ms (retry {} of {})",
              operation, wait.toMillis(), attempt + 1, maxThrottleRetries);
          sleep(wait, ctx);
          continue;
        }
        PosbridgeException e = ShopifyErrors.graphqlErrors(errors, ctx, wait);
        if (e instanceof RateLimitedException) {
          log.warn("shopify {}: still throttled after {} retries", operation, attempt);
        }
        throw e;
      } else if (errors.isTextual()) {
        throw ShopifyErrors.graphqlErrors(
            response.get("errors"), ctx.withVendorCode("ERROR"), Duration.ZERO);
      }
      JsonNode data = response.path("data");
      if (!data.isObject()) {
        throw new InvalidResponseException("Shopify returned no data", ctx, excerpt(response), null);
      }
      return new Answer(data, cost == null ? 0 : cost.requested());
    }
  }

  private void sleep(Duration wait, ErrorContext ctx) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallInterruptedException("Interrupted while waiting for Shopify's cost bucket",
          ctx.system() + "-client", ctx.operation(), e);
    }
  }

  /**
   * Reads {@code extensions.cost} of a response.
   *
   * @param response the response envelope
   * @return the cost, or {@code null} if absent
   */
  static CostLimiter.@Nullable Cost cost(JsonNode response) {
    JsonNode cost = response.path("extensions").path("cost");
    if (!cost.isObject()) {
      return null;
    }
    JsonNode status = cost.path("throttleStatus");
    return new CostLimiter.Cost(
        cost.path("requestedQueryCost").asDouble(0),
        status.path("maximumAvailable").asDouble(0),
        status.path("currentlyAvailable").asDouble(0),
        status.path("restoreRate").asDouble(0));
  }

  static String excerpt(JsonNode node) {
    String s = node.toString();
    return Redactor.text(s.length() > 512 ? s.substring(0, 512) : s);
  }
}
