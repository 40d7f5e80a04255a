package dev.posbridge.square.internal;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.spi.VendorConnector;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds, creates and updates customers. Thread-safe. */
public final class CustomerService implements VendorConnector.Customers {

  private final SquareApi api;

  /**
   * Creates the service.
   *
   * @param api the API
   */
  public CustomerService(SquareApi api) {
    this.api = api;
  }

  /**
   * Finds by exact email (case-insensitive, as Square matches it).
   *
   * @param email the email
   * @return the first customer whose email equals it
   */
  @Override
  public Optional<Customer> findCustomerByEmail(String email) {
    String want = email.trim().toLowerCase(Locale.ROOT);
    for (Dto.SqCustomer c : search(new Dto.CustomerFilter(new Dto.TextFilter(email.trim()), null))) {
      if (c.emailAddress() != null && c.emailAddress().trim().toLowerCase(Locale.ROOT).equals(want)) {
        return Optional.of(RecordMapper.customer(c, "SearchCustomers"));
      }
    }
    return Optional.empty();
  }

  /**
   * Finds by exact phone number.
   *
   * @param phone the phone number
   * @return the first customer with this phone number (digits compared)
   */
  @Override
  public Optional<Customer> findCustomerByPhone(String phone) {
    String want = phone.replaceAll("[^0-9]", "");
    for (Dto.SqCustomer c : search(new Dto.CustomerFilter(null, new Dto.TextFilter(phone.trim())))) {
      if (c.phoneNumber() != null && c.phoneNumber().replaceAll("[^0-9]", "").equals(want)) {
        return Optional.of(RecordMapper.customer(c, "SearchCustomers"));
      }
    }
    return Optional.empty();
  }

  private List<Dto.SqCustomer> search(Dto.CustomerFilter filter) {
    return Convert.list(api.search("SearchCustomers", "/v2/customers/search",
        new Dto.SearchCustomersRequest(null, 10, new Dto.CustomerQuery(filter)),
        Dto.CustomersResponse.class).customers());
  }

  /**
   * Retrieves a customer by Square id.
   *
   * @param ref a {@code square/customer} ref
   * @return the customer, or empty if Square does not know it (or the ref is not Square's)
   */
  @Override
  public Optional<Customer> findCustomerByRef(ExternalRef ref) {
    String id = ExternalRefs.idOf(ref, "customer");
    if (id == null) {
      return Optional.empty();
    }
    try {
      Dto.CustomerResponse r = api.get("RetrieveCustomer", "/v2/customers/" + id, Map.of(),
          Dto.CustomerResponse.class);
      return r.customer() == null ? Optional.empty()
          : Optional.of(RecordMapper.customer(r.customer(), "RetrieveCustomer"));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Creates a customer.
   *
   * @param c the customer
   * @param options the idempotency key, if any
   * @return the created customer
   */
  @Override
  public Customer createCustomer(Customer c, RequestOptions options) {
    String key = options.idempotencyKey() == null ? null : Keys.fit(options.idempotencyKey(), Keys.CUSTOMER);
    Dto.CustomerResponse r = api.write("POST", "CreateCustomer", "/v2/customers",
        RecordMapper.request(c, key, null), key, Dto.CustomerResponse.class);
    return RecordMapper.customer(SalesMapper.require(r.customer(), "customer"), "CreateCustomer");
  }

  /**
   * Updates a customer; the {@code square/customer} ref's version, when present, is sent for
   * optimistic concurrency.
   *
   * @param c the customer
   * @param options unused by Square (UpdateCustomer takes no key); accepted for symmetry
   * @return the updated customer
   */
  @Override
  public Customer updateCustomer(Customer c, RequestOptions options) {
    ExternalRef ref = c.refIn(ExternalRefs.SYSTEM);
    String id = ExternalRefs.idOf(ref, "customer");
    if (ref == null || id == null) {
      throw new ValidationException("Customer has no Square customer ref",
          ErrorContext.of(ExternalRefs.SYSTEM, "UpdateCustomer"), List.of(), null);
    }
    Long version;
    try {
      version = ref.version() == null ? null : Long.valueOf(ref.version());
    } catch (NumberFormatException e) {
      throw new ValidationException("Square customer version is not a number",
          ErrorContext.of(ExternalRefs.SYSTEM, "UpdateCustomer"), List.of(), e);
    }
    Dto.CustomerResponse r = api.write("PUT", "UpdateCustomer", "/v2/customers/" + id,
        RecordMapper.request(c, null, version), null, Dto.CustomerResponse.class);
    return RecordMapper.customer(SalesMapper.require(r.customer(), "customer"), "UpdateCustomer");
  }
}
