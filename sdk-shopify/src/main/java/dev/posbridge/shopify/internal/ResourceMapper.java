package dev.posbridge.shopify.internal;

import static dev.posbridge.shopify.internal.Nodes.list;
import static dev.posbridge.shopify.internal.Nodes.optInstant;
import static dev.posbridge.shopify.internal.Nodes.optText;
import static dev.posbridge.shopify.internal.Nodes.ref;
import static dev.posbridge.shopify.internal.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.model.Address;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.Consent;
import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Location;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.core.spi.AddressFields;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Maps Shopify inventory levels, customers, variants and locations to the canonical model. */
public final class ResourceMapper {

  private static final AddressFields ADDRESS = new AddressFields(
      "address1", "address2", "city", "provinceCode", "zip", "countryCode");

  private ResourceMapper() {}

  // ------------------------------------------------------------------ inventory

  /**
   * Maps the levels of one inventory item.
   *
   * @param item the item node ({@code id}, {@code sku})
   * @param levels its level nodes
   * @return one stock level per location
   */
  public static List<StockLevel> stockLevels(JsonNode item, List<JsonNode> levels) {
    try {
      ExternalRef itemRef = ref("inventory_item", text(item, "id"));
      String sku = optText(item, "sku");
      List<StockLevel> out = new ArrayList<>();
      for (JsonNode level : levels) {
        out.add(stockLevel(itemRef, sku, level));
      }
      return out;
    } catch (RuntimeException e) {
      throw OrderMapper.wrap("InventoryItems", "inventory item " + item.path("id").asText("?"), e);
    }
  }

  private static StockLevel stockLevel(ExternalRef item, @Nullable String sku, JsonNode level) {
    Map<String, BigDecimal> q = quantities(level);
    return new StockLevel(item, sku, ref("location", text(level.path("location"), "id")),
        q.get("on_hand"), q.get("available"), q.get("committed"), Nodes.instant(level, "updatedAt"));
  }

  /**
   * Reads a level's named quantities.
   *
   * @param level the level node
   * @return quantity name to value
   */
  public static Map<String, BigDecimal> quantities(JsonNode level) {
    Map<String, BigDecimal> q = new LinkedHashMap<>();
    for (JsonNode n : list(level.path("quantities"), "quantities")) {
      JsonNode v = n.path("quantity");
      if (!v.isIntegralNumber()) {
        throw new IllegalArgumentException("quantity " + n.path("name").asText() + " is not an integer");
      }
      q.put(text(n, "name"), v.decimalValue());
    }
    return q;
  }

  // ------------------------------------------------------------------ customers

  /**
   * Maps a customer.
   *
   * @param c the customer node
   * @param operation the operation, for exceptions
   * @return the customer
   */
  public static Customer customer(JsonNode c, String operation) {
    try {
      Customer.Builder b = Customer.builder()
          .putRef(ref("customer", text(c, "id")))
          .givenName(optText(c, "firstName"))
          .familyName(optText(c, "lastName"))
          .note(optText(c, "note"))
          .createdAt(optInstant(c, "createdAt"))
          .updatedAt(optInstant(c, "updatedAt"));
      JsonNode email = c.path("defaultEmailAddress");
      b.email(optText(email, "emailAddress"));
      b.emailMarketing(consent(optText(email, "marketingState")));
      JsonNode phone = c.path("defaultPhoneNumber");
      b.phone(optText(phone, "phoneNumber"));
      b.smsMarketing(consent(optText(phone.path("smsMarketingConsent"), "state")));
      JsonNode a = c.path("defaultAddress");
      if (a.isObject()) {
        b.companyName(optText(a, "company"));
        Address address = new Address(optText(a, "address1"), optText(a, "address2"),
            optText(a, "city"), optText(a, "provinceCode"), optText(a, "zip"),
            optText(a, "countryCodeV2"));
        if (!address.isEmpty()) {
          b.addAddress(address);
        }
      }
      return b.build();
    } catch (RuntimeException e) {
      throw OrderMapper.wrap(operation, "customer " + c.path("id").asText("?"), e);
    }
  }

  static Consent consent(@Nullable String state) {
    if (state == null) {
      return Consent.UNKNOWN;
    }
    return switch (state.toUpperCase(Locale.ROOT)) {
      case "SUBSCRIBED" -> Consent.OPTED_IN;
      case "UNSUBSCRIBED", "NOT_SUBSCRIBED", "NEVER_SUBSCRIBED" -> Consent.OPTED_OUT;
      default -> Consent.UNKNOWN;
    };
  }

