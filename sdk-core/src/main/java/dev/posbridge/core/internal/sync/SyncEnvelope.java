package dev.posbridge.core.internal.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.StockChange;
import org.jspecify.annotations.Nullable;

/**
 * The payload of one outbox delivery: a target action and the canonical object it carries,
 * serialized as versioned JSON. Readers ignore fields they do not know, so that a newer writer's
 * additions do not break an older reader.
 *
 * @param schema the payload schema version ({@link #SCHEMA})
 * @param action the action code, see {@code SyncAction#code()}
 * @param target the target system
 * @param key the idempotency key of this delivery
 * @param origin the system the source event came from
 * @param originEvent the source event's id in its system
 * @param prepared whether the object was already mapped for the target (batched deliveries are
 *     mapped once, when their batch is recorded, so that a resend is identical)
 * @param sale the sale, for sale deliveries
 * @param refund the refund, for refund deliveries
 * @param stock the stock change, for stock deliveries
 * @param customer the customer, for customer deliveries when it came with the event
 * @param customerRef the customer's ref in the origin system, when it must be fetched there
 * @param subject for fetch deliveries: the object a summary event named
 * @param subjectType for fetch deliveries: the event's change type ({@code SALE}, {@code PAYMENT}
 *     or {@code REFUND})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncEnvelope(
    int schema,
    String action,
    String target,
    String key,
    String origin,
    String originEvent,
    boolean prepared,
    @Nullable Sale sale,
    @Nullable Refund refund,
    @Nullable StockChange stock,
    @Nullable Customer customer,
    @Nullable ExternalRef customerRef,
    @Nullable ExternalRef subject,
    @Nullable String subjectType) {

  /** The schema version this code writes. */
  public static final int SCHEMA = 1;

  /**
   * Returns a copy marked prepared, carrying a mapped sale or stock change.
   *
   * @param newSale the mapped sale, or null to keep
   * @param newStock the mapped stock change, or null to keep
   * @return the copy
   */
  public SyncEnvelope prepared(@Nullable Sale newSale, @Nullable StockChange newStock) {
    return new SyncEnvelope(schema, action, target, key, origin, originEvent, true,
        newSale != null ? newSale : sale, refund, newStock != null ? newStock : stock, customer,
        customerRef, subject, subjectType);
  }
}
