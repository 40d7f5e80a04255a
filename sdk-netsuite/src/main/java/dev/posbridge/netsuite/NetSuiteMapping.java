package dev.posbridge.netsuite;

import dev.posbridge.core.model.TenderType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How canonical data lands in one NetSuite account: internal ids of items, locations, the
 * walk-in customer, subsidiary, department, class, GL accounts and payment methods, and which
 * record types record a sale.
 *
 * <p>Immutable and thread-safe. Items resolve by SKU through {@link Builder#item}, then the
 * connector's {@link NetSuiteConnector.Builder#idMap IdMap} (kind SKU, system {@code netsuite}),
 * then (unless {@link NetSuiteConnector.Builder#resolveSkus(boolean) turned off}) a SuiteQL lookup
 * of {@code item.itemid}; locations resolve by the source location id through
 * {@link Builder#location}, else {@link Builder#defaultLocation}.
 *
 * <pre>{@code
 * NetSuiteMapping mapping = NetSuiteMapping.builder()
 *     .subsidiary("1").defaultLocation("3").defaultCustomer("107")
 *     .item("MUG-01", "42").location("store-9", "3")
 *     .inventoryAdjustmentAccount("214")
 *     .build();
 * }</pre>
 */
public final class NetSuiteMapping {

  /** Which records a sale becomes. */
  public enum SalesRecordType {
    /** One {@code cashSale} per sale (the default): paid at the till. */
    CASH_SALE,
    /** A {@code salesOrder}, then an {@code invoice} transformed from it. */
    SALES_ORDER_AND_INVOICE
  }

  private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9_-]*");

  private final Map<String, String> items;
  private final Map<String, String> locations;
  private final @Nullable String defaultLocation;
  private final @Nullable String defaultCustomer;
  private final @Nullable String subsidiary;
  private final @Nullable String department;
  private final @Nullable String classification;
  private final @Nullable String salesAccount;
  private final @Nullable String refundAccount;
  private final @Nullable String inventoryAdjustmentAccount;
  private final Map<TenderType, String> paymentMethods;
  private final @Nullable String taxCode;
  private final @Nullable String nonTaxableTaxCode;
  private final java.util.Currency homeCurrency;
  private final Map<String, String> currencies;
  private final @Nullable String discountItem;
  private final @Nullable String chargeItem;
  private final SalesRecordType salesRecordType;
  private final String externalIdPrefix;

  private NetSuiteMapping(Builder b) {
    this.items = Map.copyOf(b.items);
    this.locations = Map.copyOf(b.locations);
    this.defaultLocation = b.defaultLocation;
    this.defaultCustomer = b.defaultCustomer;
    this.subsidiary = b.subsidiary;
    this.department = b.department;
    this.classification = b.classification;
    this.salesAccount = b.salesAccount;
    this.refundAccount = b.refundAccount;
    this.inventoryAdjustmentAccount = b.inventoryAdjustmentAccount;
    this.paymentMethods = b.paymentMethods.isEmpty() ? Map.of() : new EnumMap<>(b.paymentMethods);
    this.taxCode = b.taxCode;
    this.nonTaxableTaxCode = b.nonTaxableTaxCode;
    this.homeCurrency = b.homeCurrency;
    this.currencies = Map.copyOf(b.currencies);
    this.discountItem = b.discountItem;
    this.chargeItem = b.chargeItem;
    this.salesRecordType = b.salesRecordType;
    this.externalIdPrefix = b.externalIdPrefix;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this mapping's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.items.putAll(items);
    b.locations.putAll(locations);
    b.defaultLocation = defaultLocation;
    b.defaultCustomer = defaultCustomer;
    b.subsidiary = subsidiary;
    b.department = department;
    b.classification = classification;
    b.salesAccount = salesAccount;
    b.refundAccount = refundAccount;
    b.inventoryAdjustmentAccount = inventoryAdjustmentAccount;
    b.paymentMethods.putAll(paymentMethods);
    b.taxCode = taxCode;
    b.nonTaxableTaxCode = nonTaxableTaxCode;
    b.homeCurrency = homeCurrency;
    b.currencies.putAll(currencies);
    b.discountItem = discountItem;
    b.chargeItem = chargeItem;
    b.salesRecordType = salesRecordType;
    b.externalIdPrefix = externalIdPrefix;
    return b;
  }

  /** @return item internal ids by SKU */
  public Map<String, String> items() {
    return items;
  }

  /** @return NetSuite location ids by source location id */
  public Map<String, String> locations() {
    return locations;
  }

  /** @return the location used when a source location is not mapped, if any */
  public @Nullable String defaultLocation() {
    return defaultLocation;
  }

  /** @return the customer (entity) for sales without a mapped customer, if any */
  public @Nullable String defaultCustomer() {
    return defaultCustomer;
  }

  /** @return the subsidiary id (OneWorld), if any */
  public @Nullable String subsidiary() {
    return subsidiary;
  }

  /** @return the department id, if any */
  public @Nullable String department() {
    return department;
  }

  /** @return the class id, if any */
  public @Nullable String classification() {
    return classification;
  }

  /** @return the deposit account of cash sales ({@code account}), if any */
  public @Nullable String salesAccount() {
    return salesAccount;
  }

  /** @return the account cash refunds are paid from, if any */
  public @Nullable String refundAccount() {
    return refundAccount;
  }

  /** @return the GL account of inventory adjustments, if any */
  public @Nullable String inventoryAdjustmentAccount() {
    return inventoryAdjustmentAccount;
  }

  /** @return payment method ids by tender type */
  public Map<TenderType, String> paymentMethods() {
    return paymentMethods;
  }

  /** @return the tax code put on taxable item lines, if any */
  public @Nullable String taxCode() {
    return taxCode;
  }

  /** @return the tax code put on non-taxable item lines, if any (else {@link #taxCode()}) */
  public @Nullable String nonTaxableTaxCode() {
    return nonTaxableTaxCode;
  }

  /**
   * Returns the subsidiary's base (home) currency: documents in another currency carry a
   * {@code currency} and an {@code exchangeRate}.
   *
   * @return the home currency, USD unless set
   */
  public java.util.Currency homeCurrency() {
    return homeCurrency;
  }

  /**
   * Returns the internal id of a currency record.
   *
   * @param isoCode the ISO 4217 code
   * @return the id, or {@code null} if not mapped
   */
  public @Nullable String currencyId(String isoCode) {
    return currencies.get(isoCode);
  }

  /** @return the discount item for discounts, if any */
  public @Nullable String discountItem() {
    return discountItem;
  }

  /** @return the other-charge item for charges and tips, if any */
  public @Nullable String chargeItem() {
    return chargeItem;
  }

  /** @return which records a sale becomes */
  public SalesRecordType salesRecordType() {
    return salesRecordType;
  }

  /** @return the prefix of the external ids the connector derives */
  public String externalIdPrefix() {
    return externalIdPrefix;
  }

  @Override
  public String toString() {
    return "NetSuiteMapping[" + items.size() + " items, " + locations.size() + " locations, "
        + salesRecordType + "]";
  }

  /** Builds a {@link NetSuiteMapping}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> items = new LinkedHashMap<>();
    private final Map<String, String> locations = new LinkedHashMap<>();
    private @Nullable String defaultLocation;
    private @Nullable String defaultCustomer;
    private @Nullable String subsidiary;
    private @Nullable String department;
    private @Nullable String classification;
    private @Nullable String salesAccount;
    private @Nullable String refundAccount;
    private @Nullable String inventoryAdjustmentAccount;
    private final Map<TenderType, String> paymentMethods = new EnumMap<>(TenderType.class);
    private @Nullable String taxCode;
    private @Nullable String nonTaxableTaxCode;
    private java.util.Currency homeCurrency = java.util.Currency.getInstance("USD");
    private final Map<String, String> currencies = new LinkedHashMap<>();
    private @Nullable String discountItem;
    private @Nullable String chargeItem;
    private SalesRecordType salesRecordType = SalesRecordType.CASH_SALE;
    private String externalIdPrefix = "POS-";

    private Builder() {}

    private static String id(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value.trim();
    }

    private static @Nullable String optionalId(@Nullable String value, String name) {
      return value == null ? null : id(value, name);
    }

    /**
     * Maps a SKU to an item's internal id.
     *
     * @param sku the canonical SKU
     * @param itemId the NetSuite internal id
     * @return this builder
     */
    public Builder item(String sku, String itemId) {
      items.put(id(sku, "sku"), id(itemId, "itemId"));
      return this;
    }

    /**
     * Maps a source location id (the id in a sale's or stock change's location ref) to a NetSuite
     * location.
     *
     * @param sourceLocationId the source system's location id
     * @param locationId the NetSuite internal id
     * @return this builder
     */
    public Builder location(String sourceLocationId, String locationId) {
      locations.put(id(sourceLocationId, "sourceLocationId"), id(locationId, "locationId"));
      return this;
    }

    /**
     * Sets the location used when a source location is not mapped.
     *
     * @param value the NetSuite internal id, or {@code null}
     * @return this builder
     */
    public Builder defaultLocation(@Nullable String value) {
      this.defaultLocation = optionalId(value, "defaultLocation");
      return this;
    }

    /**
     * Sets the customer (e.g. a walk-in customer) for sales whose customer is not mapped.
     *
     * @param value the customer's internal id, or {@code null}
     * @return this builder
     */
    public Builder defaultCustomer(@Nullable String value) {
      this.defaultCustomer = optionalId(value, "defaultCustomer");
      return this;
    }

    /**
     * Sets the subsidiary (required in OneWorld accounts).
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder subsidiary(@Nullable String value) {
      this.subsidiary = optionalId(value, "subsidiary");
      return this;
    }

    /**
     * Sets the department.
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder department(@Nullable String value) {
      this.department = optionalId(value, "department");
      return this;
    }

    /**
     * Sets the class ({@code class} in NetSuite).
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder classification(@Nullable String value) {
      this.classification = optionalId(value, "classification");
      return this;
    }

    /**
     * Sets the account cash sales are deposited to ({@code account}); unset, NetSuite's default
     * (undeposited funds) applies.
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder salesAccount(@Nullable String value) {
      this.salesAccount = optionalId(value, "salesAccount");
      return this;
    }

    /**
     * Sets the account cash refunds are paid from.
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder refundAccount(@Nullable String value) {
      this.refundAccount = optionalId(value, "refundAccount");
      return this;
    }

    /**
     * Sets the GL account of inventory adjustments (required to apply stock changes).
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder inventoryAdjustmentAccount(@Nullable String value) {
      this.inventoryAdjustmentAccount = optionalId(value, "inventoryAdjustmentAccount");
      return this;
    }

    /**
     * Maps a tender type to a payment method; the first tender of a sale picks it.
     *
     * @param type the tender type
     * @param paymentMethodId the internal id
     * @return this builder
     */
    public Builder paymentMethod(TenderType type, String paymentMethodId) {
      if (type == null) {
        throw new IllegalArgumentException("type must not be null");
      }
      paymentMethods.put(type, id(paymentMethodId, "paymentMethodId"));
      return this;
    }

    /**
     * Sets the tax code put on every item line.
     *
     * @param value the internal id, or {@code null} to send none
     * @return this builder
     */
    public Builder taxCode(@Nullable String value) {
      this.taxCode = optionalId(value, "taxCode");
      return this;
    }

    /**
     * Sets the tax code for item lines that are not taxable (default: {@link #taxCode}).
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder nonTaxableTaxCode(@Nullable String value) {
      this.nonTaxableTaxCode = optionalId(value, "nonTaxableTaxCode");
      return this;
    }

    /**
     * Sets the subsidiary's base currency (default USD).
     *
     * @param value the currency
     * @return this builder
     */
    public Builder homeCurrency(java.util.Currency value) {
      this.homeCurrency = java.util.Objects.requireNonNull(value, "homeCurrency");
      return this;
    }

    /**
     * Maps an ISO currency code to the internal id of its NetSuite currency record.
     *
     * @param isoCode the ISO 4217 code, e.g. {@code CAD}
     * @param currencyId the internal id
     * @return this builder
     */
    public Builder currency(String isoCode, String currencyId) {
      currencies.put(id(isoCode, "isoCode").toUpperCase(java.util.Locale.ROOT), id(currencyId, "currencyId"));
      return this;
    }

    /**
     * Sets the discount item that carries every discount of a sale or refund (required when one
     * has a discount).
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder discountItem(@Nullable String value) {
      this.discountItem = optionalId(value, "discountItem");
      return this;
    }

    /**
     * Sets the other-charge item used for charges and tips (required when a sale has one).
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder chargeItem(@Nullable String value) {
      this.chargeItem = optionalId(value, "chargeItem");
      return this;
    }

    /**
     * Chooses the records a sale becomes (default {@link SalesRecordType#CASH_SALE}).
     *
     * @param value the record type choice
     * @return this builder
     */
    public Builder salesRecordType(SalesRecordType value) {
      if (value == null) {
        throw new IllegalArgumentException("salesRecordType must not be null");
      }
      this.salesRecordType = value;
      return this;
    }

    /**
     * Sets the prefix of derived external ids (default {@code POS-}); letters, digits, {@code _}
     * and {@code -} only.
     *
     * @param value the prefix
     * @return this builder
     */
    public Builder externalIdPrefix(String value) {
      if (value == null || !EXTERNAL_ID.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "externalIdPrefix must hold only letters, digits, _ and -: " + value);
      }
      this.externalIdPrefix = value;
      return this;
    }

    /**
     * Builds the mapping.
     *
     * @return the mapping
     */
    public NetSuiteMapping build() {
      return new NetSuiteMapping(this);
    }
  }
}
