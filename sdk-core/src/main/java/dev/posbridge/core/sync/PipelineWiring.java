package dev.posbridge.core.sync;

import dev.posbridge.core.connect.Connector;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.SaleLookup;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.internal.sync.EnvelopeCodec;
import dev.posbridge.core.model.ChangeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The parts of a pipeline built from its builder's connectors: its lanes (one per target and
 * action, plus one fetch lane per sales source), its targets, the router that fans events out
 * onto the lanes, and the delivery code.
 */
final class PipelineWiring {

  final List<Lane> lanes;
  /** Unbatched lanes by event type, for an event bus: one delivery per vendor call, under its own key. */
  final Map<String, Lane> lanesByType;
  final Set<String> targets;
  final Router router;
  final Delivery delivery;

  PipelineWiring(PipelineConfig b, Outbox outbox, EnvelopeCodec codec,
      Consumer<List<ChangeEvent>> resubmit) {
    List<Lane> l = new ArrayList<>();
    for (SalesSink s : b.salesSinks.values()) {
      l.add(Lane.of(s.system(), SyncAction.RECORD_SALE, s.maxBatchSize(), s));
      l.add(Lane.of(s.system(), SyncAction.RECORD_REFUND, 1, s));
    }
    for (InventoryConnector i : b.inventories.values()) {
      l.add(Lane.of(i.system(), SyncAction.APPLY_STOCK, i.maxStockChangesPerCall(), i));
    }
    Map<String, CustomerConnector> customerTargets = new LinkedHashMap<>();
    for (CustomerConnector c : b.customers.values()) {
      l.add(Lane.of(c.system(), SyncAction.UPSERT_CUSTOMER, 1, c));
      customerTargets.put(c.system(), c);
    }
    Map<String, CustomerConnector> customerSources = new LinkedHashMap<>(customerTargets);
    customerSources.putAll(b.customerSources);
    Map<String, SaleLookup> lookups = lookups(b);
    for (SaleLookup lookup : lookups.values()) {
      l.add(Lane.of(lookup.system(), SyncAction.FETCH, 1, lookup));
    }
    this.lanes = List.copyOf(l);
    Map<String, Lane> byType = new LinkedHashMap<>();
    Set<String> t = new LinkedHashSet<>();
    for (Lane lane : lanes) {
      byType.put(lane.type(), Lane.of(lane.sink(), lane.action(), 1, lane.connector()));
      t.add(lane.sink());
    }
    this.lanesByType = Map.copyOf(byType);
    this.targets = Set.copyOf(t);
    this.router = new Router(List.copyOf(b.salesSinks.keySet()), List.copyOf(b.inventories.keySet()),
        List.copyOf(customerTargets.keySet()), Set.copyOf(customerSources.keySet()), b.idMap, outbox,
        codec, b.listener, b.propagateStock, Set.copyOf(lookups.keySet()));
    IdMap idMap = b.idMap;
    LocationMapping locations = b.locationMapping != null ? b.locationMapping
        : (source, target) -> idMap.canonicalId(IdMap.Kind.LOCATION, source)
            .flatMap(c -> idMap.find(IdMap.Kind.LOCATION, c, target)).orElse(null);
    this.delivery = new Delivery(outbox, idMap, b.skuMapping, locations, Map.copyOf(b.transformers),
        Map.copyOf(customerSources), b.echoWindow, resubmit, b.totalsPolicy);
  }

  /**
   * The sales sources: registered connectors that can read sales, then those added with
   * {@link SyncPipelineBuilder#salesSource}, by system.
   */
  private static Map<String, SaleLookup> lookups(PipelineConfig b) {
    Map<String, SaleLookup> lookups = new LinkedHashMap<>();
    List<Connector> registered = new ArrayList<>();
    registered.addAll(b.inventories.values());
    registered.addAll(b.customers.values());
    registered.addAll(b.customerSources.values());
    for (Connector c : registered) {
      if (c instanceof SaleLookup lookup) {
        lookups.putIfAbsent(c.system(), lookup);
      }
    }
    lookups.putAll(b.lookups);
    return lookups;
  }
}
