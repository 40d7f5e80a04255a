package dev.posbridge.core.sync;

import dev.posbridge.core.connect.Connector;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.SaleLookup;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.spi.Checks;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link SyncPipeline}. Defaults: 2 worker threads; 16 deliveries claimed per round of
 * an unbatched target; idle polling from 5 ms doubling to 500 ms; echo window 10 minutes; SKUs
 * identical in every system; locations through the {@link IdMap}; stock changes propagated.
 */
public final class SyncPipelineBuilder {
  /** The settings, filled by the setters; {@link #build()} hands the pipeline a frozen copy. */
  private final PipelineConfig config = new PipelineConfig();

  SyncPipelineBuilder() {}

  /**
   * Sets how long retryable failures of a delivery are retried, from its first failure, before
   * it is dead-lettered, for every sink without its own budget. Default: the outbox's
   * ({@link Outbox.Builder#retryBudget}, 72 hours).
   *
   * @param value a positive duration
   * @return this builder
   */
  public SyncPipelineBuilder retryBudget(Duration value) {
    config.retryBudget = Checks.positive(value, "retryBudget");
    return this;
  }

  /**
   * Sets the retry budget of one sink.
   *
   * @param sink the sink's system name
   * @param value a positive duration
   * @return this builder
   */
  public SyncPipelineBuilder retryBudget(String sink, Duration value) {
    config.retryBudgets.put(Objects.requireNonNull(sink, "sink"), Checks.positive(value, "retryBudget"));
    return this;
  }

  /**
   * Sets how often a suspended sink (failing as a whole) is probed with one delivery: first after
   * {@code min}, doubling up to {@code max}. Default 5 s to 1 min.
   *
   * @param min the first interval
   * @param max the longest interval
   * @return this builder
   */
  public SyncPipelineBuilder probeInterval(Duration min, Duration max) {
    Checks.positiveRange(min, max);
    config.probeMin = min;
    config.probeMax = max;
    return this;
  }

  /**
   * Carries deliveries over an event bus instead of the pipeline's own delivery threads: then
   * {@link SyncPipeline#start()} starts the bus, and {@link #workers(int)} is not used. Without
   * one (the default) deliveries go from the outbox to the sinks in this process.
   *
   * @param value the bus, e.g. a {@code KafkaEventBus}
   * @return this builder
   */
  public SyncPipelineBuilder eventBus(EventBus value) {
    config.eventBus = Objects.requireNonNull(value, "eventBus");
    return this;
  }

  /**
   * Sets the outbox (required). The pipeline does not close it.
   *
   * @param value the outbox
   * @return this builder
   */
  public SyncPipelineBuilder outbox(Outbox value) {
    config.outbox = Objects.requireNonNull(value, "outbox");
    return this;
  }

  /**
   * Adds a sales sink: sales and refunds from other systems are recorded in it.
   *
   * @param sink the sink
   * @return this builder
   * @throws IllegalArgumentException if a sales sink of the same system was added
   */
  public SyncPipelineBuilder salesSink(SalesSink sink) {
    return salesSink(sink, SaleTransformer.IDENTITY);
  }

  /**
   * Adds a sales sink with a transformer that adapts each sale (accounts, tax codes, item refs).
   *
   * @param sink the sink
   * @param transformer applied at delivery time
   * @return this builder
   * @throws IllegalArgumentException if a sales sink of the same system was added
   */
  public SyncPipelineBuilder salesSink(SalesSink sink, SaleTransformer transformer) {
    unique(config.salesSinks, sink, "sales sink");
    config.transformers.put(sink.system(), Objects.requireNonNull(transformer, "transformer"));
    return this;
  }

  /**
   * Adds an inventory connector: sales, refunds and stock changes from other systems change
   * stock in it.
   *
   * @param inventory the connector
   * @return this builder
   * @throws IllegalArgumentException if one of the same system was added
   */
  public SyncPipelineBuilder inventory(InventoryConnector inventory) {
    unique(config.inventories, inventory, "inventory connector");
    return this;
  }

  /**
   * Adds a customer connector: customers from other systems are upserted in it, and customers
   * of its own system referenced by a sale are read from it.
   *
   * @param connector the connector
   * @return this builder
   * @throws IllegalArgumentException if one of the same system was added
   */
  public SyncPipelineBuilder customers(CustomerConnector connector) {
    unique(config.customers, connector, "customer connector");
    return this;
  }

  /**
   * Adds a customer connector only read from: when a sale of its system references a customer,
   * the customer is fetched from it to be upserted elsewhere.
   *
   * @param connector the connector
   * @return this builder
   */
  public SyncPipelineBuilder customerSource(CustomerConnector connector) {
    config.customerSources.put(connector.system(), Objects.requireNonNull(connector, "connector"));
    return this;
  }

