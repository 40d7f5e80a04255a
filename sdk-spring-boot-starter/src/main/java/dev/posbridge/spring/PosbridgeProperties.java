package dev.posbridge.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code posbridge.*} setting of the starter. Secrets (tokens, webhook keys) come from any
 * property source: {@code application.yml} (e.g. {@code access-token: ${SQUARE_TOKEN}}), a vault,
 * or the environment through Spring's relaxed binding, where dots become underscores and dashes
 * are dropped ({@code POSBRIDGE_SQUARE_ACCESSTOKEN} sets {@code posbridge.square.access-token}). A
 * connector is created only when its identifying settings are present. No secret appears in
 * {@code toString()}.
 *
 * <pre>
 * posbridge:
 *   square:     { access-token: ${SQUARE_TOKEN}, webhook-signature-key: ${SQUARE_WEBHOOK_KEY} }
 *   shopify:    { shop-domain: example.myshopify.com, access-token: ${SHOPIFY_TOKEN}, webhook-secret: ${SHOPIFY_SECRET} }
 *   quickbooks: { realm-id: "9130", access-token: ${QBO_TOKEN}, deposit-account: "35" }
 *   netsuite:   { account-id: "1234567", access-token: ${NS_TOKEN}, subsidiary: "1", default-customer: "77" }
 *   pipeline:   { sales-sinks: [quickbooks, netsuite], inventory: [square, shopify] }
 *   pollers:    [ { source: square, interval: 5m }, { source: shopify, interval: 5m } ]
 *   reconciliation.stock: { cron: "0 30 2 * * *", systems: [square, shopify, netsuite], system-of-record: netsuite }
 * </pre>
 *
 * @param square the Square connector
 * @param shopify the Shopify connector
 * @param quickbooks the QuickBooks Online connector
 * @param netsuite the NetSuite connector
 * @param outbox the durable outbox
 * @param idMap where the id map is stored
 * @param pipeline the sync engine's routes and workers
 * @param pollers the source pollers
 * @param reconciliation the scheduled reconciliations
 * @param webhooks the webhook endpoints
 * @param operator the operator's page
 * @param health the health indicator's thresholds
 * @param http HTTP settings of every connector
 */
