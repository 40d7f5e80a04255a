package dev.posbridge.core.connect;

import dev.posbridge.core.model.ExternalRef;
import java.util.List;
import java.util.Optional;

/**
 * The cross-reference between canonical ids (SKUs, customer ids, location ids) and each vendor's
 * ids for the same thing.
 *
 * <p>For example SKU {@code LATTE-12} is item variation {@code W62UWFY35CWMYGVWK6TWJDNI} in Square,
 * inventory item {@code gid://shopify/InventoryItem/1} in Shopify and Item {@code 57} in QuickBooks.
 * Lookups ignore {@link ExternalRef#version()}. Implementations are thread-safe.
 * {@link #inMemory()} is for tests and single runs; {@link #jdbc(java.sql.Connection)} keeps the map
 * across restarts.
 */
public interface IdMap {

  /** What a canonical id names. */
  enum Kind {
    /** A catalog item, by SKU. */
    SKU,
    /** A customer. */
    CUSTOMER,
    /** A store or warehouse. */
    LOCATION,
    /** A sale, by its canonical id. */
    SALE
  }

  /**
   * Records that a canonical id is known as {@code ref} in {@code ref.system()}, replacing an
   * earlier ref of the same system and type for that canonical id.
   *
   * @param kind what the id names
   * @param canonicalId the canonical id
   * @param ref the vendor id
   * @throws IllegalArgumentException if {@code ref} is already mapped to another canonical id
   */
  void put(Kind kind, String canonicalId, ExternalRef ref);

  /**
   * Finds a canonical id's ref in one system.
   *
   * @param kind what the id names
   * @param canonicalId the canonical id
   * @param system the vendor system
   * @return the first ref of that system, or empty
   */
  Optional<ExternalRef> find(Kind kind, String canonicalId, String system);

  /**
   * Finds a canonical id's ref in one system with a given type.
   *
   * @param kind what the id names
   * @param canonicalId the canonical id
   * @param system the vendor system
   * @param type the ref type, e.g. {@code "inventory_item"}
   * @return the ref, or empty
   */
  Optional<ExternalRef> find(Kind kind, String canonicalId, String system, String type);

  /**
   * Finds the canonical id a vendor ref maps to.
   *
   * @param kind what the id names
   * @param ref the vendor id (version ignored)
   * @return the canonical id, or empty
   */
  Optional<String> canonicalId(Kind kind, ExternalRef ref);

  /**
   * Returns every ref known for a canonical id.
   *
   * @param kind what the id names
   * @param canonicalId the canonical id
   * @return the refs, possibly empty
   */
  List<ExternalRef> refs(Kind kind, String canonicalId);

  /**
   * Creates an empty, thread-safe in-memory map.
   *
   * @return the map
   */
  static IdMap inMemory() {
    return new InMemoryIdMap();
  }

  /**
   * Creates a map stored in a JDBC database (e.g. the SQLite file of the sync engine's outbox),
   * creating its table {@code pb_id_map} if needed. The map keeps the connection it is given and
   * serializes calls on it; close the connection to release it.
   *
   * @param connection an open connection, used exclusively by the map
   * @return the map
   * @throws IllegalStateException if the table cannot be created
   */
  static IdMap jdbc(java.sql.Connection connection) {
    if (connection == null) {
      throw new IllegalArgumentException("connection must not be null");
    }
    return new JdbcIdMap(connection);
  }

  /**
   * Fills a map's SKUs from connectors' catalogs: for every catalog item with a SKU, each of its
   * refs (e.g. Shopify's variant, inventory item and product) is recorded under the SKU, so that
   * each connector later finds the ref of the type it needs
   * ({@link InventoryConnector#itemRefType()}) with {@link #find(Kind, String, String, String)}.
   * Lists each catalog once (lazily paged).
   *
   * @param map the map to fill
   * @param catalogs the connectors whose catalogs to read
   * @return what was recorded and what was skipped (a ref already mapped to another SKU, a SKU
   *     listed twice in one system)
   * @throws dev.posbridge.core.PosbridgeException if a catalog cannot be read
   */
  static CatalogFill fillFromCatalogs(IdMap map, List<? extends CatalogConnector> catalogs) {
    return CatalogFill.fill(map, catalogs);
  }
}
