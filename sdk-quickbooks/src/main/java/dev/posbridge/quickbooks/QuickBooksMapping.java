package dev.posbridge.quickbooks;

import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.spi.BooksMapping;
import dev.posbridge.core.spi.Checks;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How POS data lands in a QuickBooks Online company's books: which payment method and deposit
 * account each tender type uses, which tax codes lines carry, where discounts go, which customer
 * anonymous sales use, and the time zone that decides a receipt's {@code TxnDate}. All ids are
 * QBO entity ids of the connected company (PaymentMethod, Account, TaxCode, Customer, Item).
 *
 * <p>The values every books connector shares come from {@link BooksMapping}: the
 * {@linkplain #chargeItem() charge item} (sales with tips or charges fail validation without one)
 * and the {@linkplain #inventoryAdjustmentAccount() inventory adjustment account} (when set, stock
 * changes are posted as InventoryAdjustments, for US companies on QBO Plus or Advanced; when
 * absent, as sparse Item updates of {@code QtyOnHand}, which every company accepts). Tax codes
 * left {@code null} are not sent.
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
public final class QuickBooksMapping extends BooksMapping {

  private final Builder values;
  private final String defaultDepositAccount;

  private QuickBooksMapping(Builder values, String defaultDepositAccount) {
    super(values);
    this.values = values;
    this.defaultDepositAccount = defaultDepositAccount;
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
    return new Builder(values);
  }

  /**
   * Returns the PaymentMethod id for a tender type.
   *
   * @param type the tender type
   * @return the id, falling back to the default payment method; {@code null} sends none
   */
  public @Nullable String paymentMethodFor(TenderType type) {
    return paymentMethods().getOrDefault(type, idOf("defaultPaymentMethod"));
  }

  /**
   * Returns the deposit Account id for a tender type: where a sale's money goes, and the account
   * a refund is paid from.
   *
   * @param type the tender type
   * @return the id, falling back to the default deposit account
   */
  public String depositAccountFor(TenderType type) {
    return values.depositAccounts.getOrDefault(type, defaultDepositAccount);
  }

  /** @return the TaxCode id sent as {@code TxnTaxDetail.TxnTaxCodeRef}, or {@code null} */
  public @Nullable String txnTaxCode() {
    return idOf("txnTaxCode");
  }

  /** @return the Account id discounts post to, or {@code null} for the company default */
  public @Nullable String discountAccount() {
    return idOf("discountAccount");
  }

  /** @return the Item id for refunds without lines, or {@code null} */
  public @Nullable String refundItem() {
    return idOf("refundItem");
  }

  /**
   * Returns the zone whose calendar date becomes a receipt's {@code TxnDate}.
   *
   * @param locationId the POS location id, or {@code null}
   * @return the location's zone, else the default zone
   */
  public ZoneId timeZoneFor(@Nullable String locationId) {
    return locationId == null ? values.timeZone : values.locationTimeZones.getOrDefault(locationId, values.timeZone);
  }

  /**
   * Returns the TaxRate id sent as {@code TaxRateRef} for a tax of this name.
   *
   * @param taxName the canonical tax line's name
   * @return the TaxRate id, or {@code null} to send the rate without a reference
   */
  public @Nullable String taxRateFor(String taxName) {
    return values.taxRates.get(taxName);
  }

  @Override
  public String toString() {
    return "QuickBooksMapping[paymentMethods=" + paymentMethods() + ", depositAccounts="
        + values.depositAccounts + ", defaultDepositAccount=" + defaultDepositAccount + ", txnTaxCode="
        + txnTaxCode() + ", timeZone=" + values.timeZone + "]";
  }

  /**
   * Builds a {@link QuickBooksMapping}; the mapping keeps a private copy of the builder's values.
   * Not thread-safe.
   */
  public static final class Builder extends BooksMapping.Builder<Builder> {
    private final Map<TenderType, String> depositAccounts = new EnumMap<>(TenderType.class);
    private @Nullable String defaultDepositAccount;
    private ZoneId timeZone = ZoneOffset.UTC;
    private final Map<String, ZoneId> locationTimeZones = new HashMap<>();
    private final Map<String, String> taxRates = new HashMap<>();

    private Builder() {
      taxCode("TAX").nonTaxableTaxCode("NON");
    }

    private Builder(Builder from) {
      super(from);
      depositAccounts.putAll(from.depositAccounts);
      defaultDepositAccount = from.defaultDepositAccount;
      timeZone = from.timeZone;
      locationTimeZones.putAll(from.locationTimeZones);
      taxRates.putAll(from.taxRates);
    }

    /**
     * Sets the PaymentMethod for tender types without their own.
     *
     * @param paymentMethodId the id, or {@code null} to send none
     * @return this builder
     */
    public Builder defaultPaymentMethod(@Nullable String paymentMethodId) {
      return setId("defaultPaymentMethod", paymentMethodId);
    }

    /**
     * Maps a tender type to a deposit Account.
     *
     * @param type the tender type
     * @param accountId the Account id
     * @return this builder
     */
    public Builder depositAccount(TenderType type, String accountId) {
      depositAccounts.put(Checks.notNull(type, "type"), id(accountId, "accountId"));
      return this;
    }

    /**
     * Sets the deposit Account for tender types without their own. Required.
     *
     * @param accountId the Account id, e.g. Undeposited Funds
     * @return this builder
     */
    public Builder defaultDepositAccount(String accountId) {
      this.defaultDepositAccount = id(accountId, "defaultDepositAccount");
      return this;
    }

    /**
     * Sets the TaxCode id sent as {@code TxnTaxDetail.TxnTaxCodeRef} (US sales tax rate).
     *
     * @param taxCodeId the id, or {@code null}
     * @return this builder
     */
    public Builder txnTaxCode(@Nullable String taxCodeId) {
      return setId("txnTaxCode", taxCodeId);
    }

    /**
     * Sets the Account discounts post to.
     *
     * @param accountId the id, or {@code null} for the company default
     * @return this builder
     */
    public Builder discountAccount(@Nullable String accountId) {
      return setId("discountAccount", accountId);
    }

    /**
     * Sets the Item for refunds without lines.
     *
     * @param itemId the id, or {@code null}
     * @return this builder
     */
    public Builder refundItem(@Nullable String itemId) {
      return setId("refundItem", itemId);
    }

    /**
     * Sets the default zone for {@code TxnDate}.
     *
     * @param zone the zone
     * @return this builder
     */
    public Builder timeZone(ZoneId zone) {
      this.timeZone = Checks.notNull(zone, "zone");
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
      locationTimeZones.put(id(locationId, "locationId"), Checks.notNull(zone, "zone"));
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
      taxRates.put(Checks.notNull(taxName, "taxName"), Checks.notNull(taxRateId, "taxRateId"));
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
      return new QuickBooksMapping(new Builder(this), defaultDepositAccount);
    }
  }
}
