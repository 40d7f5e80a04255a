package dev.posbridge.core.sync;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An in-memory customer store keyed by this system's id. */
final class FakeCustomers implements CustomerConnector {

  private final String system;
  private final Map<String, Customer> byId = new LinkedHashMap<>();
  private int writes;

  FakeCustomers(String system) {
    this.system = system;
  }

  synchronized void put(Customer c) {
    ExternalRef ref = c.refIn(system);
    byId.put(ref == null ? "C" + (byId.size() + 1) : ref.id(), c);
  }

  @Override
  public synchronized Optional<Customer> findCustomerByEmail(String email) {
    return byId.values().stream().filter(c -> email.equalsIgnoreCase(c.email())).findFirst();
  }

  @Override
  public synchronized Optional<Customer> findCustomerByPhone(String phone) {
    return byId.values().stream().filter(c -> phone.equals(c.phone())).findFirst();
  }

  @Override
  public synchronized Optional<Customer> findCustomerByRef(ExternalRef ref) {
    return Optional.ofNullable(byId.get(ref.id()));
  }

  @Override
  public synchronized Customer createCustomer(Customer customer, RequestOptions options) {
    writes++;
    String id = "C" + (byId.size() + 1);
    Customer stored = customer.toBuilder().putRef(ExternalRef.of(system, "customer", id)).build();
    byId.put(id, stored);
    return stored;
  }

  @Override
  public synchronized Customer updateCustomer(Customer customer, RequestOptions options) {
    writes++;
    ExternalRef ref = customer.refIn(system);
    byId.put(ref == null ? "?" : ref.id(), customer);
    return customer;
  }

  synchronized Map<String, Customer> all() {
    return Map.copyOf(byId);
  }

  synchronized int writes() {
    return writes;
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.CUSTOMERS);
  }

  @Override
  public void close() {}
}
