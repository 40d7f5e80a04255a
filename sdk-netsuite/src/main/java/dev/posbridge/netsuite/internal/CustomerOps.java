package dev.posbridge.netsuite.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.Address;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.spi.AddressFields;
import dev.posbridge.core.spi.Json;
import dev.posbridge.core.spi.VendorConnector;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Customers: SuiteQL lookups by email and phone, upsert by external id, PATCH updates. */
public final class CustomerOps implements VendorConnector.Customers {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final AddressFields ADDRESS =
      new AddressFields("addr1", "addr2", "city", "state", "zip", "country");
  private static final String COLUMNS = "SELECT id, entityid, companyname, firstname, lastname, email, "
      + "phone, isperson, externalid, TO_CHAR(lastmodifieddate," + Times.MASK + ") AS lmd FROM customer";

  private final Settings s;

  /**
   * Creates the operations.
   *
   * @param settings the shared settings
   */
  public CustomerOps(Settings settings) {
    this.s = settings;
  }

  /**
   * Finds by email, case-insensitively.
   *
   * @param email the email
   * @return the first match by id
   */
  @Override
  public Optional<Customer> findCustomerByEmail(String email) {
    return first("FindCustomerByEmail", COLUMNS + " WHERE LOWER(email) = "
        + NetSuiteApi.quote(email.trim().toLowerCase(Locale.ROOT)) + " ORDER BY id");
  }

  /**
   * Finds by exact phone.
   *
   * @param phone the phone
   * @return the first match by id
   */
  @Override
  public Optional<Customer> findCustomerByPhone(String phone) {
    return first("FindCustomerByPhone", COLUMNS + " WHERE phone = " + NetSuiteApi.quote(phone.trim())
        + " ORDER BY id");
  }

  private Optional<Customer> first(String op, String sql) {
    List<Map<String, String>> rows = s.api().suiteql(op, sql, 1, 0).items();
    return rows.isEmpty() ? Optional.empty() : Optional.of(fromRow(op, rows.get(0)));
  }

  Customer fromRow(String op, Map<String, String> row) {
    try {
      String id = row.get("id");
      if (id == null) {
        throw new IllegalArgumentException("missing id");
      }
      return Customer.builder()
          .putRef(ExternalRef.of(NetSuiteApi.SYSTEM, "customer", id))
          .givenName(row.get("firstname")).familyName(row.get("lastname"))
          .companyName(row.get("companyname")).email(row.get("email")).phone(row.get("phone"))
          .updatedAt(Times.parse(row.get("lmd"), s.zone()))
          .build();
    } catch (RuntimeException e) {
      throw NetSuiteApi.wrap(op, "customer row", e);
    }
  }

  /**
   * Reads a customer record by internal id.
   *
   * @param ref the NetSuite ref
   * @return the customer, or empty
   */
  @Override
  public Optional<Customer> findCustomerByRef(ExternalRef ref) {
    if (!ref.system().equals(NetSuiteApi.SYSTEM)) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromRecord("GetCustomer", s.api().get("GetCustomer", "customer", ref.id())));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  Customer fromRecord(String op, JsonNode n) {
    try {
      Customer.Builder b = Customer.builder()
          .putRef(ExternalRef.of(NetSuiteApi.SYSTEM, "customer", text(n, "id")))
          .givenName(opt(n, "firstName")).familyName(opt(n, "lastName"))
          .companyName(opt(n, "companyName")).email(opt(n, "email")).phone(opt(n, "phone"));
      String created = opt(n, "dateCreated");
      String modified = opt(n, "lastModifiedDate");
      b.createdAt(created == null ? null : java.time.OffsetDateTime.parse(created).toInstant());
      b.updatedAt(modified == null ? null : java.time.OffsetDateTime.parse(modified).toInstant());
      for (JsonNode line : n.path("addressBook").path("items")) {
        JsonNode a = line.path("addressBookAddress");
        if (a.isObject()) {
          b.addAddress(new Address(opt(a, "addr1"), opt(a, "addr2"), opt(a, "city"), opt(a, "state"),
              opt(a, "zip"), countryCode(opt(a, "country"))));
        }
      }
      return b.build();
    } catch (RuntimeException e) {
      throw NetSuiteApi.wrap(op, "customer record", e);
    }
  }

