package dev.posbridge.quickbooks;

import dev.posbridge.core.model.TenderType;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How POS data lands in a QuickBooks Online company's books: which payment method and deposit
 * account each tender type uses, which tax codes lines carry, where discounts go, which customer
 * anonymous sales use, and the time zone that decides a receipt's {@code TxnDate}. All ids are
 * QBO entity ids of the connected company (PaymentMethod, Account, TaxCode, Customer, Item).
 *
 * <p>Immutable and thread-safe. Defaults: line tax codes {@code TAX}/{@code NON} (US companies),
 * no transaction tax code, time zone UTC, home currency USD, stock changes as sparse Item updates.
 *
 * <pre>{@code
 * QuickBooksMapping mapping = QuickBooksMapping.builder()
 *     .defaultDepositAccount("35")                      // Undeposited Funds
 *     .paymentMethod(TenderType.CASH, "1").paymentMethod(TenderType.CARD, "3")
 *     .depositAccount(TenderType.CARD, "36")
 *     .txnTaxCode("2")
 *     .discountAccount("86")
 *     .timeZone(ZoneId.of("America/Chicago"))
 *     .build();
 * }</pre>
 */
public final class QuickBooksMapping {

  private final Map<TenderType, String> paymentMethods;
  private final Map<TenderType, String> depositAccounts;
  private final String defaultDepositAccount;
  private final @Nullable String defaultPaymentMethod;
  private final @Nullable String taxableTaxCode;
  private final @Nullable String nonTaxableTaxCode;
  private final @Nullable String txnTaxCode;
  private final @Nullable String discountAccount;
  private final @Nullable String defaultCustomer;
  private final @Nullable String chargeItem;
  private final @Nullable String refundItem;
  private final @Nullable String inventoryAdjustmentAccount;
  private final ZoneId timeZone;
  private final Map<String, ZoneId> locationTimeZones;
  private final Currency homeCurrency;
  private final Map<String, String> taxRates;

  private QuickBooksMapping(Builder b) {
    this.paymentMethods = Map.copyOf(b.paymentMethods);
    this.depositAccounts = Map.copyOf(b.depositAccounts);
    this.defaultDepositAccount = Objects.requireNonNull(b.defaultDepositAccount);
    this.defaultPaymentMethod = b.defaultPaymentMethod;
    this.taxableTaxCode = b.taxableTaxCode;
    this.nonTaxableTaxCode = b.nonTaxableTaxCode;
    this.txnTaxCode = b.txnTaxCode;
    this.discountAccount = b.discountAccount;
    this.defaultCustomer = b.defaultCustomer;
    this.chargeItem = b.chargeItem;
    this.refundItem = b.refundItem;
    this.inventoryAdjustmentAccount = b.inventoryAdjustmentAccount;
    this.timeZone = b.timeZone;
    this.locationTimeZones = Map.copyOf(b.locationTimeZones);
    this.homeCurrency = b.homeCurrency;
    this.taxRates = Map.copyOf(b.taxRates);
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
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.paymentMethods.putAll(paymentMethods);
    b.depositAccounts.putAll(depositAccounts);
    b.defaultDepositAccount = defaultDepositAccount;
    b.defaultPaymentMethod = defaultPaymentMethod;
    b.taxableTaxCode = taxableTaxCode;
    b.nonTaxableTaxCode = nonTaxableTaxCode;
    b.txnTaxCode = txnTaxCode;
    b.discountAccount = discountAccount;
    b.defaultCustomer = defaultCustomer;
    b.chargeItem = chargeItem;
    b.refundItem = refundItem;
    b.inventoryAdjustmentAccount = inventoryAdjustmentAccount;
    b.timeZone = timeZone;
    b.locationTimeZones.putAll(locationTimeZones);
    b.homeCurrency = homeCurrency;
    b.taxRates.putAll(taxRates);
    return b;
  }

  /**
   * Returns the PaymentMethod id for a tender type.
   *
   * @param type the tender type
   * @return the id, falling back to the default payment method; {@code null} sends none
   */
  public @Nullable String paymentMethodFor(TenderType type) {
    return paymentMethods.getOrDefault(type, defaultPaymentMethod);
  }

  /**
   * Returns the deposit Account id for a tender type: where a sale's money goes, and the account
   * a refund is paid from.
   *
   * @param type the tender type
   * @return the id, falling back to the default deposit account
   */
  public String depositAccountFor(TenderType type) {
    return depositAccounts.getOrDefault(type, defaultDepositAccount);
  }

  /** @return the TaxCode for taxable lines ({@code TAX} by default), or {@code null} for none */
  public @Nullable String taxableTaxCode() {
    return taxableTaxCode;
  }

