package dev.posbridge.netsuite.internal;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.netsuite.NetSuiteMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Resolves canonical SKUs, locations and customers to NetSuite internal ids. Thread-safe. */
public final class Resolver {

  private final Settings s;
  private static final int SKUS_PER_QUERY = 100;
  private final Map<String, String> skuCache = new ConcurrentHashMap<>();

  /**
   * Creates a resolver.
   *
   * @param settings the shared settings
   */
  public Resolver(Settings settings) {
    this.s = settings;
  }

  /**
   * Resolves an item: a NetSuite item ref as is, else the SKU through the mapping, the id map,
   * then SuiteQL on {@code item.itemid}.
   *
   * @param operation the operation, for errors
   * @param field the field path, for errors
   * @param sku the SKU, if any
   * @param item the item ref, if any
   * @return the internal id
   * @throws ValidationException if it cannot be resolved
   */
  public String item(String operation, String field, @Nullable String sku, @Nullable ExternalRef item) {
    if (item != null && item.system().equals(NetSuiteApi.SYSTEM) && item.type().equals("item")) {
      return item.id();
    }
    if (sku == null) {
      throw invalid(operation, field, "UNMAPPED_SKU", "line has neither a SKU nor a NetSuite item");
    }
    NetSuiteMapping m = s.mapping();
    String id = m.items().get(sku);
    if (id != null) {
      return id;
    }
    IdMap idMap = s.idMap();
    if (idMap != null) {
      Optional<ExternalRef> ref = idMap.find(IdMap.Kind.SKU, sku, NetSuiteApi.SYSTEM, "item");
      if (ref.isPresent()) {
        return ref.get().id();
      }
    }
    String cached = skuCache.get(sku);
    if (cached != null) {
      return cached;
    }
    if (s.resolveSkus()) {
      List<Map<String, String>> rows = s.api().suiteql(operation,
          "SELECT id, itemid FROM item WHERE itemid = " + NetSuiteApi.quote(sku) + " ORDER BY id", 2, 0)
          .items();
      for (Map<String, String> row : rows) {
        if (sku.equals(row.get("itemid")) && row.get("id") != null) {
          skuCache.put(sku, row.get("id"));
          return row.get("id");
        }
      }
    }
    throw invalid(operation, field, "UNMAPPED_SKU", "no NetSuite item for SKU " + sku);
  }

  /**
   * Looks up, in one SuiteQL query per 100, the SKUs that the mapping, the id map and the cache
   * do not know yet (when the mapping looks SKUs up at all), so that {@link #item} then answers
   * from the cache instead of querying once per SKU.
   *
   * @param operation the operation
   * @param skus the SKUs ({@code itemid})
   */
  public void preload(String operation, java.util.Collection<String> skus) {
    NetSuiteMapping m = s.mapping();
    if (!s.resolveSkus()) {
      return;
    }
    List<String> unknown = new java.util.ArrayList<>();
    IdMap idMap = s.idMap();
    for (String sku : skus) {
      if (sku == null || m.items().containsKey(sku) || skuCache.containsKey(sku) || unknown.contains(sku)
          || (idMap != null && idMap.find(IdMap.Kind.SKU, sku, NetSuiteApi.SYSTEM).isPresent())) {
        continue;
      }
      unknown.add(sku);
    }
    for (int i = 0; i < unknown.size(); i += SKUS_PER_QUERY) {
      List<String> chunk = unknown.subList(i, Math.min(unknown.size(), i + SKUS_PER_QUERY));
      StringBuilder in = new StringBuilder();
      for (String sku : chunk) {
        in.append(in.length() == 0 ? "" : ", ").append(NetSuiteApi.quote(sku));
      }
      for (Map<String, String> row : s.api().suiteqlAll(operation,
          "SELECT id, itemid FROM item WHERE itemid IN (" + in + ") ORDER BY id", NetSuiteApi.MAX_PAGE)) {
        String sku = row.get("itemid");
        if (sku != null && row.get("id") != null && chunk.contains(sku)) {
          skuCache.putIfAbsent(sku, row.get("id")); // the lowest id wins, as in item()
        }
      }
    }
  }

  /**
   * Remembers an item id read from NetSuite.
   *
   * @param sku the SKU ({@code itemid})
   * @param id the internal id
   */
  public void remember(String sku, String id) {
    skuCache.put(sku, id);
  }

  /**
   * Resolves a location: a NetSuite ref as is, else the mapping, else the default location.
   *
   * @param operation the operation
   * @param field the field path
   * @param location the source location, if any
   * @param required whether a missing location is an error
   * @return the internal id, or {@code null} if none and not required
   * @throws ValidationException if required and unresolvable
   */
  public @Nullable String location(String operation, String field, @Nullable ExternalRef location,
      boolean required) {
    NetSuiteMapping m = s.mapping();
    if (location != null) {
      if (location.system().equals(NetSuiteApi.SYSTEM)) {
        return location.id();
      }
      String id = m.locations().get(location.id());
      if (id != null) {
        return id;
      }
    }
    if (m.defaultLocation() != null) {
      return m.defaultLocation();
    }
    if (required) {
      throw invalid(operation, field, "UNMAPPED_LOCATION",
          "no NetSuite location for " + (location == null ? "a sale without location" : location.id()));
    }
    return null;
  }

  /**
   * Resolves a sale's customer: a NetSuite ref, else through the id map, else the default customer.
   *
   * @param operation the operation
   * @param customer the source customer, if any
   * @return the internal id
   * @throws ValidationException if none can be found
   */
  public String customer(String operation, @Nullable ExternalRef customer) {
    NetSuiteMapping m = s.mapping();
    if (customer != null) {
      if (customer.system().equals(NetSuiteApi.SYSTEM)) {
        return customer.id();
      }
      IdMap idMap = s.idMap();
      if (idMap != null) {
        Optional<String> canonical = customer.system().equals(ExternalRef.CANONICAL)
            ? Optional.of(customer.id()) : idMap.canonicalId(IdMap.Kind.CUSTOMER, customer);
        if (canonical.isPresent()) {
          Optional<ExternalRef> ns = idMap.find(IdMap.Kind.CUSTOMER, canonical.get(), NetSuiteApi.SYSTEM);
          if (ns.isPresent()) {
            return ns.get().id();
          }
        }
      }
    }
    if (m.defaultCustomer() != null) {
      return m.defaultCustomer();
    }
    throw invalid(operation, "entity", "UNMAPPED_CUSTOMER", "no NetSuite customer for "
        + (customer == null ? "a sale without customer" : "customer " + customer.system() + "/" + customer.id())
        + " and no default customer");
  }

  /**
   * Creates the exception for content that cannot be mapped before sending.
   *
   * @param operation the operation
   * @param field the field path
   * @param code a posbridge code
   * @param message the explanation
   * @return the exception
   */
  public static ValidationException invalid(String operation, String field, String code, String message) {
    return new ValidationException("Cannot map to NetSuite", ErrorContext.of(NetSuiteApi.SYSTEM, operation),
        List.of(new ValidationException.FieldError(field, code, message)), null);
  }
}