  /**
   * Adds a sales source that summary events of its system are read from: a webhook that names
   * an order, payment or refund without its content becomes a fetch step, delivered by reading
   * the object through {@code source} and submitting it. Registered inventory and customer
   * connectors that implement {@link SaleLookup} are used for this without being added here.
   *
   * @param source the source
   * @return this builder
   */
  public SyncPipelineBuilder salesSource(SaleLookup source) {
    config.lookups.put(source.system(), Objects.requireNonNull(source, "source"));
    return this;
  }

  /**
   * Sets the id cross-reference used for SKUs, items, locations, and to record created
   * customers and sales.
   *
   * @param value the id map; default in-memory
   * @return this builder
   */
  public SyncPipelineBuilder idMap(IdMap value) {
    config.idMap = Objects.requireNonNull(value, "idMap");
    return this;
  }

  /**
   * Sets how canonical SKUs map to each target's SKU.
   *
   * @param value the mapping; default identity
   * @return this builder
   */
  public SyncPipelineBuilder skuMapping(SkuMapping value) {
    config.skuMapping = Objects.requireNonNull(value, "skuMapping");
    return this;
  }

  /**
   * Sets how locations map to each target's locations.
   *
   * @param value the mapping; default through the {@link IdMap}
   * @return this builder
   */
  public SyncPipelineBuilder locationMapping(LocationMapping value) {
    config.locationMapping = Objects.requireNonNull(value, "locationMapping");
    return this;
  }

  /**
   * Sets the metrics listener.
   *
   * @param value the listener
   * @return this builder
   */
  public SyncPipelineBuilder listener(SyncListener value) {
    config.listener = Objects.requireNonNull(value, "listener");
    return this;
  }

  /**
   * Sets the clock, for tests.
   *
   * @param value the clock
   * @return this builder
   */
  public SyncPipelineBuilder clock(Clock value) {
    config.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * Sets the number of delivery threads.
   *
   * @param value 1 to 256
   * @return this builder
   */
  public SyncPipelineBuilder workers(int value) {
    config.workers = Checks.between(value, 1, 256, "workers");
    return this;
  }

  /**
   * Sets how many deliveries of an unbatched target a worker claims at once.
   *
   * @param value at least 1
   * @return this builder
   */
  public SyncPipelineBuilder claimSize(int value) {
    config.claimSize = Checks.atLeast(value, 1, "claimSize");
    return this;
  }

  /**
   * Sets the idle polling backoff: after a round with nothing to deliver a worker waits
   * {@code min}, doubling up to {@code max}; a local submit wakes it at once.
   *
   * @param min the first wait
   * @param max the longest wait
   * @return this builder
   */
  public SyncPipelineBuilder idlePoll(Duration min, Duration max) {
    Checks.positiveRange(min, max);
    config.idleMin = min;
    config.idleMax = max;
    return this;
  }

  /**
   * Sets how long a stock write is remembered to recognise its echo.
   *
   * @param value a positive duration
   * @return this builder
   */
  public SyncPipelineBuilder echoWindow(Duration value) {
    config.echoWindow = Checks.positive(value, "echoWindow");
    return this;
  }

  /**
   * Sets what happens to a sale or refund whose parts do not add up to its total: checked by
   * {@link SyncPipeline#submitSale} and {@link SyncPipeline#submitRefund} (which throw) and
   * before each booking (which is dead-lettered with an {@link
   * dev.posbridge.core.UnbalancedTotalsException}).
   *
   * @param value the policy; default {@link TotalsPolicy#strict()}
   * @return this builder
   */
  public SyncPipelineBuilder totalsPolicy(TotalsPolicy value) {
    config.totalsPolicy = Objects.requireNonNull(value, "totalsPolicy");
    return this;
  }

  /**
   * Sets whether incoming stock levels are propagated to the other inventory connectors.
   *
   * @param value default {@code true}
   * @return this builder
   */
  public SyncPipelineBuilder propagateStockChanges(boolean value) {
    config.propagateStock = value;
    return this;
  }

  /**
   * Builds the pipeline (not started).
   *
   * @return the pipeline
   * @throws IllegalStateException if no outbox or no target was configured
   */
  public SyncPipeline build() {
    Outbox outbox = config.outbox;
    if (outbox == null) {
      throw new IllegalStateException("outbox(Outbox) is required");
    }
    if (config.salesSinks.isEmpty() && config.inventories.isEmpty() && config.customers.isEmpty()) {
      throw new IllegalStateException("add at least one sales sink, inventory or customer connector");
    }
    return new SyncPipeline(config.frozen(), outbox);
  }

  private static <C extends Connector> void unique(Map<String, C> map, C connector, String role) {
    Objects.requireNonNull(connector, role);
    if (map.putIfAbsent(connector.system(), connector) != null) {
      throw new IllegalArgumentException("a " + role + " for " + connector.system() + " was already added");
    }
  }
}