  /** @return the TaxCode for lines without tax ({@code NON} by default), or {@code null} */
  public @Nullable String nonTaxableTaxCode() {
    return nonTaxableTaxCode;
  }

  /** @return the TaxCode id sent as {@code TxnTaxDetail.TxnTaxCodeRef}, or {@code null} */
  public @Nullable String txnTaxCode() {
    return txnTaxCode;
  }

  /** @return the Account id discounts post to, or {@code null} for the company default */
  public @Nullable String discountAccount() {
    return discountAccount;
  }

  /** @return the Customer id for sales without a mapped customer, or {@code null} for none */
  public @Nullable String defaultCustomer() {
    return defaultCustomer;
  }

  /** @return the Item id that carries tips and charges (service, delivery, ...), or {@code null} */
  public @Nullable String chargeItem() {
    return chargeItem;
  }

  /** @return the Item id for refunds without lines, or {@code null} */
  public @Nullable String refundItem() {
    return refundItem;
  }

  /**
   * Returns the Account id that InventoryAdjustments post to. When set, stock changes are posted
   * as InventoryAdjustments (US companies on QBO Plus or Advanced); when absent, as sparse Item
   * updates of {@code QtyOnHand}, which every company accepts.
   *
   * @return the account id, or {@code null}
   */
  public @Nullable String inventoryAdjustmentAccount() {
    return inventoryAdjustmentAccount;
  }

  /**
   * Returns the zone whose calendar date becomes a receipt's {@code TxnDate}.
   *
   * @param locationId the POS location id, or {@code null}
   * @return the location's zone, else the default zone
   */
  public ZoneId timeZoneFor(@Nullable String locationId) {
    return locationId == null ? timeZone : locationTimeZones.getOrDefault(locationId, timeZone);
  }

  /**
   * Returns the TaxRate id sent as {@code TaxRateRef} for a tax of this name.
   *
   * @param taxName the canonical tax line's name
   * @return the TaxRate id, or {@code null} to send the rate without a reference
   */
  public @Nullable String taxRateFor(String taxName) {
    return taxRates.get(taxName);
  }

  /** @return the company's home currency, for item prices */
  public Currency homeCurrency() {
    return homeCurrency;
  }

  @Override
  public String toString() {
    return "QuickBooksMapping[paymentMethods=" + paymentMethods + ", depositAccounts="
        + depositAccounts + ", defaultDepositAccount=" + defaultDepositAccount + ", txnTaxCode="
        + txnTaxCode + ", timeZone=" + timeZone + "]";
  }

  /** Builds an {@link QuickBooksMapping}. Not thread-safe. */
  public static final class Builder {
    private final Map<TenderType, String> paymentMethods = new EnumMap<>(TenderType.class);
    private final Map<TenderType, String> depositAccounts = new EnumMap<>(TenderType.class);
    private @Nullable String defaultDepositAccount;
    private @Nullable String defaultPaymentMethod;
    private @Nullable String taxableTaxCode = "TAX";
    private @Nullable String nonTaxableTaxCode = "NON";
    private @Nullable String txnTaxCode;
    private @Nullable String discountAccount;
    private @Nullable String defaultCustomer;
    private @Nullable String chargeItem;
    private @Nullable String refundItem;
    private @Nullable String inventoryAdjustmentAccount;
    private ZoneId timeZone = ZoneOffset.UTC;
    private final Map<String, ZoneId> locationTimeZones = new HashMap<>();
    private Currency homeCurrency = Currency.getInstance("USD");
    private final Map<String, String> taxRates = new java.util.HashMap<>();

    private Builder() {}

    /**
     * Maps a tender type to a PaymentMethod.
     *
     * @param type the tender type
     * @param paymentMethodId the PaymentMethod id
     * @return this builder
     */
    public Builder paymentMethod(TenderType type, String paymentMethodId) {
      paymentMethods.put(Objects.requireNonNull(type, "type"), id("paymentMethodId", paymentMethodId));
      return this;
    }

    /**
     * Sets the PaymentMethod for tender types without their own.
     *
     * @param paymentMethodId the id, or {@code null} to send none
     * @return this builder
     */
    public Builder defaultPaymentMethod(@Nullable String paymentMethodId) {
      this.defaultPaymentMethod = nullableId("defaultPaymentMethod", paymentMethodId);
      return this;
    }

    /**
     * Maps a tender type to a deposit Account.
     *
     * @param type the tender type
     * @param accountId the Account id
     * @return this builder
     */
    public Builder depositAccount(TenderType type, String accountId) {
      depositAccounts.put(Objects.requireNonNull(type, "type"), id("accountId", accountId));
      return this;
    }