  /**
   * Builds a {@code CustomerInput}.
   *
   * @param c the customer
   * @param id the Shopify GID for an update, {@code null} for a create
   * @return the input object
   */
  public static Map<String, Object> customerInput(Customer c, @Nullable String id) {
    Map<String, Object> in = new LinkedHashMap<>();
    if (id != null) {
      in.put("id", id);
    }
    putIfPresent(in, "firstName", c.givenName());
    putIfPresent(in, "lastName", c.familyName());
    putIfPresent(in, "email", c.email());
    putIfPresent(in, "phone", c.phone() == null ? null : c.normalizedPhone());
    putIfPresent(in, "note", c.note());
    if (c.email() != null && c.emailMarketing() != Consent.UNKNOWN) {
      Map<String, Object> consent = new LinkedHashMap<>();
      consent.put("marketingState", c.emailMarketing() == Consent.OPTED_IN ? "SUBSCRIBED" : "UNSUBSCRIBED");
      consent.put("marketingOptInLevel", "SINGLE_OPT_IN");
      in.put("emailMarketingConsent", consent);
    }
    if (c.phone() != null && c.smsMarketing() != Consent.UNKNOWN) {
      Map<String, Object> consent = new LinkedHashMap<>();
      consent.put("marketingState", c.smsMarketing() == Consent.OPTED_IN ? "SUBSCRIBED" : "UNSUBSCRIBED");
      consent.put("marketingOptInLevel", "SINGLE_OPT_IN");
      in.put("smsMarketingConsent", consent);
    }
    if (id == null && (!c.addresses().isEmpty() || c.companyName() != null)) {
      List<Map<String, Object>> addresses = new ArrayList<>();
      List<Address> source = c.addresses().isEmpty()
          ? List.of(new Address(null, null, null, null, null, null)) : c.addresses();
      for (Address a : source) {
        Map<String, Object> m = new LinkedHashMap<>(ADDRESS.of(a));
        putIfPresent(m, "company", c.companyName());
        putIfPresent(m, "firstName", c.givenName());
        putIfPresent(m, "lastName", c.familyName());
        addresses.add(m);
      }
      in.put("addresses", addresses);
    }
    return in;
  }

  private static void putIfPresent(Map<String, Object> m, String key, @Nullable Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  // ------------------------------------------------------------------ catalog and locations

  /**
   * Maps a product variant; {@code null} if it has no SKU (not addressable by SKU).
   *
   * @param v the variant node
   * @param currency the shop currency of {@code price}
   * @return the item, or {@code null}
   */
  public static @Nullable CatalogItem catalogItem(JsonNode v, Currency currency) {
    try {
      String sku = optText(v, "sku");
      if (sku == null) {
        return null;
      }
      List<ExternalRef> refs = new ArrayList<>();
      refs.add(ref("variant", text(v, "id")));
      String item = optText(v.path("inventoryItem"), "id");
      if (item != null) {
        refs.add(ref("inventory_item", item));
      }
      String product = optText(v.path("product"), "id");
      if (product != null) {
        refs.add(ref("product", product));
      }
      String name = optText(v, "displayName");
      if (name == null) {
        name = optText(v, "title");
      }
      String price = optText(v, "price");
      return new CatalogItem(sku, name == null ? sku : name,
          price == null ? null : Money.of(new BigDecimal(price), currency),
          optText(v, "barcode"), v.path("inventoryItem").path("tracked").asBoolean(false), refs);
    } catch (RuntimeException e) {
      throw OrderMapper.wrap("ProductVariants", "variant " + v.path("id").asText("?"), e);
    }
  }

  /**
   * Maps a location.
   *
   * @param l the location node
   * @return the location
   */
  public static Location location(JsonNode l) {
    try {
      JsonNode a = l.path("address");
      Address address = null;
      if (a.isObject()) {
        String country = optText(a, "countryCode");
        address = new Address(optText(a, "address1"), optText(a, "address2"), optText(a, "city"),
            optText(a, "provinceCode"), optText(a, "zip"),
            country == null ? null : country.toUpperCase(Locale.ROOT));
        if (address.isEmpty()) {
          address = null;
        }
      }
      String name = optText(l, "name");
      return new Location(ref("location", text(l, "id")), name == null ? "" : name, address, null,
          null, l.path("isActive").asBoolean(true));
    } catch (RuntimeException e) {
      throw OrderMapper.wrap("Locations", "location " + l.path("id").asText("?"), e);
    }
  }
}
