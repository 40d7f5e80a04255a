package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.model.Address;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.core.spi.AddressFields;
import dev.posbridge.core.spi.DataGuard;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Maps QBO Items and Customers to and from the canonical model. Thread-safe. */
public final class EntityMapper {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(dev.posbridge.core.Loggers.CONNECTOR);
  private static final AddressFields ADDRESS = new AddressFields(
      "Line1", "Line2", "City", "CountrySubDivisionCode", "PostalCode", "Country");

  /** Ref type of QBO Items. */
  public static final String ITEM = "Item";

  /** Ref type of QBO Customers. */
  public static final String CUSTOMER = "Customer";
  /** Ref type of the company, the one stock location QBO has. */
  public static final String COMPANY = "Company";
  /** The ref type of a booked SalesReceipt. */
  public static final String SALES_RECEIPT = "SalesReceipt";
  /** The ref type of a booked RefundReceipt. */
  public static final String REFUND_RECEIPT = "RefundReceipt";

  private final ObjectMapper json;
  private final Currency homeCurrency;
  private final ExternalRef companyLocation;

  /**
   * Creates the mapper.
   *
   * @param json creates nodes
   * @param homeCurrency the currency of item prices
   * @param realmId the company id, the stock location
   */
  public EntityMapper(ObjectMapper json, Currency homeCurrency, String realmId) {
    this.json = json;
    this.homeCurrency = homeCurrency;
    this.companyLocation = ExternalRef.of(QboApi.SYSTEM, COMPANY, realmId);
  }

  /** @return the location every QBO stock level is at: the company */
  public ExternalRef companyLocation() {
    return companyLocation;
  }

  /**
   * Builds the ref of an entity, with its SyncToken as version.
   *
   * @param type the entity name
   * @param entity the entity JSON
   * @param operation for errors
   * @return the ref
   */
  public static ExternalRef ref(String type, JsonNode entity, String operation) {
    return ExternalRef.of(QboApi.SYSTEM, type, Nodes.requireText(entity, "Id", operation))
        .withVersion(Nodes.text(entity, "SyncToken"));
  }

  /**
   * Maps an Item with a SKU.
   *
   * @param item the Item JSON
   * @param operation for errors
   * @return the catalog item, or {@code null} if the Item has no SKU (posbridge matches by SKU)
   */
  public @Nullable CatalogItem catalogItem(JsonNode item, String operation) {
    String sku = Nodes.text(item, "Sku");
    if (sku == null) {
      return null;
    }
    String name = Nodes.text(item, "Name");
    BigDecimal price = Nodes.amount(item, "UnitPrice", operation);
    Money money = null;
    if (price != null) {
      try {
        money = Money.of(price, homeCurrency);
      } catch (IllegalArgumentException e) {
        // QBO keeps unit prices below the currency's minor unit (0.0375); Money cannot hold them.
        LOG.warn("QuickBooks Item {} has unit price {} finer than {}; its catalog price is left empty",
            DataGuard.quote(Nodes.text(item, "Id")), DataGuard.describe(price), homeCurrency);
      }
    }
    try {
      return new CatalogItem(sku, name == null ? sku : name, money, null,
          Nodes.bool(item, "TrackQtyOnHand"), List.of(ref(ITEM, item, operation)));
    } catch (RuntimeException e) {
      throw QboApi.wrap(operation, "Item " + Nodes.text(item, "Id"), e);
    }
  }

  /**
   * Reads an Item's {@code QtyOnHand} strictly (a number within the model's quantity bounds).
   *
   * @param item the Item JSON
   * @param operation for errors
   * @return the quantity, or null when the Item has none
   * @throws dev.posbridge.core.InvalidResponseException if it is not a number or out of range
   */
  public static @Nullable BigDecimal quantityOnHand(JsonNode item, String operation) {
    return Nodes.quantity(item, "QtyOnHand", operation);
  }