  private static @Nullable String countryCode(@Nullable String country) {
    if (country == null) {
      return null;
    }
    // NetSuite sends the ISO code ("US"), sometimes as an object {"id":"US","refName":..}.
    return country.toUpperCase(Locale.ROOT);
  }

  private static String text(JsonNode n, String field) {
    String v = opt(n, field);
    if (v == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v;
  }

  private static @Nullable String opt(JsonNode n, String field) {
    String t = Json.idOrValue(n, field);
    return t == null || t.isBlank() ? null : t;
  }

  /**
   * Creates by external-id upsert. The external id is the customer's canonical id when it has
   * one, else the idempotency key, else a random one.
   *
   * @param customer the customer
   * @param options the idempotency key
   * @return the stored customer
   */
  @Override
  public Customer createCustomer(Customer customer, RequestOptions options) {
    String op = "CreateCustomer";
    ExternalRef canonical = customer.refIn(ExternalRef.CANONICAL);
    String basis = canonical != null ? canonical.id()
        : options.idempotencyKey() != null ? options.idempotencyKey() : UUID.randomUUID().toString();
    String eid = ExternalIds.of(s.mapping().externalIdPrefix(), "C", basis);
    ObjectNode body = body(customer);
    body.put("externalId", eid);
    String id = s.api().upsert(op, "customer", eid, body, "addressBook");
    return withNetSuite(customer, id);
  }

  /**
   * Updates the customer named by its NetSuite ref (NetSuite has no version check).
   *
   * @param customer the customer
   * @param options the options
   * @return the stored customer
   */
  @Override
  public Customer updateCustomer(Customer customer, RequestOptions options) {
    String op = "UpdateCustomer";
    ExternalRef ref = customer.refIn(NetSuiteApi.SYSTEM);
    if (ref == null) {
      throw Resolver.invalid(op, "refs", "MISSING_REF", "the customer has no NetSuite ref");
    }
    String key = options.idempotencyKey() != null ? options.idempotencyKey() : "customer:" + ref.id();
    s.api().patch(op, "customer", ref.id(), body(customer), key);
    return withNetSuite(customer, ref.id());
  }

  private Customer withNetSuite(Customer customer, String id) {
    Optional<Customer> stored = findCustomerByRef(ExternalRef.of(NetSuiteApi.SYSTEM, "customer", id));
    Customer.Builder b = customer.toBuilder().putRef(ExternalRef.of(NetSuiteApi.SYSTEM, "customer", id));
    stored.ifPresent(c -> b.createdAt(c.createdAt()).updatedAt(c.updatedAt()));
    return b.build();
  }

  private ObjectNode body(Customer c) {
    ObjectNode body = F.objectNode();
    boolean person = c.companyName() == null;
    body.put("isPerson", person);
    if (c.givenName() != null) {
      body.put("firstName", c.givenName());
    }
    if (c.familyName() != null) {
      body.put("lastName", c.familyName());
    }
    if (c.companyName() != null) {
      body.put("companyName", c.companyName());
    }
    if (person && c.givenName() == null && c.familyName() == null) {
      // NetSuite needs a name for a person: fall back to the email or phone.
      body.put("lastName", c.email() != null ? c.email() : String.valueOf(c.phone()));
    }
    if (c.email() != null) {
      body.put("email", c.email());
    }
    if (c.phone() != null) {
      body.put("phone", c.phone());
    }
    if (s.mapping().subsidiary() != null) {
      body.set("subsidiary", SalesWriter.ref(s.mapping().subsidiary()));
    }
    if (!c.addresses().isEmpty()) {
      ArrayNode items = F.arrayNode();
      for (Address a : c.addresses()) {
        items.addObject().set("addressBookAddress", ADDRESS.write(a, F.objectNode()));
      }
      body.set("addressBook", F.objectNode().set("items", items));
    }
    return body;
  }
}
