package dev.posbridge.quickbooks.internal;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.model.ExternalRef;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The connector's view of the caller's {@link IdMap}, which is optional: without one, every
 * look-up finds nothing and every record is dropped. Thread-safe if the IdMap is.
 */
public final class QboIdMap {

  private final @Nullable IdMap idMap;

  /**
   * Wraps an IdMap.
   *
   * @param idMap the caller's IdMap, or {@code null} for none
   */
  public QboIdMap(@Nullable IdMap idMap) {
    this.idMap = idMap;
  }

  /**
   * Finds the QuickBooks document booked for a source sale or refund.
   *
   * @param source the POS document's ref
   * @return the document's ref, if recorded
   */
  public Optional<ExternalRef> booked(ExternalRef source) {
    return idMap == null ? Optional.empty() : idMap.find(IdMap.Kind.SALE, saleKey(source), QboApi.SYSTEM);
  }

  /**
   * Records the QuickBooks document booked for a source sale or refund.
   *
   * @param source the POS document's ref
   * @param document the QuickBooks document's ref (its version is dropped)
   */
  public void rememberBooked(ExternalRef source, ExternalRef document) {
    if (idMap != null) {
      idMap.put(IdMap.Kind.SALE, saleKey(source), document.withVersion(null));
    }
  }

  /**
   * Finds the QuickBooks customer for a customer ref of any system.
   *
   * @param customer the ref; a QuickBooks ref is answered as it is
   * @return the QuickBooks customer ref, if the ref is one or the IdMap links it to one
   */
  public Optional<ExternalRef> customer(ExternalRef customer) {
    if (customer.system().equals(QboApi.SYSTEM)) {
      return Optional.of(customer);
    }
    if (idMap == null) {
      return Optional.empty();
    }
    return idMap.canonicalId(IdMap.Kind.CUSTOMER, customer)
        .flatMap(id -> idMap.find(IdMap.Kind.CUSTOMER, id, QboApi.SYSTEM));
  }

  /**
   * Finds the Item id recorded for a SKU.
   *
   * @param sku the SKU
   * @return the Item id, or {@code null}
   */
  public @Nullable String item(String sku) {
    return idMap == null ? null
        : idMap.find(IdMap.Kind.SKU, sku, QboApi.SYSTEM, EntityMapper.ITEM).map(ExternalRef::id).orElse(null);
  }

  /**
   * Records the Item found for a SKU.
   *
   * @param sku the SKU
   * @param itemId the Item id
   */
  public void rememberItem(String sku, String itemId) {
    if (idMap != null) {
      idMap.put(IdMap.Kind.SKU, sku, ExternalRef.of(QboApi.SYSTEM, EntityMapper.ITEM, itemId));
    }
  }

  private static String saleKey(ExternalRef ref) {
    return ref.system() + "/" + ref.type() + "/" + ref.id();
  }
}
