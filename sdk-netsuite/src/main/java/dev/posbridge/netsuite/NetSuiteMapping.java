package dev.posbridge.netsuite;

import dev.posbridge.core.spi.BooksMapping;
import dev.posbridge.core.spi.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How canonical data lands in one NetSuite account: internal ids of items, locations, the
 * walk-in customer, subsidiary, department, class, GL accounts and payment methods, and which
 * record types record a sale.
 *
 * <p>The values every books connector shares come from {@link BooksMapping}: the
 * {@linkplain #inventoryAdjustmentAccount() inventory adjustment account} is required to apply
 * stock changes, the {@linkplain #chargeItem() charge item} (an other-charge item) when a sale
 * has a charge or a tip; the first tender of a sale picks its
 * {@linkplain #paymentMethods() payment method}; a line without tax gets the
 * {@linkplain #nonTaxableTaxCode() non-taxable tax code}, else the {@linkplain #taxCode() tax
 * code}, and {@code null} sends none.
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
public final class NetSuiteMapping extends BooksMapping {

  /** Which records a sale becomes. */
  public enum SalesRecordType {
    /** One {@code cashSale} per sale (the default): paid at the till. */
    CASH_SALE,
    /** A {@code salesOrder}, then an {@code invoice} transformed from it. */
    SALES_ORDER_AND_INVOICE
  }

  private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9_-]*");

  private final Builder values;

  private NetSuiteMapping(Builder values) {
    super(values);
    this.values = values;
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
    return new Builder(values);
  }

  /** @return item internal ids by SKU */
  public Map<String, String> items() {
    return Collections.unmodifiableMap(values.items);
  }

  /** @return NetSuite location ids by source location id */
  public Map<String, String> locations() {
    return Collections.unmodifiableMap(values.locations);
  }

  /** @return the location used when a source location is not mapped, if any */
  public @Nullable String defaultLocation() {
    return idOf("defaultLocation");
  }

  /** @return the subsidiary id (OneWorld), if any */
  public @Nullable String subsidiary() {
    return idOf("subsidiary");
  }

  /** @return the department id, if any */
  public @Nullable String department() {
    return idOf("department");
  }

  /** @return the class id, if any */
  public @Nullable String classification() {
    return idOf("classification");
  }

  /** @return the deposit account of cash sales ({@code account}), if any */
  public @Nullable String salesAccount() {
    return idOf("salesAccount");
  }

  /** @return the account cash refunds are paid from, if any */
  public @Nullable String refundAccount() {
    return idOf("refundAccount");
  }

  /**
   * Returns the internal id of a currency record.
   *
   * @param isoCode the ISO 4217 code
   * @return the id, or {@code null} if not mapped
   */
  public @Nullable String currencyId(String isoCode) {
    return values.currencies.get(isoCode);
  }

  /** @return the discount item for discounts, if any */
  public @Nullable String discountItem() {
    return idOf("discountItem");
  }

  /** @return which records a sale becomes */
  public SalesRecordType salesRecordType() {
    return values.salesRecordType;
  }

  /** @return the prefix of the external ids the connector derives */
  public String externalIdPrefix() {
    return values.externalIdPrefix;
  }

  @Override
  public String toString() {
    return "NetSuiteMapping[" + values.items.size() + " items, " + values.locations.size() + " locations, "
        + values.salesRecordType + "]";
  }

  /**
   * Builds a {@link NetSuiteMapping}; the mapping keeps a private copy of the builder's values.
   * Not thread-safe.
   */
  public static final class Builder extends BooksMapping.Builder<Builder> {
    private final Map<String, String> items = new LinkedHashMap<>();
    private final Map<String, String> locations = new LinkedHashMap<>();
    private final Map<String, String> currencies = new LinkedHashMap<>();
    private SalesRecordType salesRecordType = SalesRecordType.CASH_SALE;
    private String externalIdPrefix = "POS-";

    private Builder() {}

    private Builder(Builder from) {
      super(from);
      items.putAll(from.items);
      locations.putAll(from.locations);
      currencies.putAll(from.currencies);
      salesRecordType = from.salesRecordType;
      externalIdPrefix = from.externalIdPrefix;
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
      return setId("defaultLocation", value);
    }

    /**
     * Sets the subsidiary (required in OneWorld accounts).
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder subsidiary(@Nullable String value) {
      return setId("subsidiary", value);
    }

    /**
     * Sets the department.
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder department(@Nullable String value) {
      return setId("department", value);
    }

    /**
     * Sets the class ({@code class} in NetSuite).
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder classification(@Nullable String value) {
      return setId("classification", value);
    }

    /**
     * Sets the account cash sales are deposited to ({@code account}); unset, NetSuite's default
     * (undeposited funds) applies.
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder salesAccount(@Nullable String value) {
      return setId("salesAccount", value);
    }

    /**
     * Sets the account cash refunds are paid from.
     *
     * @param value the internal id, or {@code null}
     * @return this builder
     */
    public Builder refundAccount(@Nullable String value) {
      return setId("refundAccount", value);
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
      return setId("discountItem", value);
    }

    /**
     * Chooses the records a sale becomes (default {@link SalesRecordType#CASH_SALE}).
     *
     * @param value the record type choice
     * @return this builder
     */
    public Builder salesRecordType(SalesRecordType value) {
      this.salesRecordType = Checks.notNull(value, "salesRecordType");
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
      return new NetSuiteMapping(new Builder(this));
    }
  }
}