@ConfigurationProperties("posbridge")
public record PosbridgeProperties(
    @DefaultValue Square square,
    @DefaultValue Shopify shopify,
    @DefaultValue QuickBooks quickbooks,
    @DefaultValue NetSuite netsuite,
    @DefaultValue Outbox outbox,
    @DefaultValue IdMapStore idMap,
    @DefaultValue Pipeline pipeline,
    @DefaultValue List<Poller> pollers,
    @DefaultValue Reconciliation reconciliation,
    @DefaultValue Webhooks webhooks,
    @DefaultValue Operator operator,
    @DefaultValue Health health,
    @DefaultValue Http http) {

  /**
   * The Square connector: created when {@code access-token} is set.
   *
   * @param accessToken the access token (secret)
   * @param baseUrl the API base URL; empty for Square's production URL
   * @param webhookSignatureKey the webhook subscription's signature key (secret); the webhook
   *     endpoint is served only when set
   * @param defaultLocationId the Square location for sales written to Square without one
   */
  public record Square(@Nullable String accessToken, @Nullable String baseUrl,
      @Nullable String webhookSignatureKey, @Nullable String defaultLocationId) {
    @Override
    public String toString() {
      return "Square[accessToken=" + mask(accessToken) + ", baseUrl=" + baseUrl + "]";
    }
  }

  /**
   * The Shopify connector: created when {@code shop-domain} and {@code access-token} are set.
   *
   * @param shopDomain the shop, e.g. {@code example.myshopify.com}
   * @param accessToken the Admin API access token (secret)
   * @param baseUrl the API base URL; empty for the shop's own URL
   * @param webhookSecret the app's client secret that signs webhooks (secret); the webhook
   *     endpoint is served only when set
   */
  public record Shopify(@Nullable String shopDomain, @Nullable String accessToken, @Nullable String baseUrl,
      @Nullable String webhookSecret) {
    @Override
    public String toString() {
      return "Shopify[shopDomain=" + shopDomain + ", accessToken=" + mask(accessToken) + "]";
    }
  }

  /**
   * The QuickBooks Online connector: created when {@code realm-id} is set, with either an
   * {@code access-token} or OAuth 2.0 ({@code client-id}, {@code client-secret}, {@code token-file}).
   *
   * @param realmId the company (realm) id
   * @param accessToken a fixed access token (secret), e.g. for a sandbox or the simulator
   * @param clientId the OAuth 2.0 client id, for rotating tokens
   * @param clientSecret the OAuth 2.0 client secret (secret)
   * @param tokenFile the file that holds the rotating tokens (seed it once with the first refresh token)
   * @param baseUrl the API base URL; empty for production
   * @param depositAccount the default deposit account id for sales receipts
   * @param webhookVerifierToken the webhook verifier token (secret); the webhook endpoint is served
   *     only when set
   */
  public record QuickBooks(@Nullable String realmId, @Nullable String accessToken, @Nullable String clientId,
      @Nullable String clientSecret, @Nullable Path tokenFile, @Nullable String baseUrl,
      @Nullable String depositAccount, @Nullable String webhookVerifierToken) {
    @Override
    public String toString() {
      return "QuickBooks[realmId=" + realmId + ", accessToken=" + mask(accessToken) + ", clientSecret="
          + mask(clientSecret) + "]";
    }
  }

  /**
   * The NetSuite connector: created when {@code account-id} is set.
   *
   * @param accountId the account id, e.g. {@code 1234567_SB1}
   * @param accessToken an OAuth 2.0 access token (secret)
   * @param baseUrl the API base URL; empty for the account's SuiteTalk URL
   * @param subsidiary the subsidiary internal id
   * @param defaultCustomer the customer for sales without a mapped customer
   * @param defaultLocation the location for sales without a mapped location
   * @param inventoryAdjustmentAccount the account for inventory adjustments
   * @param paymentMethods payment method internal ids by tender type ({@code CASH}, {@code CARD}, …)
   * @param locations NetSuite location ids by source location id
   */
  public record NetSuite(@Nullable String accountId, @Nullable String accessToken, @Nullable String baseUrl,
      @Nullable String subsidiary, @Nullable String defaultCustomer, @Nullable String defaultLocation,
      @Nullable String inventoryAdjustmentAccount, @DefaultValue Map<String, String> paymentMethods,
      @DefaultValue Map<String, String> locations) {
    @Override
    public String toString() {
      return "NetSuite[accountId=" + accountId + ", accessToken=" + mask(accessToken) + "]";
    }
  }

  /**
   * The durable outbox (a SQLite file).
   *
   * @param path the database file
   * @param maxAttempts attempts before a delivery becomes a dead letter
   * @param backoffInitial the first retry's delay
   * @param backoffMax the longest retry delay
   * @param retention how long delivered events are kept
   * @param purgeInterval how often delivered events past retention are purged
   */
  public record Outbox(@DefaultValue("posbridge-outbox.db") Path path, @DefaultValue("10") int maxAttempts,
      @DefaultValue("1s") Duration backoffInitial, @DefaultValue("5m") Duration backoffMax,
      @DefaultValue("7d") Duration retention, @DefaultValue("1h") Duration purgeInterval) {}

  /**
   * Where the id map (SKU, location and customer ids across systems) is stored.
   *
   * @param path the SQLite file; the map survives restarts
   */
  public record IdMapStore(@DefaultValue("posbridge-idmap.db") Path path) {}

  /**
   * The sync engine's routes and workers. Systems are named as connectors name themselves:
   * {@code square}, {@code shopify}, {@code quickbooks}, {@code netsuite}.
   *
   * @param enabled whether to create and run the sync engine
   * @param salesSinks systems that book every sale and refund (e.g. {@code quickbooks, netsuite})
   * @param inventory systems whose stock follows every sale (e.g. {@code square, shopify})
   * @param customers systems where customers are upserted
   * @param customerSources systems customers are read from when an event names one
   * @param workers delivery threads
   * @param stopTimeout how long a graceful stop waits for in-flight deliveries
   */
  public record Pipeline(@DefaultValue("true") boolean enabled, @DefaultValue List<String> salesSinks,
      @DefaultValue List<String> inventory, @DefaultValue List<String> customers,
      @DefaultValue List<String> customerSources, @DefaultValue("4") int workers,
      @DefaultValue("30s") Duration stopTimeout) {}

  /**
   * One source poller: reads a sales source's changed sales every interval (and at once when a
   * webhook tells of a change).
   *
   * @param source the system polled, e.g. {@code square}
   * @param interval the polling interval
   * @param initialLookback how far back the first poll reads
   * @param includeRefunds whether refunds are polled too
   */
  public record Poller(String source, @DefaultValue("5m") Duration interval,
      @DefaultValue("1d") Duration initialLookback, @DefaultValue("true") boolean includeRefunds) {}

  /**
   * The scheduled reconciliations.
   *
   * @param stock the nightly stock reconciliation
   */
  public record Reconciliation(@DefaultValue StockReconciliation stock) {}

  /**
   * The scheduled stock reconciliation.
   *
   * @param cron when it runs, a Spring cron expression (second minute hour day month weekday);
   *     empty for never
   * @param zone the time zone of the cron expression
   * @param systems the systems compared
   * @param systemOfRecord the system whose counts are right; corrections go to the others
   * @param applyCorrections whether to send the corrections (otherwise only report)
   */
  public record StockReconciliation(@DefaultValue("") String cron, @DefaultValue("UTC") String zone,
      @DefaultValue List<String> systems, @Nullable String systemOfRecord,
      @DefaultValue("false") boolean applyCorrections) {}

  /**
   * The webhook endpoints: {@code POST <base-path>/square}, {@code /shopify}, {@code /quickbooks}.
   *
   * @param basePath the path under which the endpoints are served
   * @param publicBaseUrl the URL the vendors post to, as registered with them (signatures cover
   *     it); empty to use the request's own URL
   */
  public record Webhooks(@DefaultValue("/posbridge/webhooks") String basePath,
      @DefaultValue("") String publicBaseUrl) {}

  /**
   * The operator's page.
   *
   * @param enabled whether to serve it
   * @param path where it is served
   */
  public record Operator(@DefaultValue("true") boolean enabled,
      @DefaultValue("/posbridge/operator") String path) {}

  /**
   * The health indicator's thresholds.
   *
   * @param failingAfter failed calls in a row after which a sink counts as failing and health is DOWN
   * @param failureWindow how recent the last failure must be for a sink to count as failing
   * @param downOnDeadLetters whether dead letters alone make health DOWN
   */
  public record Health(@DefaultValue("3") int failingAfter, @DefaultValue("5m") Duration failureWindow,
      @DefaultValue("false") boolean downOnDeadLetters) {}

  /**
   * HTTP settings shared by every connector the starter creates.
   *
   * @param circuitOpenFor how long a connector fails fast after repeated failures before it lets a
   *     trial call through
   */
  public record Http(@DefaultValue("30s") Duration circuitOpenFor) {}

  static String mask(@Nullable String secret) {
    return secret == null || secret.isEmpty() ? "(unset)" : "(set)";
  }
}
