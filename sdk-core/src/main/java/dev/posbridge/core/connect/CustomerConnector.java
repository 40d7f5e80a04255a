package dev.posbridge.core.connect;

import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import java.util.Optional;

/** Finds, creates and updates customers. */
public interface CustomerConnector extends Connector {

  /**
   * Finds a customer by exact email (case-insensitive).
   *
   * @param email the email
   * @return the first match, or empty
   */
  Optional<Customer> findCustomerByEmail(String email);

  /**
   * Finds a customer by exact phone number.
   *
   * @param phone the phone number
   * @return the first match, or empty
   */
  Optional<Customer> findCustomerByPhone(String phone);

  /**
   * Finds a customer by this system's id.
   *
   * @param ref the id in this system
   * @return the customer, or empty if it does not exist
   */
  Optional<Customer> findCustomerByRef(ExternalRef ref);

  /**
   * Creates a customer.
   *
   * @param customer the customer
   * @param options the idempotency key and timeout
   * @return the created customer with this system's ref
   * @throws dev.posbridge.core.ValidationException if the vendor rejects it (e.g. a duplicate name)
   */
  Customer createCustomer(Customer customer, RequestOptions options);

  /**
   * Updates a customer identified by its ref in this system, using the ref's version for
   * optimistic concurrency where the vendor has one.
   *
   * @param customer the customer, carrying this system's ref
   * @param options the idempotency key and timeout
   * @return the updated customer with its new version
   * @throws dev.posbridge.core.ConflictException if the version is stale
   * @throws dev.posbridge.core.NotFoundException if the customer does not exist
   */
  Customer updateCustomer(Customer customer, RequestOptions options);

  /**
   * Creates or updates: updates the customer this system already knows by ref, else the one found
   * by email, else by phone; otherwise creates it. A found customer's ref and version are used for
   * the update.
   *
   * @param customer the customer
   * @param options the idempotency key and timeout
   * @return the stored customer
   */
  default Customer upsertCustomer(Customer customer, RequestOptions options) {
    ExternalRef ref = customer.refIn(system());
    Optional<Customer> existing = ref != null ? findCustomerByRef(ref) : Optional.empty();
    if (existing.isEmpty() && customer.email() != null) {
      existing = findCustomerByEmail(customer.email());
    }
    if (existing.isEmpty() && customer.phone() != null) {
      existing = findCustomerByPhone(customer.phone());
    }
    if (existing.isEmpty()) {
      return createCustomer(customer, options);
    }
    ExternalRef found = existing.get().refIn(system());
    Customer.Builder merged = customer.toBuilder();
    if (found != null) {
      merged.putRef(found);
    }
    return updateCustomer(merged.build(), options);
  }
}
