package dev.posbridge.core.connect;

import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.util.List;
import java.util.Optional;

/**
 * A sales source that can read one sale or the refunds of one sale by reference: what the sync
 * engine needs to act on a webhook that only names an object ("order 123 was updated"). A
 * {@code SyncPipeline} stores such a summary as a <em>fetch</em> step, then reads the object
 * through this interface when it delivers the step, so the webhook is answered without waiting
 * for the vendor, and a failed read is retried like any delivery.
 *
 * <p>Implementations are thread-safe.
 */
public interface SaleLookup extends SalesSource {

  /**
   * Reads the sale an event names, in its current lifecycle state: the engine books a completed
   * sale, waits for an open one (a later event names it again) and voids what it booked for a
   * cancelled, voided or deleted one.
   *
   * @param ref the event's subject: an order, or another object the vendor ties to one order
   *     (e.g. a Square payment)
   * @return the sale; empty if there is no such object, or it is not a sale at all (e.g. a draft,
   *     or an order that only returns goods)
   * @throws IllegalArgumentException if the ref is not of this system or of a type it can read
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails
   */
  Optional<Sale> findSale(ExternalRef ref);

  /**
   * Reads the refunds an event names.
   *
   * @param ref the event's subject: a refund (that refund) or an order (all its refunds)
   * @return the refunds, possibly empty
   * @throws IllegalArgumentException if the ref is not of this system or of a type it can read
   * @throws dev.posbridge.core.PosbridgeException if the vendor call fails
   */
  List<Refund> refundsOfSale(ExternalRef ref);
}