    /**
     * Sets the deposit Account for tender types without their own. Required.
     *
     * @param accountId the Account id, e.g. Undeposited Funds
     * @return this builder
     */
    public Builder defaultDepositAccount(String accountId) {
      this.defaultDepositAccount = id("defaultDepositAccount", accountId);
      return this;
    }

    /**
     * Sets the line TaxCodes for taxable and non-taxable lines.
     *
     * @param taxable for lines with tax, e.g. {@code TAX} (US) or a GST TaxCode id; {@code null}
     *     sends none
     * @param nonTaxable for lines without tax, e.g. {@code NON}; {@code null} sends none
     * @return this builder
     */
    public Builder lineTaxCodes(@Nullable String taxable, @Nullable String nonTaxable) {
      this.taxableTaxCode = nullableId("taxable", taxable);
      this.nonTaxableTaxCode = nullableId("nonTaxable", nonTaxable);
      return this;
    }

    /**
     * Sets the TaxCode id sent as {@code TxnTaxDetail.TxnTaxCodeRef} (US sales tax rate).
     *
     * @param taxCodeId the id, or {@code null}
     * @return this builder
     */
    public Builder txnTaxCode(@Nullable String taxCodeId) {
      this.txnTaxCode = nullableId("txnTaxCode", taxCodeId);
      return this;
    }

    /**
     * Sets the Account discounts post to.
     *
     * @param accountId the id, or {@code null} for the company default
     * @return this builder
     */
    public Builder discountAccount(@Nullable String accountId) {
      this.discountAccount = nullableId("discountAccount", accountId);
      return this;
    }

    /**
     * Sets the Customer for sales without a mapped customer.
     *
     * @param customerId the id, or {@code null} to send none
     * @return this builder
     */
    public Builder defaultCustomer(@Nullable String customerId) {
      this.defaultCustomer = nullableId("defaultCustomer", customerId);
      return this;
    }

    /**
     * Sets the Item that carries tips and charges. Sales with tips or charges fail validation
     * without one.
     *
     * @param itemId the id, or {@code null}
     * @return this builder
     */
    public Builder chargeItem(@Nullable String itemId) {
      this.chargeItem = nullableId("chargeItem", itemId);
      return this;
    }

    /**
     * Sets the Item for refunds without lines.
     *
     * @param itemId the id, or {@code null}
     * @return this builder
     */
    public Builder refundItem(@Nullable String itemId) {
      this.refundItem = nullableId("refundItem", itemId);
      return this;
    }

    /**
     * Posts stock changes as InventoryAdjustments to this Account (QBO Plus/Advanced, US only).
     *
     * @param accountId the adjustment Account id, or {@code null} to use sparse Item updates
     * @return this builder
     */
    public Builder inventoryAdjustmentAccount(@Nullable String accountId) {
      this.inventoryAdjustmentAccount = nullableId("inventoryAdjustmentAccount", accountId);
      return this;
    }

    /**
     * Sets the default zone for {@code TxnDate}.
     *
     * @param zone the zone
     * @return this builder
     */
    public Builder timeZone(ZoneId zone) {
      this.timeZone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Sets a POS location's zone for {@code TxnDate}.
     *
     * @param locationId the location id ({@code Sale.location().id()})
     * @param zone the zone
     * @return this builder
     */
    public Builder locationTimeZone(String locationId, ZoneId zone) {
      locationTimeZones.put(id("locationId", locationId), Objects.requireNonNull(zone, "zone"));
      return this;
    }

    /**
     * Maps a canonical tax name (e.g. {@code "QST"}) to the TaxRate id sent as {@code TaxRateRef}
     * in {@code TxnTaxDetail.TaxLine}; unmapped taxes are sent with their rate only.
     *
     * @param taxName the tax line's name
     * @param taxRateId the QBO TaxRate id
     * @return this builder
     */
    public Builder taxRate(String taxName, String taxRateId) {
      taxRates.put(Objects.requireNonNull(taxName, "taxName"), Objects.requireNonNull(taxRateId, "taxRateId"));
      return this;
    }

    /**
     * Sets the company's home currency.
     *
     * @param currency the currency
     * @return this builder
     */
    public Builder homeCurrency(Currency currency) {
      this.homeCurrency = Objects.requireNonNull(currency, "currency");
      return this;
    }

    /**
     * Builds the mapping.
     *
     * @return the mapping
     * @throws IllegalStateException if no default deposit account is set
     */
    public QuickBooksMapping build() {
      if (defaultDepositAccount == null) {
        throw new IllegalStateException("defaultDepositAccount must be set");
      }
      return new QuickBooksMapping(this);
    }

    private static String id(String field, @Nullable String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(field + " must not be blank: " + value);
      }
      return value;
    }

    private static @Nullable String nullableId(String field, @Nullable String value) {
      return value == null ? null : id(field, value);
    }
  }
}
