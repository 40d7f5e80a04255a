package dev.posbridge.core.reconcile;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.internal.reconcile.StockTable;
import dev.posbridge.core.internal.sync.BuilderConfig;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.core.spi.Checks;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares stock across two or more systems by canonical SKU × canonical location.
 *
 * <p>{@link #reconcile()} streams every connector's {@link InventoryConnector#stockLevels} page by
 * page, maps each level's item to a SKU and its location to a canonical location through the
 * {@link IdMap}, and keeps only a compact quantity per system and key (not the levels), so a
 * catalog of 100,000 SKUs across three systems reconciles in a 128 MB heap. A level whose item or
 * location is not mapped is reported in {@link ReconciliationReport#unmapped()}, never dropped. A
 * key one system lacks counts as 0 there and is flagged as missing. Quantities compared are
 * {@link StockLevel#quantity()} (on hand, else available); levels of one system that map to the
 * same key are added up.
 *
 * <p>Immutable and thread-safe; each {@code reconcile()} reads every system afresh. Vendor failures
 * propagate as {@link dev.posbridge.core.PosbridgeException}s.
 *
 * <pre>{@code
 * Reconciler reconciler = Reconciler.builder()
 *     .system("pos", square)
 *     .system("shop", shopify)
 *     .system("erp", netsuite)
 *     .idMap(idMap)
 *     .tolerance(Tolerance.units(2))
 *     .tolerance("FLOUR-25KG", Tolerance.percent("5"))
 *     .systemOfRecord("erp")
 *     .build();
 * ReconciliationReport report = reconciler.reconcile();
 * }</pre>
 */
public final class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(dev.posbridge.core.Loggers.RECONCILE);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");

  /** The settings, frozen by {@link Builder#build()}. */
  private final Config config;
  private final List<String> names;
  private final IdMap idMap;

  private Reconciler(Config config, IdMap idMap) {
    this.config = config;
    this.names = List.copyOf(config.connectors.keySet());
    this.idMap = idMap;
  }

  /**
   * Starts a builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the compared systems' names, in the order they were added.
   *
   * @return the names
   */
  public List<String> systems() {
    return names;
  }

  /**
   * Returns the system of record.
   *
   * @return its name, or {@code null} if none was chosen
   */
  public @Nullable String systemOfRecord() {
    return config.systemOfRecord;
  }

  /**
   * Reads every system and compares the stock.
   *
   * @return the report
   * @throws dev.posbridge.core.PosbridgeException if a vendor call fails while reading
   */
  public ReconciliationReport reconcile() {
    Instant started = config.clock.instant();
    StockTable table = new StockTable(names.size(), 1024);
    List<UnmappedLevel> unmapped = new ArrayList<>();
    long unmappedCount = 0;
    Map<String, String> itemTypes = new HashMap<>();
    Map<String, String> locationTypes = new HashMap<>();
    for (int s = 0; s < names.size(); s++) {
      String name = names.get(s);
      Map<ExternalRef, String> locations = new HashMap<>();
      long startNanos = System.nanoTime();
      long read = 0;
      long unmappedBefore = unmappedCount;
      // names are the connectors' keys
      for (StockLevel level : Objects.requireNonNull(config.connectors.get(name)).stockLevels(config.query)) {
        read++;
        String sku = idMap.canonicalId(IdMap.Kind.SKU, level.item()).orElse(null);
        ExternalRef locRef = level.location().version() == null
            ? level.location() : level.location().withVersion(null);
        String location = locations.get(locRef);
        if (location == null) {
          location = idMap.canonicalId(IdMap.Kind.LOCATION, locRef).orElse("");
          locations.put(locRef, location);
        }
        if (sku == null || location.isEmpty()) {
          unmappedCount++;
          if (unmapped.size() < config.unmappedDetails) {
            UnmappedLevel.Reason reason = sku == null
                ? (location.isEmpty() ? UnmappedLevel.Reason.ITEM_AND_LOCATION : UnmappedLevel.Reason.ITEM)
                : UnmappedLevel.Reason.LOCATION;
            unmapped.add(new UnmappedLevel(
                name, level.item(), level.location(), level.sku(), level.quantity(), reason));
          }
          continue;
        }
        itemTypes.putIfAbsent(name, level.item().type());
        locationTypes.putIfAbsent(name, locRef.type());
        table.add(s, sku, location, level.quantity());
      }
      log.debug("reconcile: read {} stock levels from {} in {} ms", read, name,
          (System.nanoTime() - startNanos) / 1_000_000);
      if (unmappedCount > unmappedBefore) {
        log.warn("reconcile: {} of {} stock levels from {} have no SKU or location in the id map;"
            + " they are reported as unmapped and not compared", unmappedCount - unmappedBefore, read, name);
      }
    }
    table.trim();
    return new ReconciliationReport(
        names, config.systemOfRecord, started, table, config.tolerance, config.skuTolerances,
        config.worstItems, unmapped, unmappedCount, config.connectors, idMap, itemTypes, locationTypes);
  }

  @Override
  public String toString() {
    return "Reconciler[systems=" + names + ", systemOfRecord=" + config.systemOfRecord + "]";
  }

  /** Builds a {@link Reconciler}; validates eagerly. Not thread-safe. */
  public static final class Builder {
    private final Config config = new Config();

    private Builder() {}

    /**
     * Adds a system under a name of your choice, e.g. {@code "pos"}, used in the report and its
     * exports. The id map is consulted with the connector's own {@link InventoryConnector#system()}.
     *
     * @param name a unique name: letters, digits, {@code _ . -}, at most 40 characters
     * @param connector the system's inventory connector
     * @return this builder
     * @throws IllegalArgumentException if the name is invalid or taken
     */
    public Builder system(String name, InventoryConnector connector) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("invalid system name: " + name);
      }
      if (connector == null) {
        throw new IllegalArgumentException("connector must not be null");
      }
      if (config.connectors.containsKey(name)) {
        throw new IllegalArgumentException("system name already used: " + name);
      }
      config.connectors.put(name, connector);
      return this;
    }

    /**
     * Adds a system named after {@link InventoryConnector#system()}.
     *
     * @param connector the system's inventory connector
     * @return this builder
     * @throws IllegalArgumentException if a system of that name was already added
     */
    public Builder system(InventoryConnector connector) {
      if (connector == null) {
        throw new IllegalArgumentException("connector must not be null");
      }
      return system(connector.system(), connector);
    }

    /**
     * Sets the id map that joins vendor items to SKUs ({@link IdMap.Kind#SKU}) and vendor
     * locations to canonical locations ({@link IdMap.Kind#LOCATION}). Required.
     *
     * @param map the id map
     * @return this builder
     */
    public Builder idMap(IdMap map) {
      config.idMap = Objects.requireNonNull(map, "idMap");
      return this;
    }

    /**
     * Sets the tolerance of every SKU without its own. Default {@link Tolerance#exact()}.
     *
     * @param value the tolerance
     * @return this builder
     */
    public Builder tolerance(Tolerance value) {
      config.tolerance = Objects.requireNonNull(value, "tolerance");
      return this;
    }

    /**
     * Sets one SKU's tolerance, e.g. a wider one for goods sold by weight.
     *
     * @param sku the canonical SKU
     * @param value its tolerance
     * @return this builder
     * @throws IllegalArgumentException if the SKU is blank
     */
    public Builder tolerance(String sku, Tolerance value) {
      if (sku == null || sku.isBlank()) {
        throw new IllegalArgumentException("sku must not be blank");
      }
      config.skuTolerances.put(sku, Objects.requireNonNull(value, "tolerance"));
      return this;
    }

    /**
     * Chooses the system whose quantities are right. Drift is then measured against it, and the
     * report can plan a correction. Default: none (drift is max − min).
     *
     * @param name the name of an added system, or {@code null} for none
     * @return this builder
     */
    public Builder systemOfRecord(@Nullable String name) {
      config.systemOfRecord = name;
      return this;
    }

    /**
     * Sets the clock that stamps the report and the corrections. Default: system UTC clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      config.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the query sent to every connector. Default {@link StockQuery#all()}. Location ids in a
     * query are system-specific, so filter by SKU when systems differ.
     *
     * @param value the query
     * @return this builder
     */
    public Builder query(StockQuery value) {
      config.query = Objects.requireNonNull(value, "query");
      return this;
    }

    /**
     * Sets how many of the worst discrepancies the report keeps in detail (for the HTML page and
     * {@link ReconciliationReport#worst()}). Default 100.
     *
     * @param count zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder worstItems(int count) {
      config.worstItems = Checks.atLeast(count, 0, "worstItems");
      return this;
    }

    /**
     * Sets how many unmapped levels the report keeps in detail; all are counted. Default 1000:
     * an empty id map would otherwise hold every level in memory.
     *
     * @param count zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder unmappedDetails(int count) {
      config.unmappedDetails = Checks.atLeast(count, 0, "unmappedDetails");
      return this;
    }

    /**
     * Builds the reconciler.
     *
     * @return the reconciler
     * @throws IllegalStateException if fewer than two systems were added, the id map is missing,
     *     or the system of record is not one of the added systems
     */
    public Reconciler build() {
      Map<String, InventoryConnector> connectors = config.connectors;
      if (connectors.size() < 2) {
        throw new IllegalStateException("a reconciliation needs at least two systems, got " + connectors.size());
      }
      IdMap idMap = config.idMap;
      if (idMap == null) {
        throw new IllegalStateException("idMap is required");
      }
      String systemOfRecord = config.systemOfRecord;
      if (systemOfRecord != null && !connectors.containsKey(systemOfRecord)) {
        throw new IllegalStateException(
            "system of record " + systemOfRecord + " is not one of " + connectors.keySet());
      }
      return new Reconciler(config.frozen(), idMap);
    }
  }

  /**
   * The settings of one reconciler, with their defaults: filled by the {@link Builder}, and copied
   * by {@link Builder#build()} into the reconciler, which never changes its copy.
   */
  private static final class Config extends BuilderConfig {
    private Map<String, InventoryConnector> connectors = new LinkedHashMap<>();
    private @Nullable IdMap idMap;
    private Tolerance tolerance = Tolerance.exact();
    private Map<String, Tolerance> skuTolerances = new HashMap<>();
    private @Nullable String systemOfRecord;
    private Clock clock = Clock.systemUTC();
    private StockQuery query = StockQuery.all();
    private int worstItems = 100;
    private int unmappedDetails = 1000;

    /** A copy that the builder no longer writes to, its maps immutable (systems in their order). */
    Config frozen() {
      Config copy = (Config) shallowCopy();
      copy.connectors = Collections.unmodifiableMap(new LinkedHashMap<>(connectors));
      copy.skuTolerances = Map.copyOf(skuTolerances);
      return copy;
    }
  }
}