  /**
   * Maps an inventory Item to its stock level.
   *
   * @param item the Item JSON
   * @param now the read time, used when the Item has no LastUpdatedTime
   * @param operation for errors
   * @return the level
   */
  public StockLevel stockLevel(JsonNode item, Instant now, String operation) {
    BigDecimal qty = Nodes.quantity(item, "QtyOnHand", operation);
    if (qty == null) {
      qty = BigDecimal.ZERO;
    }
    Instant asOf = Nodes.lastUpdated(item, operation);
    try {
      return new StockLevel(ref(ITEM, item, operation), Nodes.text(item, "Sku"), companyLocation,
          qty, null, null, asOf == null ? now : asOf);
    } catch (RuntimeException e) {
      throw QboApi.wrap(operation, "Item " + Nodes.text(item, "Id"), e);
    }
  }

  /**
   * Maps a QBO Customer.
   *
   * @param c the Customer JSON
   * @param operation for errors
   * @return the customer
   */
  public Customer customer(JsonNode c, String operation) {
    try {
      Customer.Builder b = Customer.builder()
          .putRef(ref(CUSTOMER, c, operation))
          .givenName(Nodes.text(c, "GivenName"))
          .familyName(Nodes.text(c, "FamilyName"))
          .companyName(Nodes.text(c, "CompanyName"))
          .email(Nodes.text(c.get("PrimaryEmailAddr"), "Address"))
          .phone(phone(c))
          .note(Nodes.text(c, "Notes"))
          .createdAt(Nodes.created(c, operation))
          .updatedAt(Nodes.lastUpdated(c, operation));
      Address bill = address(c.get("BillAddr"));
      if (bill != null) {
        b.addAddress(bill);
      }
      Address ship = address(c.get("ShipAddr"));
      if (ship != null && !ship.equals(bill)) {
        b.addAddress(ship);
      }
      Customer built;
      try {
        built = b.build();
      } catch (IllegalArgumentException noNames) {
        // A QBO customer may have only a DisplayName; keep it as the company name.
        built = b.companyName(Nodes.text(c, "DisplayName")).build();
      }
      return built;
    } catch (RuntimeException e) {
      throw QboApi.wrap(operation, "Customer " + Nodes.text(c, "Id"), e);
    }
  }

  private static @Nullable String phone(JsonNode c) {
    String p = Nodes.text(c.get("PrimaryPhone"), "FreeFormNumber");
    return p != null ? p : Nodes.text(c.get("Mobile"), "FreeFormNumber");
  }

  /**
   * Returns every phone number of a QBO customer, normalised to digits.
   *
   * @param c the Customer JSON
   * @return digits of PrimaryPhone and Mobile
   */
  public static List<String> phoneDigits(JsonNode c) {
    List<String> out = new ArrayList<>();
    for (String f : List.of("PrimaryPhone", "Mobile")) {
      String p = Nodes.text(c.get(f), "FreeFormNumber");
      if (p != null) {
        out.add(p.replaceAll("[^0-9]", ""));
      }
    }
    return out;
  }

  private static @Nullable Address address(@Nullable JsonNode a) {
    if (a == null || !a.isObject()) {
      return null;
    }
    String country = Nodes.text(a, "Country");
    if (country != null) {
      country = country.trim().toUpperCase(Locale.ROOT);
      if (country.equals("USA")) {
        country = "US";
      } else if (country.length() != 2) {
        country = null;
      }
    }
    Address addr = new Address(Nodes.text(a, "Line1"), Nodes.text(a, "Line2"), Nodes.text(a, "City"),
        Nodes.text(a, "CountrySubDivisionCode"), Nodes.text(a, "PostalCode"), country);
    return addr.isEmpty() ? null : addr;
  }

  /**
   * Builds a Customer body (create, or sparse update when id and sync token are given).
   *
   * @param c the customer
   * @param displayName the DisplayName to send, or {@code null} to leave it unchanged
   * @param id the Id for an update
   * @param syncToken the SyncToken for an update
   * @return the body
   */
  public ObjectNode customerBody(
      Customer c, @Nullable String displayName, @Nullable String id, @Nullable String syncToken) {
    ObjectNode body = json.createObjectNode();
    if (id != null) {
      body.put("Id", id);
      body.put("SyncToken", syncToken == null ? "0" : syncToken);
      body.put("sparse", true);
    }
    if (displayName != null) {
      body.put("DisplayName", displayName);
    }
    putIf(body, "GivenName", c.givenName());
    putIf(body, "FamilyName", c.familyName());
    putIf(body, "CompanyName", c.companyName());
    if (c.email() != null) {
      body.putObject("PrimaryEmailAddr").put("Address", c.email());
    }
    if (c.phone() != null) {
      body.putObject("PrimaryPhone").put("FreeFormNumber", c.phone());
    }
    if (!c.addresses().isEmpty()) {
      body.set("BillAddr", addressBody(c.addresses().get(0)));
      if (c.addresses().size() > 1) {
        body.set("ShipAddr", addressBody(c.addresses().get(1)));
      }
    }
    putIf(body, "Notes", c.note());
    return body;
  }

