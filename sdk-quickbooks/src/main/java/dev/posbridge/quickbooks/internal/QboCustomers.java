package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.spi.VendorConnector;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Customers: look-ups by email, phone and ref, creates and sparse updates. Thread-safe.
 *
 * @param api the API
 * @param entities the entity mapper
 * @param ids the IdMap
 */
public record QboCustomers(QboApi api, EntityMapper entities, QboIdMap ids)
    implements VendorConnector.Customers {

  /** QBO's code for a DisplayName already taken by a customer, vendor or employee. */
  static final String DUPLICATE_NAME = "6240";
  /** QBO's longest DisplayName. */
  static final int MAX_DISPLAY_NAME = 100;

  /**
   * Finds a customer by primary email.
   *
   * @param email the email
   * @return the first customer with it
   */
  @Override
  public Optional<Customer> findCustomerByEmail(String email) {
    Objects.requireNonNull(email, "email");
    List<ObjectNode> rows = api.query("Customer",
        "SELECT * FROM Customer WHERE PrimaryEmailAddr = " + Queries.quote(email.trim())).rows();
    return rows.isEmpty() ? Optional.empty() : Optional.of(entities.customer(rows.get(0), "FindCustomer"));
  }

  /**
   * Finds a customer by phone: QBO cannot filter on it, so this pages through the customers and
   * compares digits.
   *
   * @param phone the phone number
   * @return the first customer whose primary or mobile phone has the same digits
   */
  @Override
  public Optional<Customer> findCustomerByPhone(String phone) {
    String digits = Objects.requireNonNull(phone, "phone").replaceAll("[^0-9]", "");
    if (digits.isEmpty()) {
      return Optional.empty();
    }
    for (ObjectNode c : api.pages("Customer", "SELECT * FROM Customer")) {
      if (EntityMapper.phoneDigits(c).contains(digits)) {
        return Optional.of(entities.customer(c, "FindCustomer"));
      }
    }
    return Optional.empty();
  }

  /**
   * Finds a customer by a ref of any system: another system's ref through the IdMap.
   *
   * @param ref the ref
   * @return the customer, if linked and found
   */
  @Override
  public Optional<Customer> findCustomerByRef(ExternalRef ref) {
    Optional<ExternalRef> qbo = ids.customer(ref);
    if (qbo.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(entities.customer(api.read("Customer", qbo.get().id()), "FindCustomer"));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * The QuickBooks customer id for a document's customer ref.
   *
   * @param customer the ref, or {@code null}
   * @return the id, or {@code null} if there is no ref or it links to no QuickBooks customer
   */
  public @Nullable String idFor(@Nullable ExternalRef customer) {
    return customer == null ? null : ids.customer(customer).map(ExternalRef::id).orElse(null);
  }

  /**
   * Creates a customer; on a DisplayName clash (6240) returns the existing customer when its email
   * or phone matches, else retries with a short deterministic suffix.
   *
   * @param customer the customer
   * @param options the idempotency key
   * @return the created (or matching) customer
   */
  @Override
  public Customer createCustomer(Customer customer, RequestOptions options) {
    Objects.requireNonNull(customer, "customer");
    String key = RequestIds.key(options, "customer:" + customer.refs() + ":" + customer.normalizedEmail()
        + ":" + customer.normalizedPhone());
    String name = EntityMapper.displayName(customer);
    try {
      return write(customer, name, RequestIds.of(key));
    } catch (ConflictException e) {
      if (!DUPLICATE_NAME.equals(e.vendorCode())) {
        throw e;
      }
      List<ObjectNode> same = api.query("Customer",
          "SELECT * FROM Customer WHERE DisplayName = " + Queries.quote(name)).rows();
      for (ObjectNode existing : same) {
        Customer c = entities.customer(existing, "CreateCustomer");
        if ((c.normalizedEmail() != null && c.normalizedEmail().equals(customer.normalizedEmail()))
            || (c.normalizedPhone() != null && c.normalizedPhone().equals(customer.normalizedPhone()))) {
          return c;
        }
      }
      String suffix = " (" + RequestIds.of(key).substring(0, 6) + ")";
      String unique = (name.length() + suffix.length() > MAX_DISPLAY_NAME
          ? name.substring(0, MAX_DISPLAY_NAME - suffix.length()) : name) + suffix;
      return write(customer, unique, RequestIds.of(key + ":dup"));
    }
  }

  private Customer write(Customer customer, String displayName, String requestId) {
    return entities.customer(api.write("Customer",
        entities.customerBody(customer, displayName, null, null), requestId, "CreateCustomer"), "CreateCustomer");
  }

  /**
   * Sends a sparse update of the fields the customer has; the DisplayName stays.
   *
   * @param customer the customer, with a QuickBooks ref
   * @param options the idempotency key
   * @return the updated customer
   * @throws IllegalArgumentException if the customer has no QuickBooks ref
   */
  @Override
  public Customer updateCustomer(Customer customer, RequestOptions options) {
    ExternalRef ref = customer.refIn(QboApi.SYSTEM);
    if (ref == null) {
      throw new IllegalArgumentException("customer has no " + QboApi.SYSTEM + " ref to update");
    }
    String key = RequestIds.key(options, "customer-update:" + ref + ":" + customer.normalizedEmail() + ":"
        + customer.normalizedPhone() + ":" + customer.givenName() + ":" + customer.familyName());
    ObjectNode updated = api.update("Customer", ref.id(), key, "UpdateCustomer",
        current -> entities.customerBody(customer, null, null, null));
    return entities.customer(updated, "UpdateCustomer");
  }
}
