package dev.posbridge.spring;

import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.connect.Connector;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SaleTransformer;
import dev.posbridge.core.sync.SyncListener;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.core.sync.SyncPipelineBuilder;
import dev.posbridge.netsuite.NetSuiteAuth;
import dev.posbridge.netsuite.NetSuiteConnector;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.ops.EngineView;
import dev.posbridge.ops.OperatorPage;
import dev.posbridge.ops.ReconciliationBoard;
import dev.posbridge.ops.SinkActivity;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.shopify.ShopifyAuth;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Creates posbridge's beans from {@link PosbridgeProperties}. Every bean backs off
 * ({@code @ConditionalOnMissingBean}) when the application defines its own: define a
 * {@code QuickBooksConnector} bean to configure it in code, an {@code Outbox} to use your own
 * database, a {@code SyncPipeline} to route by hand. {@link SyncListener} beans of the application
 * receive the pipeline's events too.
 *
 * <p>The engine runs with the application: {@link PosbridgeRuntime} starts the delivery workers,
 * the pollers and the reconciliation schedule when the context is ready, and stops them
 * gracefully (in-flight deliveries finish, claimed ones are released) when it closes.
 */
@AutoConfiguration
@EnableConfigurationProperties(PosbridgeProperties.class)
public class PosbridgeAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public PosbridgeAutoConfiguration() {}

  // ------------------------------------------------------------------ connectors

  /**
   * The Square connector, when {@code posbridge.square.access-token} is set.
   *
   * @param p the properties
   * @return the connector
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "posbridge.square", name = "access-token")
  public SquareConnector posbridgeSquare(PosbridgeProperties p) {
    PosbridgeProperties.Square s = p.square();
    SquareConnector.Builder b = SquareConnector.builder()
        .credentials(SquareAuth.accessToken(require(s.accessToken(), "posbridge.square.access-token")));
    ifSet(s.baseUrl(), b::baseUrl);
    b.circuitBreaker(circuit(p));
    if (has(s.defaultLocationId())) {
      b.defaultLocationId(s.defaultLocationId());
    }
    return b.build();
  }

  /**
   * The Shopify connector, when {@code posbridge.shopify.shop-domain} is set.
   *
   * @param p the properties
   * @return the connector
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "posbridge.shopify", name = "shop-domain")
  public ShopifyConnector posbridgeShopify(PosbridgeProperties p) {
    PosbridgeProperties.Shopify s = p.shopify();
    ShopifyConnector.Builder b = ShopifyConnector.builder().shopDomain(require(s.shopDomain(), "posbridge.shopify.shop-domain"))
        .credentials(ShopifyAuth.accessToken(require(s.accessToken(), "posbridge.shopify.access-token")));
    ifSet(s.baseUrl(), b::baseUrl);
    return b.circuitBreaker(circuit(p)).build();
  }

  /**
   * The QuickBooks Online connector, when {@code posbridge.quickbooks.realm-id} is set.
   *
   * @param p the properties
   * @param idMap the id map
   * @return the connector
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "posbridge.quickbooks", name = "realm-id")
  public QuickBooksConnector posbridgeQuickBooks(PosbridgeProperties p, IdMap idMap) {
    PosbridgeProperties.QuickBooks q = p.quickbooks();
    QuickBooksConnector.Builder b = QuickBooksConnector.builder().realmId(require(q.realmId(), "posbridge.quickbooks.realm-id"))
        .idMap(idMap);
    if (has(q.accessToken())) {
      b.credentials(QuickBooksAuth.accessToken(require(q.accessToken(), "posbridge.quickbooks.access-token")));
    } else if (has(q.clientId()) && has(q.clientSecret()) && q.tokenFile() != null) {
      b.credentials(QuickBooksAuth.oauth2(require(q.clientId(), "posbridge.quickbooks.client-id"),
          require(q.clientSecret(), "posbridge.quickbooks.client-secret"), TokenStore.file(q.tokenFile())));
    } else {
      throw new IllegalStateException("posbridge.quickbooks needs access-token, or client-id, client-secret and token-file");
    }
    ifSet(q.baseUrl(), b::baseUrl);
    QuickBooksMapping.Builder mapping = QuickBooksMapping.builder();
    ifSet(q.depositAccount(), mapping::defaultDepositAccount);
    return b.mapping(mapping.build()).circuitBreaker(circuit(p)).build();
  }

  /**
   * The NetSuite connector, when {@code posbridge.netsuite.account-id} is set.
   *
   * @param p the properties
   * @param idMap the id map
   * @return the connector
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "posbridge.netsuite", name = "account-id")
  public NetSuiteConnector posbridgeNetSuite(PosbridgeProperties p, IdMap idMap) {
    PosbridgeProperties.NetSuite n = p.netsuite();
    String account = require(n.accountId(), "posbridge.netsuite.account-id");
    NetSuiteMapping.Builder m = NetSuiteMapping.builder()
        .subsidiary(n.subsidiary()).defaultCustomer(n.defaultCustomer()).defaultLocation(n.defaultLocation())
        .inventoryAdjustmentAccount(n.inventoryAdjustmentAccount());
    n.paymentMethods().forEach((tender, id) -> m.paymentMethod(TenderType.valueOf(tender.toUpperCase(Locale.ROOT)), id));
    n.locations().forEach(m::location);
    NetSuiteConnector.Builder b = NetSuiteConnector.builder().accountId(account)
        .credentials(NetSuiteAuth.accessToken(require(n.accessToken(), "posbridge.netsuite.access-token")))
        .mapping(m.build()).idMap(idMap);
    String baseUrl = n.baseUrl();
    b.baseUrl(baseUrl != null && has(baseUrl) ? baseUrl
        : "https://" + account.toLowerCase(Locale.ROOT).replace('_', '-') + ".suitetalk.api.netsuite.com");
    return b.circuitBreaker(circuit(p)).build();
  }

  // ------------------------------------------------------------------ engine

  /**
   * The id map, a SQLite file that survives restarts.
   *
   * @param p the properties
   * @return the id map
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public IdMap posbridgeIdMap(PosbridgeProperties p) {
    Path file = p.idMap().path().toAbsolutePath();
    try {
      Path dir = file.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
      return IdMap.jdbc(c);
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot open the id map at " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The durable outbox, a SQLite file.
   *
   * @param p the properties
   * @return the outbox
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "posbridge.pipeline", name = "enabled", matchIfMissing = true)
  public Outbox posbridgeOutbox(PosbridgeProperties p) {
    PosbridgeProperties.Outbox o = p.outbox();
    Path file = o.path().toAbsolutePath();
    try {
      Path dir = file.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the outbox directory for " + file, e);
    }
    return Outbox.builder().sqlite(file).maxAttempts(o.maxAttempts()).backoff(o.backoffInitial(), o.backoffMax())
        .retention(o.retention()).build();
  }

  /**
   * Remembers each sink's recent deliveries, for health and the operator's page.
   *
   * @return the tracker
   */
  @Bean
  @ConditionalOnMissingBean
  public SinkActivity posbridgeSinkActivity() {
    return new SinkActivity();
  }

  /**
   * Keeps the latest reconciliations.
   *
   * @return the board
   */
  @Bean
  @ConditionalOnMissingBean
  public ReconciliationBoard posbridgeReconciliationBoard() {
    return new ReconciliationBoard();
  }

  /**
   * The sync engine, routed by {@code posbridge.pipeline.*} over the connector beans; created when
   * the routes name at least one target.
   *
   * @param p the properties
   * @param outbox the outbox
   * @param idMap the id map
   * @param connectors every connector bean
   * @param listeners every {@link SyncListener} bean (the sink tracker, the metrics, the application's)
   * @param transformers the application's sale transformers, by sink name, if any
   * @return the pipeline, not started ({@link PosbridgeRuntime} starts it)
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(Outbox.class)
  @Conditional(OnPipelineRoutes.class)
  public SyncPipeline posbridgeSyncPipeline(PosbridgeProperties p, Outbox outbox, IdMap idMap,
      ObjectProvider<Connector> connectors, ObjectProvider<SyncListener> listeners,
      ObjectProvider<SinkTransformers> transformers) {
    Map<String, Connector> bySystem = bySystem(connectors);
    PosbridgeProperties.Pipeline r = p.pipeline();
    SyncPipelineBuilder b = SyncPipeline.builder().outbox(outbox).idMap(idMap).workers(r.workers());
    Map<String, SaleTransformer> t = transformers.getIfAvailable(SinkTransformers::none).bySink();
    for (String s : r.salesSinks()) {
      SalesSink sink = role(bySystem, s, SalesSink.class, "posbridge.pipeline.sales-sinks");
      SaleTransformer tr = t.get(s);
      if (tr == null) {
        b.salesSink(sink);
      } else {
        b.salesSink(sink, tr);
      }
    }
    for (String s : r.inventory()) {
      b.inventory(role(bySystem, s, InventoryConnector.class, "posbridge.pipeline.inventory"));
    }
    for (String s : r.customers()) {
      b.customers(role(bySystem, s, CustomerConnector.class, "posbridge.pipeline.customers"));
    }
    for (String s : r.customerSources()) {
      b.customerSource(role(bySystem, s, CustomerConnector.class, "posbridge.pipeline.customer-sources"));
    }
    List<SyncListener> all = new ArrayList<>();
    listeners.orderedStream().forEach(all::add);
    b.listener(new CompositeSyncListener(all));
    return b.build();
  }

  /**
   * The one place the operations code reads the engine.
   *
   * @param pipeline the pipeline
   * @param p the properties
   * @return the view
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(SyncPipeline.class)
  public EngineView posbridgeEngineView(SyncPipeline pipeline, PosbridgeProperties p) {
    Set<String> sinks = new LinkedHashSet<>();
    sinks.addAll(p.pipeline().salesSinks());
    sinks.addAll(p.pipeline().inventory());
    sinks.addAll(p.pipeline().customers());
    return new EngineView(pipeline, List.copyOf(sinks));
  }

  /**
   * The operator's page.
   *
   * @param view the engine's view
   * @param activity the sink tracker
   * @param board the reconciliations
   * @return the page
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(EngineView.class)
  public OperatorPage posbridgeOperatorPage(EngineView view, SinkActivity activity, ReconciliationBoard board) {
    return new OperatorPage(view, activity, board, Clock.systemUTC());
  }

  /**
   * Runs the engine, pollers and reconciliations with the application context.
   *
   * @param p the properties
   * @param pipeline the pipeline
   * @param outbox the outbox
   * @param connectors every connector bean
   * @param idMap the id map
   * @param board where reconciliations are recorded
   * @return the runtime
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(SyncPipeline.class)
  public PosbridgeRuntime posbridgeRuntime(PosbridgeProperties p, SyncPipeline pipeline, Outbox outbox,
      ObjectProvider<Connector> connectors, IdMap idMap, ReconciliationBoard board) {
    return new PosbridgeRuntime(p, pipeline, outbox, bySystem(connectors), idMap, board);
  }

  // ------------------------------------------------------------------ helpers

  static Map<String, Connector> bySystem(ObjectProvider<Connector> connectors) {
    Map<String, Connector> m = new LinkedHashMap<>();
    connectors.orderedStream().forEach(c -> m.putIfAbsent(c.system(), c));
    return m;
  }

  static <T> T role(Map<String, Connector> bySystem, String system, Class<T> role, String property) {
    Connector c = bySystem.get(system);
    if (c == null) {
      throw new IllegalStateException(property + " names " + system + ", but no " + system
          + " connector is configured; connectors: " + bySystem.keySet());
    }
    if (!role.isInstance(c)) {
      throw new IllegalStateException(property + " names " + system + ", which is not a " + role.getSimpleName());
    }
    return role.cast(c);
  }

  static CircuitBreakerSettings circuit(PosbridgeProperties p) {
    return CircuitBreakerSettings.builder().delay(p.http().circuitOpenFor()).build();
  }

  static boolean has(@Nullable String s) {
    return s != null && !s.isBlank();
  }

  /** Hands a property to a setter when it is set (not null, not blank). */
  private static void ifSet(@Nullable String value, Consumer<String> setter) {
    if (value != null && has(value)) {
      setter.accept(value);
    }
  }

  static String require(@Nullable String s, String property) {
    if (s == null || !has(s)) {
      throw new IllegalStateException(property + " is required (as an environment variable: "
          + envName(property) + ")");
    }
    return s;
  }

  /**
   * The environment variable Spring binds to a property: dots become underscores, dashes go.
   *
   * @param property e.g. {@code posbridge.square.access-token}
   * @return e.g. {@code POSBRIDGE_SQUARE_ACCESSTOKEN}
   */
  static String envName(String property) {
    return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
  }
}