  private ObjectNode addressBody(Address a) {
    return ADDRESS.write(a, json.createObjectNode());
  }

  /**
   * Picks a DisplayName: unique across customers, vendors and employees in QBO, so the caller
   * adds a suffix on a clash. Colons (QBO's hierarchy separator) become dashes.
   *
   * @param c the customer
   * @return the name, at most 100 characters
   */
  public static String displayName(Customer c) {
    String name;
    if (c.givenName() != null || c.familyName() != null) {
      name = ((c.givenName() == null ? "" : c.givenName()) + " "
          + (c.familyName() == null ? "" : c.familyName())).trim();
    } else if (c.companyName() != null) {
      name = c.companyName();
    } else if (c.email() != null) {
      name = c.email();
    } else {
      name = String.valueOf(c.phone());
    }
    name = name.replace(':', '-');
    return name.length() <= 100 ? name : name.substring(0, 100);
  }

  private static void putIf(ObjectNode n, String field, @Nullable String value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  /**
   * Maps one CDC object (a full entity or a {@code Deleted} stub) to a change event.
   *
   * @param entity the entity name
   * @param obj the JSON
   * @param operation for errors
   * @return the event
   */
  public ChangeEvent changeEvent(String entity, ObjectNode obj, String operation) {
    ExternalRef subject = ref(entity, obj, operation);
    boolean deleted = "Deleted".equalsIgnoreCase(Nodes.text(obj, "status"));
    Instant at = Nodes.lastUpdated(obj, operation);
    if (at == null) {
      throw QboApi.invalid(operation, entity + " " + subject.id() + " has no LastUpdatedTime");
    }
    String eventId = dedupeKey(entity, obj);
    ChangeType type = changeType(entity);
    List<StockLevel> levels = List.of();
    Customer customer = null;
    if (!deleted && entity.equals("Item") && "Inventory".equals(Nodes.text(obj, "Type"))) {
      levels = List.of(stockLevel(obj, at, operation));
    }
    if (!deleted && entity.equals("Customer")) {
      customer = customer(obj, operation);
    }
    return new ChangeEvent(QboApi.SYSTEM, eventId, type,
        entity + (deleted ? ".Deleted" : ".Changed"), subject, deleted, at, null, null, levels, customer);
  }

  /**
   * The key CDC results are de-duplicated by: entity, Id and SyncToken (or the deletion).
   *
   * @param entity the entity name
   * @param obj the JSON
   * @return the key
   */
  public static String dedupeKey(String entity, JsonNode obj) {
    boolean deleted = "Deleted".equalsIgnoreCase(Nodes.text(obj, "status"));
    String token = deleted ? "deleted" : String.valueOf(Nodes.text(obj, "SyncToken"));
    return entity + "/" + Nodes.text(obj, "Id") + "/" + token;
  }

  /**
   * Maps an entity name to a change type.
   *
   * @param entity the QBO entity name
   * @return the type; {@code OTHER} for names posbridge does not model
   */
  public static ChangeType changeType(String entity) {
    return switch (entity) {
      case "SalesReceipt", "Invoice" -> ChangeType.SALE;
      case "RefundReceipt", "CreditMemo" -> ChangeType.REFUND;
      case "Payment" -> ChangeType.PAYMENT;
      case "Item" -> ChangeType.CATALOG;
      case "InventoryAdjustment" -> ChangeType.STOCK;
      case "Customer" -> ChangeType.CUSTOMER;
      default -> ChangeType.OTHER;
    };
  }
}
