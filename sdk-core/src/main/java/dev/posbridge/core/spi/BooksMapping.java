package dev.posbridge.core.spi;

import dev.posbridge.core.model.TenderType;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every accounting ("books") connector's mapping holds, whatever the vendor: the payment
 * method of each tender type, the customer of sales without a mapped one, the item that carries
 * tips and charges, the account stock changes post to, the tax codes of taxable and non-taxable
 * lines, and the books' home currency. A vendor's mapping ({@code QuickBooksMapping},
 * {@code NetSuiteMapping}) extends it and adds only its own fields; its builder extends
 * {@link Builder}. All ids are the vendor's internal ids of the connected books.
 *
 * <p>Immutable and thread-safe. What a vendor does when a value is absent (sends none, falls
 * back, refuses the document) is said by the vendor's mapping.
 */
public abstract class BooksMapping {

  private final Builder<?> values;

  /**
   * Keeps the values of a builder that nothing changes afterwards: the vendor mapping passes the
   * private copy it keeps itself (a builder is the mapping's configuration; the mapping only reads
   * it).
   *
   * @param values a private copy of the vendor mapping's builder
   */
  protected BooksMapping(Builder<?> values) {
    this.values = values;
  }

  /**
   * Returns the payment method ids by tender type.
   *
   * @return an unmodifiable map, possibly empty
   */
  public Map<TenderType, String> paymentMethods() {
    return Collections.unmodifiableMap(values.paymentMethods);
  }

  /**
   * Returns the customer of sales without a mapped customer (a walk-in customer).
   *
   * @return the customer id, or {@code null} for none
   */
  public @Nullable String defaultCustomer() {
    return idOf("defaultCustomer");
  }

  /**
   * Returns the item that carries tips and charges (service, delivery, ...).
   *
   * @return the item id, or {@code null} for none
   */
  public @Nullable String chargeItem() {
    return idOf("chargeItem");
  }

  /**
   * Returns the account inventory adjustments post to.
   *
   * @return the account id, or {@code null} for none
   */
  public @Nullable String inventoryAdjustmentAccount() {
    return idOf("inventoryAdjustmentAccount");
  }

  /**
   * Returns the tax code put on taxable lines.
   *
   * @return the tax code id, or {@code null} for none
   */
  public @Nullable String taxCode() {
    return idOf("taxCode");
  }

  /**
   * Returns the tax code put on lines without tax.
   *
   * @return the tax code id, or {@code null} for none
   */
  public @Nullable String nonTaxableTaxCode() {
    return idOf("nonTaxableTaxCode");
  }

  /**
   * Returns the books' home (base) currency: documents in another currency carry an exchange rate,
   * and item prices are in it.
   *
   * @return the home currency, USD unless set
   */
  public Currency homeCurrency() {
    return values.homeCurrency;
  }

  /**
   * Returns one of the mapping's optional ids, named by the setter that sets it: a vendor
   * mapping's accessor of an optional id is {@code return idOf("subsidiary");}.
   *
   * @param setting the setter's name, e.g. {@code "chargeItem"}
   * @return the id, or {@code null} if it was not set
   */
  protected final @Nullable String idOf(String setting) {
    return values.ids.get(setting);
  }

  /**
   * Builds the shared values of a vendor mapping; the vendor's builder extends it with its own
   * setters and {@code build()}, and the built mapping keeps a private copy of the builder as its
   * configuration. The optional ids, shared and the vendor's own, are one table keyed by the name
   * of their setter ({@link #setId(String, String)}, read back with {@link BooksMapping#idOf}).
   * Every id is trimmed; a blank one is refused. Not thread-safe.
   *
   * @param <B> the vendor mapping's builder, which the setters return
   */
  public abstract static class Builder<B extends Builder<B>> {
    private final Map<TenderType, String> paymentMethods = new EnumMap<>(TenderType.class);
    private final Map<String, String> ids = new HashMap<>();
    private Currency homeCurrency = Currency.getInstance("USD");

    /** Starts a builder with no ids and the home currency USD. */
    protected Builder() {}

    /**
     * Starts a builder holding a copy of another builder's shared values: for the copy a mapping
     * keeps, and for its {@code toBuilder()}.
     *
     * @param from the builder to copy
     */
    protected Builder(Builder<?> from) {
      this.paymentMethods.putAll(from.paymentMethods);
      this.ids.putAll(from.ids);
      this.homeCurrency = from.homeCurrency;
    }

    /**
     * Maps a tender type to a payment method.
     *
     * @param type the tender type
     * @param paymentMethodId the payment method id
     * @return this builder
     * @throws IllegalArgumentException if {@code type} is null or the id blank
     */
    public B paymentMethod(TenderType type, String paymentMethodId) {
      paymentMethods.put(Checks.notNull(type, "type"), id(paymentMethodId, "paymentMethodId"));
      return self();
    }

    /**
     * Sets the customer (e.g. a walk-in customer) of sales whose customer is not mapped.
     *
     * @param customerId the customer id, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if the id is blank
     */
    public B defaultCustomer(@Nullable String customerId) {
      return setId("defaultCustomer", customerId);
    }

    /**
     * Sets the item that carries tips and charges.
     *
     * @param itemId the item id, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if the id is blank
     */
    public B chargeItem(@Nullable String itemId) {
      return setId("chargeItem", itemId);
    }

    /**
     * Sets the account inventory adjustments post to.
     *
     * @param accountId the account id, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if the id is blank
     */
    public B inventoryAdjustmentAccount(@Nullable String accountId) {
      return setId("inventoryAdjustmentAccount", accountId);
    }

    /**
     * Sets the tax code put on taxable lines.
     *
     * @param taxCodeId the tax code id, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if the id is blank
     */
    public B taxCode(@Nullable String taxCodeId) {
      return setId("taxCode", taxCodeId);
    }

    /**
     * Sets the tax code put on lines without tax.
     *
     * @param taxCodeId the tax code id, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if the id is blank
     */
    public B nonTaxableTaxCode(@Nullable String taxCodeId) {
      return setId("nonTaxableTaxCode", taxCodeId);
    }

    /**
     * Sets the books' home currency (default USD).
     *
     * @param currency the currency
     * @return this builder
     * @throws IllegalArgumentException if {@code currency} is null
     */
    public B homeCurrency(Currency currency) {
      this.homeCurrency = Checks.notNull(currency, "homeCurrency");
      return self();
    }

    /**
     * Checks a required id.
     *
     * @param value the id
     * @param name the setting's name, for the message
     * @return the id, trimmed
     * @throws IllegalArgumentException if {@code value} is null or blank
     */
    protected static String id(@Nullable String value, String name) {
      return Checks.notBlank(value, name).trim();
    }

    /**
     * Sets or clears one of the optional ids; the setter of an optional id calls it with its own
     * name.
     *
     * @param setting the setter's name, for the table and the message
     * @param value the id, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is blank
     */
    protected final B setId(String setting, @Nullable String value) {
      if (value == null) {
        ids.remove(setting);
      } else {
        ids.put(setting, id(value, setting));
      }
      return self();
    }

    /**
     * Returns this builder as the vendor's builder type.
     *
     * @return this builder
     */
    protected final B self() {
      @SuppressWarnings("unchecked") // B is the vendor's builder, by the class's contract
      B self = (B) this;
      return self;
    }
  }
}
