package dev.posbridge.core.sync;

import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.SaleLookup;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.internal.sync.BuilderConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one {@link SyncPipeline}, with their defaults: filled by the
 * {@link SyncPipelineBuilder}, and copied by its {@code build()} into the pipeline, which (with
 * {@link PipelineWiring}) reads them from that copy and never changes it.
 */
final class PipelineConfig extends BuilderConfig {
  @Nullable Outbox outbox;
  Map<String, SalesSink> salesSinks = new LinkedHashMap<>();
  Map<String, SaleTransformer> transformers = new LinkedHashMap<>();
  Map<String, InventoryConnector> inventories = new LinkedHashMap<>();
  Map<String, CustomerConnector> customers = new LinkedHashMap<>();
  Map<String, CustomerConnector> customerSources = new LinkedHashMap<>();
  Map<String, SaleLookup> lookups = new LinkedHashMap<>();
  IdMap idMap = IdMap.inMemory();
  SkuMapping skuMapping = (sku, target) -> sku;
  @Nullable LocationMapping locationMapping;
  SyncListener listener = SyncListener.NONE;
  Clock clock = Clock.systemUTC();
  int workers = 2;
  int claimSize = 16;
  Duration idleMin = Duration.ofMillis(5);
  Duration idleMax = Duration.ofMillis(500);
  Duration echoWindow = Duration.ofMinutes(10);
  TotalsPolicy totalsPolicy = TotalsPolicy.strict();
  boolean propagateStock = true;
  @Nullable EventBus eventBus;
  @Nullable Duration retryBudget;
  Map<String, Duration> retryBudgets = new LinkedHashMap<>();
  Duration probeMin = Duration.ofSeconds(5);
  Duration probeMax = Duration.ofMinutes(1);

  /** A copy that the builder no longer writes to, its maps immutable (in the order added). */
  PipelineConfig frozen() {
    PipelineConfig copy = (PipelineConfig) shallowCopy();
    copy.salesSinks = frozen(salesSinks);
    copy.transformers = frozen(transformers);
    copy.inventories = frozen(inventories);
    copy.customers = frozen(customers);
    copy.customerSources = frozen(customerSources);
    copy.lookups = frozen(lookups);
    copy.retryBudgets = frozen(retryBudgets);
    return copy;
  }

  private static <V> Map<String, V> frozen(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
