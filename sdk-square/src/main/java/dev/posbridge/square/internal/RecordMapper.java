package dev.posbridge.square.internal;

import dev.posbridge.core.model.Address;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.Consent;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.StockLevel;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Maps Square customers, catalog objects, locations and inventory counts. */
public final class RecordMapper {

  private static final String SYSTEM = ExternalRef.SQUARE;

  private RecordMapper() {}

  /**
   * Maps a customer.
   *
   * @param c the customer
   * @param operation for error context
   * @return the canonical customer
   */
  public static Customer customer(Dto.SqCustomer c, String operation) {
    try {
      Customer.Builder b = Customer.builder()
          .putRef(new ExternalRef(SYSTEM, "customer", SalesMapper.require(c.id(), "id"),
              c.version() == null ? null : c.version().toString()))
          .givenName(c.givenName())
          .familyName(c.familyName())
          .companyName(c.companyName())
          .email(c.emailAddress())
          .phone(c.phoneNumber())
          .note(c.note())
          .createdAt(Convert.time(c.createdAt(), "created_at"))
          .updatedAt(Convert.time(c.updatedAt(), "updated_at"));
      if (c.address() != null) {
        Address a = address(c.address());
        if (!a.isEmpty()) {
          b.addAddress(a);
        }
      }
      if (c.preferences() != null && c.preferences().emailUnsubscribed() != null) {
        b.emailMarketing(c.preferences().emailUnsubscribed() ? Consent.OPTED_OUT : Consent.OPTED_IN);
      }
      return b.build();
    } catch (RuntimeException e) {
      throw SalesMapper.wrap("customer", operation, e);
    }
  }

  static Address address(Dto.SqAddress a) {
    String country = a.country();
    if (country != null && (country.length() != 2 || "ZZ".equals(country))) {
      country = null;
    }
    return new Address(a.addressLine1(), a.addressLine2(), a.locality(),
        a.administrativeDistrictLevel1(), a.postalCode(), country);
  }

  /**
   * Maps a canonical address.
   *
   * @param a the address
   * @return Square's address
   */
  public static Dto.SqAddress address(Address a) {
    return new Dto.SqAddress(a.line1(), a.line2(), a.city(), a.region(), a.postalCode(), a.countryCode(),
        null, null);
  }

  /**
   * Builds a create request (with an idempotency key) or an update request (with a version).
   *
   * @param c the customer
   * @param key the idempotency key of a create, or null
   * @param version the expected version of an update, or null
   * @return the request
   */
  public static Dto.CustomerRequest request(Customer c, @Nullable String key, @Nullable Long version) {
    return new Dto.CustomerRequest(key, c.givenName(), c.familyName(), c.companyName(), c.email(),
        c.phone(), c.addresses().isEmpty() ? null : address(c.addresses().get(0)), c.note(), version);
  }

  /**
   * Maps a location.
   *
   * @param l the location
   * @param operation for error context
   * @return the canonical location
   */
  public static Location location(Dto.SqLocation l, String operation) {
    try {
      ZoneId zone = l.timezone() == null ? null : ZoneId.of(l.timezone());
      Currency cur = l.currency() == null ? null : Money.currency(l.currency());
      Address a = l.address() == null ? null : address(l.address());
      return new Location(ExternalRef.of(SYSTEM, "location", SalesMapper.require(l.id(), "id")),
          SalesMapper.nz(l.name()), a == null || a.isEmpty() ? null : a, zone, cur,
          !"INACTIVE".equals(l.status()));
    } catch (RuntimeException e) {
      throw SalesMapper.wrap("location", operation, e);
    }
  }

  /**
   * Maps the variations of an ITEM (or a lone ITEM_VARIATION) that have a SKU.
   *
   * @param obj the catalog object
   * @param item the parent item, when {@code obj} is a variation and the item is known
   * @param operation for error context
   * @return the catalog items, one per variation with a SKU
   */
  public static List<CatalogItem> catalogItems(
      Dto.SqCatalogObject obj, Dto.@Nullable SqCatalogObject item, String operation) {
    List<CatalogItem> out = new ArrayList<>();
    try {
      if ("ITEM".equals(obj.type()) && obj.itemData() != null) {
        for (Dto.SqCatalogObject v : Convert.list(obj.itemData().variations())) {
          CatalogItem ci = variation(v, obj);
          if (ci != null) {
            out.add(ci);
          }
        }
      } else if ("ITEM_VARIATION".equals(obj.type())) {
        CatalogItem ci = variation(obj, item);
        if (ci != null) {
          out.add(ci);
        }
      }
    } catch (RuntimeException e) {
      throw SalesMapper.wrap("catalog object", operation, e);
    }
    return out;
  }

  private static @Nullable CatalogItem variation(Dto.SqCatalogObject v, Dto.@Nullable SqCatalogObject item) {
    Dto.SqVariationData d = v.itemVariationData();
    if (d == null || d.sku() == null || d.sku().isBlank() || Boolean.TRUE.equals(v.isDeleted())) {
      return null;
    }
    String itemName = item != null && item.itemData() != null ? item.itemData().name() : null;
    String name = itemName == null ? SalesMapper.nz(d.name())
        : d.name() == null || d.name().isBlank() ? itemName : itemName + " (" + d.name() + ")";
    Money price = d.priceMoney() == null || d.priceMoney().amount() == null ? null
        : Money.ofMinor(d.priceMoney().amount(), Money.currency(d.priceMoney().currency()));
    List<ExternalRef> refs = new ArrayList<>();
    refs.add(new ExternalRef(SYSTEM, "item_variation", SalesMapper.require(v.id(), "id"),
        v.version() == null ? null : v.version().toString()));
    String itemId = d.itemId() != null ? d.itemId() : item == null ? null : item.id();
    if (itemId != null) {
      refs.add(ExternalRef.of(SYSTEM, "item", itemId));
    }
    return new CatalogItem(d.sku(), name, price, d.upc(), Boolean.TRUE.equals(d.trackInventory()), refs);
  }

  /**
   * Maps an inventory count.
   *
   * @param c the count
   * @param sku the SKU when known
   * @param operation for error context
   * @return the stock level (on hand = the IN_STOCK quantity)
   */
  public static StockLevel stockLevel(Dto.SqInventoryCount c, @Nullable String sku, String operation) {
    try {
      Instant asOf = SalesMapper.require(Convert.time(c.calculatedAt(), "calculated_at"), "calculated_at");
      return new StockLevel(
          ExternalRef.of(SYSTEM, "item_variation", SalesMapper.require(c.catalogObjectId(), "catalog_object_id")),
          sku, ExternalRef.of(SYSTEM, "location", SalesMapper.require(c.locationId(), "location_id")),
          Convert.quantity(c.quantity(), "quantity"), null, null, asOf);
    } catch (RuntimeException e) {
      throw SalesMapper.wrap("inventory count", operation, e);
    }
  }
}
